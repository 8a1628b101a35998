#!/usr/bin/env bash
# Issue 13 ingest benchmark (docs/benchmarks.md "Served-dossier ingest"): a fresh database, the
# packaged app, N dossiers through POST /api/v1/dossiers:batch in rounds, each bracketed by raw JDBC inserts
# of as many rows (same run, same database, the app's Connector/J settings).
#   bench/dossiers.sh [dossiers] [rounds]   (default 30000 in 3 rounds: raw, API, raw, API, raw, API, raw;
#   database hailong_bench_dossiers is dropped and re-created)
# BENCH_JAR: the app jar to measure (default the packaged target/ jar, built if missing), so two builds
# can be run back to back; BENCH_DB, BENCH_PORT, BENCH_JAVA_OPTS as in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-30000}"
ROUNDS="${2:-3}"
DB="${BENCH_DB:-hailong_bench_dossiers}"
PORT="${BENCH_PORT:-18093}"
JAR="/tmp/$DB.jar"
if [ -n "${BENCH_JAR:-}" ]; then
  cp "$BENCH_JAR" "$JAR"
else
  [ -f target/hailong-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
  cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
fi
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password \
HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1 java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$JAR" > "/tmp/$DB-run.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
mysql -uroot -h127.0.0.1 -N -e "SELECT CONCAT('MariaDB ', @@version, ', innodb_buffer_pool_size ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
DRIVER=$(ls ~/.m2/repository/com/mysql/mysql-connector-j/*/mysql-connector-j-*.jar | head -1)
echo "jar ${BENCH_JAR:-target/hailong-0.1.0-SNAPSHOT.jar}; $(uptime)"
java -cp "$DRIVER" bench/DossierIngestBench.java "http://127.0.0.1:$PORT" "jdbc:mysql://127.0.0.1:3306/$DB" bench-admin-password "$N" "$ROUNDS"
uptime
