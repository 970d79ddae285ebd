package pg

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"

	"github.com/zalando/go-keyring"
)

// keyringService is the service name of afcontrol's entries in the OS
// keyring (Keychain, Windows Credential Manager, Secret Service).
const keyringService = "afcontrol"

// ErrNoKeyring is wrapped when the system has no keyring to keep a
// password in (a Linux session without a Secret Service, for one): then
// afcontrol asks for the password each time.
var ErrNoKeyring = errors.New("no system keyring: the password is not kept, afcontrol asks for it each time")

// WithPassword returns raw with password pw set; an empty pw leaves it as
// it is.
func WithPassword(raw, pw string) string {
	u, err := url.Parse(raw)
	if err != nil || pw == "" {
		return raw
	}
	name := ""
	if u.User != nil {
		name = u.User.Username()
	}
	u.User = url.UserPassword(name, pw)
	return u.String()
}

// HasPassword reports whether raw carries a password.
func HasPassword(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return false
	}
	_, ok := u.User.Password()
	return ok
}

// SavedPassword returns raw with the password kept for it in the OS
// keyring, when raw has none and the keyring has one; else raw unchanged
// (the driver then tries $PGPASSWORD and ~/.pgpass). The password is never
// written anywhere else.
func SavedPassword(raw string) string {
	if HasPassword(raw) || !keyringReachable() {
		return raw
	}
	pw, err := keyring.Get(keyringService, Redact(raw))
	if err != nil {
		return raw
	}
	return WithPassword(raw, pw)
}

// SavePassword keeps the password of raw in the OS keyring, under the URL
// without it. It wraps ErrNoKeyring when there is no keyring.
func SavePassword(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return nil
	}
	pw, ok := u.User.Password()
	if !ok {
		return nil
	}
	if !keyringReachable() {
		return ErrNoKeyring
	}
	if err := keyring.Set(keyringService, Redact(raw), pw); err != nil {
		return errors.Join(ErrNoKeyring, err)
	}
	return nil
}

// keyringReachable reports whether asking the keyring can answer: on Linux
// only with a session bus, which D-Bus would otherwise try to start
// (dbus-launch) from a headless command.
func keyringReachable() bool {
	if runtime.GOOS != "linux" {
		return true
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	_, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid()))
	return err == nil
}
