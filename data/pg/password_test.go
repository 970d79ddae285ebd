package pg

import "testing"

func TestURLPasswords(t *testing.T) {
	for _, c := range []struct {
		in, pw, with, redacted string
		has                    bool
	}{
		{"postgres://ana@db.example/afc", "s3cr:t@", "postgres://ana:s3cr%3At%40@db.example/afc", "postgres://ana@db.example/afc", false},
		{"postgres://ana:old@db.example/afc?sslmode=require", "", "postgres://ana:old@db.example/afc?sslmode=require", "postgres://ana@db.example/afc?sslmode=require", true},
		{"postgresql:///afc?host=/run/pg", "pw", "postgresql://:pw@/afc?host=/run/pg", "postgresql://@/afc?host=/run/pg", false},
	} {
		if got := WithPassword(c.in, c.pw); got != c.with {
			t.Errorf("WithPassword(%q) = %q, want %q", c.in, got, c.with)
		}
		if got := Redact(WithPassword(c.in, c.pw)); got != c.redacted {
			t.Errorf("Redact = %q, want %q", got, c.redacted)
		}
		if HasPassword(c.in) != c.has || !IsURL(c.in) {
			t.Errorf("%q: HasPassword %v IsURL %v", c.in, HasPassword(c.in), IsURL(c.in))
		}
	}
	if IsURL("laptop.gpkg") || IsURL("C:\\data\\postgres.gpkg") {
		t.Error("a file name taken for a server")
	}
}
