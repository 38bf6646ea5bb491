#!/usr/bin/env bash
# Runs one libFuzzer target for a few seconds on a fresh copy of its seeds
# and prints one line: execs, corpus size, crashes. Exits non-zero on any
# crash, leak, timeout or out-of-memory, printing the saved input's path and
# the top of the sanitizer's report.
#
# Usage: run_fuzzer.sh --name N --binary FUZZER --work BUILD_DIR --seconds S
#                      [--dict FILE] [--decompress] -- SEED_FILE_OR_GLOB...
# Everything it writes stays under BUILD_DIR: fuzz-corpus/N/ (the working
# corpus, where libFuzzer adds the inputs it finds), crashes/N/ (crashing
# inputs) and fuzz-logs/N.{log,summary}. HEAPBOUND_FUZZ_SECONDS in the
# environment overrides --seconds.
set -uo pipefail

name="" binary="" work="" seconds="" dict="" decompress=0
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --dict) dict=$2; shift 2 ;;
    --decompress) decompress=1; shift ;;
    --) shift; break ;;
    *) echo "run_fuzzer: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
seconds=${HEAPBOUND_FUZZ_SECONDS:-$seconds}
if [ -z "$name" ] || [ ! -x "$binary" ] || [ -z "$work" ] || [ $# -eq 0 ]; then
  echo "run_fuzzer: need --name, an executable --binary, --work and seeds" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "run_fuzzer: seconds must be a positive whole number, got '$seconds'" >&2
  exit 2
fi

corpus=$work/fuzz-corpus/$name
crashes=$work/crashes/$name
logs=$work/fuzz-logs
rm -rf "$corpus" "$crashes"
mkdir -p "$corpus" "$crashes" "$logs" || exit 3

# Copies the seeds; a pattern that matches nothing is an error, so a renamed
# golden file cannot silently empty the corpus.
shopt -s nullglob
count=0
for pattern in "$@"; do
  saved_ifs=$IFS
  IFS=  # globs, no word splitting
  files=($pattern)
  IFS=$saved_ifs
  if [ ${#files[@]} -eq 0 ]; then
    echo "run_fuzzer: $name: seed '$pattern' matches no file" >&2
    exit 2
  fi
  for f in "${files[@]}"; do
    count=$((count + 1))
    base=$(basename "$f")
    if [ $decompress -eq 1 ] && [[ "$f" == *.zst ]]; then
      zstd -dcq -- "$f" >"$corpus/seed$count-${base%.zst}" || exit 3
    else
      cp -- "$f" "$corpus/seed$count-$base" || exit 3
    fi
  done
done

args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
  -print_final_stats=1 -artifact_prefix="$crashes/")
[ -n "$dict" ] && args+=(-dict="$dict")
log=$logs/$name.log
started=$SECONDS
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$binary" "${args[@]}" "$corpus" >"$log" 2>&1
rc=$?
elapsed=$((SECONDS - started))

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
inputs=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
found=()
for f in "$crashes"/crash-* "$crashes"/leak-* "$crashes"/timeout-* "$crashes"/oom-*; do
  found+=("$f")
done
summary="$name: ${execs:-?} execs in $elapsed s, corpus $inputs inputs ($bytes B), crashes ${#found[@]}"
for f in "${found[@]}"; do summary+=$'\n'"  crashing input: $f"; done
echo "$summary" | tee "$logs/$name.summary"
if [ $rc -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
  echo "  exit status $rc; log: $log; the report:"
  grep -m1 -A40 -E '^==[0-9]+== ?ERROR|runtime error|fuzz check failed|deadly signal|terminate called' "$log" | sed 's/^/    /'
  [ $rc -ne 0 ] || rc=1
fi
exit $rc
