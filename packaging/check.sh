#!/usr/bin/env bash
# Checks what `make package` left in dist/, the way an analyst meets it:
#  1. the Linux archive has the fyne package layout and installs with its own
#     Makefile; the installed program prints the version it was stamped with;
#  2. it starts under Xvfb with no network at all (unshare -n), makes its
#     dataset in the user's data folder from the boundaries inside it (no
#     mirror folder, no download) and draws the map; the screenshot
#     is kept as dist/check/linux-window.png;
#     the arm64 archive, when there is one, has the same layout, and under
#     qemu-user its program runs and makes a dataset offline;
#  3. dist/afcontrol.exe is a 64-bit Windows GUI program carrying the version;
#     under wine, also with no network, it prints its version, its window
#     makes the dataset in %LOCALAPPDATA% from its own boundaries and draws the map
#     (dist/check/windows-window.png), and `init` makes a dataset file.
# Run it as `make package-check` after `make package`. Needs root (unshare),
# Xvfb, ImageMagick, file, and wine for step 3 (skipped, and said, without it).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VERSION:?set VERSION to the version make package stamped in}"
out=$PWD/dist/check
archive=dist/afcontrol-linux-amd64.tar.xz
exe=dist/afcontrol.exe

rm -rf "$out" && mkdir -p "$out"
# freeDisplay prints the number of an X display nobody uses, from 57 on.
freeDisplay() {
	local n=${1:-57}
	while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
	echo "$n"
}
work=$(mktemp -d)
cleanup() {
	# the wine server of the test prefix outlives its last program by a few seconds
	if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
passed=0
fail() {
	echo "package-check: FAIL: $*" >&2
	echo "package-check: $passed passed, 1 failed"
	exit 1
}
ok() {
	passed=$((passed + 1))
	echo "package-check: ok: $*"
}

# 1. The archive and its install.
[ -f "$archive" ] || fail "$archive is missing: run make package"
tar -tJf "$archive" >"$out/linux-archive.txt"
for f in Makefile usr/local/bin/afcontrol \
	usr/local/share/applications/org.afcontrol.afcontrol.desktop \
	usr/local/share/pixmaps/org.afcontrol.afcontrol.png; do
	grep -qx "afcontrol/$f" "$out/linux-archive.txt" || fail "$archive has no afcontrol/$f"
done
mkdir -p "$work/unpack" "$work/root/usr/local"
tar -xJf "$archive" -C "$work/unpack"
make -s -C "$work/unpack/afcontrol" install DESTDIR="$work/root" PREFIX=/usr/local
bin=$work/root/usr/local/bin/afcontrol
[ -x "$bin" ] || fail "make install put no program in /usr/local/bin"
desktop=$work/root/usr/local/share/applications/org.afcontrol.afcontrol.desktop
grep -qx 'Exec=afcontrol %f' "$desktop" || fail "the .desktop file does not start afcontrol with the file opened (%f)"
grep -qx 'MimeType=application/geopackage+sqlite3;' "$desktop" || fail "the .desktop file does not offer afcontrol for GeoPackage files"
got=$("$bin" version)
[ "$got" = "afcontrol $VERSION" ] || fail "the installed program says '$got', want 'afcontrol $VERSION'"
ok "$archive installs with its Makefile; the program says '$got'"

# 2. First run offline: no network namespace but loopback-less, a fresh home,
# no mirror: the boundaries come from inside the program.
home=$work/home
mkdir -p "$home"
dataset=$home/.local/share/afcontrol/afcontrol.gpkg
env -u AFCONTROL_DB -u AFCONTROL_MIRROR HOME="$home" XDG_DATA_HOME="$home/.local/share" \
	unshare -n bash -s "$bin" "$dataset" "$out/linux-window.png" "$(freeDisplay 57)" <<'INNER' >"$out/linux-window.log" 2>&1 ||
set -u
bin=$1 dataset=$2 shot=$3 display=:$4
ip link show 2>/dev/null | grep -q 'state UP' && { echo "a network interface is up"; exit 1; }
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$! app=
trap 'kill $app $xvfb 2>/dev/null; wait 2>/dev/null' EXIT
export DISPLAY=$display
sleep 2
"$bin" &
app=$!
for _ in $(seq 180); do [ -s "$dataset" ] && break; sleep 1; done
[ -s "$dataset" ] || { echo "no dataset at $dataset after 3 minutes"; exit 1; }
sleep 15 # the first run imports the boundaries, then loads and draws the map
kill -0 $app 2>/dev/null || { echo "the program exited"; exit 1; }
import -window root "$shot"
INNER
	{ cat "$out/linux-window.log" >&2; fail "the Linux program did not start offline under Xvfb"; }
[ -s "$out/linux-window.png" ] || fail "no screenshot"
colours=$(convert "$out/linux-window.png" -format '%k' info:)
# A message on a plain window has a few dozen colours; the drawn map, with
# its fills, hatching, borders and labels, has thousands.
[ "$colours" -ge 1000 ] || fail "the window shows no map ($colours colours in $out/linux-window.png)"
districts=$("$bin" status --db "$dataset" --date 2021-08-15 --json | grep -o '"total": *[0-9]*' | grep -o '[0-9]*$')
[ "$districts" = 398 ] || fail "the dataset made on first run has $districts districts, want 398"
ok "started offline under Xvfb, made $dataset (398 districts) and drew the map ($colours colours): $out/linux-window.png"

# 2b. The arm64 archive: same layout, an aarch64 program; where qemu-user is
# installed it runs (with the arm64 libraries that the cross-build installed)
# and makes a dataset offline.
arm=dist/afcontrol-linux-arm64.tar.xz
if [ -f "$arm" ]; then
	tar -tJf "$arm" >"$out/linux-arm64-archive.txt"
	cmp -s <(sort "$out/linux-archive.txt") <(sort "$out/linux-arm64-archive.txt") ||
		fail "$arm does not hold the same files as $archive"
	mkdir -p "$work/arm64"
	tar -xJf "$arm" -C "$work/arm64"
	armbin=$work/arm64/afcontrol/usr/local/bin/afcontrol
	kind=$(file -b "$armbin")
	case $kind in *"ARM aarch64"*) ;; *) fail "$arm holds '$kind', want an ARM aarch64 program" ;; esac
	if command -v qemu-aarch64-static >/dev/null && [ -e /lib/ld-linux-aarch64.so.1 ]; then
		got=$(qemu-aarch64-static -L / "$armbin" version)
		[ "$got" = "afcontrol $VERSION" ] || fail "the arm64 program says '$got', want 'afcontrol $VERSION'"
		env -u AFCONTROL_DB -u AFCONTROL_MIRROR unshare -n qemu-aarch64-static -L / "$armbin" init \
			--db "$work/arm64.gpkg" >"$out/linux-arm64-init.log" 2>&1 ||
			{ cat "$out/linux-arm64-init.log" >&2; fail "the arm64 program's init failed"; }
		grep -q '34 provinces, 398 districts, 0 unassigned' "$out/linux-arm64-init.log" ||
			fail "the arm64 program's init did not import 34 provinces and 398 districts"
		ok "$arm: same layout, $kind; under qemu, offline, it says '$got' and init made a 398-district dataset"
	else
		ok "$arm: same layout, $kind (not run: no qemu-aarch64-static or arm64 libraries)"
	fi
else
	echo "package-check: no $arm (make package-linux-arm64 makes it)"
fi

# 3. Windows.
[ -f "$exe" ] || fail "$exe is missing: run make package"
kind=$(file -b "$exe")
case $kind in "PE32+ executable (GUI) x86-64"*) ;; *) fail "$exe is '$kind', want a PE32+ GUI x86-64 program" ;; esac
strings -el "$exe" | grep -qxF "$VERSION" || fail "$exe carries no version resource saying $VERSION"
ok "$exe: $kind, version resource $VERSION"

wine=$(command -v wine64 || command -v wine || true)
if [ -z "$wine" ] || ! command -v wineserver >/dev/null; then
	echo "package-check: skipped: wine is not installed, so the .exe was not run"
	echo "package-check: $passed passed, 0 failed, 1 skipped"
	exit 0
fi
export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Go's runtime calls ProcessPrng in bcryptprimitives.dll, which every Windows
# 10 and 11 has and Wine before 9 lacks: give this test prefix a stand-in
# built with mingw-w64 from packaging/wine/bcryptprimitives.c.
unshare -n "$wine" wineboot --init >/dev/null 2>&1 || true
if ! unshare -n "$wine" "$exe" version >/dev/null 2>&1; then
	x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
		packaging/wine/bcryptprimitives.c packaging/wine/bcryptprimitives.def -ladvapi32
fi
got=$(unshare -n "$wine" "$exe" version 2>/dev/null | tr -d '\r')
[ "$got" = "afcontrol $VERSION" ] || fail "under wine, $exe says '$got', want 'afcontrol $VERSION'"
ok "under wine ($("$wine" --version 2>/dev/null)), offline, $exe says '$got'"

# The window, on first run, as on an analyst's Windows laptop: the dataset
# goes to %LOCALAPPDATA%\afcontrol, the boundaries come from inside the program.
env -u AFCONTROL_MIRROR unshare -n bash -s "$wine" "$exe" "$WINEPREFIX/drive_c/users" "$out/windows-window.png" \
	"$(freeDisplay 58)" <<'INNER' >"$out/windows-window.log" 2>&1 ||
set -u
wine=$1 exe=$2 users=$3 shot=$4 display=:$5
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$! app=
trap 'kill $app $xvfb 2>/dev/null; wineserver -k 2>/dev/null; wait 2>/dev/null' EXIT
export DISPLAY=$display
sleep 2
"$wine" "$exe" &
app=$!
dataset=
for _ in $(seq 180); do
	dataset=$(find "$users" -path '*/AppData/Local/afcontrol/afcontrol.gpkg' -size +1k 2>/dev/null | head -1)
	[ -n "$dataset" ] && break
	sleep 1
done
[ -n "$dataset" ] || { echo "no dataset in %LOCALAPPDATA%\\afcontrol after 3 minutes"; exit 1; }
echo "dataset: $dataset"
sleep 20
kill -0 $app 2>/dev/null || { echo "the program exited"; exit 1; }
import -window root "$shot"
INNER
	{ cat "$out/windows-window.log" >&2; fail "under wine, the window did not start offline"; }
colours=$(convert "$out/windows-window.png" -format '%k' info:)
[ "$colours" -ge 1000 ] || fail "under wine, the window shows no map ($colours colours in $out/windows-window.png)"
made=$(sed -n 's/^dataset: //p' "$out/windows-window.log")
ok "under wine, offline, the window made ${made#"$WINEPREFIX/"} and drew the map ($colours colours): $out/windows-window.png"

# The headless command, as the analyst types it in cmd.exe.
env -u AFCONTROL_MIRROR unshare -n "$wine" "$exe" init --db 'C:\first.gpkg' >"$out/wine-init.log" 2>&1 ||
	{ cat "$out/wine-init.log" >&2; fail "under wine, afcontrol.exe init failed"; }
[ -s "$WINEPREFIX/drive_c/first.gpkg" ] || { cat "$out/wine-init.log" >&2; fail "under wine, init made no C:\\first.gpkg"; }
grep -q '34 provinces, 398 districts, 0 unassigned' "$out/wine-init.log" ||
	fail "under wine, init did not import 34 provinces and 398 districts"
ok "under wine, offline, 'afcontrol.exe init --db C:\\first.gpkg' made drive_c/first.gpkg: $(grep -m1 'provinces, ' "$out/wine-init.log")"
echo "package-check: $passed passed, 0 failed"
