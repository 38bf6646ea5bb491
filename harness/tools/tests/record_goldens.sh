#!/usr/bin/env bash
# Re-records the golden files in harness/tools/testdata from real runs of the
# programs in programs/ under massif (DESIGN.md settings), heaptrack and the
# tracker. Usage: record_goldens.sh BUILD_DIR (after building the
# heapbound_tools_memory_test target there). Review the new peaks before
# committing: the tests assert them exactly.
set -uo pipefail
build=${1:?usage: record_goldens.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../testdata
programs=$build/tests/programs
track=$build/lib/libheapbound_track.so
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for program in baseline final_peak second_peak frees_between abort_mid realloc_calloc aligned stale_peak new_sizes; do
  valgrind --tool=massif --peak-inaccuracy=0.0 --time-unit=B \
    --massif-out-file="$out/$program.massif.out" "$programs/$program" >/dev/null 2>&1
  heaptrack -o "$work/$program.heaptrack" "$programs/$program" >/dev/null 2>&1
  cp "$work/$program.heaptrack.zst" "$out/$program.heaptrack.zst"
  rm -f "$out/$program.track.json"
  HEAPBOUND_TRACK_OUT="$out/$program.track.json" LD_PRELOAD="$track" \
    "$programs/$program" >/dev/null 2>&1
  echo "$program: massif $(grep -c '^snapshot=' "$out/$program.massif.out") snapshots," \
    "heaptrack $(stat -c %s "$out/$program.heaptrack.zst") bytes," \
    "track $( [ -f "$out/$program.track.json" ] && echo written || echo none)"
done
