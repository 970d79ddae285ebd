# afcontrol — the targets a newcomer would guess.
#   make run      open the window on the default dataset (made on the first
#                 run from the boundaries built into the program)
#   make test     run every test
#   make bench    run the speed benchmarks (make bench-scale: at millions of events, by hand)
#   make lint     gofmt, go vet and staticcheck
#
# On Debian or Ubuntu, `run` and `test` first install the system packages the
# build needs (cgo and the OpenGL/X11 headers Fyne links against; GDAL's
# ogrinfo/ogr2ogr, Xvfb, and PostgreSQL with PostGIS for the tests), using
# sudo when not root.

GO     ?= go
STATICCHECK_VERSION := v0.8.2
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BUILD_DEBS := gcc libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_DEBS  := $(BUILD_DEBS) gdal-bin poppler-utils xvfb xdotool imagemagick x11-utils python3-gdal python3-qgis python3-shapely postgresql postgis

.PHONY: run test bench bench-scale lint deps-build deps-test build

run: deps-build
	$(GO) run ./cmd/afcontrol

build: deps-build
	$(GO) build -ldflags "$(VERSION_LDFLAGS)" -o afcontrol ./cmd/afcontrol

test: deps-test
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The import benchmarks at a million events and the 10M-event benchmarks
# (the 10M dataset takes minutes to build the first time and is kept in the
# temporary folder), then the peak memory and time of whole-process event
# imports of 1M and 10M rows: slow, so never part of make test or CI.
bench-scale:
	AFCONTROL_BENCH_SCALE=1 $(GO) test -run '^$$' -bench 'ImportNative1M|Open10M|RebuildTimeline10M' -benchmem -timeout 2h ./data/
	scripts/import-rss.sh 1000000
	scripts/import-rss.sh 10000000

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

deps-build:
	@$(call install_debs,$(BUILD_DEBS))

deps-test:
	@$(call install_debs,$(TEST_DEBS))

# install_debs installs the missing Debian packages, where apt-get exists.
define install_debs
	if command -v apt-get >/dev/null 2>&1; then \
		missing=""; for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "^install ok installed" || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "installing:$$missing"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
		fi; \
	fi
endef

# ---------------------------------------------------------------------------
# Packages, built from Linux into dist/ (see "Packages" in README.md):
#   make package         the Linux amd64 and arm64 archives (fyne package: binary,
#                        .desktop file, icon and an install Makefile) and the Windows
#                        amd64 .exe (cross-built with mingw-w64: GUI, icon, version
#                        resource)
#   make package-check   unpacks and runs what make package made: the archive under
#                        Xvfb with no network, the arm64 program under qemu, the
#                        .exe's headers and, under wine, its window and first dataset
#   make package-darwin  on a Mac only: the universal .app, zipped
# Every binary is stamped with VERSION: the git tag, else 0.0.0-dev+HASH.

ifndef VERSION
VERSION := $(shell packaging/version.sh)
endif
ifndef APP_VERSION
APP_VERSION := $(shell packaging/version.sh --numeric)
endif
ifndef APP_BUILD
APP_BUILD := $(shell git rev-list --count HEAD 2>/dev/null || echo 1)
endif
VERSION_LDFLAGS := -X main.version=$(VERSION)
RELEASE_LDFLAGS := -s -w $(VERSION_LDFLAGS)

FYNE_TOOLS_VERSION := v1.7.4
WINRES_VERSION     := v0.3.3
TOOLS      := $(CURDIR)/dist/tools
FYNE       := $(TOOLS)/fyne-$(FYNE_TOOLS_VERSION)/fyne
WINRES     := $(TOOLS)/go-winres-$(WINRES_VERSION)/go-winres
WINDOWS_CC ?= x86_64-w64-mingw32-gcc

PACKAGE_DEBS := $(BUILD_DEBS) xz-utils file gcc-mingw-w64-x86-64
ARM64_DEBS   := gcc-aarch64-linux-gnu libgl1-mesa-dev:arm64 libx11-dev:arm64 libxcursor-dev:arm64 \
	libxrandr-dev:arm64 libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64
CHECK_DEBS   := xvfb imagemagick util-linux file binutils wine wine64 gcc-mingw-w64-x86-64 qemu-user-static

.PHONY: package package-linux package-linux-arm64 package-windows package-darwin package-check deps-package deps-arm64 deps-check

package: package-linux package-linux-arm64 package-windows
	@ls -l dist/afcontrol-linux-amd64.tar.xz dist/afcontrol-linux-arm64.tar.xz dist/afcontrol.exe

package-linux: deps-package $(FYNE)
	$(call linux_package,amd64,gcc)

# arm64 is cross-built with Debian's aarch64 gcc and the arm64 X11/GL headers
# and libraries, installed beside the amd64 ones (dpkg multiarch).
package-linux-arm64: deps-arm64 $(FYNE)
	$(call linux_package,arm64,aarch64-linux-gnu-gcc)

# The icon and version resource are a .syso file that go build links in from
# the package folder. Its name limits it to windows/amd64 builds, and it is
# there only while this build runs.
package-windows: deps-package $(WINRES)
	rm -rf dist/_stage/windows-amd64 && mkdir -p dist/_stage/windows-amd64
	$(WINRES) simply --arch amd64 --out dist/_stage/windows-amd64/rsrc --manifest gui \
		--icon assets/icon.png --product-name afcontrol \
		--file-description "afcontrol: reported district control in Afghanistan" \
		--product-version "$(VERSION)" --file-version $(APP_VERSION).$(APP_BUILD) \
		--original-filename afcontrol.exe
	trap 'rm -f cmd/afcontrol/rsrc_windows_amd64.syso' EXIT; \
	cp dist/_stage/windows-amd64/rsrc_windows_amd64.syso cmd/afcontrol/ && \
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WINDOWS_CC) $(GO) build -trimpath \
		-ldflags "$(RELEASE_LDFLAGS) -H=windowsgui" -o dist/afcontrol.exe ./cmd/afcontrol

# macOS needs Apple's SDK and linker: run on a Mac (.github/workflows/macos.yml).
package-darwin: $(FYNE)
	@[ "$$(uname -s)" = Darwin ] || { echo "package-darwin runs on macOS only: see README.md"; exit 1; }
	rm -rf dist/_stage/darwin && mkdir -p dist/_stage/darwin/assets
	for arch in amd64 arm64; do \
		CGO_ENABLED=1 GOOS=darwin GOARCH=$$arch \
		MACOSX_DEPLOYMENT_TARGET=12.0 \
		$(GO) build -trimpath -ldflags "$(RELEASE_LDFLAGS)" -o dist/_stage/darwin/afcontrol-$$arch ./cmd/afcontrol \
		|| exit 1; \
	done
	lipo -create -output dist/_stage/darwin/afcontrol dist/_stage/darwin/afcontrol-amd64 dist/_stage/darwin/afcontrol-arm64
	$(call fyne_stage,dist/_stage/darwin)
	cd dist/_stage/darwin && $(FYNE) package -os darwin --exe afcontrol \
		--app-version $(APP_VERSION) --app-build $(APP_BUILD)
	codesign --force --deep --sign - dist/_stage/darwin/afcontrol.app
	lipo -info dist/_stage/darwin/afcontrol.app/Contents/MacOS/afcontrol
	rm -f dist/afcontrol-macos.zip
	ditto -c -k --keepParent dist/_stage/darwin/afcontrol.app dist/afcontrol-macos.zip

package-check: deps-check
	VERSION="$(VERSION)" packaging/check.sh

deps-package:
	@$(call install_debs,$(PACKAGE_DEBS))

deps-check:
	@$(call install_debs,$(CHECK_DEBS))

deps-arm64:
	@if command -v dpkg >/dev/null 2>&1 && ! dpkg --print-foreign-architectures | grep -qx arm64; then \
		echo "adding the arm64 architecture to dpkg for the cross-build libraries"; \
		$(SUDO) dpkg --add-architecture arm64; \
	fi
	@$(call install_debs,$(ARM64_DEBS))

$(FYNE):
	GOBIN=$(@D) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

$(WINRES):
	GOBIN=$(@D) $(GO) install github.com/tc-hib/go-winres@$(WINRES_VERSION)

# linux_package builds the Linux program for GOARCH $(1) with the C compiler
# $(2) and packs it with fyne package into dist/afcontrol-linux-$(1).tar.xz.
define linux_package
	rm -rf dist/_stage/linux-$(1) && mkdir -p dist/_stage/linux-$(1)/assets
	CGO_ENABLED=1 GOOS=linux GOARCH=$(1) CC=$(2) $(GO) build -trimpath -ldflags "$(RELEASE_LDFLAGS)" \
		-o dist/_stage/linux-$(1)/afcontrol ./cmd/afcontrol
	$(call fyne_stage,dist/_stage/linux-$(1))
	cd dist/_stage/linux-$(1) && $(FYNE) package -os linux --exe afcontrol \
		--app-version $(APP_VERSION) --app-build $(APP_BUILD)
	$(call desktop_one_file,dist/_stage/linux-$(1))
	mv dist/_stage/linux-$(1)/afcontrol.tar.xz dist/afcontrol-linux-$(1).tar.xz
endef

# desktop_one_file rewrites the .desktop file in the archive in $(1) to start
# afcontrol with one file (%f) rather than the list (%F) fyne package writes
# for a [CanOpen] type: the window shows one dataset, so each file opened
# from the file manager gets its own window.
define desktop_one_file
	rm -rf $(1)/_desktop && mkdir -p $(1)/_desktop
	tar -xJf $(1)/afcontrol.tar.xz -C $(1)/_desktop
	sed -i 's/^Exec=afcontrol %F$$/Exec=afcontrol %f/' $(1)/_desktop/afcontrol/usr/local/share/applications/org.afcontrol.afcontrol.desktop
	grep -qx 'Exec=afcontrol %f' $(1)/_desktop/afcontrol/usr/local/share/applications/org.afcontrol.afcontrol.desktop
	grep -qx 'MimeType=application/geopackage+sqlite3;' $(1)/_desktop/afcontrol/usr/local/share/applications/org.afcontrol.afcontrol.desktop
	tar -cJf $(1)/afcontrol.tar.xz -C $(1)/_desktop afcontrol
	rm -rf $(1)/_desktop
endef

# fyne package reads FyneApp.toml and the icon from its source folder and
# writes the next build number back into FyneApp.toml: it runs in a copy in
# dist/_stage, so the tracked file stays as it is, and packages the binary
# built before it, which carries the version. (The leading _ keeps the stub
# Go file there out of ./... patterns.)
define fyne_stage
	cp FyneApp.toml $(1)/ && cp assets/icon.png $(1)/assets/
	echo 'package main // fyne package looks for Go source here; make built the binary' > $(1)/stage.go
endef
