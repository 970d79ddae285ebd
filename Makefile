# afcontrol — the targets a newcomer would guess.
#   make run      open the window on the default dataset
#   make test     run every test
#   make bench    run the speed benchmarks
#   make lint     gofmt, go vet and staticcheck
#
# On Debian or Ubuntu, `run` and `test` first install the system packages the
# build needs (cgo and the OpenGL/X11 headers Fyne links against; GDAL's
# ogrinfo/ogr2ogr and Xvfb for the tests), using sudo when not root.

MIRROR ?= $(abspath ../shared/data/mirror)
GO     ?= go
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BUILD_DEBS := gcc libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_DEBS  := $(BUILD_DEBS) gdal-bin poppler-utils xvfb xdotool imagemagick x11-utils

.PHONY: run test bench lint deps-build deps-test build

run: deps-build
	@if [ -d "$(MIRROR)" ]; then export AFCONTROL_MIRROR="$(MIRROR)"; fi; $(GO) run ./cmd/afcontrol

build: deps-build
	$(GO) build -o afcontrol ./cmd/afcontrol

test: deps-test
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest ./...

deps-build:
	@$(call install_debs,$(BUILD_DEBS))

deps-test:
	@$(call install_debs,$(TEST_DEBS))

# install_debs installs the missing Debian packages, where apt-get exists.
define install_debs
	if command -v apt-get >/dev/null 2>&1; then \
		missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "installing:$$missing"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
		fi; \
	fi
endef
