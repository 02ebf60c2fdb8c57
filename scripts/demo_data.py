#!/usr/bin/env python3
"""Loads demo data through intake's real API and follows one request through the system.

Operator (token from INTAKE_OPERATOR_TOKEN) creates an officer client; the officer registers three
providers and two OTOP enterprises; the operator creates a client for one enterprise, which submits a
request for help; the officer screens it in. The script then waits for the e-mails that notifications
sent over SMTP (to the enterprise, and to whichever provider matching proposed: on a system that
already holds other data that may be a provider registered before the demo, which the demo then
follows) and for the request's timeline, and prints both. It plays the journey to the end and builds
the portal's demo scene (scripts/demo/portal_scene.py); last, it imports the programme's past years
(scripts/demo/history.csv) and prints, as the ministry's read-only client, the cumulative report
since FY2560. Standard library only.

Running it again keeps one copy of the demo data: a party whose name is already registered is looked
up (in intake's tables, with psql, as the wait for matching already does) instead of registered
again, and the two demo clients' tokens are kept in --state (shown once by the API, so kept there)
and reused while they still authenticate. Each run submits one new request.
"""
import argparse, email, email.policy, json, os, subprocess, sys, time, urllib.error, urllib.request
from pathlib import Path
from demo import certification, kpis, notifications, portal_scene, reports
from demo.history_data import MAE_RIM_NUMBER
from demo.csv_import import import_samples
from demo.journey import play_journey

def status_of(api, path, token):
    """The HTTP status of a GET, without failing on 4xx (to check that a kept token still works)."""
    req = urllib.request.Request(api + path, method="GET")
    req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code

def call(api, method, path, token, body=None, headers=None):
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    req = urllib.request.Request(api + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        problem = e.read().decode()
        sys.exit(f"{method} {path} answered {e.code}: {problem}")

PROVIDERS = [
    {"name": "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "kind": "university",
     "serviceAreas": ["productionProcess", "packagingDesign", "standardsSystem"],
     "productTypes": ["food", "beverage", "herbal"], "standards": ["fdaFoodSerial", "gmp", "tcps"],
     "accreditedLabTests": ["ISO/IEC 17025: จุลินทรีย์ในอาหาร"], "provinceCodes": ["TH-50", "TH-51", "TH-58"],
     "regions": ["north"], "capacity": 12, "qualified": True,
     "contacts": [{"name": "ดร.วิภาวี ศรีสุข", "role": "ผู้ประสานงานโครงการ", "email": "wipawee.coordinator@mju-clinic.example",
                   "channels": ["email"]}]},
    {"name": "อุทยานวิทยาศาสตร์ภาคตะวันออกเฉียงเหนือ มหาวิทยาลัยขอนแก่น", "kind": "sciencePark",
     "serviceAreas": ["rawMaterialQuality", "productInnovation", "machineryDesign"],
     "productTypes": ["food", "textile", "household"], "standards": ["tcps"], "provinceCodes": ["TH-40"],
     "regions": ["northeast"], "capacity": 20, "qualified": True,
     "contacts": [{"name": "คุณอนุชา พรหมมา", "email": "anucha@kku-sciencepark.example", "channels": ["email"]}]},
    {"name": "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย (วว.)", "kind": "institute",
     "serviceAreas": ["rawMaterialQuality", "productionProcess", "machineryDesign", "packagingDesign", "productInnovation", "standardsSystem"],
     "productTypes": ["food", "beverage", "textile", "household", "herbal"], "standards": ["tcps", "gmp", "halal", "cosmeticNotification", "herbalProductLicence"],
     "provinceCodes": ["TH-13"], "regions": ["central"], "capacity": 30, "qualified": True,
     "contacts": [{"name": "คุณกมลชนก วงศ์ใหญ่", "email": "otop-desk@tistr.example", "language": "th", "channels": ["email"]}]},
]

ENTERPRISES = [
    # Served twice before the system (scripts/demo/history.csv, by this number): one establishment in the reports.
    {"name": "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "kind": "communityEnterprise", "provinceCode": "TH-50",
     "registrationNumber": MAE_RIM_NUMBER,
     "district": "แม่ริม", "subdistrict": "ริมใต้",
     "products": [{"name": "น้ำพริกหนุ่มสมุนไพร", "productType": "food", "foodSubgroup": "processedFood",
                   "opcStars": 3, "opcYear": 2565, "quadrant": "B"}],
     "contacts": [{"name": "นางสมศรี ใจดี", "role": "ประธานกลุ่ม", "email": "somsri@ban-maerim.example",
                   "phone": "081-234-5678", "channels": ["email", "sms"]}]},
    {"name": "กลุ่มทอผ้าไหมบ้านนาโพธิ์", "kind": "communityEnterprise", "provinceCode": "TH-31", "district": "นาโพธิ์",
     "products": [{"name": "ผ้าไหมมัดหมี่ลายโบราณ", "productType": "textile", "opcStars": 4, "opcYear": 2565, "quadrant": "A"}],
     "contacts": [{"name": "นางบุญมี ทองดี", "email": "boonmee@naphosilk.example", "channels": ["email"]}]},
]

# Other runs (the end-to-end tests) share the SMTP server: demo mail is recognised by its addresses.
DEMO_ADDRESSES = [c["email"] for party in PROVIDERS + ENTERPRISES for c in party["contacts"]]

def psql(database_url, sql, **values):
    """Rows of one query as lists of text. Values are passed as psql variables and quoted by psql
    (`:'name'` in the SQL), never pasted into the statement."""
    arguments = ["psql", database_url, "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-F", "\t"]
    for name, value in values.items():
        arguments += ["-v", f"{name}={value}"]
    out = subprocess.run(arguments, input=sql, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]

def matching_knows(database_url, provider_ids):
    """How many of these providers the matching service knows (read with psql from its schema)."""
    rows = psql(database_url, "SELECT count(*) FROM matching.providers WHERE id = ANY (string_to_array(:'ids', ',')::uuid[])",
                ids=",".join(provider_ids))
    return int(rows[0][0])

def registered_provider(database_url, name):
    """The id of the provider already registered under this name (the oldest), or None."""
    rows = psql(database_url, "SELECT id FROM intake.providers WHERE name = :'name' ORDER BY created_at, id LIMIT 1", name=name)
    return rows[0][0] if rows else None

def registered_enterprise(database_url, enterprise):
    """The enterprise already registered under this name (the oldest) with its products, as the API
    shows them, or None."""
    rows = psql(database_url, "SELECT id, province_code FROM intake.enterprises WHERE name = :'name' ORDER BY created_at, id LIMIT 1",
                name=enterprise["name"])
    if not rows:
        return None
    products = psql(database_url, "SELECT id, name FROM intake.products WHERE enterprise_id = :'id' ORDER BY name", id=rows[0][0])
    return {"id": rows[0][0], "name": enterprise["name"], "provinceCode": rows[0][1],
            "products": [{"id": product_id, "name": name} for product_id, name in products]}

def client_token(api, state, key, operator, body):
    """The token of a demo client kept from an earlier run while it still authenticates, else a new
    client's (kept for the next run)."""
    token = state.get(key)
    if token and status_of(api, "/v1/proposals?limit=1", token) == 200:   # a route every role may read
        return token
    _, created = call(api, "POST", "/v1/api-clients", operator, body)
    state[key] = created["token"]
    return created["token"]

def find_mail(maildir, reference, template, deadline, addresses=DEMO_ADDRESSES):
    """The e-mail of `template` about `reference` to one of `addresses` (other runs share the SMTP
    server, and references restart per database), or None by the deadline."""
    new = Path(maildir) / "new"
    while time.time() < deadline:
        for f in sorted(new.glob("*")) if new.exists() else []:
            msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
            if msg.get("X-OTOP-Request") == reference and msg.get("X-OTOP-Template") == template \
                    and any(address in str(msg.get("To")) for address in addresses):
                return msg
        time.sleep(0.2)
    return None

def wait_for(what, timeout, probe):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    sys.exit(f"timed out after {timeout:.0f} s waiting for {what}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", default="http://127.0.0.1:8080")
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--state", required=True, help="file keeping the demo clients' tokens between runs")
    args = ap.parse_args()
    operator = os.environ["INTAKE_OPERATOR_TOKEN"]
    state_file = Path(args.state)
    state = json.loads(state_file.read_text()) if state_file.exists() else {}

    officer = client_token(args.api, state, "officer", operator, {"name": "เจ้าหน้าที่โครงการ (demo)", "role": "officer"})
    provider_ids = []
    for p in PROVIDERS:
        existing = registered_provider(args.database_url, p["name"])
        if existing:
            print(f"provider already registered: {p['name']}")
            provider_ids.append(existing)
        else:
            _, created = call(args.api, "POST", "/v1/providers", officer, p)
            print(f"provider registered: {created['name']}")
            provider_ids.append(created["id"])
    enterprises = []
    for e in ENTERPRISES:
        existing = registered_enterprise(args.database_url, e)
        if existing:
            enterprises.append(existing)
            print(f"enterprise already registered: {existing['name']} ({existing['provinceCode']})")
        else:
            _, created = call(args.api, "POST", "/v1/enterprises", officer, e)
            enterprises.append(created)
            print(f"enterprise registered: {created['name']} ({created['provinceCode']})")
    # Providers register long before requests in real life: give matching the moment to learn them.
    deadline = time.time() + args.timeout
    while matching_knows(args.database_url, provider_ids) < len(provider_ids) and time.time() < deadline:
        time.sleep(0.2)
    maerim = enterprises[0]
    token = client_token(args.api, state, "enterprise:" + maerim["id"], operator,
                         {"name": "บัญชีวิสาหกิจชุมชนบ้านแม่ริม", "role": "enterprise", "enterpriseId": maerim["id"]})
    provider_tokens = {pid: client_token(args.api, state, "provider:" + pid, operator, {
        "name": f"ผู้ประสานงานผู้ให้บริการ {pid[:8]} (demo)", "role": "provider", "providerId": pid}) for pid in provider_ids}
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.touch(mode=0o600)
    state_file.write_text(json.dumps(state, indent=2))
    client = {"token": token}
    status, submitted = call(args.api, "POST", "/v1/requests", client["token"], {
        "productId": maerim["products"][0]["id"],
        "serviceAreas": ["packagingDesign", "standardsSystem"], "targetStandard": "tcps",
        "description": "ต้องการยืดอายุการเก็บรักษาน้ำพริกหนุ่มเป็น 6 เดือน ออกแบบบรรจุภัณฑ์ใหม่ และยื่นขอ มผช."},
        headers={"Idempotency-Key": f"demo-{time.time()}"})
    print(f"\nrequest submitted: HTTP {status} {submitted['reference']} (id {submitted['id']})")

    deadline = time.time() + args.timeout
    received = find_mail(args.maildir, submitted["reference"], "request-received", deadline)
    if received is None:
        sys.exit(f"no 'request-received' e-mail for {submitted['reference']} arrived within {args.timeout:.0f} s")
    print(f"\n=== e-mail to the enterprise (request-received) ===")
    print(f"To: {received['To']}\nSubject: {received['Subject']}\n")
    print(received.get_body(preferencelist=("plain",)).get_content().strip())

    # With MATCHING_SCREENING=officer (scripts/run.sh) matching parks the request for an officer, who
    # screens it in; with automatic screening it moves on by itself.
    placed = wait_for("matching to take the request", args.timeout, lambda: (lambda status: status if status in (
        "awaitingScreening", "proposed", "unmatched", "waitlisted") else None)(
        call(args.api, "GET", f"/v1/requests/{submitted['id']}", client["token"])[1]["status"]))
    if placed == "awaitingScreening":
        call(args.api, "POST", f"/v1/requests/{submitted['id']}/screening", officer, {"eligible": True})
        print(f"\nofficer: screened {submitted['reference']} eligible")

    # Matching proposes the best provider it knows. On a system holding other data that may be another
    # provider than the demo's own: the demo follows whichever it chose.
    proposal = wait_for("the proposal", args.timeout, lambda: next(iter(
        call(args.api, "GET", f"/v1/proposals?requestId={submitted['id']}&status=pending", officer)[1]["items"]), None))
    chosen = proposal["providerId"]
    if chosen not in provider_tokens:
        print(f"matching chose {proposal['providerName']}, registered before the demo: the demo follows it")
        provider_tokens[chosen] = client_token(args.api, state, "provider:" + chosen, operator, {
            "name": f"ผู้ประสานงานผู้ให้บริการ {chosen[:8]} (demo)", "role": "provider", "providerId": chosen})
        state_file.write_text(json.dumps(state, indent=2))
    addresses = [person["email"] for person in call(args.api, "GET", f"/v1/contacts/{chosen}", officer)[1]["contacts"]
                 if person.get("email")]
    msg = find_mail(args.maildir, submitted["reference"], "proposal-to-provider", deadline, addresses) if addresses else None
    if msg is None:
        sys.exit(f"no 'proposal-to-provider' e-mail for {submitted['reference']} to {proposal['providerName']} "
                 f"({', '.join(addresses) or 'no e-mail address'}) arrived within {args.timeout:.0f} s")
    print(f"\n=== e-mail to the proposed provider (proposal-to-provider) ===")
    print(f"To: {msg['To']}\nSubject: {msg['Subject']}\n")
    print(msg.get_body(preferencelist=("plain",)).get_content().strip())

    while time.time() < deadline:
        _, view = call(args.api, "GET", f"/v1/requests/{submitted['id']}", client["token"])
        types = [t["type"] for t in view.get("timeline", [])]
        if view["status"] == "proposed" and types.count("th.otop.notification.delivered.v1") >= 2 \
                and "th.otop.certification.planned.v1" in types:
            break
        time.sleep(0.3)
    print(f"\n=== GET /v1/requests/{submitted['id']} (as the enterprise): status {view['status']} ===")
    for t in view["timeline"]:
        summary = ", ".join(f"{k}={v}" for k, v in sorted(t["summary"].items()))
        print(f"  {t['at']}  {t['source']:<20} {t['type']:<38} {summary}")

    play_journey(args.api, officer, client["token"], provider_tokens, submitted, view["fiscalYear"], "north", args.timeout)
    certification.demo(args.api, officer, submitted["id"], timeout=args.timeout)
    notifications.show(call, args.api, operator, officer, maerim, client["token"], args.maildir, args.timeout)
    import_samples(args.api, officer)
    portal_scene.build(call, args.api, operator, officer, psql, args.database_url, view["fiscalYear"], args.timeout)
    kpis.show(call, args.api, officer, view["fiscalYear"])
    ministry = client_token(args.api, state, "ministry", operator, {"name": "กองส่งเสริม OTOP (demo)", "role": "ministry"})
    state_file.write_text(json.dumps(state, indent=2))
    reports.show(call, args.api, officer, ministry)

if __name__ == "__main__":
    main()
