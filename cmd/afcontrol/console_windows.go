//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// The Windows build is a GUI-subsystem program (-H=windowsgui), so opening
// the window does not open a console beside it. Windows then gives the
// program no standard output when it is started from cmd.exe or PowerShell,
// and a headless command would print nothing. So a command attaches to the
// console it was started from and writes there. Handles that were
// redirected to a file or a pipe are valid already and are kept.
func init() {
	if len(os.Args) < 2 {
		return // the window: no console wanted
	}
	outOK, errOK := usable(windows.STD_OUTPUT_HANDLE), usable(windows.STD_ERROR_HANDLE)
	if outOK && errOK {
		return
	}
	if !attachParentConsole() {
		return // started from Explorer or a shortcut: there is no console
	}
	if !outOK {
		os.Stdout = openConsole(windows.STD_OUTPUT_HANDLE, "/dev/stdout", os.Stdout)
	}
	if !errOK {
		os.Stderr = openConsole(windows.STD_ERROR_HANDLE, "/dev/stderr", os.Stderr)
	}
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

// attachParentConsole attaches to the console of the process that started
// this one, if it has one. x/sys/windows has no wrapper for AttachConsole.
func attachParentConsole() bool {
	r, _, _ := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess)
	return r != 0
}

// usable reports whether the standard handle std is open on a console, a
// file or a pipe.
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// openConsole opens the attached console's output as the standard handle
// std, or returns old when it cannot.
func openConsole(std uint32, name string, old *os.File) *os.File {
	conout, err := windows.UTF16PtrFromString("CONOUT$")
	if err != nil {
		return old
	}
	h, err := windows.CreateFile(conout, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return old
	}
	_ = windows.SetStdHandle(std, h)
	return os.NewFile(uintptr(h), name)
}
