#!/bin/sh
# Prints the version to stamp into afcontrol: the nearest git tag as
# `git describe --tags --dirty` gives it (v1.2.0, v1.2.0-3-gabc1234-dirty),
# else 0.0.0-dev+HASH (with .dirty when the work tree has changes), else
# 0.0.0-dev outside a git checkout.
# With --numeric it prints the x.y.z part instead, for package metadata
# that takes numbers only (0.0.0 when there is no tag).
set -eu
cd "$(dirname "$0")/.."
if v=$(git describe --tags --dirty 2>/dev/null); then
	:
elif hash=$(git rev-parse --short HEAD 2>/dev/null); then
	v="0.0.0-dev+$hash"
	git diff --quiet HEAD 2>/dev/null || v="$v.dirty"
else
	v="0.0.0-dev"
fi
if [ "${1:-}" = --numeric ]; then
	n=$(printf '%s\n' "$v" | sed -E 's/^v//; s/[-+].*//')
	case $n in
	*.*.*) ;;
	*.*) n="$n.0" ;;
	esac
	printf '%s\n' "$n" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' || n=0.0.0
	v=$n
fi
printf '%s\n' "$v"
