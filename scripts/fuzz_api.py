#!/usr/bin/env python3
"""Schemathesis against the real intake, from its own /openapi.json (issue 10: "the contract is the code's").

Starts the intake the suite built (OTOP_BIN_DIR/intake) on a free port, against a fresh database on
the shared PostgreSQL and the shared broker under a topic prefix of its own; registers two
enterprises (north and south), a provider, a request, an officers' office and an API client of
every role (operator, officer, officer scoped to the north, ministry, enterprise, provider, and the portal's
service client) through the API; sign-in codes and the LINE webhook are on (a fresh SIGNIN_CODE_KEY
and LINE_CHANNEL_SECRET, rate limits out of reach), and scripts/fuzz_hooks.py signs the webhook's
bodies the way the LINE platform does, so schema-valid events reach the handler;
then runs schemathesis once per role with the checks below over every operation, and prints the
number of test cases run and, per role, the share of schema-valid cases answered 2xx. Any finding
fails the run (exit status 1). The database, the topics and the process are removed afterwards,
whatever happened.

The served document is checked first (scripts/check_openapi.py: valid OpenAPI 3.1, every example
valid against its schema).

Checks: not_a_server_error (no input reaches a 500), status_code_conformance (every answer is
documented), content_type_conformance, response_headers_conformance, response_schema_conformance
(every answer matches its schema), negative_data_rejection (a request the document says is invalid
is refused), missing_required_header, unsupported_method (405 with Allow), allow_header_conformance,
and positive_data_acceptance (a request the document says is valid is accepted: 2xx, or 403 for
a role that may not, 404 for an id naming nothing this client may see, 409 for a state that rules
the step out; never 400 or 422) on every operation, the bulk imports' CSV files written by
scripts/fuzz_hooks.py from the document's column tables and checked against its patterns.
scripts/schemathesis.toml lists
the statuses that count as refusing and as accepting; this script appends the run's real values
(the seeded parties' ids in paths, If-Match: *, an issued cursor, dictionaries of existing ids,
valid registration numbers and ordered validity dates for body members) to a copy of it.
OTOP_FUZZ_CHECKS overrides the list (`all` for every check schemathesis has), OTOP_FUZZ_ROLES the
roles; OTOP_FUZZ_KEEP=1 keeps the reports and intake's log. docs/api.md ("The contract is the
code's") explains each choice.

Usage: scripts/fuzz_api.py [--examples N] [--seed S]   (after `eval "$(scripts/infra.sh env)"`;
       OTOP_BIN_DIR names the build, OTOP_VENV the venv with schemathesis)
"""
import argparse
import base64
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

from bench_import_data import registration

CHECKS = os.environ.get("OTOP_FUZZ_CHECKS", ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "positive_data_acceptance"])).split(",")
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
    _, ministry = call(base, "POST", "/v1/api-clients", operator, {"name": "fuzz ministry", "role": "ministry"})
    enterprises = []
    for province, number in [("TH-50", "1234567890121"), ("TH-90", "3100600123450")]:
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
    _, submitted = call(base, "POST", "/v1/requests", enterprise_client["token"], {
        "productId": enterprises[0]["products"][0]["id"], "serviceAreas": ["packagingDesign"],
        "description": "ต้องการออกแบบบรรจุภัณฑ์ใหม่"})
    _, office = call(base, "POST", "/v1/officer-contacts", officer["token"], {
        "name": "สำนักงานทดสอบ ภาคเหนือ", "region": "north",
        "contacts": [{"name": "เจ้าหน้าที่ทดสอบ", "email": "north-office@example.org"}]})
    # A step report intake keeps while certification (not running here) has not answered it.
    _, report = call(base, "POST", f"/v1/enterprises/{enterprises[0]['id']}/certificate-steps", officer["token"],
                     {"standard": "halal", "step": "applied", "productName": "น้ำพริกหนุ่ม"})
    # Clients only the operator's run may rotate and revoke (its own token and the other roles' stay valid).
    _, rotated = call(base, "POST", "/v1/api-clients", operator, {"name": "fuzz client to rotate", "role": "officer"})
    _, revoked = call(base, "POST", "/v1/api-clients", operator, {"name": "fuzz client to revoke", "role": "officer"})
    _, portal = call(base, "POST", "/v1/api-clients", operator, {"name": "fuzz portal", "role": "portal"})
    # A cursor this API issued (the position after the newest enterprise).
    _, page = call(base, "GET", "/v1/enterprises?limit=1", officer["token"])
    cursor = urllib.parse.parse_qs(urllib.parse.urlsplit(page["next"]).query)["cursor"][0]
    tokens = {"operator": operator, "officer": officer["token"], "northOfficer": north_officer["token"],
              "ministry": ministry["token"],
              "enterprise": enterprise_client["token"], "provider": provider_client["token"], "portal": portal["token"]}
    ids = {"enterprise": enterprises[0]["id"], "product": enterprises[0]["products"][0]["id"], "south": enterprises[1]["id"],
           "provider": provider["id"], "request": submitted["id"], "office": office["partyId"],
           "client": enterprise_client["id"], "rotated": rotated["id"], "revoked": revoked["id"], "cursor": cursor,
           "report": report["id"]}
    return tokens, ids


def operation_parameters(ids):
    """The real ids schemathesis sends in each operation's path, by operationId: the north
    enterprise, its product, the provider, the request, the officers' office and an enterprise
    client, so that schema-valid cases reach the resource instead of a 404. Erasure of contact
    persons takes the south enterprise's, rotation and revocation clients of their own, so that the
    roles run after still find theirs; a step report is one intake keeps until certification answers.
    Proposals, certificates, budgets and rounds are made by services this run does not start: their
    ids stay generated (404)."""
    enterprise, product = {"path.id": ids["enterprise"]}, {"path.id": ids["enterprise"], "path.productId": ids["product"]}
    party = {"path.partyId": ids["enterprise"]}
    request = {"path.id": ids["request"]}
    by_operation = {
        "getEnterprise": enterprise, "updateEnterprise": enterprise, "listProducts": enterprise, "addProduct": enterprise,
        "getProduct": product, "updateProduct": product,
        "registerHeldCertificate": enterprise, "reportCertificateStepByStandard": enterprise,
        "getProvider": {"path.id": ids["provider"]}, "updateProvider": {"path.id": ids["provider"]},
        "getContacts": party, "updateContacts": party, "updateContactPreferences": party,
        # Erasure takes the south enterprise's contact persons, so the north one's stay for the roles after.
        "eraseContacts": {"path.partyId": ids["south"]},
        "getOfficerContacts": {"path.partyId": ids["office"]}, "updateOfficerContacts": {"path.partyId": ids["office"]},
        "getRequest": request, "screenRequest": request, "withdrawRequest": request, "reportWork": request,
        "confirmCompletion": request, "rateWork": request, "assignManually": request, "withdrawAssignment": request,
        "getCertificateReport": {"path.id": ids["report"]},
        "getClient": {"path.id": ids["client"]}, "rotateClient": {"path.id": ids["rotated"]},
        "revokeClient": {"path.id": ids["revoked"]},
    }
    return by_operation


def toml_string(value):
    return json.dumps(value, ensure_ascii=False)


def registration_numbers(count):
    """Valid 13-digit registration numbers (the last digit is the mod-11 check digit of the first
    twelve, which JSON Schema cannot say), distinct from the seeded ones."""
    return [registration(940, serial) for serial in range(count)]


def dictionaries(ids):
    """Values schemathesis's fuzzing phase draws body members from, where the document cannot say
    what the server checks: ids that exist, registration numbers with their check digit, a
    validity period that ends after it starts, a held certificate naming a product registered with it."""
    return {
        "registrationNumbers": registration_numbers(200),
        "validFrom": ["2023-05-01", "2024-01-10", "2025-06-01"],
        "validUntil": ["2028-04-30", "2029-04-19", "2030-12-31"],
        "productNames": ["น้ำพริกหนุ่ม"],
        "enterprises": [ids["enterprise"]], "products": [ids["product"]], "providers": [ids["provider"]],
        "requests": [ids["request"]],
    }


BODY_DICTIONARIES = {
    # operationId: {body member path: dictionary}
    "registerEnterprise": {"body.registrationNumber": "registrationNumbers", "body.products[*].name": "productNames",
                           "body.heldCertificates[*].productName": "productNames",
                           "body.heldCertificates[*].validFrom": "validFrom", "body.heldCertificates[*].validUntil": "validUntil"},
    "updateEnterprise": {"body.registrationNumber": "registrationNumbers"},
    "applyAsEnterprise": {"body.registrationNumber": "registrationNumbers"},
    "registerHeldCertificate": {"body.productId": "products", "body.productName": "productNames",
                                "body.validFrom": "validFrom", "body.validUntil": "validUntil"},
    "reportCertificateStep": {"body.productId": "products", "body.requestId": "requests",
                              "body.validFrom": "validFrom", "body.validUntil": "validUntil"},
    "reportCertificateStepByStandard": {"body.productId": "products", "body.productName": "productNames", "body.requestId": "requests",
                                       "body.validFrom": "validFrom", "body.validUntil": "validUntil"},
    "submitRequest": {"body.productId": "products", "body.enterpriseId": "enterprises"},
    "assignManually": {"body.providerId": "providers"},
    "createClient": {"body.enterpriseId": "enterprises", "body.providerId": "providers"},
}

IMPORT_OPERATIONS = ("importEnterprises", "importProviders", "importHistory")

# Operations whose well-formed requests are refused by what no document can know (docs/api.md,
# "positive_data_acceptance"): a 6-digit code that is not the one sent is wrong (422, with the
# tries left) and a code id that names no live code is spent (410).
ACCEPTING = {"verifySignInCode": [200, 403, 409, 410, 422]}

# POST routes that also require If-Match: Idempotency-Key is handled before the route (one
# middleware), so a request without If-Match whose key was used with another request is answered
# 409 for the key before the route could answer 428 for the header.
MISSING_HEADER = {"verifyEnterprise": [400, 401, 403, 406, 409, 415, 422, 428]}


def role_config(ids, path):
    """scripts/schemathesis.toml with this run's real values appended, written to `path`."""
    lines = [Path(__file__).with_name("schemathesis.toml").read_text(), "",
             "# Generated by fuzz_api.py for this run: real values of the seeded parties.", "[parameters]",
             '"header.If-Match" = "*"', f'"query.cursor" = {toml_string(ids["cursor"])}', ""]
    for name, values in dictionaries(ids).items():
        lines += [f"[dictionaries.{name}]", f"values = {toml_string(values)}", ""]
    operations = {name: dict(values) for name, values in operation_parameters(ids).items()}
    operations.setdefault("listCertificates", {})["query.enterpriseId"] = ids["enterprise"]
    for operation, bindings in BODY_DICTIONARIES.items():
        for member, dictionary in bindings.items():
            operations.setdefault(operation, {})[member] = {"dictionary": dictionary}
    for operation, parameters in operations.items():
        members = ", ".join(f"{toml_string(name)} = " + (f'{{ dictionary = {toml_string(value["dictionary"])} }}'
                                                          if isinstance(value, dict) else toml_string(value))
                            for name, value in parameters.items())
        lines += ["[[operations]]", f"include-operation-id = {toml_string(operation)}", f"parameters = {{ {members} }}", ""]
    # More files per run for the imports than --max-examples gives an operation: each is a whole
    # spreadsheet (fuzz_hooks.py), and rows, headers and quoting vary more than one JSON member.
    for operation in IMPORT_OPERATIONS:
        lines += ["[[operations]]", f"include-operation-id = {toml_string(operation)}", "generation = { max-examples = 40 }", ""]
    for operation, statuses in ACCEPTING.items():
        lines += ["[[operations]]", f"include-operation-id = {toml_string(operation)}",
                  f"checks.positive_data_acceptance.expected-statuses = {statuses}", ""]
    for operation, statuses in MISSING_HEADER.items():
        lines += ["[[operations]]", f"include-operation-id = {toml_string(operation)}",
                  f"checks.missing_required_header.expected-statuses = {statuses}", ""]
    Path(path).write_text("\n".join(lines))
    return path


def schemathesis(venv, base, role, token, examples, seed_value, report, config, line_secret):
    """One schemathesis run as `role`; returns (exit status, *count_cases(report), output)."""
    command = [os.path.join(venv, "bin", "st"), "--config-file", str(config),
               "run", f"{base}/openapi.json", "--url", base,
               "-H", f"Authorization: Bearer {token}", "--checks", ",".join(CHECKS), "--phases", PHASES,
               "--max-examples", str(examples), "--seed", str(seed_value), "--workers", "1",
               "--generation-database", "none", "--suppress-health-check", "all", "--request-timeout", "30",
               "--no-color", "--output-truncate", "true", "--report", "ndjson", "--report-ndjson-path", report]
    # In the work folder: schemathesis keeps a cache of crashes in its working directory.
    # fuzz_hooks.py writes the imports' CSV files from the served document.
    environment = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", OTOP_FUZZ_OPENAPI=f"{base}/openapi.json",
                       OTOP_FUZZ_LINE_SECRET=line_secret,
                       PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])))
    run = subprocess.run(command, capture_output=True, text=True, cwd=Path(report).parent, env=environment)
    return run.returncode, *count_cases(report), run.stdout + run.stderr


def count_cases(report):
    """(test cases run, positive cases answered, positive cases answered 2xx, {import operation:
    [files the document calls valid answered, answered 200, {outcome: parties}]}) from schemathesis's NDJSON report: one
    ScenarioFinished per scenario, with its cases and their interactions."""
    cases = positive = accepted = 0
    imports = {}
    try:
        lines = Path(report).read_text().splitlines()
    except FileNotFoundError:
        return 0, 0, 0, imports
    for line in lines:
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        interactions = recorder.get("interactions") or {}
        for case_id, case in (recorder.get("cases") or {}).items():
            cases += 1
            mode = (((case.get("value") or {}).get("meta") or {}).get("generation") or {}).get("mode")
            response = (interactions.get(case_id) or {}).get("response")
            if mode == "positive" and response:
                positive += 1
                accepted += 200 <= response["status_code"] < 300
                if "/v1/imports/" in (recorder.get("label") or ""):
                    tally = imports.setdefault(recorder["label"], [0, 0, {}])
                    tally[0] += 1
                    if response["status_code"] == 200:
                        tally[1] += 1
                        for outcome, count in import_summary(response).items():
                            tally[2][outcome] = tally[2].get(outcome, 0) + count
    return cases, positive, accepted, imports


def import_summary(response):
    """The import report's summary (created, updated, unchanged, failed) from a recorded answer."""
    content = response.get("content")
    if isinstance(content, dict) and "$base64" in content:
        content = base64.b64decode(content["$base64"]).decode("utf-8", "replace")
    try:
        return json.loads(content).get("summary") or {}
    except (TypeError, ValueError, AttributeError):
        return {}


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
    parser.add_argument("--examples", type=int, default=int(os.environ.get("OTOP_FUZZ_EXAMPLES", "5")),
                        help="schemathesis --max-examples per operation and role (default 5)")
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
    line_secret = secrets.token_hex(16)
    environment = dict(os.environ, DATABASE_URL=fuzz_url, KAFKA_TOPIC_PREFIX=prefix, KAFKA_TOPIC_PARTITIONS="1",
                       HTTP_PORT=str(port), INTAKE_OPERATOR_TOKEN=operator, LOG_LEVEL="warning",
                       SIGNIN_CODE_KEY=base64.b64encode(secrets.token_bytes(32)).decode(), LINE_CHANNEL_SECRET=line_secret,
                       INTAKE_SIGNIN_CODES_PER_CONTACT="1000", INTAKE_SIGNIN_CODES_PER_ADDRESS="100000")
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
        tokens, ids = seed(base, operator)
        config = role_config(ids, work / "schemathesis.toml")
        roles = os.environ.get("OTOP_FUZZ_ROLES", ",".join(tokens)).split(",")
        for role, token in ((role, tokens[role]) for role in roles):
            report = work / f"{role}.ndjson"
            status, cases, positive, accepted, imports, output = schemathesis(venv, base, role, token, args.examples, args.seed,
                                                                              str(report), config, line_secret)
            total += cases
            files = ", ".join(f"{label} {ok} of {sent} read (200" + "".join(f", {k} {v}" for k, v in outcomes.items()) + ")"
                              for label, (sent, ok, outcomes) in sorted(imports.items()))
            say(f"schemathesis as {role}: {cases} test cases, exit {status}; {accepted} of {positive} schema-valid "
                f"cases answered 2xx ({100 * accepted / max(positive, 1):.0f}%)" + (f"; CSV files: {files}" if files else ""))
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
        if failed or os.environ.get("OTOP_FUZZ_KEEP"):
            say(f"reports and intake's log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
