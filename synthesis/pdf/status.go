package pdf

// watermark stamps DRAFT (ÉBAUCHE) at the top of every page of a draft,
// the cover included: large, red, and horizontal, so that it reads as one
// word in the text extracted from the page and never breaks into the
// lines below.
func (d *doc) watermark() {
	if !d.r.Draft() {
		return
	}
	word := cleanLine(d.t("report.status.watermark"))
	size := 14.0
	w := d.m.width(word, bold, size)
	c := colRed
	if d.f.PageNo() == 1 {
		c = colWhite // on the cover's band
	}
	d.text(d.pageW-marginX-w, 10.6, word, bold, size, c)
}

// statusLine is what the cover says of the report's status.
func (d *doc) statusLine() string {
	if d.r.Draft() {
		return d.t("report.status.draft")
	}
	return d.t("report.status.final")
}

// colophon says, on the notice page, what the report's status means: a
// draft may change and is not for publication; a final report states
// what it was built from and the SHA-256 digest of those data.
func (d *doc) colophon() {
	w := d.contentW()
	d.y += 3
	if d.r.Draft() {
		d.draw(plain(d.t("report.colophon.draft"), bold, colText), para{x: marginX, w: w, size: 10.5})
		return
	}
	for _, s := range d.r.Colophon() {
		d.draw(plain(s, regular, colText), para{x: marginX, w: w, size: 10.5})
	}
}
