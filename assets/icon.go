package assets

import _ "embed"

// Icon is the application icon, a 256×256 PNG. The window and the task bar
// take it from the binary, so a bare executable shows it too; the Linux,
// Windows and macOS packages carry their own copies for the desktop.
//
//go:embed icon.png
var Icon []byte
