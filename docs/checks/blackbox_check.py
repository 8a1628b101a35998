#!/usr/bin/env python3
"""Black-box check of a running Hailong, through the public API only (standard library).

Creates a random agency tree and reviewer accounts, submits a few thousand sipas-2017 responses
with replays, id conflicts, dossier repeats and bad payloads, keeps what the server acknowledged,
and compares every figure of the satisfaction report (and ranking) with a reference computed
here from docs/method.md, to 0.01. The responses go in as paper entries by the administrator
(channel "paper" with the admin's token): from one address, thousands of anonymous web submissions
would meet the public per-address limit (429), and a paper entry without a staff token is a 401.

    python3 docs/checks/blackbox_check.py --base http://127.0.0.1:8080 --user admin --password demo-admin-2026
"""
import argparse
import datetime
import json
import math
import random
import sys
import urllib.error
import urllib.request
import uuid

ELEMENTS = {"E1": 4, "E2": 5, "E3": 6, "E4": 3, "E5": 4}
CRITERIA = [f"{e}.{i}" for e, n in ELEMENTS.items() for i in range(1, n + 1)]
TZ = datetime.timezone(datetime.timedelta(hours=7))


def call(base, method, path, body=None, token=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def wilson(s, n, z=1.96):
    p = s / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [max(0, 100 * (c - h)), min(100, 100 * (c + h))]


def reference(rows):
    """rows: list of answer dicts (criterion -> 1..5). Returns the figures of docs/method.md §3–§6."""
    n = {k: sum(1 for r in rows if k in r) for k in CRITERIA}
    s = {k: sum(1 for r in rows if r.get(k, 0) >= 4) for k in CRITERIA}
    idx = {k: 100 * s[k] / n[k] for k in CRITERIA if n[k]}
    out = {"responses": len(rows), "criteria": {}, "elements": {}}
    for k in CRITERIA:
        if n[k]:
            out["criteria"][k] = (n[k], s[k], idx[k], wilson(s[k], n[k]))
    used = {}
    for e in ELEMENTS:
        ks = [k for k in CRITERIA if k.startswith(e + ".") and k in idx]
        if not ks:
            continue
        used[e] = ks
        value = sum(idx[k] for k in ks) / len(ks)
        phis = [sum(((100 if r[k] >= 4 else 0) - idx[k]) / n[k] for k in ks if k in r) / len(ks) for r in rows]
        m = sum(1 for r in rows if any(k in r for k in ks))
        out["elements"][e] = (value, interval(value, phis, m))
    if used:
        value = sum(v for v, _ in out["elements"].values()) / len(used)
        phis = [sum(sum(((100 if r[k] >= 4 else 0) - idx[k]) / n[k] for k in ks if k in r) / len(ks) for ks in used.values())
                / len(used) for r in rows]
        m = sum(1 for r in rows if any(k in r for k in idx))
        out["index"] = (value, interval(value, phis, m))
    return out


def interval(value, phis, m):
    if m < 2:
        return None
    half = 1.96 * math.sqrt(m / (m - 1) * sum(p * p for p in phis))
    return [max(0, value - half), min(100, value + half)]


def close(a, b, what, problems):
    if a is None or b is None:
        if a != b:
            problems.append(f"{what}: server {a} vs reference {b}")
        return
    if isinstance(a, list):
        for x, y in zip(a, b):
            close(x, y, what, problems)
        return
    if abs(a - b) > 0.01:
        problems.append(f"{what}: server {a} vs reference {b}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="demo-admin-2026")
    parser.add_argument("--responses", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    run = uuid.uuid4().hex[:6].upper()
    status, login = call(args.base, "POST", "/api/v1/login", {"username": args.user, "password": args.password})
    assert status == 200, login
    admin = login["accessToken"]

    # A random tree: one province, communes, some centres.
    root = f"BB{run}"
    parents = {root: None}
    call(args.base, "POST", "/api/v1/agencies", {"code": root, "nameVi": "Tỉnh " + run, "nameEn": "Province", "kind": "PROVINCE", "parent": None}, admin)
    for i in range(rng.randint(3, 6)):
        code = f"{root}-{i}"
        parents[code] = root
        assert call(args.base, "POST", "/api/v1/agencies", {"code": code, "nameVi": "Xã", "nameEn": "Commune", "kind": "COMMUNE", "parent": root}, admin)[0] == 201
        for j in range(rng.randint(0, 2)):
            centre = f"{code}-{j}"
            parents[centre] = code
            assert call(args.base, "POST", "/api/v1/agencies", {"code": centre, "nameVi": "TT", "nameEn": "Centre", "kind": "CENTRE", "parent": code}, admin)[0] == 201
    agencies = list(parents)

    def ancestors(code):
        while code:
            yield code
            code = parents[code]

    stored = {}  # id -> (agency, date, answers)
    counts = {"201": 0, "200": 0, "409": 0, "4xx": 0, "5xx": 0}
    sent = []
    dossiers = []
    for i in range(args.responses):
        agency = rng.choice(agencies)
        answers = {k: rng.choice([1, 2, 3, 4, 4, 5, 5]) for k in CRITERIA if rng.random() > 0.2}
        for k in CRITERIA:
            if k not in answers and rng.random() < 0.3:
                answers[k] = None
        when = datetime.datetime(2026, 1, 1, tzinfo=TZ) + datetime.timedelta(minutes=rng.randrange(300 * 24 * 60))
        body = {"id": str(uuid.uuid4()), "survey": "sipas-2017", "agency": agency, "channel": "paper",
                "submittedAt": when.astimezone(datetime.timezone.utc).isoformat(), "answers": answers}
        if rng.random() < 0.1:
            body["dossier"] = f"D-{run}-{i}"
            dossiers.append(body["dossier"])
        kind = rng.random()
        if kind < 0.05 and sent:       # replay of an earlier one
            body = rng.choice(sent)
        elif kind < 0.08 and sent:     # same id, other content
            body = dict(rng.choice(sent), answers={"E1.1": 1})
        elif kind < 0.10 and dossiers: # dossier already rated
            body["dossier"] = rng.choice(dossiers)
        elif kind < 0.14:              # bad payload
            body = rng.choice([dict(body, answers={"E1.1": 9}), dict(body, agency="NOPE-" + run),
                               dict(body, id="x"), b"{broken", dict(body, answers={"E1.1": "5"})])
        status, reply = call(args.base, "POST", "/api/v1/responses", body, admin)
        key = str(status) if status in (200, 201, 409) else ("5xx" if status >= 500 else "4xx")
        counts[key] += 1
        if status == 201:
            sent.append(body)
            date = datetime.datetime.fromisoformat(body["submittedAt"]).astimezone(TZ).date()
            stored[body["id"]] = (body["agency"], date, {k: v for k, v in body["answers"].items() if v is not None})
    print("submissions:", counts, "stored:", len(stored))

    problems = []
    if counts["5xx"]:
        problems.append(f"{counts['5xx']} server errors")
    scopes = [(a, None, None) for a in agencies] + [(root, datetime.date(2026, 3, 1), datetime.date(2026, 6, 30))]
    for agency, start, end in scopes:
        rows = [ans for (a, d, ans) in stored.values() if agency in ancestors(a)
                and (start is None or d >= start) and (end is None or d <= end)]
        query = f"/api/v1/reports/satisfaction?agency={agency}&survey=sipas-2017"
        if start:
            query += f"&from={start}&to={end}"
        status, report = call(args.base, "GET", query, token=admin)
        assert status == 200, report
        ref = reference(rows)
        where = f"{agency} {start or ''}"
        if report["responses"] != ref["responses"]:
            problems.append(f"{where} responses {report['responses']} vs {ref['responses']}")
        close(report.get("index"), ref.get("index", (None, None))[0], where + " index", problems)
        close(report.get("ci95"), ref.get("index", (None, None))[1], where + " ci95", problems)
        for element in report["elements"]:
            value, ci = ref["elements"].get(element["code"], (None, None))
            close(element.get("index"), value, f"{where} {element['code']}", problems)
            close(element.get("ci95"), ci, f"{where} {element['code']} ci95", problems)
            for c in element["criteria"]:
                n, s, value, ci = ref["criteria"].get(c["code"], (0, 0, None, None))
                if (c["answers"], c["satisfied"]) != (n, s):
                    problems.append(f"{where} {c['code']} counts {c['answers']}/{c['satisfied']} vs {n}/{s}")
                close(c.get("index"), value, f"{where} {c['code']}", problems)
                close(c.get("ci95"), ci, f"{where} {c['code']} ci95", problems)
    status, ranking = call(args.base, "GET", f"/api/v1/reports/ranking?parent={root}&survey=sipas-2017", token=admin)
    assert status == 200, ranking
    ranked = [r for r in ranking if r.get("rank") is not None]  # null fields are left out of the JSON
    if [r["index"] for r in ranked] != sorted([r["index"] for r in ranked], reverse=True):
        problems.append("ranking not ordered by index")
    print(f"compared {len(scopes)} scopes: {len(problems)} problems")
    for p in problems[:30]:
        print("  ", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
