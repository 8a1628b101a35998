#!/usr/bin/env python3
"""Loads N synthetic sipas-2017 responses into a running Hailong through the batch API, then times
the report endpoints (median and p95 of warm calls). Standard library only.

    python3 report_bench.py --base http://127.0.0.1:18080 --responses 100000
"""
import argparse
import concurrent.futures
import datetime
import json
import random
import statistics
import time
import urllib.error
import urllib.request
import uuid

CRITERIA = ["E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5", "E3.1", "E3.2",
            "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4"]


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def response(agency, rng, day0):
    answers = {}
    for code in CRITERIA:
        if rng.random() < 0.1:
            continue
        answers[code] = rng.randint(4, 5) if rng.random() < 0.75 else rng.randint(1, 3)
    answers["overall"] = rng.randint(1, 5)
    when = day0 + datetime.timedelta(days=rng.randrange(365), minutes=rng.randrange(600))
    return {"id": str(uuid.uuid4()), "survey": "sipas-2017", "agency": agency, "channel": "web",
            "submittedAt": when.isoformat(), "answers": answers}


def timed(base, path, token, runs):
    samples = []
    for _ in range(runs + 3):
        start = time.perf_counter()
        status, _ = call(base, "GET", path, token=token)
        samples.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
    samples = sorted(samples[3:])  # first three calls warm up
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:18080")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="bench-admin-password")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    status, login = call(args.base, "POST", "/api/v1/login", {"username": args.user, "password": args.password})
    assert status == 200, login
    token = login["accessToken"]
    province = "BENCH"
    if call(args.base, "GET", "/api/v1/agencies/" + province, token=token)[0] == 404:
        call(args.base, "POST", "/api/v1/agencies", {"code": province, "nameVi": "Tỉnh đo", "nameEn": "Bench province",
                                                       "kind": "PROVINCE", "parent": None}, token)
        for i in range(args.communes):
            call(args.base, "POST", "/api/v1/agencies", {"code": f"BENCH-{i:03d}", "nameVi": f"Xã {i}",
                                                           "nameEn": f"Commune {i}", "kind": "COMMUNE",
                                                           "parent": province}, token)
    communes = [f"BENCH-{i:03d}" for i in range(args.communes)]

    rng = random.Random(7)
    day0 = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    batches = []
    remaining = args.responses
    while remaining > 0:
        size = min(500, remaining)
        batches.append([response(rng.choice(communes), rng, day0) for _ in range(size)])
        remaining -= size

    def send(batch):
        status, body = call(args.base, "POST", "/api/v1/responses:batch", {"responses": batch}, token)
        assert status == 200, body
        return sum(1 for r in body["results"] if r["status"] == "stored")

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        stored = sum(pool.map(send, batches))
    load_seconds = time.perf_counter() - start
    print(f"loaded {stored} responses in {load_seconds:.1f} s ({stored / load_seconds:.0f}/s, batch API, {args.threads} clients)")

    _, report = call(args.base, "GET", f"/api/v1/reports/satisfaction?agency={province}&survey=sipas-2017", token=token)
    print(f"province report covers {report['responses']} responses, SIPAS index {report['index']}")
    for name, path in [
        ("satisfaction, province, all", f"/api/v1/reports/satisfaction?agency={province}&survey=sipas-2017"),
        ("satisfaction, province, one quarter", f"/api/v1/reports/satisfaction?agency={province}&survey=sipas-2017&from=2025-04-01&to=2025-06-30"),
        ("satisfaction, one commune", f"/api/v1/reports/satisfaction?agency={communes[0]}&survey=sipas-2017"),
        ("ranking of communes", f"/api/v1/reports/ranking?parent={province}&survey=sipas-2017"),
        ("trend by month", f"/api/v1/reports/trend?agency={province}&survey=sipas-2017&interval=month"),
    ]:
        median, p95 = timed(args.base, path, token, args.runs)
        print(f"{name:38s} median {median:8.1f} ms   p95 {p95:8.1f} ms")


if __name__ == "__main__":
    main()
