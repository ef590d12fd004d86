package web

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"consult/consultation"
	"consult/templates"
)

// routes registers every route in one table, so who may do what is
// visible at a glance.
func (a *App) routes(e *echo.Echo) {
	e.Use(a.securityHeaders, inputGuard, a.rateLimit(), a.csrf())

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
	pub.GET("/edit/:token/receipt/:version.json", a.canonical)
	pub.GET("/verify", a.verify)

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

// healthz answers 200 once the database answers.
func (a *App) healthz(c *echo.Context) error {
	if _, err := a.db.Setting(c.Request().Context(), "questionnaire"); err != nil {
		return c.String(http.StatusServiceUnavailable, "unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
