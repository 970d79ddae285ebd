package events

import "testing"

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", true},
		{"https://www.longwarjournal.org/mapping-taliban-control", true},
		{"HTTP://example.org/a?b=c", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"file://server/share/x.doc", false},
		{"data:text/html,<script>", false},
		{"//example.org/no-scheme", false},
		{"example.org", false},
		{"https://", false},
		{"https://exa mple.org", false},
		{"https://example.org/\nx", false},
		{"=HYPERLINK(\"http://x\")", false},
	} {
		got, ok := SafeURL(tc.in)
		if ok != tc.want || (ok && got != tc.in) || (!ok && got != "") {
			t.Errorf("SafeURL(%q) = %q, %v; want ok %v", tc.in, got, ok, tc.want)
		}
	}
}

func FuzzSafeURL(f *testing.F) {
	for _, s := range []string{"", "https://a.b/c", "javascript:x", "file:///x", "http://[::1]:80/", "hTTps://x/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := SafeURL(s)
		if !ok {
			if got != "" {
				t.Fatalf("refused %q but returned %q", s, got)
			}
			return
		}
		if got != s {
			t.Fatalf("accepted %q as %q", s, got)
		}
		if s != "" {
			low := []byte(s)
			for i := range low {
				if 'A' <= low[i] && low[i] <= 'Z' {
					low[i] += 'a' - 'A'
				}
			}
			if string(low[:7]) != "http://" && (len(low) < 8 || string(low[:8]) != "https://") {
				t.Fatalf("accepted %q, which does not start with http:// or https://", s)
			}
		}
	})
}
