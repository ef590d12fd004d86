package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/image/font/sfnt"
)

// The Go fonts were drawn for code: their hyphen-minus (U+002D) is the
// minus sign, a bar 988 units long, longer than their en dash (768). In
// running text "C1-0007" and "Front-line" then read as "C1–0007" and
// "Front–line". The report's copy of each face therefore gets a hyphen
// the length of a text hyphen: the right end of the bar and the advance
// move left, nothing else changes, and the character stays U+002D, so
// the PDF's text is unchanged. (U+2212, the minus sign, keeps the long
// bar.)

// hyphenBar is the length of the hyphen's bar in font units (2048 to the
// em): about a fifth of an em, a little over half the en dash.
const hyphenBar = 420

// shortenHyphen returns a copy of the TrueType font ttf whose U+002D glyph
// has a bar hyphenBar units long, and an advance shorter by as much. It
// rewrites the glyph's x coordinates in place, in the same encoding, so
// no table moves; fpdf recomputes checksums when it subsets the font.
func shortenHyphen(ttf []byte) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	gi, err := f.GlyphIndex(&buf, '-')
	if err != nil || gi == 0 {
		return nil, fmt.Errorf("no hyphen glyph: %v", err)
	}
	g := int(gi)
	out := append([]byte(nil), ttf...)
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := range n {
		rec := out[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(size) > uint64(len(out)) {
			return nil, errors.New("table beyond the end of the font")
		}
		tables[string(rec[:4])] = out[off : off+size]
	}
	head, hhea, hmtx, loca, glyf := tables["head"], tables["hhea"], tables["hmtx"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(hhea) < 36 || hmtx == nil || loca == nil || glyf == nil {
		return nil, errors.New("missing head, hhea, hmtx, loca or glyf")
	}

	// The glyph's bytes in glyf.
	var start, end int
	if binary.BigEndian.Uint16(head[50:]) == 0 { // short offsets, in words
		start, end = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	} else {
		start, end = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	}
	if start+12 > end || end > len(glyf) {
		return nil, errors.New("bad hyphen glyph offsets")
	}
	gl := glyf[start:end]
	if int16(binary.BigEndian.Uint16(gl)) != 1 {
		return nil, errors.New("the hyphen is not one simple contour")
	}

	// Its points: flags (with repeats), then x deltas.
	points := int(binary.BigEndian.Uint16(gl[10:])) + 1
	p := 12 + 2 + int(binary.BigEndian.Uint16(gl[12:])) // after the instructions
	flags := make([]byte, 0, points)
	for len(flags) < points {
		if p >= len(gl) {
			return nil, errors.New("hyphen flags run out")
		}
		fl := gl[p]
		p++
		flags = append(flags, fl)
		if fl&8 != 0 { // repeated
			if p >= len(gl) {
				return nil, errors.New("hyphen flags run out")
			}
			for range gl[p] {
				flags = append(flags, fl)
			}
			p++
		}
	}
	flags = flags[:points]
	type coord struct {
		at    int // offset of its delta in gl, -1 when unchanged from the previous
		short bool
		x, y  int
	}
	pts := make([]coord, points)
	x := 0
	for i, fl := range flags {
		c := coord{at: -1}
		switch {
		case fl&2 != 0: // one byte, sign in bit 4
			d := int(gl[p])
			if fl&16 == 0 {
				d = -d
			}
			c.at, c.short = p, true
			p++
			x += d
		case fl&16 == 0: // two bytes
			c.at = p
			x += int(int16(binary.BigEndian.Uint16(gl[p:])))
			p += 2
		}
		c.x = x
		pts[i] = c
	}
	y := 0
	for i, fl := range flags {
		switch {
		case fl&4 != 0:
			d := int(gl[p])
			if fl&32 == 0 {
				d = -d
			}
			p++
			y += d
		case fl&32 == 0:
			y += int(int16(binary.BigEndian.Uint16(gl[p:])))
			p += 2
		}
		pts[i].y = y
	}

	// The bar's length is that of its lowest edge; its right end is the
	// points right of the middle.
	xMin, xMax := int(int16(binary.BigEndian.Uint16(gl[2:]))), int(int16(binary.BigEndian.Uint16(gl[6:])))
	lowY, lowMin, lowMax := pts[0].y, pts[0].x, pts[0].x
	for _, c := range pts[1:] {
		switch {
		case c.y < lowY:
			lowY, lowMin, lowMax = c.y, c.x, c.x
		case c.y == lowY:
			lowMin, lowMax = min(lowMin, c.x), max(lowMax, c.x)
		}
	}
	shift := lowMax - lowMin - hyphenBar
	if shift <= 0 {
		return nil, fmt.Errorf("the hyphen's bar is already %d units", lowMax-lowMin)
	}
	mid := (xMin + xMax) / 2
	prev, newPrev := 0, 0
	for _, c := range pts {
		nx := c.x
		if c.x > mid {
			nx -= shift
		}
		d := nx - newPrev
		switch {
		case c.at < 0:
			if d != 0 {
				return nil, errors.New("a repeated hyphen coordinate would move")
			}
		case c.short:
			if old := c.x - prev; d > 255 || d < -255 || (d != 0 && (d > 0) != (old > 0)) {
				return nil, errors.New("a short hyphen coordinate does not fit")
			}
			gl[c.at] = byte(max(d, -d))
		default:
			binary.BigEndian.PutUint16(gl[c.at:], uint16(int16(d)))
		}
		prev, newPrev = c.x, nx
	}
	binary.BigEndian.PutUint16(gl[6:], uint16(int16(xMax-shift)))

	// Its advance.
	if g >= int(binary.BigEndian.Uint16(hhea[34:])) || 4*g+2 > len(hmtx) {
		return nil, errors.New("the hyphen has no advance of its own")
	}
	adv := int(binary.BigEndian.Uint16(hmtx[4*g:]))
	binary.BigEndian.PutUint16(hmtx[4*g:], uint16(adv-shift))
	return out, nil
}
