#!/usr/bin/env python3
"""Times the report endpoints of a running Hailong over a bulk-loaded benchmark database and, in the
same run, a naive GROUP BY over the raw answer rows that computes the same figures; checks that both
agree and that sampled stored rows are what the app itself stores. Standard library only; talks to
MariaDB through the `mysql` client.

    python3 bench/measure.py --base http://127.0.0.1:18091 --db hailong_bench_1m
"""
import argparse
import datetime
import json
import statistics
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

CRITERIA = ["E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5", "E3.1", "E3.2",
            "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4"]
SCALE_QUESTIONS = {"overall"}
MULTI_CHOICE = {"improve"}


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sql(db, query):
    port = os.environ.get("BENCH_DB_PORT", "3306")  # bench/run.sh sets it (a private server for big data)
    out = subprocess.run(["mysql", "-uroot", "-h127.0.0.1", "-P" + port, "-N", "-B", db, "-e", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


ERRORS = []


def timed_endpoint(base, path, token, runs, warmup=3):
    """Median and p95 of `runs` warm calls. A failed call is logged, not timed, and repeated (on the
    shared machine MariaDB's temporary files in /tmp have been removed under a running query)."""
    samples = []
    body = None
    calls = 0
    while len(samples) < runs:
        calls += 1
        start = time.perf_counter()
        status, reply = call(base, "GET", path, token=token)
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            ERRORS.append((path, status, str(reply)[:200]))
            assert len(ERRORS) < 10, ERRORS
            continue
        body = reply
        if calls > warmup:
            samples.append(elapsed)
    return statistics.median(samples), percentile(samples, 0.95), body


def timed_endpoints(bases, path, tokens, runs, warmup=3):
    """timed_endpoint for several apps at once, their calls interleaved (A, B, A, B, ...): on a
    shared machine both see the same load. Returns [(median, p95, body)] in the order of `bases`."""
    samples = [[] for _ in bases]
    bodies = [None for _ in bases]
    calls = 0
    while min(len(s) for s in samples) < runs:
        calls += 1
        for i, base in enumerate(bases):
            start = time.perf_counter()
            status, reply = call(base, "GET", path, token=tokens[i])
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200:
                ERRORS.append((base + path, status, str(reply)[:200]))
                assert len(ERRORS) < 10, ERRORS
                continue
            bodies[i] = reply
            if calls > warmup and len(samples[i]) < runs:
                samples[i].append(elapsed)
    return [(statistics.median(s), percentile(s, 0.95), b) for s, b in zip(samples, bodies)]


def timed_sql(db, query, runs):
    samples = []
    rows = None
    for _ in range(runs):
        start = time.perf_counter()
        rows = sql(db, query)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), samples, rows


def scope(agency_code, period):
    where = (f"c.ancestor_id = (SELECT id FROM agency WHERE code = '{agency_code}') "
             "AND r.survey_code = 'sipas-2017'")
    if period:
        where += f" AND r.submitted_date BETWEEN '{period[0]}' AND '{period[1]}'"
    return where


CRITERION_FILTER = ("a.question_code IN (" + ", ".join(f"'{c}'" for c in CRITERIA) + ") "
                    "AND a.value_int BETWEEN 1 AND 5")


def naive_report_sql(agency_code, period):
    """The per-criterion counts straight from the raw answers: satisfied (4-5) and valid answers."""
    return ("SELECT a.question_code, SUM(a.value_int >= 4), COUNT(*) "
            "FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id "
            "JOIN answer a ON a.response_id = r.id "
            f"WHERE {scope(agency_code, period)} AND {CRITERION_FILTER} GROUP BY a.question_code")


def naive_ranking_sql(parent_code, period):
    return ("SELECT ch.code, a.question_code, SUM(a.value_int >= 4), COUNT(*) "
            "FROM agency ch JOIN agency_closure c ON c.ancestor_id = ch.id "
            "JOIN response r ON r.agency_id = c.descendant_id JOIN answer a ON a.response_id = r.id "
            f"WHERE ch.parent_id = (SELECT id FROM agency WHERE code = '{parent_code}') "
            f"AND r.survey_code = 'sipas-2017' AND {CRITERION_FILTER} GROUP BY ch.code, a.question_code")


def naive_trend_sql(agency_code):
    return ("SELECT DATE_FORMAT(r.submitted_date, '%Y-%m'), a.question_code, SUM(a.value_int >= 4), COUNT(*) "
            "FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id "
            "JOIN answer a ON a.response_id = r.id "
            f"WHERE {scope(agency_code, None)} AND {CRITERION_FILTER} "
            "GROUP BY DATE_FORMAT(r.submitted_date, '%Y-%m'), a.question_code")


def indexes(counts):
    """sipas.md §2 from per-criterion (satisfied, answered): criterion, element and SIPAS indexes."""
    criterion = {k: 100.0 * s / n for k, (s, n) in counts.items() if n > 0}
    elements = {}
    for code, value in criterion.items():
        elements.setdefault(code.split(".")[0], []).append(value)
    element = {e: sum(v) / len(v) for e, v in elements.items()}
    sipas = sum(element.values()) / len(element) if element else None
    return criterion, element, sipas


def compare_report(report, rows):
    counts = {code: (int(s), int(n)) for code, s, n in rows}
    criterion, element, sipas = indexes(counts)
    diff, count_mismatches = 0.0, 0
    for e in report["elements"]:
        if e["index"] is not None or e["code"] in element:
            diff = max(diff, abs(e["index"] - element[e["code"]]))
        for c in e["criteria"]:
            s, n = counts.get(c["code"], (0, 0))
            if (c["satisfied"], c["answers"]) != (s, n):
                count_mismatches += 1
            if n:
                diff = max(diff, abs(c["index"] - criterion[c["code"]]))
    diff = max(diff, abs(report["index"] - sipas))
    return diff, count_mismatches


def compare_grouped(points, rows, key):
    """points: {key: endpoint index}; rows: (key, code, satisfied, answered) from the naive query."""
    grouped = {}
    for k, code, s, n in rows:
        grouped.setdefault(k, {})[code] = (int(s), int(n))
    diff = 0.0
    missing = 0
    for k, counts in grouped.items():
        expected = indexes(counts)[2]
        got = points.get(k)
        if got is None:
            missing += 1  # e.g. a group the endpoint leaves without index
            continue
        diff = max(diff, abs(got - expected))
    return diff, missing


def replay_check(base, db, sample, province):
    """Re-submits sampled stored responses, rebuilt from their raw answer rows, through the public API:
    the app answers 'replayed' only if its own content hash of the submission equals the stored one,
    so this proves the generated rows are byte-for-byte what the app would have stored."""
    # Sampled in the measured province: at 10 M only its responses have answer rows (docs/benchmarks.md).
    ids = [r[0] for r in sql(db, "SELECT r.id FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id "
                                 f"WHERE c.ancestor_id = (SELECT id FROM agency WHERE code = '{province}') "
                                 f"AND r.dossier_hash IS NULL ORDER BY RAND() LIMIT {sample}")]
    outcomes = {}
    for rid in ids:
        (survey, version, agency, agency_id, channel, language, started, submitted), = sql(db, (
            "SELECT r.survey_code, v.version, a.code, a.id, r.channel, r.language, r.started_at, r.submitted_at "
            "FROM response r JOIN agency a ON a.id = r.agency_id JOIN survey_version v ON v.id = r.survey_version_id "
            f"WHERE r.id = '{rid}'"))
        answers = {}
        for code, ordinal, value_int, value_text in sql(db, (
                "SELECT question_code, ordinal, value_int, value_text "
                f"FROM answer WHERE response_id = '{rid}' ORDER BY question_code, ordinal")):
            value = int(value_int) if value_int != "NULL" else value_text  # the mysql client's NULL
            if code in MULTI_CHOICE:
                answers.setdefault(code, []).append(value)
            else:
                answers[code] = value

        def iso(t):
            return None if t == "NULL" else t.replace(" ", "T") + "Z"
        body = {"id": rid, "survey": survey, "surveyVersion": int(version), "agency": agency, "channel": channel,
                "language": language, "startedAt": iso(started), "submittedAt": iso(submitted), "answers": answers}
        token = f"hk_bench-kiosk-{agency_id}" if channel == "kiosk" else None
        status, reply = call(base, "POST", "/api/v1/responses", body, token)
        # 200 = replay: the app found this id with the content hash it computes for this submission.
        key = {200: "200 replayed", 201: "201 stored as new (wrong!)", 409: "409 conflict: hash differs (wrong!)"}.get(
            status, f"{status} {str(reply)[:200]}")
        outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:18091")
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="bench-admin-password")
    parser.add_argument("--province", default="P01")
    parser.add_argument("--commune", default="P01-C001")
    parser.add_argument("--quarter", default="2026-04-01:2026-06-30")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--naive-runs", type=int, default=5)
    parser.add_argument("--replays", type=int, default=20)
    parser.add_argument("--json", help="write all results here too")
    parser.add_argument("--compare-base", help="a second app on the same database (e.g. the previous jar): its calls "
                        "are interleaved with --base's, and its medians and the ratio to them printed too")
    parser.add_argument("--cases", default="all,quarter,commune,ranking,trend",
                        help="which of all,quarter,commune,ranking,trend to run")
    parser.add_argument("--naive-for", default="all,quarter,commune,ranking,trend",
                        help="cases that also run their naive GROUP BY")
    args = parser.parse_args()
    quarter = tuple(args.quarter.split(":"))
    p, q = args.province, quarter

    status, login = call(args.base, "POST", "/api/v1/login", {"username": args.user, "password": args.password})
    assert status == 200, login
    token = login["accessToken"]
    other_token = None
    if args.compare_base:
        status, other = call(args.compare_base, "POST", "/api/v1/login", {"username": args.user, "password": args.password})
        assert status == 200, other
        other_token = other["accessToken"]

    total, = sql(args.db, "SELECT COUNT(*) FROM response")[0]
    in_province = sql(args.db, f"SELECT COUNT(*), SUM(r.survey_code = 'sipas-2017') FROM agency_closure c "
                               f"JOIN response r ON r.agency_id = c.descendant_id WHERE {scope(p, None).split(' AND ')[0]}")[0]
    print(f"database {args.db}: {int(total):,} responses; province {p}: {int(in_province[0]):,} "
          f"({int(in_province[1]):,} sipas-2017)", flush=True)

    base = "/api/v1/reports"
    survey = "survey=sipas-2017"
    cases = [
        ("all", "province, all dates", f"{base}/satisfaction?agency={p}&{survey}", naive_report_sql(p, None), "report"),
        ("quarter", "province, one quarter", f"{base}/satisfaction?agency={p}&{survey}&from={q[0]}&to={q[1]}",
         naive_report_sql(p, q), "report"),
        ("commune", "one commune, all dates", f"{base}/satisfaction?agency={args.commune}&{survey}",
         naive_report_sql(args.commune, None), "report"),
        ("ranking", "ranking of the province's communes", f"{base}/ranking?parent={p}&{survey}", naive_ranking_sql(p, None), "ranking"),
        ("trend", "monthly trend of the province", f"{base}/trend?agency={p}&{survey}&interval=month", naive_trend_sql(p), "trend"),
    ]
    results = []
    wanted, naive_wanted = args.cases.split(","), args.naive_for.split(",")
    for key, name, path, naive, kind in cases:
        if key not in wanted:
            continue
        load_before = os.getloadavg()[0]
        compared = ""
        result = {"case": name, "path": path}
        if args.compare_base:
            (median, p95, body), (other_median, other_p95, other_body) = timed_endpoints(
                [args.base, args.compare_base], path, [token, other_token], args.runs)
            same = json.dumps(body, sort_keys=True) == json.dumps(other_body, sort_keys=True)
            result.update({"compare_median_ms": round(other_median, 1), "compare_p95_ms": round(other_p95, 1),
                           "compare_ratio": round(other_median / median, 1), "same_json": same})
            compared = (f" | compared app median {other_median:8.1f} ms p95 {other_p95:8.1f} ms, "
                        f"{other_median / median:6.1f}x slower, same JSON {same}")
        else:
            median, p95, body = timed_endpoint(args.base, path, token, args.runs)
        load = f"load {load_before:.1f}-{os.getloadavg()[0]:.1f}"
        result.update({"median_ms": round(median, 1), "p95_ms": round(p95, 1), "load_1min": [load_before, os.getloadavg()[0]]})
        if key not in naive_wanted:
            results.append(result)
            print(f"{name:36s} endpoint median {median:8.1f} ms  p95 {p95:8.1f} ms{compared} | naive not run | {load}", flush=True)
            continue
        naive_median, naive_samples, rows = timed_sql(args.db, naive, args.naive_runs)
        if kind == "report":
            diff, mismatches = compare_report(body, rows)
            check = f"max index diff {diff:.2e}, count mismatches {mismatches}, n={body['responses']}"
        elif kind == "ranking":
            diff, missing = compare_grouped({r["agency"]["code"]: r["index"] for r in body}, rows, "code")
            check = f"max index diff {diff:.2e} over {len(body)} communes, without index {missing}"
        else:
            diff, missing = compare_grouped({t["period"]: t["index"] for t in body}, rows, "month")
            check = f"max index diff {diff:.2e} over {len(body)} months, without index {missing}"
        ratio = naive_median / median
        result.update({"naive_median_ms": round(naive_median, 1), "naive_samples_ms": [round(s) for s in naive_samples],
                       "ratio": round(ratio, 1), "check": check, "load_1min_after_naive": os.getloadavg()[0]})
        results.append(result)
        print(f"{name:36s} endpoint median {median:8.1f} ms  p95 {p95:8.1f} ms{compared} | naive median {naive_median:9.1f} ms "
              f"| ratio {ratio:7.1f}x | {check} | {load}, {os.getloadavg()[0]:.1f} after the naive runs", flush=True)

    if args.replays:
        outcomes = replay_check(args.base, args.db, args.replays, args.province)
        print(f"replay check of {args.replays} stored responses rebuilt from their answers: {outcomes}", flush=True)
        results.append({"case": "replay check", "outcomes": outcomes})
    if ERRORS:
        print(f"{len(ERRORS)} failed calls (not timed, repeated): {ERRORS}", flush=True)
    results.append({"case": "failed calls", "errors": ERRORS})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"db": args.db, "at": datetime.datetime.utcnow().isoformat() + "Z", "results": results}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
