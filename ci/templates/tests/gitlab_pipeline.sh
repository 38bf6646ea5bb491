#!/usr/bin/env bash
# Runs ci/templates/gitlab-ci.yml for real with gitlab-ci-local (shell
# executor) in a scratch copy of the source tree, twice:
#   1. as shipped: build, fixtures, the three `parallel:` shards and merge
#      must pass, and the merged results hold every shard's rows;
#   2. with HEAPBOUND_BOUNDS naming a copy of cases/bounds.toml whose chunk
#      max_peak is 1 KiB: the pipeline must fail, and the merged results must
#      show chunk failing.
# Kept fast by the template's variables: HEAPBOUND_PREBUILT reuses BUILD_DIR's
# binaries (no compile), HEAPBOUND_PROFILES=tiny and --fixture tiny.
# Usage: gitlab_pipeline.sh SOURCE_DIR BUILD_DIR NPM_DIR
# Leaves nothing behind: the scratch dir (BUILD_DIR/templates-gitlab, with
# gitlab-ci-local's state and home) is removed on exit.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 SOURCE_DIR BUILD_DIR NPM_DIR" >&2; exit 2; }
src=$(realpath "$1") build=$(realpath "$2") npm=$(realpath "$3")
gcl=$npm/node_modules/gitlab-ci-local/src/index.js
[ -f "$gcl" ] || { echo "gitlab_pipeline: $gcl missing (ci/npm-tools installs gitlab-ci-local)" >&2; exit 1; }
command -v rsync >/dev/null || { echo "gitlab_pipeline: rsync missing (Debian package rsync; ci/setup installs it)" >&2; exit 1; }
for f in bin/heapbound bin/heapbound-case lib/libheapbound_track.so lib/libheapbound_mark.so; do
  [ -x "$build/$f" ] || [ -f "$build/$f" ] || { echo "gitlab_pipeline: $build/$f not built (target heapbound-suite)" >&2; exit 1; }
done

scratch=$build/templates-gitlab
rm -rf "$scratch"
trap 'rm -rf "$scratch"' EXIT
repo=$scratch/repo
mkdir -p "$repo" "$scratch/home"

# The source tree as it is (tracked and new files, edits included), the
# template as .gitlab-ci.yml, and the broken bounds; a git repository with a
# remote, as gitlab-ci-local expects.
git -C "$src" ls-files -z --cached --others --exclude-standard \
  | rsync -a --from0 --files-from=- "$src/" "$repo/"
cp "$src/ci/templates/gitlab-ci.yml" "$repo/.gitlab-ci.yml"
sed '/^\[case\.chunk\]$/,/^max_peak/ s/^max_peak = .*/max_peak = "1 KiB"/' \
  "$repo/cases/bounds.toml" >"$repo/broken-bounds.toml"
grep -A1 '^\[case\.chunk\]$' "$repo/broken-bounds.toml" | grep -qx 'max_peak = "1 KiB"' \
  || { echo "gitlab_pipeline: could not lower chunk's max_peak in the bounds copy" >&2; exit 1; }
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" -c user.name=heapbound -c user.email=heapbound@example.invalid commit -qm snapshot
git -C "$repo" remote add origin https://gitlab.example.invalid/heapbound/heapbound.git

pipeline() {  # LOG [--variable K=V]... -> gitlab-ci-local's exit code
  local log=$1
  shift
  local status=0
  (cd "$repo" && node "$gcl" --home "$scratch/home" \
    --shell-executor-no-image --force-shell-executor --no-color \
    --variable "HEAPBOUND_PREBUILT=$build" --variable HEAPBOUND_PROFILES=tiny \
    --variable "HEAPBOUND_RUN_ARGS=--fixture tiny" "$@") >"$log" 2>&1 || status=$?
  return $status
}

# Prints "rows fails chunk_statuses reused" of a merged results.json.
summarize() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const rows = r.results.filter((x) => x.role === "case");
    const chunk = rows.filter((x) => x.case === "chunk").map((x) => x.status);
    console.log(rows.length, rows.filter((x) => x.status === "fail").length, chunk.join(","),
                r.results.filter((x) => x.reused === true).length);
  ' "$1"
}

fail() {
  echo "gitlab_pipeline: $1; gitlab-ci-local's log ($2) ends:" >&2
  tail -n 60 "$2" >&2
  exit 1
}

good_log=$scratch/good.log
status=0
pipeline "$good_log" || status=$?
[ "$status" -eq 0 ] || fail "the shipped template's pipeline failed (exit $status)" "$good_log"
for job in build fixtures 'suite: \[1/3\]' 'suite: \[2/3\]' 'suite: \[3/3\]' merge; do
  grep -Eq "PASS +$job" "$good_log" || fail "job '$job' did not pass" "$good_log"
done
[ -f "$repo/merged/results.json" ] || fail "merge left no merged/results.json" "$good_log"
read -r rows fails chunk reused < <(summarize "$repo/merged/results.json")
echo "shipped template: pipeline passed; merged $rows case rows, $fails failing, chunk: $chunk; $reused rows reused"
[ "$rows" -gt 0 ] && [ "$chunk" != "" ] || fail "merged results lack chunk's rows" "$good_log"
[ "$fails" -eq 0 ] || fail "merged results hold $fails failing rows in a passing pipeline" "$good_log"

rm -rf "$repo/merged" "$repo/shards"
bad_log=$scratch/broken.log
status=0
pipeline "$bad_log" --variable HEAPBOUND_BOUNDS=broken-bounds.toml || status=$?
[ "$status" -ne 0 ] || fail "the pipeline passed with chunk's max_peak at 1 KiB" "$bad_log"
grep -Eq 'FAIL +suite: \[[123]/3\]' "$bad_log" || fail "no suite shard failed on the broken bound" "$bad_log"
[ -f "$repo/merged/results.json" ] || fail "merge (when: always) left no merged/results.json" "$bad_log"
read -r rows fails chunk reused < <(summarize "$repo/merged/results.json")
echo "broken bound: pipeline failed (exit $status); merged $rows case rows, $fails failing, chunk: $chunk; $reused rows reused"
[[ "$chunk" == *fail* ]] || fail "merged results do not show chunk failing (chunk: $chunk)" "$bad_log"
# The shards' measurement cache came from the first pipeline: the same
# binaries on the same fixture are not measured again, and still judged.
[ "$reused" -gt 0 ] || fail "no row reused the first pipeline's measurements (cache build/measurements)" "$bad_log"
echo "gitlab_pipeline: ok"
