package web

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/synthesis/export"
)

// auditPage is the number of audit lines per page.
const auditPage = 100

type staffAuditData struct {
	staffBase
	Entries []consultation.AuditEntry
	NextURL string
}

// staffAudit shows the audit log, newest first, to admins.
func (a *App) staffAudit(c *echo.Context) error {
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	es, err := a.db.AuditLog(c.Request().Context(), before, auditPage+1)
	if err != nil {
		return err
	}
	d := &staffAuditData{Entries: es}
	if len(es) > auditPage {
		d.Entries = es[:auditPage]
		d.NextURL = "/staff/audit?before=" + strconv.FormatInt(d.Entries[auditPage-1].ID, 10)
	}
	return a.staffRender(c, http.StatusOK, "staff_audit", "staff.audit.title", d)
}

// download writes a staff download to the audit log (what and detail)
// and sets its headers: the content type, a file name (name, then the
// time in UTC when stamped, then "."+ext), and no caching.
func (a *App) download(c *echo.Context, what, detail, contentType, name, ext string, stamped bool) error {
	if err := a.db.Audit(c.Request().Context(), actor(c), consultation.AuditExport, what, detail); err != nil {
		return err
	}
	if stamped {
		name += "-" + a.now().UTC().Format("20060102-150405")
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+"."+ext+`"`)
	h.Set("Cache-Control", "no-store")
	return nil
}

// staffAuditCSV downloads the whole audit log as CSV, streamed.
func (a *App) staffAuditCSV(c *echo.Context) error {
	ctx := c.Request().Context()
	if err := a.download(c, "audit", "csv", "text/csv; charset=utf-8", "audit", "csv", true); err != nil {
		return err
	}
	c.Response().WriteHeader(http.StatusOK)
	if err := export.AuditCSV(ctx, c.Response(), a.db.EachAudit); err != nil {
		a.log.Error("audit export", "err", err)
	}
	return nil
}

type staffUsersData struct {
	staffBase
	Users []consultation.User
	Roles []consultation.Role
	// InviteRole is the role the invitation form offers first.
	InviteRole consultation.Role
	// Issued is the invitation or reset link just made, if any.
	Issued *issuedLink
}

// issuedLink is an account link just made, shown once: only its
// token's hash is kept.
type issuedLink struct {
	consultation.AccountLink
	URL string
}

// staffUsers lists staff accounts for admins, with their roles.
func (a *App) staffUsers(c *echo.Context) error {
	return a.renderUsers(c, http.StatusOK, &staffUsersData{})
}

// renderUsers shows the staff accounts page with d's link, and a form
// just refused as typed.
func (a *App) renderUsers(c *echo.Context, status int, d *staffUsersData) error {
	us, err := a.db.Users(c.Request().Context())
	if err != nil {
		return err
	}
	d.Users, d.Roles = us, consultation.Roles
	d.InviteRole = cmp.Or(d.InviteRole, consultation.Analyst)
	d.Here = pageAt(c, "/staff/users")
	if d.Issued != nil {
		noStore(c)
	}
	return a.staffRender(c, status, "staff_users", "staff.users.title", d)
}

// usersShown returns what shows the accounts page again.
func (a *App) usersShown(c *echo.Context) func(int) error {
	return func(status int) error { return a.renderUsers(c, status, &staffUsersData{}) }
}

// staffInvite makes an invitation link (consultation.Accounts.Invite)
// and shows it once; a refused address or role shows the form again as
// typed, with the reason.
func (a *App) staffInvite(c *echo.Context) error {
	token := newToken()
	role := consultation.Role(c.FormValue("role"))
	l, err := a.accounts().Invite(c.Request().Context(), actor(c), c.FormValue("email"), role, hashToken(token))
	if formProblem(err) {
		return a.refuse(c, err, a.usersShown(c), "email", "role")
	}
	if err != nil {
		return err
	}
	d := &staffUsersData{InviteRole: role, Issued: &issuedLink{l, a.absolute(WelcomePath + token)}}
	return a.renderUsers(c, http.StatusOK, d)
}

// staffUserUpdate changes an account's role, disables or enables it, or
// makes a password-reset link for it, shown once. A change refused (the
// last administrator) shows the page again with the form as it was sent
// and why.
func (a *App) staffUserUpdate(c *echo.Context) error {
	id, err := idParam(c, "uid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	switch c.FormValue("action") {
	case "role":
		r, ok := consultation.ParseRole(c.FormValue("role"))
		if !ok {
			return errBadRequest
		}
		err = a.db.SetRole(ctx, actor(c), id, r)
	case "disable":
		err = a.db.SetDisabled(ctx, actor(c), id, true)
	case "enable":
		err = a.db.SetDisabled(ctx, actor(c), id, false)
	case "clear_second_factor":
		err = a.secondFactors().Clear(ctx, actor(c), id)
	case "reset":
		token := newToken()
		l, err := a.accounts().ResetLink(ctx, actor(c), id, hashToken(token))
		if formProblem(err) {
			return a.refuse(c, err, a.usersShown(c))
		}
		if err != nil {
			return err
		}
		return a.renderUsers(c, http.StatusOK, &staffUsersData{Issued: &issuedLink{l, a.absolute(WelcomePath + token)}})
	default:
		return errBadRequest
	}
	if formProblem(err) {
		return a.refuse(c, err, a.usersShown(c))
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/staff/users")
}

type staffSettingsData struct {
	staffBase
	consultation.WindowSettings                          // as saved
	Window                      consultation.Window      // as saved
	State                       consultation.WindowState // as saved
	Saved                       bool
	SecondFactorRequired        bool // admins require a second factor of everyone
}

// staffSettings shows the consultation's dates and time zone to admins.
func (a *App) staffSettings(c *echo.Context) error {
	return a.renderSettings(c, http.StatusOK, &staffSettingsData{Saved: c.QueryParam("saved") == "1"})
}

// renderSettings shows the settings page with the window as saved, and a
// form just refused as typed.
func (a *App) renderSettings(c *echo.Context, status int, d *staffSettingsData) error {
	ctx := c.Request().Context()
	s, err := a.db.WindowSettings(ctx)
	if err != nil {
		return err
	}
	if s.TimeZone == "" {
		s.TimeZone = consultation.DefaultTimeZone
	}
	w, err := a.intake.Window(ctx)
	if err != nil {
		return err
	}
	d.WindowSettings, d.Window, d.State = s, w, w.State(a.now())
	d.Here = pageAt(c, "/staff/settings")
	d.SecondFactorRequired = a.secondFactorRequired.Load()
	return a.staffRender(c, status, "staff_settings", "staff.settings.title", d)
}

// staffSaveSettings stores the consultation's dates and time zone, or,
// when they do not hold together, says why and keeps what was typed.
func (a *App) staffSaveSettings(c *echo.Context) error {
	ctx := c.Request().Context()
	s := consultation.WindowSettings{Opens: strings.TrimSpace(c.FormValue("opens")),
		Closes: strings.TrimSpace(c.FormValue("closes")), TimeZone: strings.TrimSpace(c.FormValue("timezone"))}
	w, err := a.db.SetWindowSettings(ctx, s)
	if problem := settingsProblem(err); problem != "" {
		r := refusal(c, err, "opens", "closes", "timezone")
		r.Problem = problem
		return showRefused(c, r, http.StatusUnprocessableEntity, func(status int) error {
			return a.renderSettings(c, status, &staffSettingsData{})
		})
	}
	if err != nil {
		return err
	}
	a.zone.Store(w.Zone)
	if err := a.db.Audit(ctx, actor(c), consultation.AuditSettings, "settings",
		"opens="+s.Opens+" closes="+s.Closes+" timezone="+w.Zone.String()); err != nil {
		return err
	}
	return seeOther(c, "/staff/settings?saved=1")
}

// settingsProblem is the message key that says what is wrong with the
// dates and time zone an admin typed, or "" when err is not about them.
func settingsProblem(err error) string {
	switch {
	case errors.Is(err, consultation.ErrBadTimeZone):
		return "staff.settings.bad_timezone"
	case errors.Is(err, consultation.ErrBadDate):
		return "staff.settings.bad_date"
	case errors.Is(err, consultation.ErrWindowOrder):
		return "staff.settings.order"
	}
	return ""
}
