#!/usr/bin/env bash
# Start-up to the first answered request (docs/benchmarks.md, "Footprint and start-up"), in one run:
#   plain   `java -jar` with no options (how the figure of 4.2-4.3 s was measured before)
#   no-CDS  deploy/hailong with HAILONG_CDS=off (the JVM options of deploy/jvm.options only)
#   CDS     deploy/hailong with its class-data archive (the default)
# against a fresh MariaDB database on 127.0.0.1:3306 that the first, unmeasured start migrates (that
# start also writes the archive when it stops, as the launcher does on a jar's first start).
# The variants alternate start by start, so a change in the machine's load hits all three alike.
# Each start is timed from launching the process to the first 200 of GET /health, polled every 20 ms;
# the CPU time the process used until then (user + system, from /proc) is printed beside it, a
# figure that moves less than wall time on a shared machine.
#
# Usage: bench/startup.sh [starts-per-variant]   (default 5; about 15 starts: 1-3 min on 2 cores)
# Environment: SKIP_BUILD=1 (use target/*.jar as it is), BENCH_DB (hailong_bench_start), BENCH_PORT (18092),
# BENCH_DB_PORT (3306: the MariaDB on 127.0.0.1 to use).
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS="${1:-5}"
DB="${BENCH_DB:-hailong_bench_start}"
PORT="${BENCH_PORT:-18092}"
DB_PORT="${BENCH_DB_PORT:-3306}"
OUT=target/startup-bench
mkdir -p "$OUT"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B package -DskipTests
JAR="$OUT/hailong.jar"
cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
rm -f "$OUT/hailong.jsa"
TICK=$(getconf CLK_TCK)

mysql -uroot -h127.0.0.1 -P"$DB_PORT" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:$DB_PORT/$DB" DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
export HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password
export HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 HAILONG_DOSSIER_KEY=bench-dossier-key
export MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1

PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null || true' EXIT

# start VARIANT LOG: launches, waits for the first answer, prints "ms cpu-ms", stops the process (SIGTERM).
start() {
  local variant="$1" log="$2" begin end cpu i
  begin=$(date +%s%N)
  case "$variant" in
    plain) java -jar "$JAR" >"$log" 2>&1 & ;;
    no-cds) HAILONG_CDS=off deploy/hailong "$JAR" >"$log" 2>&1 & ;;
    cds) deploy/hailong "$JAR" >"$log" 2>&1 & ;;
  esac
  PID=$!
  for i in $(seq 1 6000); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break
    kill -0 $PID 2>/dev/null || { echo "the $variant start failed, see $log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  cpu=$(awk -v t="$TICK" '{printf "%d", ($14 + $15) * 1000 / t}' /proc/$PID/stat)
  kill $PID; wait $PID 2>/dev/null || true
  PID=""
  echo "$(( (end - begin) / 1000000 )) $cpu"
}

echo "== start-up to first answered request, $STARTS starts per variant, $(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first start (migrates the database, writes the class-data archive at exit): $(start cds "$OUT/start-0.log" | cut -d' ' -f1) ms"
[ -f "$OUT/hailong.jsa" ] || { echo "no class-data archive was written, see $OUT/start-0.log" >&2; exit 1; }
declare -A WALL CPU
for i in $(seq 1 "$STARTS"); do
  for variant in plain no-cds cds; do
    read -r ms cpu < <(start $variant "$OUT/start-$variant-$i.log")
    WALL[$variant]+="$ms "
    CPU[$variant]+="$cpu "
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo
echo "| variant | start-up ms (each) | median ms | CPU ms to first answer (median) |"
echo "|---|---|---:|---:|"
for variant in plain no-cds cds; do
  echo "| $variant | ${WALL[$variant]% } | $(median "${WALL[$variant]}") | $(median "${CPU[$variant]}") |"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
