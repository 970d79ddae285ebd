//go:build unix

package data

import (
	"errors"

	"golang.org/x/sys/unix"
)

// canWrite asks the system whether this process may write path.
func canWrite(path string) error {
	err := unix.Access(path, unix.W_OK)
	switch {
	case err == nil, errors.Is(err, unix.ENOENT):
		return nil
	case errors.Is(err, unix.EROFS):
		return errors.New("it is on read-only media")
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		return errors.New("you have no permission to write it")
	}
	return err
}

// running reports whether process pid is still running.
func running(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}
