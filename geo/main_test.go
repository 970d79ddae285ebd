package geo

import (
	"os"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	datatest.Cleanup()
	os.Exit(code)
}
