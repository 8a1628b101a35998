#!/usr/bin/env bash
# Submission speed on the local MariaDB (docs/benchmarks.md, "Submissions"):
#  1. builds the jar, starts it with deploy/hailong (the JVM options of deploy/jvm.options, as the
#     README, the image and the manifests run it; default settings, rate limits off) on
#     127.0.0.1:18090 against a fresh database hailong_bench_ops;
#  2. SubmissionBench.java: POST /api/v1/responses with 1, 8, 32, 100 clients, each level followed by
#     the raw-insert ceiling (plain JDBC, same rows, one response per transaction) in the same run;
#  3. samples the app's RSS every second during the load (peak and last reported);
#  4. start-up time to the first answered request, median of 5 starts (bench/startup.sh: plain
#     `java -jar`, the launcher without and with its class-data archive).
# Usage: docs/benchmarks/run-submission-bench.sh [warmup-seconds] [measure-seconds]  (default 5 20)
#  5. open loop: submissions started at a fixed rate (RATES, default "250 500 1000 1500" per second)
#     whatever the answers do, each timed from when it was due: latency at a given load, not at saturation.
# Environment: JIT_SECONDS (40: unmeasured load on the fresh JVM first), LEVELS ("1 8 32 100"), RATES,
# SKIP_BUILD=1 (use target/*.jar as it is), SKIP_STARTUP=1, APP_URL_PARAMS, BENCH_JAVA_OPTS (extra JVM
# options, after deploy/jvm.options), BENCH_DB, BENCH_DB_PORT (3306), BENCH_PORT, BENCH_JAR (another jar, e.g. one built
# from an older commit, for A/B runs: docs/benchmarks/run-submission-ab.sh; implies SKIP_BUILD).
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUP="${1:-5}"
MEASURE="${2:-20}"
DB="${BENCH_DB:-hailong_bench_ops}"
PORT="${BENCH_PORT:-18090}"
# BENCH_DB_PORT: a MariaDB of one's own (e.g. a mariadbd started for the benchmark on 3330) instead
# of the shared server on 3306; its GLOBAL settings are then the only ones changed.
DB_PORT="${BENCH_DB_PORT:-3306}"
URL="jdbc:mysql://127.0.0.1:$DB_PORT/$DB"
sql() { mysql -uroot -h127.0.0.1 -P"$DB_PORT" "$@"; }
OUT=target/submission-bench
mkdir -p "$OUT"
[ -n "${SKIP_BUILD:-}${BENCH_JAR:-}" ] || ./mvnw -q -B package -DskipTests
SOURCE_JAR="${BENCH_JAR:-target/hailong-0.1.0-SNAPSHOT.jar}"
# A copy: rebuilding target/ while the benchmark runs must not change the jar under it. One copy per
# jar name, so that A/B runs alternating two jars each keep their own class-data archive.
JAR="$OUT/hailong.jar"
[ -z "${BENCH_JAR:-}" ] || JAR="$OUT/ab-$(basename "$BENCH_JAR")"
# Copied only when it changed: the launcher keeps its class-data archive (hailong.jsa beside the
# copy, written when the first run on this jar stops) until the jar is newer than it.
cmp -s "$SOURCE_JAR" "$JAR" || cp "$SOURCE_JAR" "$JAR"
CONNECTOR="$(ls ~/.m2/repository/com/mysql/mysql-connector-j/*/mysql-connector-j-*.jar | grep -v sources | tail -n 1)"

sql -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

# The server as a production MySQL would be set up for this write load (both the app and the raw
# inserts run against it): a buffer pool that holds the benchmark's tables (Debian's default of
# 128 MiB is outgrown within a minute: the run would measure the disk, and more so level after
# level) and a redo log that does not force a checkpoint every few seconds. Runtime settings only,
# put back when the script ends (BENCH_BUFFER_POOL_MB=0 keeps the server as it is).
POOL_MB="${BENCH_BUFFER_POOL_MB:-4096}"
REDO_MB="${BENCH_REDO_LOG_MB:-1024}"
OLD_POOL=$(sql -N -e "SELECT @@innodb_buffer_pool_size")
OLD_REDO=$(sql -N -e "SELECT @@innodb_log_file_size")
restore_server() {
  sql -e "SET GLOBAL innodb_buffer_pool_size = $OLD_POOL; SET GLOBAL innodb_log_file_size = $OLD_REDO" || true
}
if [ "$POOL_MB" != 0 ]; then
  sql -e "SET GLOBAL innodb_buffer_pool_size = $((POOL_MB * 1024 * 1024)); SET GLOBAL innodb_log_file_size = $((REDO_MB * 1024 * 1024))"
  sleep 2
fi
echo "== MariaDB $(sql -N -e "SELECT CONCAT(@@version, ': buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB, redo log ', @@innodb_log_file_size DIV 1048576, ' MiB, flush_log_at_trx_commit ', @@innodb_flush_log_at_trx_commit)")"

# APP_URL_PARAMS: e.g. "?rewriteBatchedStatements=false" to measure without a driver setting (A/B).
# The raw inserts get the driver settings the app applies itself (system.MysqlDriverSettings).
RAW_URL="$URL?rewriteBatchedStatements=true&useLocalSessionState=true&cachePrepStmts=true"
export DATASOURCES_DEFAULT_URL="$URL${APP_URL_PARAMS:-}" DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
export HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password
export HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 HAILONG_DOSSIER_KEY=bench-dossier-key
export MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1
# Per-kiosk and per-client submission limits are for the internet, not for a load generator on
# loopback (docs/security.md); suspicious-pattern flags stay on: they are part of every insert.
export HAILONG_LIMITS_KIOSK_ENABLED=false HAILONG_LIMITS_PUBLIC_ENABLED=false

wait_up() {
  for _ in $(seq 1 1200); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# The launcher execs java: $! is the JVM's process id (CPU time and RSS are read from /proc).
JAVA_OPTS="${BENCH_JAVA_OPTS:-}" deploy/hailong "$JAR" > "$OUT/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true; restore_server' EXIT
wait_up $APP || { echo "app did not start, see $OUT/app.log"; exit 1; }

# RSS of the app process every second while the load runs.
( while kill -0 $APP 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$APP/status; sleep 1; done ) > "$OUT/rss-kb.txt" 2>/dev/null &
SAMPLER=$!

echo "== submissions (JIT warm-up ${JIT_SECONDS:-40}s, then per level warm-up ${WARMUP}s, measured ${MEASURE}s), $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Drates="${RATES-250 500 1000 1500}" -cp "$CONNECTOR" docs/benchmarks/SubmissionBench.java "http://127.0.0.1:$PORT" "$RAW_URL" root "" \
  admin bench-admin-password "$APP" "${JIT_SECONDS:-40}" "$WARMUP" "$MEASURE" ${LEVELS:-1 8 32 100} | tee "$OUT/submissions.md"
kill $SAMPLER 2>/dev/null || true
echo
echo "RSS under load: peak $(sort -n "$OUT/rss-kb.txt" | tail -1 | awk '{printf "%.0f MiB", $1/1024}'), last $(tail -1 "$OUT/rss-kb.txt" | awk '{printf "%.0f MiB", $1/1024}') (JVM options: ${HAILONG_JVM_OPTIONS:-deploy/jvm.options}${BENCH_JAVA_OPTS:+ + $BENCH_JAVA_OPTS})"
# Group commit as the app saw it: groups written, their mean size, groups split after a failure
# (a deadlock or lock wait makes a group be written again one response at a time).
curl -fs "http://127.0.0.1:$PORT/prometheus" | awk '{v[$1]=$2} END {printf "group commit: %d groups, %.1f responses a group (max %d), %d split; outbox: %d events waiting, oldest %.1f s\n", v["hailong_submission_group_responses_count"], v["hailong_submission_group_responses_sum"]/(v["hailong_submission_group_responses_count"]+1e-9), v["hailong_submission_group_responses_max"], v["hailong_submission_split_total"], v["hailong_outbox_depth"], v["hailong_outbox_oldest_undelivered_seconds"]}' || true
STORED=$(sql -N -e "SELECT COUNT(*) FROM $DB.response")
echo "responses stored: $STORED (raw inserts included)"
kill $APP; wait $APP 2>/dev/null || true
trap 'restore_server' EXIT

[ -n "${SKIP_STARTUP:-}" ] && exit 0
echo
SKIP_BUILD=1 bench/startup.sh 5
