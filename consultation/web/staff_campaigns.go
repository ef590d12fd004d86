package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis/dedup"
)

// MinCampaign is the smallest group of copies the workspace shows as a
// campaign; the report counts campaigns from the same size.
const MinCampaign = 3

// campaignPageSize is the number of members listed on one page of a campaign.
const campaignPageSize = 200

// campaign is a group of a question's answers whose texts are the same or
// nearly the same (dedup.Groups, with the report's options).
type campaign struct {
	Key     int64   // its first member's answer ID: the campaign's address
	Members []int64 // answer IDs, in ID order
	Exact   bool
	Shown   consultation.AnswerRow // the member whose text stands for the group: the first whose text the report may show (its excerpt there), else the first
}

// campaignSet is a question's campaigns for one set of latest answers.
type campaignSet struct {
	stamp string
	list  []campaign    // largest first, then by key
	of    map[int64]int // answer ID -> index in list
}

// campaignCache keeps each question's campaigns until its answers change:
// grouping near copies reads every answer, which takes seconds on a
// question with 100,000 answers, so it runs once per new set of answers,
// not once per page view. The zero value is ready to use.
type campaignCache struct {
	mu sync.Mutex
	m  map[string]*campaignSlot
}

type campaignSlot struct {
	mu  sync.Mutex // held while the set is computed, so it is computed once
	set *campaignSet
}

// campaigns returns the campaigns among a question's latest answers.
func (a *App) campaigns(ctx context.Context, questionID string) (*campaignSet, error) {
	stamp, err := a.db.AnswerSetStamp(ctx, questionID)
	if err != nil {
		return nil, err
	}
	a.campaignCache.mu.Lock()
	if a.campaignCache.m == nil {
		a.campaignCache.m = map[string]*campaignSlot{}
	}
	slot := a.campaignCache.m[questionID]
	if slot == nil {
		slot = &campaignSlot{}
		a.campaignCache.m[questionID] = slot
	}
	a.campaignCache.mu.Unlock()

	slot.mu.Lock()
	defer slot.mu.Unlock()
	if slot.set != nil && slot.set.stamp == stamp {
		return slot.set, nil
	}
	set, err := a.findCampaigns(ctx, questionID)
	if err != nil {
		return nil, err
	}
	// The stamp read before the answers: if they changed meanwhile, the
	// next view computes again.
	set.stamp = stamp
	slot.set = set
	return set, nil
}

// findCampaigns groups a question's latest answers that copy one another,
// confidential ones included (staff only see the groups).
func (a *App) findCampaigns(ctx context.Context, questionID string) (*campaignSet, error) {
	var docs []dedup.Doc
	rows := map[string]consultation.AnswerRow{}
	err := a.db.EachAnswer(ctx, questionID, func(r consultation.AnswerRow) error {
		if r.Text != "" {
			id := strconv.FormatInt(r.ID, 10)
			docs = append(docs, dedup.Doc{ID: id, Text: r.Text})
			rows[id] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	set := &campaignSet{of: map[int64]int{}}
	// The report groups with the same options, so both count the same campaigns.
	for _, g := range dedup.Groups(docs, dedup.Options{Hashes: 64}) {
		if len(g.IDs) < MinCampaign {
			continue
		}
		c := campaign{Exact: g.Exact}
		for _, id := range g.IDs {
			n, _ := strconv.ParseInt(id, 10, 64)
			c.Members = append(c.Members, n)
		}
		slices.Sort(c.Members)
		c.Key = c.Members[0]
		c.Shown = rows[strconv.FormatInt(c.Key, 10)]
		for _, id := range c.Members {
			if r := rows[strconv.FormatInt(id, 10)]; consultation.ConsentFor(r.Attribution, consultation.Report).Text {
				c.Shown = r
				break
			}
		}
		set.list = append(set.list, c)
	}
	slices.SortStableFunc(set.list, func(x, y campaign) int {
		if len(x.Members) != len(y.Members) {
			return len(y.Members) - len(x.Members)
		}
		return cmp.Compare(x.Key, y.Key)
	})
	for i, c := range set.list {
		for _, id := range c.Members {
			set.of[id] = i
		}
	}
	return set, nil
}

// campaignView is a campaign as the question page shows it.
type campaignView struct {
	URL     string
	Size    int
	Exact   bool
	Excerpt string
	Lang    consultation.Lang
	Ref     string
	First   int64 // the member shown in full in the list of answers; the others are folded
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
	set, err := a.campaigns(ctx, d.QR.ID)
	if err != nil {
		return nil, err
	}
	qc := &questionCampaigns{Min: MinCampaign, of: set.of}
	var shown []consultation.AnswerRow
	for _, c := range set.list {
		qc.List = append(qc.List, campaignView{URL: campaignURL(d.QR.ID, c.Key), Size: len(c.Members), Exact: c.Exact,
			Excerpt: consultation.Excerpt(c.Shown.Text, 300), Lang: c.Shown.Lang, Ref: c.Shown.Ref, First: c.Shown.ID})
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
	Campaign campaign
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
	set, err := a.campaigns(ctx, qr.ID)
	if err != nil {
		return err
	}
	i, ok := set.of[key]
	if !ok || set.list[i].Key != key {
		return consultation.Errorf(consultation.ENOTFOUND, "staff.error.campaign_not_found")
	}
	camp := set.list[i]
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
