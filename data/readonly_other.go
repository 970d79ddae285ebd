//go:build !unix

package data

import "os"

// canWrite has no portable question to ask here: the write bits, and SQLite
// failing to open the file for writing, tell Open instead.
func canWrite(string) error { return nil }

// running reports whether process pid is still running: on Windows, a
// process that has ended cannot be found.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
