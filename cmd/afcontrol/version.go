package main

import (
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/afcontrol/afcontrol/assets"
	"github.com/afcontrol/afcontrol/ui"
)

// version is stamped in by `make build` and `make package` with
// -ldflags "-X main.version=…": the git tag (git describe), or
// 0.0.0-dev+HASH from a commit no tag reaches. A plain go build says "dev".
var version = "dev"

func init() {
	// The same metadata `fyne build` would inject: the window takes its icon
	// from here, so the bare binary shows ours, not Fyne's, and the window
	// reads the version as fyne.CurrentApp().Metadata().Version.
	app.SetMetadata(fyne.AppMetadata{
		ID:      ui.AppID,
		Name:    "afcontrol",
		Version: version,
		Build:   1,
		Icon:    fyne.NewStaticResource("icon.png", assets.Icon),
	})
}

func runVersion(_ context.Context, _ []string, out io.Writer) error {
	fmt.Fprintln(out, "afcontrol", version)
	return nil
}
