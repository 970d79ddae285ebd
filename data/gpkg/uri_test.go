package gpkg

import "testing"

func TestFileURI(t *testing.T) {
	tests := []struct{ path, query, want string }{
		{"/data/afcontrol.gpkg", "", "file:/data/afcontrol.gpkg"},
		{"/data/afcontrol.gpkg", "mode=ro", "file:/data/afcontrol.gpkg?mode=ro"},
		{"/data/set #2/a.gpkg", "mode=ro", "file:/data/set %232/a.gpkg?mode=ro"},
		{"/data/what?.gpkg", "", "file:/data/what%3F.gpkg"},
		{"/data/100%41.gpkg", "", "file:/data/100%2541.gpkg"},
		{`C:\Users\Ana\set #2.gpkg`, "", `file:C:\Users\Ana\set %232.gpkg`},
	}
	for _, tt := range tests {
		if got := FileURI(tt.path, tt.query); got != tt.want {
			t.Errorf("FileURI(%q, %q) = %q, want %q", tt.path, tt.query, got, tt.want)
		}
	}
}
