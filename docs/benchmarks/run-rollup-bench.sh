#!/usr/bin/env bash
# Reports from the raw rows vs from the rollups (ADR 0006) on the same data, and the rebuild time.
# Builds the jar, seeds 2 000 responses through the API into a fresh MariaDB database
# `hailong_bench_rollups`, copies them in SQL to N responses spread over one year (the copies
# bypass the app, so the rollups are then stale: exactly the state after an upgrade), times the
# report endpoints while the app answers from the raw rows, rebuilds the rollups with the CLI
# command, times the endpoints again and checks that both runs returned identical bodies.
# Usage: docs/benchmarks/run-rollup-bench.sh [responses]   (default 100000; a multiple of 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
DB=hailong_bench_rollups
PORT=18081
[ -f target/hailong-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
JAR=/tmp/hailong-rollup-bench.jar
cp target/hailong-0.1.0-SNAPSHOT.jar "$JAR"   # the build may change target/ while this runs
export DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
  HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
  MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1
sql() { mysql -uroot -h127.0.0.1 "$DB" -e "$1"; }
start_app() {
  java -Xmx1g -jar "$JAR" >> target/rollup-bench-app.log 2>&1 &
  APP=$!
  for _ in $(seq 1 120); do curl -fs http://127.0.0.1:$PORT/health >/dev/null && return; sleep 1; done
  echo "app did not start"; exit 1
}
stop_app() { kill "$APP"; wait "$APP" 2>/dev/null || true; }
trap 'kill ${APP:-0} 2>/dev/null || true' EXIT

mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
start_app
python3 docs/benchmarks/rollup_bench.py seed --base http://127.0.0.1:$PORT --responses 2000
stop_app

# Copy k = 1 .. N/2000-1 of every seed response and its answers (so far only the seeds' are there),
# k*7 days later, wrapping within the year.
COPIES=$(( N / 2000 - 1 ))
START=$(date +%s)
sql "CREATE TABLE seed_copy (k INT PRIMARY KEY)"
for k in $(seq 1 $COPIES); do sql "INSERT INTO seed_copy VALUES ($k)"; done
sql "INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id, started_at,
       submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores)
     SELECT CONCAT(SUBSTRING(r.id, 1, 24), LPAD(HEX(c.k), 12, '0')), r.survey_code, r.survey_version_id, r.agency_id,
       r.channel, r.language, r.kiosk_id, r.started_at, r.submitted_at,
       DATE_ADD(r.submitted_date, INTERVAL MOD(c.k * 7, 355) DAY), r.received_at, NULL, r.content_hash, r.scores
     FROM response r CROSS JOIN seed_copy c"
sql "INSERT INTO answer (response_id, question_code, ordinal, value_int, value_text)
     SELECT CONCAT(SUBSTRING(a.response_id, 1, 24), LPAD(HEX(c.k), 12, '0')), a.question_code, a.ordinal, a.value_int, a.value_text
     FROM answer a CROSS JOIN seed_copy c"
sql "DROP TABLE seed_copy"
echo "copied in SQL to $(sql 'SELECT COUNT(*) FROM response' | tail -1) responses, $(sql 'SELECT COUNT(*) FROM answer' | tail -1) answers in $(( $(date +%s) - START )) s"

# Stale, and claimed so the app does not rebuild on its own: it answers from the raw rows.
sql "UPDATE rollup_state SET stale = TRUE, claimed_by = 'bench', claimed_at = UTC_TIMESTAMP(6)"
start_app
echo "== from the raw rows (rollups stale); fewer runs, each call takes seconds"
python3 docs/benchmarks/rollup_bench.py measure --base http://127.0.0.1:$PORT --runs 5 --warmup 1 --save target/rollup-bench-raw.json
stop_app

echo "== rebuild (CLI)"
/usr/bin/time -f "rebuild wall %e s, max RSS %M KB" java -Xmx1g -jar "$JAR" rollups rebuild 2>&1 | grep -E "rollups rebuilt|rebuild wall"
start_app
echo "== from the rollups"
python3 docs/benchmarks/rollup_bench.py measure --base http://127.0.0.1:$PORT --save target/rollup-bench-rollups.json
python3 docs/benchmarks/rollup_bench.py compare target/rollup-bench-raw.json target/rollup-bench-rollups.json
echo "rollup rows: $(sql 'SELECT COUNT(*), SUM(LENGTH(tally)) FROM rollup_day' | tail -1) (day: rows, bytes);" \
     "$(sql 'SELECT COUNT(*), SUM(LENGTH(tally)) FROM rollup_month' | tail -1) (month)"
