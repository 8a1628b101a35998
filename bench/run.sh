#!/usr/bin/env bash
# Starts the packaged app against a loaded benchmark database and runs bench/measure.py.
#   bench/run.sh <database> [measure.py options...]      e.g. bench/run.sh hailong_bench_1m --runs 30
# The jar is copied to /tmp first so a rebuild in the worktree cannot pull it from under the process.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$1"; shift
PORT="${BENCH_PORT:-18091}"
JAR=/tmp/hailong-bench-run.jar
[ -f target/hailong-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"
DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password \
HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1 java -Xmx1g -jar "$JAR" > "/tmp/$DB-run.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
mysql -uroot -h127.0.0.1 -N -e "SELECT CONCAT('MariaDB ', @@version, ', innodb_buffer_pool_size ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
python3 bench/measure.py --base "http://127.0.0.1:$PORT" --db "$DB" "$@"
