#!/usr/bin/env python3
"""First-load weight of each page of the paged phone questionnaire (issue 12 item 1).

Walks a running Hailong (e.g. `./mvnw mn:run`, the demo profile) the way a phone without a cache
does: GET part 1, then POST each next part with the answers carried, up to the review page; for
every page it adds the HTML and every resource the page links (stylesheets, scripts, images) and
prints the bytes as sent without compression and gzip-compressed (what a server or proxy with
compression would send). Budget: each page < 50 KB on first load.

    python3 docs/benchmarks/phone-page-weight.py [base-url] [agency] [survey] [lang]
"""
import gzip
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"
agency = sys.argv[2] if len(sys.argv) > 2 else "DEMO-X1"
survey = sys.argv[3] if len(sys.argv) > 3 else "sipas-2017"
lang = sys.argv[4] if len(sys.argv) > 4 else "vi"
BUDGET = 50 * 1024

opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
page_url = f"{base}/s/{agency}/{survey}?lang={lang}"


def fetch(url, data=None):
    request = urllib.request.Request(url, data=data, headers={"Accept": "text/html,*/*", "Origin": base})
    with opener.open(request) as reply:
        return reply.read()


def resources(html):
    links = re.findall(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"', html)
    return sorted({urllib.parse.urljoin(base, l) for l in links if not l.startswith("data:")})


def fields(html):
    """The form's hidden fields and checked answers, as the browser would post them."""
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    return [(n, v.replace("&amp;", "&").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")) for n, v in pairs]


def weigh(name, html_bytes):
    html = html_bytes.decode("utf-8")
    raw, packed = len(html_bytes), len(gzip.compress(html_bytes))
    for url in resources(html):
        body = fetch(url)
        raw += len(body)
        packed += len(gzip.compress(body))
    verdict = "ok" if raw < BUDGET else "OVER BUDGET"
    print(f"{name:10} {raw / 1024:7.1f} KB as is  {packed / 1024:6.1f} KB gzip  ({len(resources(html))} resources)  {verdict}")
    return raw < BUDGET


html = fetch(page_url)
ok = True
part = 1
while True:
    text = html.decode("utf-8")
    review = 'value="send"' in text and 'id="send"' in text
    ok &= weigh("review" if review else f"part {part}", html)
    if review:
        break
    part += 1
    # one answer a part: the first option of the first question, so the walk goes through the rules
    form = [(n, v) for n, v in fields(text)]
    first = re.search(r'<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]+)"', text)
    if first:
        form.append((first.group(1), first.group(2)))
    form.append(("go", str(part)))
    html = fetch(page_url, urllib.parse.urlencode(form).encode())
sys.exit(0 if ok else 1)
