package scene

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/geo"
)

func TestWorldFileNamesPixelCentres(t *testing.T) {
	v := geo.View{W: 100, H: 50, Scale: 0.001, X0: -5000, Y0: 2000}
	lines := strings.Fields(worldFile(v))
	var f [6]float64
	for i := range f {
		f[i], _ = strconv.ParseFloat(lines[i], 64)
	}
	// 1 km a pixel; the top-left pixel's centre half a pixel in.
	if f[0] != 1000 || f[3] != -1000 || f[1] != 0 || f[2] != 0 || f[4] != -4500 || f[5] != 1500 {
		t.Errorf("world file %v", f)
	}
	for in, want := range map[string]string{"a/m.png": "a/m.pgw", "m": "m.pgw", "a.b/m": "a.b/m.pgw"} {
		if got := sidecar(in, ".pgw"); got != want {
			t.Errorf("sidecar(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGeoPDFRefusesAnUnknownLayout(t *testing.T) {
	v := geo.View{W: 100, H: 50, Scale: 0.001}
	for _, pdf := range []string{"", "%PDF-1.4\nnot a page\n", "%PDF-1.4\n<</Type /Page\n>>\nstartxref\n12\n%%EOF\n"} {
		in := []byte(pdf)
		if _, err := geoPDF(in, v, 100, 50, 50); err == nil {
			t.Errorf("geoPDF accepted %q", pdf)
		}
		if !bytes.Equal(in, []byte(pdf)) {
			t.Errorf("geoPDF changed its input %q", pdf)
		}
	}
}

func TestGeoPDFMovesTheCrossReferences(t *testing.T) {
	head := "%PDF-1.4\n1 0 obj\n<</Type /Pages>>\nendobj\n"
	page := "2 0 obj\n<</Type /Page\n/Parent 1 0 R>>\nendobj\n"
	xref := len(head) + len(page)
	pdf := head + page + "xref\n0 3\n0000000000 65535 f \n" +
		"0000000009 00000 n \n" + pad10(len(head)) + " 00000 n \ntrailer\n<</Size 3>>\nstartxref\n" + strconv.Itoa(xref) + "\n%%EOF\n"
	out, err := geoPDF([]byte(pdf), geo.View{W: 100, H: 50, Scale: 0.001}, 100, 50, 50)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.Contains(s, "/VP [<</Type /Viewport") || !strings.Contains(s, "/Subtype /GEO") {
		t.Fatalf("no viewport in\n%s", s)
	}
	// Both objects start before the insertion, inside the page dictionary.
	if !strings.Contains(s, "0000000009 00000 n") || !strings.Contains(s, pad10(len(head))+" 00000 n") {
		t.Errorf("entries before the insertion moved:\n%s", s)
	}
	i := strings.LastIndex(s, "startxref\n")
	got, err := strconv.Atoi(strings.TrimSpace(s[i+len("startxref\n") : strings.LastIndex(s, "%%EOF")]))
	if err != nil || !strings.HasPrefix(s[got:], "xref\n0 3") {
		t.Errorf("startxref %d (%v) does not point at the xref table:\n%s", got, err, s)
	}
}

func pad10(n int) string { return strings.Repeat("0", 10-len(strconv.Itoa(n))) + strconv.Itoa(n) }
