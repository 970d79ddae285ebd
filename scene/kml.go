package scene

import (
	"context"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

type kmlRoot struct {
	XMLName  xml.Name    `xml:"kml"`
	NS       string      `xml:"xmlns,attr"`
	Document kmlDocument `xml:"Document"`
}

type kmlDocument struct {
	Name        string         `xml:"name"`
	Description string         `xml:"description,omitempty"`
	Styles      []kmlStyle     `xml:"Style"`
	Placemarks  []kmlPlacemark `xml:"Placemark"`
}

type kmlStyle struct {
	ID        string `xml:"id,attr"`
	LineColor string `xml:"LineStyle>color"`
	LineWidth string `xml:"LineStyle>width"`
	PolyColor string `xml:"PolyStyle>color"`
}

type kmlPlacemark struct {
	Name     string       `xml:"name"`
	TimeSpan *kmlTimeSpan `xml:"TimeSpan,omitempty"`
	StyleURL string       `xml:"styleUrl"`
	Data     []kmlData    `xml:"ExtendedData>Data"`
	Polygons []kmlPolygon `xml:"MultiGeometry>Polygon"`
}

type kmlTimeSpan struct {
	Begin string `xml:"begin,omitempty"`
	End   string `xml:"end,omitempty"`
}

type kmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type kmlPolygon struct {
	Outer string     `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []kmlInner `xml:"innerBoundaryIs"`
}

// kmlInner is one hole. (A path tag on a slice writes its parents even for
// an empty slice, and an empty inner ring makes the polygon invalid.)
type kmlInner struct {
	Coordinates string `xml:"LinearRing>coordinates"`
}

// kmlColour is c in KML's aabbggrr order, with alpha a.
func kmlColour(c color.RGBA, a uint8) string {
	return fmt.Sprintf("%02x%02x%02x%02x", a, c.B, c.G, c.R)
}

// kmlRing writes a ring as KML coordinates, "lon,lat" pairs apart by spaces.
func kmlRing(r orb.Ring) string {
	var b strings.Builder
	for i, p := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(p[0], 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(p[1], 'f', -1, 64))
	}
	return b.String()
}

// kmlTime is a GeoPackage DATETIME (or a date) as a KML time: the day
// alone at midnight, else the whole time.
func kmlTime(s string) string {
	if strings.HasSuffix(s, "T00:00:00.000Z") {
		return s[:10]
	}
	return s
}

// kmlStyleID names the style of a status, claimed or not.
func kmlStyleID(status string, claimed bool) string {
	if claimed {
		return status + "-claim"
	}
	return status
}

// exportKML writes the day's map, or with o.Intervals the status-interval
// layer with a TimeSpan on every interval (so Google Earth's time slider
// plays it), as KML in afcontrol's palette: one Placemark per district or
// interval with its code, status and source as ExtendedData.
func exportKML(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	feats, msg, err := gisFeatures(ctx, d, o, true)
	if err != nil {
		return "", err
	}
	p := o.Palette
	edge := kmlColour(p.Border[geom.DistrictBorder], 0xff)
	doc := kmlDocument{Name: "afcontrol: " + msg,
		Description: "Reported district control in Afghanistan. Every status is traced to a dated, sourced report."}
	for _, st := range geo.Statuses {
		doc.Styles = append(doc.Styles, kmlStyle{ID: kmlStyleID(st.String(), false), LineColor: edge, LineWidth: "0.6",
			PolyColor: kmlColour(p.Confirmed[st].Base, 0xd9)})
		if st != geo.Unknown {
			doc.Styles = append(doc.Styles, kmlStyle{ID: kmlStyleID(st.String(), true), LineColor: edge, LineWidth: "0.6",
				PolyColor: kmlColour(p.Claimed[st].Base, 0xd9)})
		}
	}
	for _, f := range feats {
		pm := kmlPlacemark{Name: f.Name + " (" + f.Province + ")",
			StyleURL: "#" + kmlStyleID(f.Status, o.Claims && f.Claim && f.Status != "unknown")}
		if o.Intervals {
			pm.TimeSpan = &kmlTimeSpan{Begin: kmlTime(f.From), End: kmlTime(f.To)}
		}
		pm.Data = []kmlData{{"district_code", f.Code}, {"district", f.Name}, {"province", f.Province},
			{"layer", f.Layer}, {"status", f.Status}}
		if f.HasEvent {
			pm.Data = append(pm.Data, kmlData{"since", kmlTime(f.From)}, kmlData{"source", f.Source},
				kmlData{"confidence", f.Confidence}, kmlData{"claim", strconv.FormatBool(f.Claim)})
		}
		for _, poly := range f.Geom {
			if len(poly) == 0 {
				continue
			}
			kp := kmlPolygon{Outer: kmlRing(poly[0])}
			for _, hole := range poly[1:] {
				kp.Inner = append(kp.Inner, kmlInner{kmlRing(hole)})
			}
			pm.Polygons = append(pm.Polygons, kp)
		}
		doc.Placemarks = append(doc.Placemarks, pm)
	}
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error {
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return err
		}
		enc := xml.NewEncoder(w)
		if err := enc.Encode(kmlRoot{NS: "http://www.opengis.net/kml/2.2", Document: doc}); err != nil {
			return err
		}
		return enc.Close()
	})
	return msg, err
}
