#!/usr/bin/env bash
# Builds the report rollups of a bulk-loaded benchmark database with the app's own rebuild command
# (java -jar hailong.jar rollups rebuild), after applying any pending migrations, and times it.
#   bench/rebuild.sh <database> [--agency=CODE] [--from=YYYY-MM-DD] [--to=YYYY-MM-DD]
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$1"
JAR=/tmp/hailong-bench-rebuild.jar
DB_PORT="${BENCH_DB_PORT:-3306}"
[ -f target/hailong-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
export DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:$DB_PORT/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
log "rebuilding the rollups of $DB"
start=$(date +%s.%N)
java -Xmx1g -jar "$JAR" rollups rebuild "${@:2}" 2>&1 | grep -v DEBUG | tail -5
log "rebuild command took $(echo "$(date +%s.%N) - $start" | bc) s (JVM start and pending migrations included)"
mysql -uroot -h127.0.0.1 -P"$DB_PORT" -e "SELECT table_name, table_rows, ROUND(data_length/1048576) data_mb
  FROM information_schema.tables WHERE table_schema='$DB' AND table_name LIKE 'rollup%'"
mysql -uroot -h127.0.0.1 -P"$DB_PORT" "$DB" -e "SELECT * FROM rollup_state"
