#!/usr/bin/env bash
# Report speed over N responses on the local MariaDB: builds the jar, starts it on 127.0.0.1:18080
# against a fresh database `hailong_bench`, loads N responses through the batch API and times the
# report endpoints. Usage: docs/benchmarks/run-report-bench.sh [responses]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
JAR=target/hailong-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS hailong_bench; CREATE DATABASE hailong_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/hailong_bench DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
MICRONAUT_SERVER_PORT=18080 MICRONAUT_SERVER_HOST=127.0.0.1 java -Xmx1g -jar "$JAR" > target/bench-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18080/health >/dev/null && break; sleep 1; done
python3 docs/benchmarks/report_bench.py --base http://127.0.0.1:18080 --responses "$N"
