#!/usr/bin/env bash
# The submission benchmark against the local three-node Galera cluster beside the single MariaDB
# server, in one run (docs/benchmarks.md, "Galera cluster vs single server"):
#  1. builds the jar (SKIP_BUILD=1: use target/*.jar), starts the cluster of deploy/galera/cluster.sh
#     in target/cluster-bench/galera (stopped again at the end; an already running one is reused);
#  2. for each target — single (127.0.0.1:3306) then cluster (the app's URL names node 1, whose
#     writes are certified by and applied on nodes 2 and 3 before the commit returns) — a fresh
#     database, the app started by deploy/hailong (deploy/jvm.options), SubmissionBench.java at
#     LEVELS (default "32 100") clients with the raw-insert ceiling after each level against the
#     same target, the app's RSS;
#  3. a table of both with the cluster / single ratios of throughput and p99.
# Both servers get the same buffer pool for the run (BENCH_BUFFER_POOL_MB, default 1024; put back
# afterwards); each keeps its own durability setting (printed): the single server flushes its redo
# log at every commit, the Galera nodes (node*.cnf) leave that to replication (a commit is on three
# nodes' memory before it returns).
# Usage: docs/benchmarks/run-cluster-bench.sh [warmup-seconds] [measure-seconds]   (default 5 20)
# Environment: JIT_SECONDS (20), LEVELS ("32 100"), SKIP_BUILD=1. About 8 min on 2 cores.
# Needs mariadb-server, galera-4 and mariadb-backup (as GaleraClusterIT); the Galera ports are fixed
# (34061-34063, ...): do not run it while GaleraClusterIT runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUP="${1:-5}"
MEASURE="${2:-20}"
LEVELS="${LEVELS:-32 100}"
DB=hailong_bench_cluster
PORT="${BENCH_PORT:-18093}"
OUT=target/cluster-bench
GALERA="$OUT/galera"
mkdir -p "$OUT"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B package -DskipTests
JAR="$OUT/hailong.jar"
cmp -s target/hailong-0.1.0-SNAPSHOT.jar "$JAR" || cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
CONNECTOR="$(ls ~/.m2/repository/com/mysql/mysql-connector-j/*/mysql-connector-j-*.jar | grep -v sources | tail -n 1)"
POOL_MB="${BENCH_BUFFER_POOL_MB:-1024}"

sql() { # sql PORT STATEMENTS
  mysql --no-defaults -uroot -h127.0.0.1 -P"$1" -N -B -e "$2"
}

STARTED_CLUSTER=""
APP=""
OLD_POOLS=()
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  for entry in "${OLD_POOLS[@]}"; do sql "${entry%%=*}" "SET GLOBAL innodb_buffer_pool_size = ${entry#*=}" || true; done
  [ -n "$STARTED_CLUSTER" ] && deploy/galera/cluster.sh stop "$GALERA" || true
}
trap cleanup EXIT

if ! sql 34061 "SELECT 1" >/dev/null 2>&1; then
  echo "== starting the Galera cluster in $GALERA"
  deploy/galera/cluster.sh start "$GALERA"
  STARTED_CLUSTER=1
fi
for port in 3306 34061 34062 34063; do
  OLD_POOLS+=("$port=$(sql $port "SELECT @@innodb_buffer_pool_size")")
  sql $port "SET GLOBAL innodb_buffer_pool_size = $((POOL_MB * 1024 * 1024))"
done
sleep 2

export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
export HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password
export HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 HAILONG_DOSSIER_KEY=bench-dossier-key
export MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1
export HAILONG_LIMITS_KIOSK_ENABLED=false HAILONG_LIMITS_PUBLIC_ENABLED=false

wait_up() {
  for _ in $(seq 1 3600); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

run_target() { # run_target NAME SQL-PORT
  local name="$1" port="$2" url
  sql "$port" "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  url="jdbc:mysql://127.0.0.1:$port/$DB"
  echo
  echo "== $name: $(sql "$port" "SELECT CONCAT(@@version, ', buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB, flush_log_at_trx_commit ', @@innodb_flush_log_at_trx_commit, ', wsrep ', @@wsrep_on)") $(
    [ "$port" = 3306 ] || echo "(cluster size $(sql "$port" "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2))"), $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
  DATASOURCES_DEFAULT_URL="$url" deploy/hailong "$JAR" > "$OUT/app-$name.log" 2>&1 &
  APP=$!
  wait_up $APP || { echo "app did not start, see $OUT/app-$name.log"; exit 1; }
  ( while kill -0 $APP 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$APP/status; sleep 1; done ) > "$OUT/rss-$name.txt" 2>/dev/null &
  local sampler=$!
  java -Drates= -cp "$CONNECTOR" docs/benchmarks/SubmissionBench.java "http://127.0.0.1:$PORT" \
    "$url?rewriteBatchedStatements=true&useLocalSessionState=true&cachePrepStmts=true" root "" \
    admin bench-admin-password "$APP" "${JIT_SECONDS:-20}" "$WARMUP" "$MEASURE" $LEVELS | tee "$OUT/$name.md"
  kill $sampler 2>/dev/null || true
  echo "RSS under load: peak $(sort -n "$OUT/rss-$name.txt" | tail -1 | awk '{printf "%.0f MiB", $1/1024}')"
  [ "$port" = 3306 ] || echo "rows on the nodes: $(for p in 34061 34062 34063; do echo -n "$(sql $p "SELECT COUNT(*) FROM $DB.response") "; done)(response rows on nodes 1, 2, 3)"
  kill $APP; wait $APP 2>/dev/null || true
  APP=""
}

run_target single 3306
run_target cluster 34061

echo
echo "== cluster vs single server (same run; app = the app's throughput and p99, raw = plain JDBC inserts)"
echo
echo "| clients | single responses/s | cluster responses/s | cluster / single | single p99 ms | cluster p99 ms | cluster / single p99 | single raw tx/s | cluster raw tx/s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for clients in $LEVELS; do
  s=$(grep "^| $clients |" "$OUT/single.md" | head -1)
  c=$(grep "^| $clients |" "$OUT/cluster.md" | head -1)
  awk -F'|' -v s="$s" -v c="$c" -v n="$clients" 'BEGIN {
    split(s, a, "|"); split(c, b, "|");
    printf "| %s | %d | %d | %.0f %% | %.1f | %.1f | %.1f× | %d | %d |\n", n, a[3], b[3], 100 * b[3] / a[3], a[5], b[5], b[5] / a[5], a[6], b[6] }'
done
