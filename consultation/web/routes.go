package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/templates"
)

// SubmissionPath is where the staff workspace shows a submission: the path
// followed by its reference (C1-0007), as the route table says.
const SubmissionPath = "/staff/submissions/"

// routes registers every route in one table, so who may do what is
// visible at a glance.
func (a *App) routes(e *echo.Echo) {
	// The body is read (inputGuard) before a request takes a place in the
	// overload guard, so slow clients hold none; perClient caps what each
	// address holds while it sends.
	e.Use(a.securityHeaders, perClient(a.cfg.MaxPerClient), a.inputGuard, a.rateLimit(),
		Overload(a.cfg.MaxInFlight, 100*time.Millisecond), a.csrf())

	e.GET("/healthz", a.healthz)
	e.GET("/", a.choose)
	e.StaticFS("/static", echo.MustSubFS(templates.Files, "static"))

	pub := e.Group("/:lang", checkLang)
	pub.GET("", func(c *echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/"+c.Param("lang")+"/") })
	pub.GET("/", a.home)
	pub.GET("/form", a.newForm)
	pub.POST("/form", a.postForm)
	pub.GET("/edit/:token", a.editForm)
	pub.POST("/edit/:token", a.postForm)
	pub.GET("/edit/:token/receipt", a.receipt)
	pub.GET("/edit/:token/receipt/:file", a.canonical) // :file is <version>.json
	pub.GET("/verify", a.verify)

	// ---- Staff workspace -------------------------------------------------
	// Sign-in, the one-time setup link and account links (invitations and
	// password resets) are the only /staff routes that work without a
	// session. Every other one goes through requireStaff
	// (no session: GET redirects to /staff/login, anything else gets 403)
	// and names the permission it needs (consultation.Role.Can).
	e.GET("/staff/login", a.staffLoginPage, a.staffLang)
	e.POST("/staff/login", a.staffLogin)
	e.GET(CodePath, a.staffCodePage, a.staffLang)
	e.POST(CodePath, a.staffCode)
	e.GET("/staff/setup/:token", a.staffSetupPage, a.staffLang)
	e.POST("/staff/setup/:token", a.staffSetup)
	e.GET(WelcomePath+":token", a.staffWelcomePage, a.staffLang)
	e.POST(WelcomePath+":token", a.staffWelcome)
	st := e.Group("/staff", a.staffLang, a.requireStaff)
	st.GET("", a.staffHome, signedIn)
	st.POST("/logout", a.staffLogout, signedIn)
	st.GET("/account", a.staffAccount, signedIn)
	st.POST("/account/second-factor", a.staffAccountSecondFactor, signedIn)
	st.GET("/questions/:id", a.staffQuestion, can(consultation.PermRead))
	st.GET("/questions/:id/campaigns/:cid", a.staffCampaign, can(consultation.PermRead))
	st.GET("/submissions/:ref", a.staffSubmission, can(consultation.PermRead)) // SubmissionPath
	st.GET("/search", a.staffSearch, can(consultation.PermRead))
	st.GET("/coverage", a.staffCoverage, can(consultation.PermRead))
	st.GET("/summaries/:subject", a.staffSummary, can(consultation.PermRead))
	st.GET("/export/:format", a.staffExport, can(consultation.PermExport))
	st.GET("/questions/:id/themes", a.staffCodebook, can(consultation.PermCode))
	st.POST("/questions/:id/themes", a.staffCreateTheme, can(consultation.PermCode))
	st.POST("/questions/:id/bulk-themes", a.staffBulkThemes, can(consultation.PermCode))
	st.POST("/questions/:id/suggestions", a.staffAcceptSuggestion, can(consultation.PermCode))
	st.POST("/questions/:id/auto-quotes", a.staffAutoQuotes, can(consultation.PermCode))
	st.POST("/themes/:tid", a.staffThemeAction, can(consultation.PermCode))
	st.POST("/answers/:aid/themes", a.staffTagAnswer, can(consultation.PermCode))
	st.POST("/answers/:aid/quotes", a.staffAddQuote, can(consultation.PermCode))
	st.POST("/answers/:aid/review", a.staffReviewCoding, can(consultation.PermCode))
	st.POST("/quotes/:qid/delete", a.staffDeleteQuote, can(consultation.PermCode))
	st.POST("/summaries/:subject", a.staffSaveSummary, can(consultation.PermSummarize))
	st.POST("/answers/:aid/mark", a.staffMarkAnswer, can(consultation.PermMark))
	st.POST("/quotes/:qid/mark", a.staffMarkQuote, can(consultation.PermMark))
	st.GET("/handoff", a.staffHandoff, can(consultation.PermHandoff))
	st.GET("/report", a.staffReport, can(consultation.PermReport))
	st.POST("/report/status", a.staffReportStatus, can(consultation.PermPublish))
	st.GET("/audit", a.staffAudit, can(consultation.PermAudit))
	st.GET("/audit.csv", a.staffAuditCSV, can(consultation.PermAudit))
	st.GET("/users", a.staffUsers, can(consultation.PermAccounts))
	st.POST("/users/invite", a.staffInvite, can(consultation.PermAccounts))
	st.POST("/users/:uid", a.staffUserUpdate, can(consultation.PermAccounts))
	st.GET("/settings", a.staffSettings, can(consultation.PermSettings))
	st.POST("/settings", a.staffSaveSettings, can(consultation.PermSettings))
	st.POST("/settings/second-factor", a.staffSecondFactorRule, can(consultation.PermSettings))
	st.GET("/texts", a.staffTexts, can(consultation.PermSettings))
	st.POST("/texts", a.staffSaveTexts, can(consultation.PermSettings))
	// The report's and the hand-off's ?lang= names the document's language,
	// not the workspace's, so these routes are outside the group's staffLang switch.
	e.GET("/staff/report.pdf", a.staffReportFile("pdf"), a.requireStaff, can(consultation.PermReport))
	e.GET("/staff/report.html", a.staffReportFile("html"), a.requireStaff, can(consultation.PermReport))
	e.GET("/staff/handoff.md", a.staffHandoffMarkdown, a.requireStaff, can(consultation.PermHandoff))
	// ---- end of staff workspace ------------------------------------------

	e.RouteNotFound("/*", func(c *echo.Context) error { return echo.ErrNotFound })
}

// checkLang answers 404 for any first path segment but en and fr.
func checkLang(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if _, ok := consultation.ParseLang(c.Param("lang")); !ok {
			return echo.ErrNotFound
		}
		return next(c)
	}
}
