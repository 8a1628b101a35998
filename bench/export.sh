#!/usr/bin/env bash
# Raw CSV export throughput (GET /reports/export/responses.csv) beside `mysql --quick` of the same
# query, in the same run, on a database loaded by bench/load.sh (the export reads no answer rows:
# SKIP_ANSWERS=1 bench/load.sh hailong_bench_export 1000000 is enough).
#   bench/export.sh <database> [agency=P01] [rounds=7]
# Starts the packaged app (jar copied to /tmp first, heap BENCH_HEAP, default 128m: the export must
# stream), logs in as the admin load.sh created, downloads the export once unmeasured (JIT warm-up),
# then runs <rounds> rounds of: the export with curl to a file, and the same SELECT through
# `mysql --quick --batch` to a file. Prints each round, the medians, rows/s, the ratio and the load
# average (the machine is shared: read the numbers beside it), the app's CPU time per export (from
# /proc: what the export itself costs, apart from waiting for the database), plus the export's SHA-256 so two
# builds can be shown to write the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$1"
AGENCY="${2:-P01}"
ROUNDS="${3:-7}"
SURVEY=sipas-2017
PORT="${BENCH_PORT:-18763}"
HEAP="${BENCH_HEAP:-128m}"
JAR=/tmp/hailong-export-$DB.jar
OUT=/tmp/hailong-export-$DB
MYSQL=(mysql -uroot -h127.0.0.1)
mkdir -p "$OUT"

# BENCH_JAR: another build to measure (e.g. the previous commit's, to compare speed and bytes).
SOURCE_JAR="${BENCH_JAR:-target/hailong-0.1.0-SNAPSHOT.jar}"
[ -f "$SOURCE_JAR" ] || ./mvnw -q -B package -DskipTests
# The machine is shared: measure our own app, not whatever already listens on the port.
if ss -ltn | grep -q ":$PORT "; then echo "port $PORT is in use: set BENCH_PORT"; exit 1; fi
cp "$SOURCE_JAR" "$JAR"
DATASOURCES_DEFAULT_URL=jdbc:mysql://127.0.0.1:3306/$DB DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD= \
HAILONG_ADMIN_USERNAME=admin HAILONG_ADMIN_PASSWORD=bench-admin-password \
HAILONG_JWT_SECRET=bench-secret-bench-secret-bench-secret-42 \
MICRONAUT_SERVER_PORT=$PORT MICRONAUT_SERVER_HOST=127.0.0.1 java -Xmx"$HEAP" -jar "$JAR" > "$OUT/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT   # waits, so a next run finds the port free
for _ in $(seq 1 120); do
  kill -0 $APP 2>/dev/null || { echo "the app did not start: $OUT/app.log"; exit 1; }
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1
done
B=http://127.0.0.1:$PORT
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-admin-password"}' "$B/api/v1/login" \
  | python3 -c "import sys,json;print(json.load(sys.stdin)['accessToken'])")

AGENCY_ID=$("${MYSQL[@]}" -N "$DB" -e "SELECT id FROM agency WHERE code = '$AGENCY'")
# The app's query (RawResponseExport) with the parameters filled in, period = all dates.
SQL="SELECT r.id, g.code, r.survey_version_id, r.channel, r.language, r.submitted_at, r.submitted_date, r.scores
FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
JOIN agency g ON g.id = r.agency_id
WHERE c.ancestor_id = $AGENCY_ID AND r.survey_code = '$SURVEY'"

export_once() { # file → "seconds bytes"
  curl -fs -H "Authorization: Bearer $TOKEN" -o "$1" -w '%{time_total} %{size_download}\n' \
    "$B/reports/export/responses.csv?agency=$AGENCY&survey=$SURVEY&period=all"
}
cpu_ticks() { # the app's user + system CPU time so far, in clock ticks
  awk '{print $14 + $15}' "/proc/$APP/stat"
}
mysql_once() { # file → seconds
  local t0 t1
  t0=$(date +%s.%N)
  "${MYSQL[@]}" --quick --batch -N "$DB" -e "$SQL" > "$1"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

echo "MariaDB $("${MYSQL[@]}" -N -e 'SELECT @@version'), buffer pool $("${MYSQL[@]}" -N -e 'SELECT @@innodb_buffer_pool_size DIV 1048576') MiB; app -Xmx$HEAP; agency $AGENCY, survey $SURVEY, all dates"
echo "before: $(uptime)"
export_once "$OUT/warm.csv" > /dev/null
mysql_once "$OUT/warm.tsv" > /dev/null
ROWS=$(( $(wc -l < "$OUT/warm.csv") - 1 ))
MYSQL_ROWS=$(wc -l < "$OUT/warm.tsv")
echo "rows: export $ROWS, mysql $MYSQL_ROWS"
[ "$ROWS" = "$MYSQL_ROWS" ] || { echo "row counts differ"; exit 1; }

: > "$OUT/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  c0=$(cpu_ticks)
  read -r app_s bytes < <(export_once "$OUT/export.csv")
  cpu_s=$(echo "($(cpu_ticks) - $c0) / $(getconf CLK_TCK)" | bc -l)
  db_s=$(mysql_once "$OUT/mysql.tsv")
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$r $app_s $db_s $bytes $load $cpu_s" >> "$OUT/rounds.txt"
  printf 'round %d: export %.3f s (%d bytes, app CPU %.2f s), mysql --quick %.3f s, load %s\n' "$r" "$app_s" "$bytes" "$cpu_s" "$db_s" "$load"
done
echo "after: $(uptime)"
echo "export sha256: $(sha256sum < "$OUT/export.csv" | cut -d' ' -f1)"
python3 - "$OUT/rounds.txt" "$ROWS" <<'EOF'
import statistics, sys
rounds = [line.split() for line in open(sys.argv[1])]
rows = int(sys.argv[2])
app = statistics.median(float(r[1]) for r in rounds)
db = statistics.median(float(r[2]) for r in rounds)
loads = [float(r[4]) for r in rounds]
cpu = statistics.median(float(r[5]) for r in rounds)
print(f"median export {app:.3f} s = {rows / app:,.0f} rows/s; median mysql --quick {db:.3f} s = {rows / db:,.0f} rows/s; "
      f"export / mysql time {app / db:.2f}; load average (1 min) {min(loads)}-{max(loads)} during the rounds")
print(f"median app CPU per export {cpu:.2f} s = {rows / cpu:,.0f} rows per CPU second of the app (what the app itself costs)")
EOF
