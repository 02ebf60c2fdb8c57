#!/usr/bin/env python3
"""The portal's server time per page (issue 14: under 300 ms with 10,000 requests, 3,000 enterprises
and 300 providers loaded), read from each answer's `Server-Timing: total;dur=<ms>` header (the time
the portal spent, intake's calls included). Prints the median, 90th percentile and largest of
`--loads` loads per page, after one warm-up load.

Starts its own system from OTOP_BIN_DIR (release binaries: `swift build -c release`) with the browser
tests' harness (Tests/BrowserTests/system.py: a database and topic prefix of its own, free ports), on
the local PostgreSQL and broker (`eval "$(scripts/infra.sh env)"`), loads the data set through intake's
API (providers one by one, enterprises with one CSV import, requests submitted by an officer; matching
places them), signs in a national and a northern officer and an operator, and stops everything at
the end. Standard library only.

  eval "$(scripts/infra.sh env)"
  OTOP_BIN_DIR=$(swift build -c release --show-bin-path) $OTOP_VENV/bin/python scripts/bench_portal.py
"""
import argparse
import concurrent.futures
import datetime
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "BrowserTests"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_import_data import enterprises as enterprise_rows  # noqa: E402
from system import RunningSystem, eventually  # noqa: E402

PASSWORD = "ข้าวเหนียวมะม่วง 2570"
PROVINCES = ["TH-50", "TH-51", "TH-40", "TH-41", "TH-10", "TH-12", "TH-20", "TH-21", "TH-70", "TH-71", "TH-90", "TH-83"]
REGIONS = {"TH-50": "north", "TH-51": "north", "TH-40": "northeast", "TH-41": "northeast", "TH-10": "central", "TH-12": "central",
           "TH-20": "east", "TH-21": "east", "TH-70": "west", "TH-71": "west", "TH-90": "south", "TH-83": "south"}


def load_providers(system, officer, count):
    def one(n):
        province = PROVINCES[n % len(PROVINCES)]
        system.call("POST", "/v1/providers", officer, {
            "name": f"ศูนย์บริการวิชาการทดสอบ {system.tag}-{n}", "kind": "university",
            "serviceAreas": ["productionProcess", "packagingDesign", "standardsSystem", "productInnovation"],
            "productTypes": ["food", "beverage", "textile", "household", "herbal"], "standards": ["tcps", "gmp"],
            "provinceCodes": [province], "regions": [REGIONS[province]], "capacity": 60, "qualified": n % 10 != 0,
            "contacts": [{"name": f"ผู้ประสานงาน {n}", "email": f"provider{n}@bench-portal.example", "phone": "053-%06d" % n,
                          "channels": ["email"]}]})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def load_enterprises(system, officer, count):
    import csv
    import io
    text = io.StringIO()
    enterprise_rows(csv.writer(text, lineterminator="\r\n"), count, int(system.tag, 16) % 1000, "3")
    request = urllib.request.Request(system.intake + "/v1/imports/enterprises", data=("\ufeff" + text.getvalue()).encode(), method="POST")
    request.add_header("Authorization", f"Bearer {officer}")
    request.add_header("Content-Type", "text/csv")
    request.add_header("Idempotency-Key", f"bench-portal-{system.tag}")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def load_requests(system, officer, count):
    products = system.psql("SELECT p.id, p.enterprise_id FROM intake.products p ORDER BY p.id")

    def one(n):
        product, enterprise = products[n % len(products)]
        system.call("POST", "/v1/requests", officer, {
            "enterpriseId": enterprise, "productId": product, "serviceAreas": ["packagingDesign", "standardsSystem"], "targetStandard": "tcps",
            "description": f"ต้องการพัฒนาบรรจุภัณฑ์และยื่นขอ มผช. (คำขอทดสอบ {n})"})
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(count)))


class Browser:
    """A signed-in person: cookies kept, pages fetched as a browser would (no redirects followed)."""

    def __init__(self, base, username):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        page = self.opener.open(base + "/sign-in").read().decode()
        token = re.search(r'name="_signin" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"_signin": token, "next": "/", "username": username, "password": PASSWORD}).encode()
        try:
            self.opener.open(base + "/sign-in", data=form)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 303, f"sign-in of {username} answered {redirect.code}"

    def timed(self, path):
        """(status, the portal's server time in ms, the wall time in ms) of one GET."""
        started = time.monotonic()
        try:
            response = self.opener.open(self.base + path, timeout=60)
            status, headers = response.status, response.headers
            response.read()
        except urllib.error.HTTPError as error:
            status, headers = error.code, error.headers
        wall = (time.monotonic() - started) * 1000
        server = re.match(r"total;dur=([0-9.]+)", headers.get("Server-Timing", ""))
        return status, float(server.group(1)) if server else None, wall


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--providers", type=int, default=300)
    parser.add_argument("--loads", type=int, default=9, help="timed loads per page (after one warm-up)")
    options = parser.parse_args()

    system = RunningSystem({"MATCHING_SCREENING": "auto", "LOG_LEVEL": "warning", "CERTIFICATION_SCHEDULE_HOUR": "0"}).start()
    try:
        _, created = system.call("POST", "/v1/api-clients", system.operator_token, {"name": "bench officer", "role": "officer"})
        officer = created["token"]
        started = time.monotonic()
        load_providers(system, officer, options.providers)
        load_enterprises(system, officer, options.enterprises)
        enterprises = int(system.psql("SELECT count(*) FROM intake.enterprises")[0][0])
        print(f"loaded {options.providers} providers and {enterprises} enterprises in {time.monotonic() - started:.0f} s", flush=True)
        eventually("matching to know the providers", lambda: int(system.psql("SELECT count(*) FROM matching.providers")[0][0]) >= options.providers,
                   timeout=300, every=1)
        started = time.monotonic()
        load_requests(system, officer, options.requests)
        placed = eventually("matching to place every request", lambda: int(system.psql(
            "SELECT count(*) FROM intake.requests WHERE status NOT IN ('submitted', 'matching')")[0][0]) >= options.requests or None,
            timeout=1800, every=2)
        print(f"{options.requests} requests submitted and placed in {time.monotonic() - started:.0f} s", flush=True)
        counts = system.psql("SELECT status, count(*) FROM intake.requests GROUP BY status ORDER BY status")
        print("requests by status: " + ", ".join(f"{status} {n}" for status, n in counts), flush=True)

        # A finished round, a held certificate near its expiry, a budget: pages that show one.
        year = int(system.psql("SELECT max(fiscal_year) FROM intake.requests")[0][0])
        system.call("PUT", f"/v1/budgets/{year}/north", officer, {"amountBaht": 50_000_000}, headers={"If-None-Match": "*"})
        _, round_started = system.call("POST", "/v1/rounds", officer, {"fiscalYear": year, "region": "north", "seed": 2570})
        eventually("the round", lambda: system.call("GET", f"/v1/rounds/{round_started['id']}", officer)[1]["status"] == "completed",
                   timeout=300, every=1)
        enterprise = system.psql("SELECT id FROM intake.enterprises WHERE province_code = 'TH-50' ORDER BY id LIMIT 1")[0][0]
        today = datetime.date.today()
        system.call("POST", f"/v1/enterprises/{enterprise}/certificates", officer, {
            "standard": "tcps", "number": "มผช. 1/2567", "productName": "น้ำพริกหนุ่มสมุนไพร",
            "validFrom": str(today - datetime.timedelta(days=1000)), "validUntil": str(today + datetime.timedelta(days=45))})
        certificate = eventually("the certificate", lambda: system.psql(
            "SELECT id FROM intake.certificates WHERE enterprise_id = :'id'::uuid", id=enterprise), timeout=60)[0][0]
        request = system.psql("SELECT id FROM intake.requests WHERE province_code = 'TH-50' AND status = 'proposed' ORDER BY id LIMIT 1")[0][0]
        provider = system.psql("SELECT id FROM intake.providers WHERE profile -> 'regions' ? 'north' ORDER BY id LIMIT 1")[0][0]

        for username, role, region in [("bench.national", "officer", None), ("bench.north", "officer", "north"),
                                       ("bench.operator", "operator", None)]:
            system.create_account(username, f"ทดสอบความเร็ว {username}", role, PASSWORD, region=region)
        officer_pages = [
            ("/queues", "work queues"), ("/search?q=" + urllib.parse.quote("แม่บ้าน"), "search, a Thai fragment"),
            ("/search?q=OTOP-2570-000777", "search, a reference"), ("/requests", "requests"), (f"/requests/{request}", "a request"),
            ("/enterprises", "enterprises"), (f"/enterprises/{enterprise}", "an enterprise"), ("/providers", "providers"),
            (f"/providers/{provider}", "a provider"), (f"/certificates/{certificate}", "a certificate"), (f"/budgets?fiscalYear={year}", "budgets"),
            (f"/budgets/{year}/north", "a budget"), ("/rounds", "rounds"), (f"/rounds/{round_started['id']}", "a round"),
            (f"/dashboard?fiscalYear={year}", "dashboard"), (f"/dashboard/regions.csv?fiscalYear={year}", "dashboard CSV"),
            ("/imports", "CSV import"), ("/account", "my account")]
        operator_pages = [("/operations", "operations"), ("/operations/accounts", "accounts"), ("/operations/api-keys", "API keys")]
        results = []
        for username, pages in [("bench.national", officer_pages), ("bench.north", officer_pages[:9]), ("bench.operator", operator_pages)]:
            browser = Browser(system.portal, username)
            for path, name in pages:
                browser.timed(path)
                loads = [browser.timed(path) for _ in range(options.loads)]
                statuses = {status for status, _, _ in loads}
                server = sorted(ms for _, ms, _ in loads if ms is not None)
                results.append((username, name, path, statuses, server, sorted(wall for _, _, wall in loads)))
        print(f"\nserver time per page (Server-Timing), {options.loads} loads each after one warm-up; "
              f"{options.requests:,} requests, {options.enterprises:,} enterprises, {options.providers} providers")
        print(f"{'who':<15} {'page':<26} {'status':<7} {'median':>8} {'p90':>8} {'max':>8} {'wall median':>12}")
        for username, name, path, statuses, server, wall in results:
            p90 = server[min(len(server) - 1, int(round(0.9 * (len(server) - 1))))]
            print(f"{username:<15} {name:<26} {','.join(map(str, sorted(statuses))):<7} {statistics.median(server):>6.1f}ms "
                  f"{p90:>6.1f}ms {server[-1]:>6.1f}ms {statistics.median(wall):>10.1f}ms")
        # What the slowest pages wait for: intake's own answers, timed the same way (wall time, a
        # national officer's API client), one call at a time.
        print("\nintake's answers behind them (wall time of the call, as the national officer's client)")
        for path in [f"/v1/kpis/programme?fiscalYear={year}", f"/v1/kpis/certificates?fiscalYear={year}", f"/v1/budgets?fiscalYear={year}",
                     "/v1/queues", "/v1/requests?q=" + urllib.parse.quote("แม่บ้าน") + "&limit=20",
                     "/v1/enterprises?q=" + urllib.parse.quote("แม่บ้าน") + "&limit=20", "/v1/requests?status=awaitingScreening&limit=10"]:
            system.call("GET", path, officer)
            walls = []
            for _ in range(options.loads):
                started = time.monotonic()
                system.call("GET", path, officer)
                walls.append((time.monotonic() - started) * 1000)
            print(f"  {urllib.parse.unquote(path):<52} median {statistics.median(walls):7.1f} ms   max {max(walls):7.1f} ms")
        slowest = max(results, key=lambda r: statistics.median(r[4]))
        print(f"\nslowest median: {slowest[1]} ({slowest[0]}) {statistics.median(slowest[4]):.1f} ms; "
              f"target under 300 ms: {'met' if statistics.median(slowest[4]) < 300 else 'NOT met'}")
    finally:
        system.stop()


if __name__ == "__main__":
    main()
