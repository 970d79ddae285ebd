package scene

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/afcontrol/afcontrol/geo"
)

// pageDict is how the PDF library opens its one page's dictionary.
var pageDict = []byte("<</Type /Page\n")

// xrefEntry is one in-use entry of a classic cross-reference table.
var xrefEntry = regexp.MustCompile(`(?m)^(\d{10}) (\d{5}) n`)

// geoPDF adds to a one-page PDF an ISO 32000 geospatial viewport: the map
// area (w×h points at the page's top left, the page h points high, drawn in
// view v) measured in afcontrol's projection, which GDAL and Acrobat read as
// the page's georeferencing. The page dictionary gains a /VP entry and the
// cross-reference table and startxref are moved to match. A PDF not laid out
// as the PDF library writes it is an error, and pdf is not changed.
func geoPDF(pdf []byte, v geo.View, w, h, pageHeight float64) ([]byte, error) {
	at := bytes.Index(pdf, pageDict)
	xref := bytes.LastIndex(pdf, []byte("\nxref\n"))
	start := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if at < 0 || xref < at || start < xref {
		return nil, errors.New("geopdf: the PDF's page or cross-reference table is not where it should be")
	}
	at += len(pageDict)
	// The viewport's corners, bottom-left first and counter-clockwise, in
	// the unit square of its box (LPTS) and in lat/lon (GPTS).
	corners := [4][2]float64{{0, h}, {w, h}, {w, 0}, {0, 0}} // page points from the top left
	var gpts bytes.Buffer
	for i, c := range corners {
		ll := geo.Afghanistan.Inverse(v.Plane(c[0], c[1]))
		if i > 0 {
			gpts.WriteByte(' ')
		}
		fmt.Fprintf(&gpts, "%.9f %.9f", ll[1], ll[0])
	}
	vp := fmt.Sprintf("/VP [<</Type /Viewport /Name (map) /BBox [0 %.4f %.4f %.4f] /Measure <</Type /Measure /Subtype /GEO"+
		" /Bounds [0 0 1 0 1 1 0 1] /LPTS [0 0 1 0 1 1 0 1] /GPTS [%s] /GCS <</Type /PROJCS /WKT (%s)>>>>>>]\n",
		pageHeight-h, w, pageHeight, gpts.String(), afghanistanPRJ)
	shift := int64(len(vp))
	var out bytes.Buffer
	out.Grow(len(pdf) + len(vp))
	out.Write(pdf[:at])
	out.WriteString(vp)
	out.Write(pdf[at:xref])
	// Entries at or after the insertion move by its length.
	table := xrefEntry.ReplaceAllFunc(pdf[xref:start], func(e []byte) []byte {
		off, _ := strconv.ParseInt(string(e[:10]), 10, 64)
		if off >= int64(at) {
			off += shift
		}
		return append([]byte(fmt.Sprintf("%010d", off)), e[10:]...)
	})
	out.Write(table)
	tail := pdf[start+len("\nstartxref\n"):]
	n := bytes.IndexByte(tail, '\n')
	if n < 0 {
		return nil, errors.New("geopdf: no startxref offset")
	}
	off, err := strconv.ParseInt(string(bytes.TrimSpace(tail[:n])), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("geopdf: startxref %q", tail[:n])
	}
	fmt.Fprintf(&out, "\nstartxref\n%d\n", off+shift)
	out.Write(tail[n+1:])
	return out.Bytes(), nil
}
