package web

import (
	"context"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis"
)

// campaignPageSize is the number of members listed on one page of a campaign.
const campaignPageSize = 200

// campaignView is a campaign as the question page shows it.
type campaignView struct {
	URL         string
	Size        int
	Exact       bool
	Excerpt     string
	Lang        consultation.Lang
	Ref         string
	Attribution consultation.Attribution // of the answer whose text is shown
	First       int64                    // the member shown in full in the list of answers; the others are folded
}

// questionCampaigns is the campaigns part of the question page.
type questionCampaigns struct {
	List []campaignView
	Min  int // the smallest group shown
	of   map[int64]int
}

// addCampaigns adds the campaigns of the page's question to the question
// page, and returns the answers whose text they show.
func (a *App) addCampaigns(ctx context.Context, d *staffQuestionData) ([]consultation.AnswerRow, error) {
	set, err := a.analysis(ctx, d.QR.ID)
	if err != nil {
		return nil, err
	}
	qc := &questionCampaigns{Min: set.Options.MinCampaign, of: set.of}
	var shown []consultation.AnswerRow
	for _, c := range set.Campaigns {
		qc.List = append(qc.List, campaignView{URL: campaignURL(d.QR.ID, c.Members[0]), Size: len(c.Members), Exact: c.Exact,
			Excerpt: consultation.Excerpt(c.Shown.Text, 300), Lang: c.Shown.Lang, Ref: c.Shown.Ref,
			Attribution: c.Shown.Attribution, First: c.Shown.ID})
		shown = append(shown, c.Shown)
	}
	d.Campaigns = qc
	return shown, nil
}

func campaignURL(questionID string, key int64) string {
	return "/staff/questions/" + questionID + "/campaigns/" + strconv.FormatInt(key, 10)
}

// CampaignOf returns the campaign answer id belongs to, or nil.
func (d *staffQuestionData) CampaignOf(id int64) *campaignView {
	if d.Campaigns == nil {
		return nil
	}
	if i, ok := d.Campaigns.of[id]; ok {
		return &d.Campaigns.List[i]
	}
	return nil
}

// Folded reports whether the text of answer id is folded away in the list
// of answers: it belongs to a campaign whose text is shown once, above and
// on its first member.
func (d *staffQuestionData) Folded(id int64) bool {
	c := d.CampaignOf(id)
	return c != nil && c.First != id
}

type staffCampaignData struct {
	staffBase
	QR       consultation.QuestionRef
	Campaign synthesis.AnswerCampaign
	Size     int
	Members  []consultation.AnswerRow // this page's
	From, To int                      // 1-based positions of this page's members
	PrevURL  string
	NextURL  string
}

// staffCampaign lists the members of one campaign, a page at a time, with
// the text they share.
func (a *App) staffCampaign(c *echo.Context) error {
	ctx := c.Request().Context()
	_, qr, err := a.question(c)
	if err != nil {
		return err
	}
	key, err := idParam(c, "cid")
	if err != nil {
		return err
	}
	set, err := a.analysis(ctx, qr.ID)
	if err != nil {
		return err
	}
	i, ok := set.of[key]
	if !ok || set.Campaigns[i].Members[0] != key {
		return consultation.Errorf(consultation.ENOTFOUND, "staff.error.campaign_not_found")
	}
	camp := set.Campaigns[i]
	d := &staffCampaignData{QR: qr, Campaign: camp, Size: len(camp.Members)}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	pages := (len(camp.Members) + campaignPageSize - 1) / campaignPageSize
	page = min(max(page, 1), pages)
	lo, hi := (page-1)*campaignPageSize, min(page*campaignPageSize, len(camp.Members))
	if d.Members, err = a.db.AnswersByID(ctx, camp.Members[lo:hi]); err != nil {
		return err
	}
	d.From, d.To = lo+1, hi
	here := campaignURL(qr.ID, key)
	if page > 1 {
		d.PrevURL = here + "?page=" + strconv.Itoa(page-1)
	}
	if page < pages {
		d.NextURL = here + "?page=" + strconv.Itoa(page+1)
	}
	if err := a.auditConfidential(c, "question:"+qr.ID+" campaign", append([]consultation.AnswerRow{camp.Shown}, d.Members...)); err != nil {
		return err
	}
	return a.staffRender(c, http.StatusOK, "staff_campaign", "staff.campaign.title", d, qr.ID)
}

// Percent is the share of three-word sequences a copy has in common with
// its campaign's text (synthesis.CampaignThreshold), as a whole number.
func (q *questionCampaigns) Percent() int { return int(math.Round(synthesis.CampaignThreshold * 100)) }

// Shared is how many three-word sequences a copy has in common with its
// campaign's text at least (synthesis.CampaignShared).
func (q *questionCampaigns) Shared() int { return synthesis.CampaignShared }
