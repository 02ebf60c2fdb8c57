#!/usr/bin/env bash
# Allocation solver vs OR-Tools on the same exported instances (docs/benchmarks.md).
# Usage: scripts/bench_allocation.sh [runs]      (default 5 runs per solver and size)
#   OTOP_BENCH_BIN  the otopctl binary (default .build/release/otopctl; build it with
#                   swift build -c release --product otopctl)
#   OTOP_VENV       the venv with ortools (default .local/venv)
#   OTOP_BENCH_DIR  where the instances go (default /tmp/otop-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bin=${OTOP_BENCH_BIN:-.build/release/otopctl}
python=${OTOP_VENV:-.local/venv}/bin/python
runs=${1:-5}
dir=${OTOP_BENCH_DIR:-/tmp/otop-bench}
mkdir -p "$dir"

echo "machine: $(nproc) cores; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
field() { sed -n "s/.*$1=\([-0-9.]*\).*/\1/p"; }

for size in "2000 300" "70000 2000"; do
  set -- $size
  file="$dir/round-$1x$2.json"
  "$bin" bench matching --requests "$1" --providers "$2" --seed 1 --export "$file" >/dev/null
  edges=$(grep -c '"request":' "$file")
  ours=(); theirs=()
  for _ in $(seq "$runs"); do
    line=$("$bin" bench matching --instance "$file"); ours+=("$(echo "$line" | field solve_ms)"); our_objective=$(echo "$line" | field objective)
    line=$("$python" scripts/reference_solver.py "$file"); theirs+=("$(echo "$line" | field solve_ms)"); their_objective=$(echo "$line" | field objective)
    [ "$our_objective" = "$their_objective" ] || { echo "objective mismatch: ours $our_objective, OR-Tools $their_objective" >&2; exit 1; }
  done
  our_median=$(median "${ours[@]}"); their_median=$(median "${theirs[@]}")
  our_rss=$( { /usr/bin/time -v "$bin" bench matching --instance "$file" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
  their_rss=$( { /usr/bin/time -v "$python" scripts/reference_solver.py "$file" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
  echo "size=$1x$2 edges=$edges objective=$our_objective"
  echo "  ours     solve_ms: ${ours[*]}  median=$our_median  peak_rss_kb=$our_rss"
  echo "  OR-Tools solve_ms: ${theirs[*]}  median=$their_median  peak_rss_kb=$their_rss"
  echo "  ratio ours/OR-Tools = $(ratio "$our_median" "$their_median")"
done
