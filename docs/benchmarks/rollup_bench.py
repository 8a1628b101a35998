#!/usr/bin/env python3
"""Report speed from the raw rows vs from the rollups, on the same data in the same run.

    rollup_bench.py seed    --base URL   # agencies + seed responses through the batch API
    rollup_bench.py measure --base URL   # times the report endpoints, prints medians / p95, saves JSON
    rollup_bench.py compare A.json B.json  # the two runs' report bodies must be identical

Standard library only. Used by run-rollup-bench.sh.
"""
import argparse
import datetime
import json
import random
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

CRITERIA = ["E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5", "E3.1", "E3.2",
            "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4"]
PROVINCE = "BENCH"


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def login(args):
    status, body = call(args.base, "POST", "/api/v1/login", {"username": "admin", "password": args.password})
    assert status == 200, body
    return json.loads(body)["accessToken"]


def seed(args):
    token = login(args)
    call(args.base, "POST", "/api/v1/agencies", {"code": PROVINCE, "nameVi": "Tỉnh đo", "nameEn": "Bench province",
                                                   "kind": "PROVINCE", "parent": None}, token)
    communes = [f"BENCH-{i:03d}" for i in range(args.communes)]
    for code in communes:
        call(args.base, "POST", "/api/v1/agencies", {"code": code, "nameVi": "Xã " + code, "nameEn": "Commune " + code,
                                                       "kind": "COMMUNE", "parent": PROVINCE}, token)
    rng = random.Random(7)
    day0 = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    batch = []
    for i in range(args.responses):
        answers = {}
        for code in CRITERIA:
            if rng.random() >= 0.1:
                answers[code] = rng.randint(4, 5) if rng.random() < 0.75 else rng.randint(1, 3)
        answers["overall"] = rng.randint(1, 5)
        if rng.random() < 0.5:
            answers["improve"] = [rng.choice(["E1", "E2", "E3", "E4", "E5", "other"])]
        if rng.random() < 0.3:
            answers["gender"] = rng.choice(["male", "female", "undisclosed"])
        # Seeds cover the first 10 days of the year; the SQL copies shift them over the whole year.
        when = day0 + datetime.timedelta(days=rng.randrange(10), minutes=rng.randrange(600))
        batch.append({"id": str(uuid.uuid4()), "survey": "sipas-2017", "agency": rng.choice(communes),
                      "channel": "paper", "submittedAt": when.isoformat(), "answers": answers})
        if len(batch) == 250 or i == args.responses - 1:
            status, body = call(args.base, "POST", "/api/v1/responses:batch", {"responses": batch}, token)
            assert status == 200, body
            batch = []


def timed(base, path, token, runs, warmup):
    samples = []
    body = None
    for _ in range(runs + warmup):
        start = time.perf_counter()
        status, body = call(base, "GET", path, token=token)
        samples.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status, body)
    samples = sorted(samples[warmup:])  # the first calls warm up
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], json.loads(body)


def measure(args):
    token = login(args)
    bodies = {}
    for name, path in [
        ("satisfaction, province, all dates", f"/api/v1/reports/satisfaction?agency={PROVINCE}&survey=sipas-2017"),
        ("satisfaction, province, one quarter", f"/api/v1/reports/satisfaction?agency={PROVINCE}&survey=sipas-2017&from=2025-04-01&to=2025-06-30"),
        ("satisfaction, province, 15 Mar-20 May", f"/api/v1/reports/satisfaction?agency={PROVINCE}&survey=sipas-2017&from=2025-03-15&to=2025-05-20"),
        ("satisfaction, one commune", f"/api/v1/reports/satisfaction?agency={PROVINCE}-000&survey=sipas-2017"),
        ("ranking of the communes", f"/api/v1/reports/ranking?parent={PROVINCE}&survey=sipas-2017"),
        ("trend by month", f"/api/v1/reports/trend?agency={PROVINCE}&survey=sipas-2017&interval=month"),
    ]:
        median, p95, body = timed(args.base, path, token, args.runs, args.warmup)
        bodies[name] = body
        print(f"{name:40s} median {median:8.1f} ms   p95 {p95:8.1f} ms")
    print(f"province report covers {bodies['satisfaction, province, all dates']['responses']} responses")
    if args.save:
        with open(args.save, "w") as out:
            json.dump(bodies, out, sort_keys=True)


def compare(args):
    with open(args.files[0]) as a, open(args.files[1]) as b:
        first, second = json.load(a), json.load(b)
    if first != second:
        print("DIFFERENT report bodies:", [k for k in first if first[k] != second.get(k)])
        sys.exit(1)
    print(f"identical report bodies for all {len(first)} endpoints")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed", "measure", "compare"])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--base", default="http://127.0.0.1:18081")
    parser.add_argument("--password", default="bench-admin-password")
    parser.add_argument("--responses", type=int, default=2_000)
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--save")
    args = parser.parse_args()
    {"seed": seed, "measure": measure, "compare": compare}[args.command](args)


if __name__ == "__main__":
    main()
