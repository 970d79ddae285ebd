package clocale

import "testing"

func TestPlainLocale(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C"}, true},
		{map[string]string{"LANG": "POSIX"}, true},
		{map[string]string{"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, true},
		{map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "C"}, false},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "fr"}, false},
		{map[string]string{"LANG": "en_GB.UTF-8"}, false},
		{map[string]string{"LANG": "Ca_ES.UTF-8"}, false},
		{map[string]string{}, false},
	}
	for _, tt := range tests {
		if got := plainLocale(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("plainLocale(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}
