#!/usr/bin/env python3
"""Intake's search (`q`, docs/console.md A2) and queue counts (`GET /v1/queues`, A8) timed through
the real intake (docs/benchmarks.md, "Search and queue counts"). Run by scripts/bench_search.sh,
which builds intake and names the binaries; standard library only.

Starts intake on a database and topic prefix of its own; loads `--enterprises` enterprises (one
product and one contact person each, names drawn from Thai group kinds and village names) and
`--providers` providers through the bulk imports, submits `--requests` requests through
`POST /v1/requests` (8 at a time), then spreads the requests over the statuses, times in status and
activity a running programme has (SQL on the read model: matching is not running) and runs ANALYZE.
Then, for each query, 10 warm-up calls and `--samples` timed calls one after the other on one
keep-alive connection as an officer; prints p50, p95 and max in milliseconds and the items the first
page held. Removes what it created (intake, database, topics) at the end, also on failure;
OTOP_BENCH_KEEP=1 keeps the database and intake's log (for EXPLAIN).

Usage: scripts/bench_search.py --bin DIR [--enterprises 10000] [--requests 10000] [--providers 300] [--samples 200]
"""
import argparse
import concurrent.futures
import csv
import http.client
import io
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench_import_data import registration

KINDS = ["กลุ่มแม่บ้าน", "วิสาหกิจชุมชนกลุ่มทอผ้า", "กลุ่มจักสาน", "กลุ่มแปรรูปอาหาร", "วิสาหกิจชุมชนสมุนไพร", "กลุ่มเครื่องปั้นดินเผา",
         "สหกรณ์การเกษตร", "กลุ่มผู้ผลิตน้ำพริก", "กลุ่มกาแฟ", "กลุ่มผ้าไหม"]
VILLAGES = ["แม่ริม", "แม่แตง", "สันทราย", "ดอยสะเก็ด", "หนองบัว", "โนนสูง", "บ้านไผ่", "ห้วยทราย", "ท่าช้าง", "นาคู",
            "โพธิ์ทอง", "ป่าซาง", "วังน้ำเย็น", "คลองหลวง", "บางปลา", "เกาะยอ", "ทุ่งใหญ่", "หนองแขม", "บ่อสร้าง", "ดงมะไฟ",
            "นาหว้า", "สามขา", "ทับทิมสยาม", "ศรีบุญเรือง", "ห้วยยาง", "โคกสูง", "บ้านโฮ่ง", "เมืองปาน", "ลำปางหลวง", "ท่าตูม"]
PROVINCES = ["เชียงใหม่", "ลำพูน", "อุดรธานี", "ขอนแก่น", "สุรินทร์", "พิษณุโลก", "จันทบุรี", "สงขลา", "กระบี่", "นครปฐม"]
PRODUCTS = [("น้ำพริกหนุ่มสมุนไพร", "อาหาร", "อาหารแปรรูป"), ("ผ้าไหมมัดหมี่ลายโบราณ", "ผ้า เครื่องแต่งกาย", ""),
            ("กาแฟอาราบิก้าคั่วเข้ม", "เครื่องดื่ม", ""), ("สบู่ขมิ้นชันน้ำผึ้ง", "สมุนไพรที่ไม่ใช่อาหาร", ""),
            ("ตะกร้าสานผักตบชวา", "ของใช้ ของตกแต่ง ของที่ระลึก", "")]
# A running programme's spread of statuses (a request's read model as matching would leave it).
STATUSES = ["submitted"] * 5 + ["awaitingScreening"] * 5 + ["matching"] * 5 + ["proposed"] * 10 + ["unmatched"] * 5 + \
    ["waitlisted"] * 5 + ["accepted"] * 5 + ["assigned"] * 25 + ["workReported"] * 10 + ["completed"] * 20 + ["withdrawn"] * 5


def say(text):
    print(f"==> {text}", file=sys.stderr, flush=True)


def csv_bytes(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def enterprise_file(count, series):
    rows = [["เลขทะเบียน", "ชื่อวิสาหกิจ", "ประเภทผู้ประกอบการ", "จังหวัด", "อำเภอ", "ตำบล", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
             "กลุ่มอาหาร", "ระดับดาว", "ปีที่คัดสรร", "ชื่อผู้ติดต่อ", "ตำแหน่ง", "โทรศัพท์", "อีเมล"]]
    for n in range(count):
        product, kind, subgroup = PRODUCTS[n % len(PRODUCTS)]
        name = f"{KINDS[n % len(KINDS)]}บ้าน{VILLAGES[(n // len(KINDS)) % len(VILLAGES)]} {n}"
        rows.append([registration(series, n), name, "วิสาหกิจชุมชน", PROVINCES[n % len(PROVINCES)], "เมือง", "ในเมือง", product, kind,
                     subgroup, "3", "2566", f"นางสมศรี ใจดี {n}", "ประธานกลุ่ม", "08%d-%03d-%04d" % (n % 10, n % 1000, n % 10000),
                     f"member{n}@bench-search.example"])
    return csv_bytes(rows)


def provider_file(count):
    rows = [["ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "ด้านที่ให้บริการ", "ประเภทผลิตภัณฑ์", "มาตรฐาน", "จังหวัดที่ให้บริการ",
             "ภูมิภาคที่ให้บริการ", "จำนวนงานที่รับได้", "ผ่านการคัดกรอง", "ชื่อผู้ติดต่อ", "อีเมล"]]
    for n in range(count):
        rows.append([f"คลินิกเทคโนโลยี{VILLAGES[n % len(VILLAGES)]} {n}", "มหาวิทยาลัย", "กระบวนการผลิต;บรรจุภัณฑ์",
                     "อาหาร;เครื่องดื่ม", "มผช.", f"{PROVINCES[n % len(PROVINCES)]}", "", "12", "ใช่" if n % 3 else "ไม่",
                     f"ดร.วิภาวี ศรีสุข {n}", f"coordinator{n}@bench-search.example"])
    return csv_bytes(rows)


class Client:
    """One keep-alive HTTP connection to intake."""

    def __init__(self, port, token):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.token = token

    def call(self, method, path, body=None, content_type="application/json"):
        headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Idempotency-Key"] = secrets.token_hex(12)
            if content_type == "application/json":
                body = json.dumps(body).encode()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None


def psql(admin_url, database, sql):
    subprocess.run(["psql", f"{admin_url}/{database}", "-v", "ON_ERROR_STOP=1", "-Atqc", sql], check=True, stdout=subprocess.PIPE)


def timed(client, path, samples):
    for _ in range(10):
        client.call("GET", path)
    times, items = [], None
    for _ in range(samples):
        started = time.perf_counter()
        answer = client.call("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        if items is None:
            items = len(answer["items"]) if "items" in answer else "-"
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1], items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="the folder holding intake and otopctl")
    ap.add_argument("--enterprises", type=int, default=10000)
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--providers", type=int, default=300)
    ap.add_argument("--samples", type=int, default=200)
    args = ap.parse_args()
    pg_port, brokers = os.environ["OTOP_PG_PORT"], os.environ["KAFKA_BROKERS"]
    admin_url = f"postgresql://postgres@127.0.0.1:{pg_port}"
    tag = secrets.token_hex(4)
    database, prefix = f"otop_bench_search_{tag}", f"bench-search-{tag}."
    work = Path(tempfile.mkdtemp(prefix="otop-bench-search-"))
    operator = "bench-operator-" + secrets.token_hex(16)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    psql(admin_url, "postgres", f"CREATE DATABASE {database}")
    log = open(work / "intake.log", "wb")
    env = dict(os.environ, DATABASE_URL=f"{admin_url}/{database}", KAFKA_TOPIC_PREFIX=prefix, HTTP_HOST="127.0.0.1",
               HTTP_PORT=str(port), LOG_LEVEL="warning", INTAKE_OPERATOR_TOKEN=operator)
    intake = subprocess.Popen([f"{args.bin}/intake"], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    pass
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/health/ready")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if intake.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"intake did not become ready: {(work / 'intake.log').read_text()[-2000:]}")
            time.sleep(0.2)
        officer = Client(port, operator).call("POST", "/v1/api-clients", {"name": "bench officer", "role": "officer"})["token"]
        client = Client(port, officer)

        say(f"importing {args.enterprises} enterprises and {args.providers} providers")
        client.call("POST", "/v1/imports/enterprises", enterprise_file(args.enterprises, 7), "text/csv")
        client.call("POST", "/v1/imports/providers", provider_file(args.providers), "text/csv")
        enterprises, path = [], "/v1/enterprises?limit=200"
        while path:
            page = client.call("GET", path)
            enterprises += [item["id"] for item in page["items"]]
            path = page.get("next")
        say(f"submitting {args.requests} requests")
        started = time.monotonic()

        def submit(range_):
            submitter = Client(port, officer)
            for n in range_:
                product, kind, _ = PRODUCTS[n % len(PRODUCTS)]
                submitter.call("POST", "/v1/requests", {
                    "enterpriseId": enterprises[n % len(enterprises)], "productName": f"{product} {n}", "productType": "food",
                    "serviceAreas": ["packagingDesign"], "description": "ยืดอายุการเก็บรักษาและบรรจุภัณฑ์ใหม่"})
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(submit, [range(i, args.requests, 8) for i in range(8)]))
        say(f"submitted in {time.monotonic() - started:.0f} s; spreading statuses")
        statuses = "ARRAY[" + ",".join(f"'{s}'" for s in STATUSES) + "]"
        psql(admin_url, database, f"""
            UPDATE intake.requests SET status = ({statuses})[1 + abs(hashtext(id::text)) % {len(STATUSES)}],
                   status_since = now() - (abs(hashtext(id::text || 's')) % 60) * interval '1 day',
                   last_activity_at = now() - (abs(hashtext(id::text || 'a')) % 60) * interval '1 day';
            UPDATE intake.requests SET waiting_reason = 'allCandidatesFull' WHERE status IN ('unmatched', 'waitlisted');
            ANALYZE;
            """)
        reference = client.call("GET", "/v1/requests?limit=1")["items"][0]["reference"]
        queries = [
            ("enterprises, `q` a 3-character Thai fragment (`ริม`)", "/v1/enterprises?q=" + urllib.parse.quote("ริม")),
            ("enterprises, `q` a common fragment (`แม่`, one name in six)", "/v1/enterprises?q=" + urllib.parse.quote("แม่")),
            ("requests, `q` a 3-character Thai fragment (`ริม`)", "/v1/requests?q=" + urllib.parse.quote("ริม")),
            (f"requests, `q` a reference (`{reference.lower()}`)", "/v1/requests?q=" + urllib.parse.quote(reference.lower())),
            ("requests, `q` a phone (`084-234-1234`)", "/v1/requests?q=" + urllib.parse.quote("084-234-1234")),
            ("providers, `q` a 3-character Thai fragment (`ริม`)", "/v1/providers?q=" + urllib.parse.quote("ริม")),
            ("requests, no `q` (for comparison)", "/v1/requests"),
            ("`GET /v1/queues` (one statement, eight counts)", "/v1/queues"),
        ]
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}; "
              f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; intake {args.bin}")
        print(f"data: {args.enterprises} enterprises, {args.requests} requests, {args.providers} providers; "
              f"{args.samples} calls per query, one after the other, as an officer")
        print("| query | p50 ms | p95 ms | max ms | items |")
        print("|---|---:|---:|---:|---:|")
        for name, path in queries:
            p50, p95, worst, items = timed(client, path, args.samples)
            print(f"| {name} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {items} |", flush=True)
    finally:
        intake.send_signal(signal.SIGTERM)
        try:
            intake.wait(timeout=15)
        except subprocess.TimeoutExpired:
            intake.kill()
        subprocess.run([f"{args.bin}/otopctl", "topics", "delete", "--prefix", prefix], env=dict(os.environ, KAFKA_BROKERS=brokers),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.environ.get("OTOP_BENCH_KEEP") == "1":
            print(f"work folder kept: {work}; database kept: {database} (drop it when done)", file=sys.stderr)
        else:
            psql(admin_url, "postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            for f in work.iterdir():
                f.unlink()
            work.rmdir()


if __name__ == "__main__":
    main()
