package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data/datatest"
)

func TestAfcontrolDBWinsOverTheRememberedDataset(t *testing.T) {
	a := test.NewTempApp(t)
	remembered, named := datatest.Copy(t), datatest.Copy(t)
	a.Preferences().SetString(prefDataset, remembered)

	t.Setenv("AFCONTROL_DB", "")
	if got := startPath(a.Preferences(), ""); got != remembered {
		t.Errorf("without AFCONTROL_DB the window opens %q, want the remembered %q", got, remembered)
	}
	if got := startPath(a.Preferences(), named); got != named {
		t.Errorf("with --db the window opens %q, want %q", got, named)
	}

	t.Setenv("AFCONTROL_DB", named)
	w := test.NewTempWindow(t, nil)
	var opened string
	fyne.DoAndWait(func() { openInWindow(a, w, startPath(a.Preferences(), "")) })
	waitFor(t, "the dataset to open", func() bool {
		opened = a.Preferences().String(prefDataset)
		return opened != remembered
	})
	if opened != named {
		t.Errorf("with AFCONTROL_DB=%s the window opened %s", named, opened)
	}
}
