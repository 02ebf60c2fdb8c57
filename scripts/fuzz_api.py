#!/usr/bin/env python3
"""Schemathesis against the real intake, from its own /openapi.json (issue 10: "the contract is the code's").

Starts the intake the suite built (OTOP_BIN_DIR/intake) on a free port, against a fresh database on
the shared PostgreSQL and the shared broker under a topic prefix of its own; registers two
enterprises (north and south), a provider, a request and an API client of every role (operator,
officer, officer scoped to the north, enterprise, provider) through the API; then runs schemathesis
once per role with the checks below over every operation, and prints the number of test cases run.
Any finding fails the run (exit status 1). The database, the topics and the process are removed
afterwards, whatever happened.

The served document is checked first (scripts/check_openapi.py: valid OpenAPI 3.1, every example
valid against its schema).

Checks: not_a_server_error (no input reaches a 500), status_code_conformance (every answer is
documented), content_type_conformance, response_headers_conformance, response_schema_conformance
(every answer matches its schema), negative_data_rejection (a request the document says is invalid
is refused), missing_required_header, unsupported_method (405 with Allow), allow_header_conformance;
scripts/schemathesis.toml lists the statuses that count as refusing. OTOP_FUZZ_CHECKS overrides the
list (`all` for every check schemathesis has), OTOP_FUZZ_ROLES the roles.

Usage: scripts/fuzz_api.py [--examples N] [--seed S]   (after `eval "$(scripts/infra.sh env)"`;
       OTOP_BIN_DIR names the build, OTOP_VENV the venv with schemathesis)
"""
import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CHECKS = os.environ.get("OTOP_FUZZ_CHECKS", ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "missing_required_header", "unsupported_method",
    "allow_header_conformance"])).split(",")
PHASES = "examples,coverage,fuzzing"


def say(text):
    print(f"==> {text}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(admin_url, sql):
    subprocess.run([os.path.join(os.environ.get("OTOP_PG_BIN", ""), "psql") if os.environ.get("OTOP_PG_BIN") else "psql",
                    admin_url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True, capture_output=True, text=True)


def call(base, method, path, token, body=None, headers=None):
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        raise SystemExit(f"fuzz setup: {method} {path} answered {error.code}: {error.read().decode()}")


def wait_ready(base, process, log, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"intake exited with {process.returncode} before answering:\n{Path(log).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/health/ready", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"intake did not become ready in {timeout} s:\n{Path(log).read_text()[-3000:]}")


def seed(base, operator):
    """Parties and a client of every role, registered through the API."""
    _, officer = call(base, "POST", "/v1/api-clients", operator, {"name": "fuzz officer", "role": "officer"})
    _, north_officer = call(base, "POST", "/v1/api-clients", operator,
                            {"name": "fuzz north officer", "role": "officer", "region": "north"})
    enterprises = []
    for province, number in [("TH-50", "1234567890121"), ("TH-90", "3100600123451")]:
        _, enterprise = call(base, "POST", "/v1/enterprises", officer["token"], {
            "name": f"วิสาหกิจชุมชนทดสอบ {province}", "kind": "communityEnterprise", "registrationNumber": number,
            "provinceCode": province, "district": "เมือง",
            "products": [{"name": "น้ำพริกหนุ่ม", "productType": "food", "foodSubgroup": "processedFood"}],
            "contacts": [{"name": "นางสมศรี", "phone": "081-234-5678", "email": "somsri@example.org",
                          "channels": ["sms", "email"]}]})
        enterprises.append(enterprise)
    _, provider = call(base, "POST", "/v1/providers", officer["token"], {
        "name": "คลินิกเทคโนโลยีทดสอบ", "kind": "university", "serviceAreas": ["packagingDesign", "standardsSystem"],
        "productTypes": ["food"], "standards": ["tcps"], "provinceCodes": ["TH-50"], "regions": [], "capacity": 5,
        "contacts": [{"name": "ดร.ทดสอบ", "email": "coordinator@example.ac.th"}]})
    _, enterprise_client = call(base, "POST", "/v1/api-clients", operator,
                                {"name": "fuzz enterprise", "role": "enterprise", "enterpriseId": enterprises[0]["id"]})
    _, provider_client = call(base, "POST", "/v1/api-clients", operator,
                              {"name": "fuzz provider", "role": "provider", "providerId": provider["id"]})
    call(base, "POST", "/v1/requests", enterprise_client["token"], {
        "productId": enterprises[0]["products"][0]["id"], "serviceAreas": ["packagingDesign"],
        "description": "ต้องการออกแบบบรรจุภัณฑ์ใหม่"})
    return {"operator": operator, "officer": officer["token"], "northOfficer": north_officer["token"],
            "enterprise": enterprise_client["token"], "provider": provider_client["token"]}


def schemathesis(venv, base, role, token, examples, seed_value, report):
    """One schemathesis run as `role`; returns (exit status, test cases run, output)."""
    command = [os.path.join(venv, "bin", "st"), "--config-file", str(Path(__file__).with_name("schemathesis.toml")),
               "run", f"{base}/openapi.json", "--url", base,
               "-H", f"Authorization: Bearer {token}", "--checks", ",".join(CHECKS), "--phases", PHASES,
               "--max-examples", str(examples), "--seed", str(seed_value), "--workers", "1",
               "--generation-database", "none", "--suppress-health-check", "all", "--request-timeout", "30",
               "--no-color", "--output-truncate", "true", "--report", "ndjson", "--report-ndjson-path", report]
    # In the work folder: schemathesis keeps a cache of crashes in its working directory.
    run = subprocess.run(command, capture_output=True, text=True, cwd=Path(report).parent)
    return run.returncode, count_cases(report), run.stdout + run.stderr


def count_cases(report):
    """Test cases schemathesis ran (its NDJSON report holds one ScenarioFinished per scenario,
    with the cases' recorder)."""
    cases = 0
    try:
        lines = Path(report).read_text().splitlines()
    except FileNotFoundError:
        return 0
    for line in lines:
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if finished:
            cases += len((finished.get("recorder") or {}).get("cases") or {})
    return cases


def delete_topics(brokers, prefix):
    try:
        from confluent_kafka.admin import AdminClient
    except ImportError:
        say(f"confluent_kafka missing: topics {prefix}* left on the broker")
        return
    admin = AdminClient({"bootstrap.servers": brokers, "broker.address.family": "v4"})
    names = [name for name in admin.list_topics(timeout=30).topics if name.startswith(prefix)]
    if names:
        for future in admin.delete_topics(names, operation_timeout=30).values():
            try:
                future.result()
            except Exception as error:  # a topic already gone is fine
                say(f"deleting a fuzz topic: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=int(os.environ.get("OTOP_FUZZ_EXAMPLES", "6")),
                        help="schemathesis --max-examples per operation and role (default 6)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("OTOP_FUZZ_SEED", "20261129")))
    parser.add_argument("--minimum-cases", type=int, default=2000, help="fail when fewer test cases ran")
    args = parser.parse_args()

    binary = Path(os.environ["OTOP_BIN_DIR"]) / "intake"
    venv = os.environ["OTOP_VENV"]
    server_url = os.environ["DATABASE_URL"]
    brokers = os.environ["KAFKA_BROKERS"]
    parsed = urllib.parse.urlsplit(server_url)
    database = f"{parsed.path.lstrip('/')}_fuzz"
    admin_url = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    fuzz_url = urllib.parse.urlunsplit(parsed._replace(path=f"/{database}"))
    prefix = f"fuzz-{secrets.token_hex(4)}."
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    operator = "otop_fuzz_operator_" + secrets.token_hex(16)
    work = Path(tempfile.mkdtemp(prefix="otop-fuzz-"))
    log = work / "intake.log"

    psql(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(admin_url, f'CREATE DATABASE "{database}"')
    environment = dict(os.environ, DATABASE_URL=fuzz_url, KAFKA_TOPIC_PREFIX=prefix, KAFKA_TOPIC_PARTITIONS="1",
                       HTTP_PORT=str(port), INTAKE_OPERATOR_TOKEN=operator, LOG_LEVEL="warning")
    say(f"starting intake on {base} (database {database}, topics {prefix}*)")
    process = subprocess.Popen([str(binary)], env=environment, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    failed = False
    total = 0
    started = time.time()
    try:
        wait_ready(base, process, log)
        # The served document first: valid OpenAPI 3.1, every example valid against its schema.
        check = subprocess.run([os.path.join(venv, "bin", "python"), str(Path(__file__).with_name("check_openapi.py")),
                                f"{base}/openapi.json"], capture_output=True, text=True)
        say(f"/openapi.json: {check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip()}")
        if check.returncode != 0:
            print(check.stdout + check.stderr)
            failed = True
        tokens = seed(base, operator)
        roles = os.environ.get("OTOP_FUZZ_ROLES", ",".join(tokens)).split(",")
        for role, token in ((role, tokens[role]) for role in roles):
            report = work / f"{role}.ndjson"
            status, cases, output = schemathesis(venv, base, role, token, args.examples, args.seed, str(report))
            total += cases
            say(f"schemathesis as {role}: {cases} test cases, exit {status}")
            if status != 0:
                failed = True
                print(output[-20000:])
        say(f"schemathesis: {total} test cases in {time.time() - started:.0f} s over every operation, "
            f"as {', '.join(roles)}; checks {', '.join(CHECKS)}")
        if total < args.minimum_cases:
            say(f"fewer than {args.minimum_cases} test cases ran")
            failed = True
        if process.poll() is not None:
            say(f"intake stopped during the run (exit {process.returncode})")
            failed = True
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if failed:
            print(f"intake's log ({log}), last lines:\n" + log.read_text()[-4000:], file=sys.stderr)
        psql(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        delete_topics(brokers, prefix)
        if failed:
            say(f"reports and intake's log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
