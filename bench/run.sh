#!/usr/bin/env bash
# Starts the packaged app against a loaded benchmark database and runs bench/measure.py.
#   bench/run.sh <database> [measure.py options...]      e.g. bench/run.sh hailong_bench_1m --runs 30
# The jar is copied to /tmp first so a rebuild in the worktree cannot pull it from under the process.
# BENCH_COMPARE_JAR=<jar>: also starts that jar (e.g. main's, the previous version) on the same
# database, first (before this jar applies its new migrations: it does not know them), on port +1,
# and measure.py interleaves the two apps' calls (--compare-base). BENCH_DB_PORT: the MariaDB server.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$1"; shift
PORT="${BENCH_PORT:-18091}"
JAR=/tmp/hailong-bench-run.jar
export BENCH_DB_PORT="${BENCH_DB_PORT:-3306}"   # read by bench/measure.py too
[ -f target/hailong-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
start() { # jar port log
  DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:$BENCH_DB_PORT/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
  HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password \
  HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
  MICRONAUT_SERVER_PORT=$2 MICRONAUT_SERVER_HOST=127.0.0.1 java -Xmx1g -jar "$1" > "$3" 2>&1 &
}
await() { for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/health" >/dev/null && return; sleep 1; done; echo "no app on $1"; exit 1; }
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
COMPARE=()
if [ -n "${BENCH_COMPARE_JAR:-}" ]; then
  cp "$BENCH_COMPARE_JAR" /tmp/hailong-bench-compare.jar
  start /tmp/hailong-bench-compare.jar $((PORT + 1)) "/tmp/$DB-compare.log"; PIDS+=($!)
  await $((PORT + 1))
  COMPARE=(--compare-base "http://127.0.0.1:$((PORT + 1))")
fi
start "$JAR" "$PORT" "/tmp/$DB-run.log"; PIDS+=($!)
await "$PORT"
mysql -uroot -h127.0.0.1 -P"$BENCH_DB_PORT" -N -e "SELECT CONCAT('MariaDB ', @@version, ', innodb_buffer_pool_size ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
uptime
python3 bench/measure.py --base "http://127.0.0.1:$PORT" --db "$DB" "${COMPARE[@]}" "$@"
uptime
