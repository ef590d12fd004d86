// Package templates holds the embedded HTML templates, static assets and
// the English and French message catalogues.
package templates

import "embed"

// Files holds the page templates (*.html), static assets (static/) and
// message catalogues (locales/<lang>/*.json).
//
//go:embed *.html static locales
var Files embed.FS
