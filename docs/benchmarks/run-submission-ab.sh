#!/usr/bin/env bash
# A/B of two jars on the submission benchmark (docs/benchmarks.md, "Submissions: rollup deltas"):
# run-submission-bench.sh on OLD, then NEW, then OLD, … (ABAB, so that a change in the machine's
# load hits both), same settings, each on a fresh database, without the start-up part. Compare the
# ratios NEW / OLD of each round, not the absolute figures, when the machine is shared.
# Usage: docs/benchmarks/run-submission-ab.sh OLD.jar NEW.jar [rounds] [warmup-seconds] [measure-seconds]
#   (default 2 rounds, 5 s, 20 s). OLD.jar e.g.: git worktree add /tmp/old <commit> && (cd /tmp/old && ./mvnw -q package -DskipTests)
# Environment: passed on to run-submission-bench.sh (LEVELS, RATES, JIT_SECONDS, BENCH_JAVA_OPTS,
# BENCH_DB_PORT — a MariaDB of one's own, whose GLOBAL settings the runs may change —, BENCH_BUFFER_POOL_MB
# — set it to 0 on a server shared with other database work). OLD_JVM_OPTIONS, NEW_JVM_OPTIONS: the
# options file each side's launcher reads instead of deploy/jvm.options (e.g. the old commit's
# deploy/jvm.options, to compare the JVM options along with the code).
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD="$1"
NEW="$2"
ROUNDS="${3:-2}"
WARMUP="${4:-5}"
MEASURE="${5:-20}"
OUT=target/submission-ab
mkdir -p "$OUT"
# Copies named by side: run-submission-bench.sh keeps one copy and one class-data archive per jar
# name, and two jars both called hailong-<version>.jar would replace each other's on every run.
for side in old new; do
  source="$OLD"; [ "$side" = new ] && source="$NEW"
  cmp -s "$source" "$OUT/$side.jar" || cp "$source" "$OUT/$side.jar"
done
OLD="$OUT/old.jar"
NEW="$OUT/new.jar"
for round in $(seq 1 "$ROUNDS"); do
  for side in old new; do
    jar="$OLD"; options="${OLD_JVM_OPTIONS:-}"
    [ "$side" = new ] && { jar="$NEW"; options="${NEW_JVM_OPTIONS:-}"; }
    echo "== round $round, $side: $jar${options:+ with $options}, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    HAILONG_JVM_OPTIONS="${options:-$PWD/deploy/jvm.options}" SKIP_STARTUP=1 BENCH_JAR="$jar" docs/benchmarks/run-submission-bench.sh "$WARMUP" "$MEASURE" > "$OUT/$side-$round.txt" 2>&1 \
      || { echo "run failed, see $OUT/$side-$round.txt"; tail -5 "$OUT/$side-$round.txt"; exit 1; }
    grep -E '^\| [0-9]|peak RSS|^RSS under load|^group commit' "$OUT/$side-$round.txt"
    echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
