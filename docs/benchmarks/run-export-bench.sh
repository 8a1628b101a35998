#!/usr/bin/env bash
# Raw responses export (GET /reports/export/responses.csv, admins) over ~1 M responses: time and heap.
# Usage: docs/benchmarks/run-export-bench.sh [doublings=19] [port=18381]
# Builds the jar, starts it with a small heap (-Xmx128m) against a fresh MariaDB database
# hailong_bench_export on 127.0.0.1:3306, stores 2 responses through the API, doubles them with
# INSERT … SELECT (19 doublings → 1 048 576), downloads the export three times with curl and samples
# the app's used heap (jcmd GC.heap_info) once a second while it runs.
set -euo pipefail
DOUBLINGS=${1:-19}
PORT=${2:-18381}
DB=hailong_bench_export
cd "$(dirname "$0")/../.."
./mvnw -q -o package -DskipTests
cp target/hailong-0.1.0-SNAPSHOT.jar /tmp/hailong-export-bench.jar
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
LOG=/tmp/hailong-export-bench.log
DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
  HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password \
  MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1 \
  java -Xmx128m -jar /tmp/hailong-export-bench.jar > "$LOG" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
until grep -q "Startup completed" "$LOG"; do sleep 2; done
B=http://127.0.0.1:$PORT
T=$(curl -s -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-admin-password"}' $B/api/v1/login \
  | python3 -c "import sys,json;print(json.load(sys.stdin)['accessToken'])")
agency() {
  curl -s -o /dev/null -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$1\",\"nameVi\":\"Cơ quan $1\",\"nameEn\":\"Agency $1\",\"kind\":\"$2\",\"parent\":$3}" $B/api/v1/agencies
}
agency BN PROVINCE null; agency BN-1 COMMUNE '"BN"'; agency BN-2 COMMUNE '"BN"'
for a in BN-1 BN-2; do
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"survey\":\"sipas-2017\",\"agency\":\"$a\",\"channel\":\"web\",\"submittedAt\":\"2026-05-10T09:00:00+07:00\",\"answers\":{\"E1.1\":5,\"E1.2\":4,\"E2.1\":3,\"E3.1\":5,\"E4.1\":2,\"E5.1\":4,\"overall\":4}}" $B/api/v1/responses
done
for i in $(seq 1 "$DOUBLINGS"); do
  mysql -uroot -h127.0.0.1 $DB -e "INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id,
    started_at, submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores)
    SELECT UUID(), survey_code, survey_version_id, agency_id, channel, language, kiosk_id, started_at, submitted_at,
    submitted_date - INTERVAL FLOOR(RAND()*90) DAY, received_at, NULL, content_hash, CONCAT(FLOOR(1+RAND()*5), SUBSTRING(scores, 2))
    FROM response"
done
echo "responses: $(mysql -N -uroot -h127.0.0.1 $DB -e 'SELECT COUNT(*) FROM response')"
( while kill -0 $APP 2>/dev/null; do jcmd $APP GC.heap_info 2>/dev/null | grep -o "used [0-9]*K" | head -1; sleep 1; done > /tmp/hailong-export-heap.txt ) &
SAMPLER=$!
for run in 1 2 3; do
  curl -s -H "Authorization: Bearer $T" -o /tmp/hailong-export.csv \
    -w "run $run: HTTP %{http_code}, %{size_download} bytes, first byte %{time_starttransfer} s, total %{time_total} s\n" \
    "$B/reports/export/responses.csv?agency=BN&survey=sipas-2017&period=all"
done
kill $SAMPLER
echo "lines (header + rows): $(wc -l < /tmp/hailong-export.csv)"
sort -k2 -n /tmp/hailong-export-heap.txt | awk 'NR==1{print "heap used, lowest sample: " $2} END{print "heap used, highest sample: " $2}'
echo "the same rows straight from MariaDB to the mysql client, for comparison:"
/usr/bin/time -f "%e s" mysql -uroot -h127.0.0.1 --quick $DB -e "SELECT r.id, g.code, r.survey_version_id, r.channel, r.language,
  r.submitted_at, r.submitted_date, r.scores FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
  JOIN agency g ON g.id = r.agency_id WHERE c.ancestor_id = (SELECT id FROM agency WHERE code = 'BN')" > /dev/null
