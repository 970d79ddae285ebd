package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath returns where the default dataset lives: $AFCONTROL_DB when set,
// else afcontrol.gpkg in the user's data folder — $XDG_DATA_HOME/afcontrol or
// ~/.local/share/afcontrol on Linux, ~/Library/Application Support/afcontrol
// on macOS, %LOCALAPPDATA%\afcontrol on Windows. The folder is not created.
func DefaultPath() (string, error) {
	if p := os.Getenv("AFCONTROL_DB"); p != "" {
		return p, nil
	}
	dir, err := dataHome()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "afcontrol", "afcontrol.gpkg"), nil
}

func dataHome() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return d, nil
		}
		return os.UserConfigDir()
	case "darwin":
		return os.UserConfigDir() // ~/Library/Application Support
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}
