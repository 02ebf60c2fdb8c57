"""The portal's demo scene (scripts/demo_data.py, after the journey): data that makes every page of
the officers' portal meaningful for the demo's northern officer, and the dashboard, budgets and rounds
for several regions. Built once per database (its last enterprise is the marker).

In the north, one item of every queue kind: a request waiting for screening (the journey's second
request), a proposal past its response window, a request no provider fits (unmatched, with its
reason, and waitlisted again by a finished allocation round), work reported and unconfirmed for 16
days, an assignment idle for 35 days, a provider waiting for pre-qualification, a certificate expiring
in 45 days, and an SMS that failed for good (the SMS stand-in of scripts/run.sh is told to refuse
the next message).
Budgets are set for three regions and a request in the northeast is assigned.

A demo cannot wait two weeks: the "unconfirmed" and "idle" requests and the overdue proposal have
their instants in intake's read model moved back (psql), exactly as the browser tests let time pass.
Standard library only.
"""
import datetime
import json
import os
import time
import urllib.request
import uuid

PLACED = ("proposed", "unmatched", "waitlisted")


def _wait(what, timeout, probe):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.3)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


class Scene:
    def __init__(self, call, api, operator, officer, psql, database_url, fiscal_year, timeout):
        self.call, self.api, self.operator, self.officer = call, api, operator, officer
        self.psql, self.database_url, self.fiscal_year, self.timeout = psql, database_url, fiscal_year, timeout
        self.tokens = {}

    def get(self, path):
        return self.call(self.api, "GET", path, self.officer)[1]

    def token(self, role, party_id):
        """An API client for a party (created by the operator), to act as the party does."""
        if party_id not in self.tokens:
            key = "enterpriseId" if role == "enterprise" else "providerId"
            _, created = self.call(self.api, "POST", "/v1/api-clients", self.operator,
                                   {"name": f"ผู้ใช้สาธิต {role} {party_id[:8]}", "role": role, key: party_id})
            self.tokens[party_id] = created["token"]
        return self.tokens[party_id]

    def enterprise(self, name, province, district, product, product_type="food", channels=("email",), phone="089-000-0000"):
        body = {"name": name, "kind": "communityEnterprise", "provinceCode": province, "district": district,
                "products": [{"name": product, "productType": product_type, **({"foodSubgroup": "processedFood"} if product_type == "food" else {})}],
                "contacts": [{"name": f"ประธาน{name[:20]}", "role": "ประธานกลุ่ม", "phone": phone,
                              "email": f"demo-{uuid.uuid4().hex[:8]}@otop-demo.example", "channels": list(channels)}]}
        return self.call(self.api, "POST", "/v1/enterprises", self.officer, body)[1]

    def request(self, enterprise, description, standard="tcps", areas=("packagingDesign", "standardsSystem")):
        body = {"productId": enterprise["products"][0]["id"], "serviceAreas": list(areas), "description": description}
        if standard:
            body["targetStandard"] = standard
        submitted = self.call(self.api, "POST", "/v1/requests", self.token("enterprise", enterprise["id"]), body,
                              headers={"Idempotency-Key": f"demo-scene-{enterprise['id']}-{time.time()}"})[1]
        return self.status(submitted["id"], "awaitingScreening", *PLACED)

    def status(self, request_id, *wanted):
        return _wait(f"request {request_id} to be {' or '.join(wanted)}", self.timeout,
                     lambda: (lambda r: r if r["status"] in wanted else None)(self.get(f"/v1/requests/{request_id}")))

    def screened(self, request):
        """The request once placed: screened in by the officer when matching parked it for screening
        (MATCHING_SCREENING=officer, as scripts/run.sh runs it), else as matching placed it."""
        if request["status"] == "awaitingScreening":
            self.call(self.api, "POST", f"/v1/requests/{request['id']}/screening", self.officer, {"eligible": True})
        return self.status(request["id"], *PLACED)

    def proposal(self, request):
        return _wait(f"a proposal for {request['reference']}", self.timeout, lambda: next(
            (p for p in self.get(f"/v1/proposals?requestId={request['id']}")["items"] if p["status"] == "pending"), None))

    def assigned(self, enterprise, request):
        proposal = self.proposal(self.screened(request))
        provider = self.token("provider", proposal["providerId"])
        self.call(self.api, "POST", f"/v1/proposals/{proposal['id']}/accept", provider)
        self.status(request["id"], "accepted")
        self.call(self.api, "POST", f"/v1/proposals/{proposal['id']}/confirm", self.token("enterprise", enterprise["id"]))
        return self.status(request["id"], "assigned"), provider

    def time_passes(self, sql, **values):
        self.psql(self.database_url, sql, **values)

    def set_budget(self, region, amount):
        # RFC 9110: the first budget is created with If-None-Match: *, a set one changed with If-Match.
        path = f"/v1/budgets/{self.fiscal_year}/{region}"
        known = self.call(self.api, "GET", path, self.officer)[1].get("set", True)
        self.call(self.api, "PUT", path, self.officer, {"amountBaht": amount},
                  headers={"If-Match": "*"} if known else {"If-None-Match": "*"})


def build(call, api, operator, officer, psql, database_url, fiscal_year, timeout=60):
    """Builds the scene unless this database has it; prints what each page will show."""
    marker = "กลุ่มทอผ้าไหมมัดหมี่บ้านหัวช้าง"  # the scene's last enterprise: a scene cut short is built again
    print("\n=== the portal's demo scene ===")
    if psql(database_url, "SELECT 1 FROM intake.enterprises WHERE name = :'name'", name=marker):
        print("already built on this database (its queue items may have been worked since)")
        return
    scene = Scene(call, api, operator, officer, psql, database_url, fiscal_year, timeout)
    today = datetime.date.today()

    # Budgets for several regions (the journey set the north's).
    for region, amount in [("northeast", 12_000_000), ("central", 18_000_000), ("south", 6_000_000)]:
        scene.set_budget(region, amount)
    print("budgets set: northeast 12,000,000 · central 18,000,000 · south 6,000,000 baht")

    # A certificate expiring in 45 days (queue: certificates expiring within 90 days).
    longan = scene.enterprise("กลุ่มแม่บ้านแปรรูปลำไยสารภี", "TH-50", "สารภี", "ลำไยอบแห้งสีทอง")
    call(api, "POST", f"/v1/enterprises/{longan['id']}/certificates", officer, {
        "standard": "tcps", "number": "มผช. 22/2567", "productName": "ลำไยอบแห้งสีทอง",
        "validFrom": str(today - datetime.timedelta(days=3 * 365 - 45)), "validUntil": str(today + datetime.timedelta(days=45))})
    print(f"{longan['name']}: a held มผช. certificate expiring on {today + datetime.timedelta(days=45)}")

    # A provider waiting for pre-qualification.
    call(api, "POST", "/v1/providers", officer, {
        "name": "ศูนย์บริการวิชาการ มหาวิทยาลัยพะเยา", "kind": "university", "serviceAreas": ["productInnovation", "packagingDesign"],
        "productTypes": ["food", "household"], "standards": ["tcps"], "provinceCodes": ["TH-56"], "regions": ["north"],
        "capacity": 6, "qualified": False,
        "contacts": [{"name": "ผศ.ดร.นภา ใจงาม", "email": "napa@up-service.example", "channels": ["email"]}]})
    print("ศูนย์บริการวิชาการ มหาวิทยาลัยพะเยา: registered, waiting for pre-qualification")

    # No provider offers organic certification: unmatched, with its reason.
    organic = scene.enterprise("กลุ่มเกษตรอินทรีย์บ้านสันทราย", "TH-50", "สันทราย", "ผักสลัดอินทรีย์อบกรอบ")
    waiting = scene.screened(scene.request(organic, "ต้องการขอรับรองมาตรฐานเกษตรอินทรีย์สำหรับผักอบกรอบ", standard="organic"))
    print(f"{waiting['reference']}: {waiting['status']}" + (f" ({waiting['waiting']['reasonTH']})" if waiting.get("waiting") else ""))

    # A proposal nobody answered: its three days passed four days ago.
    rice = scene.enterprise("กลุ่มข้าวแต๋นน้ำแตงโมบ้านแม่ทะ", "TH-52", "แม่ทะ", "ข้าวแต๋นน้ำแตงโม")
    overdue = scene.proposal(scene.screened(scene.request(rice, "ต้องการออกแบบบรรจุภัณฑ์ใหม่ให้ข้าวแต๋นไม่แตกระหว่างขนส่ง")))
    scene.time_passes("UPDATE intake.proposals SET respond_by = now() - interval '4 days' WHERE id = :'id'::uuid", id=overdue["id"])
    print(f"{overdue['requestReference']}: proposal to {overdue['providerName']} past its response window")

    # A proposal waiting for its provider's answer: scripts/run.sh ends with its link and the provider's sign-in.
    banana = scene.enterprise("กลุ่มกล้วยตากบ้านสันป่าตอง", "TH-50", "สันป่าตอง", "กล้วยตากอบน้ำผึ้ง")
    pending = scene.proposal(scene.screened(scene.request(banana, "ต้องการออกแบบบรรจุภัณฑ์กล้วยตากให้เก็บได้นานขึ้น")))
    print(f"{pending['requestReference']}: proposal to {pending['providerName']} waiting for its answer")

    # Work reported 16 days ago and not confirmed by the enterprise.
    tea = scene.enterprise("กลุ่มชาเมี่ยงบ้านแม่กำปอง", "TH-50", "แม่ออน", "ชาเมี่ยงอบแห้ง")
    reported, provider = scene.assigned(tea, scene.request(tea, "ต้องการพัฒนาชาเมี่ยงพร้อมดื่มและยื่นขอ มผช."))
    call(api, "POST", f"/v1/requests/{reported['id']}/work-report", provider,
         {"summary": "พัฒนาสูตรและบรรจุภัณฑ์ชาเมี่ยงพร้อมดื่มแล้ว ส่งเอกสาร มผช. ครบ", "standardApplied": "tcps"})
    scene.status(reported["id"], "workReported")
    scene.time_passes("UPDATE intake.requests SET status_since = status_since - interval '16 days', "
                      "last_activity_at = last_activity_at - interval '16 days' WHERE id = :'id'::uuid", id=reported["id"])
    print(f"{reported['reference']}: work reported 16 days ago, not confirmed")

    # An assignment without activity for 35 days.
    coffee = scene.enterprise("กลุ่มกาแฟดอยช้างวาวี", "TH-57", "แม่สรวย", "กาแฟคั่วดอยช้าง", product_type="beverage")
    idle, _ = scene.assigned(coffee, scene.request(coffee, "ต้องการปรับปรุงกระบวนการคั่วให้ได้มาตรฐาน GMP", standard="gmp",
                                                   areas=("productionProcess", "standardsSystem")))
    scene.time_passes("UPDATE intake.requests SET status_since = status_since - interval '35 days', "
                      "last_activity_at = last_activity_at - interval '35 days' WHERE id = :'id'::uuid", id=idle["id"])
    print(f"{idle['reference']}: assigned, no activity for 35 days")

    # A message that failed for good: the SMS gateway refuses the group's first SMS (HTTP 400).
    # Only where the SMS stand-in is notifications' gateway (scripts/run.sh says so with OTOP_STANDINS).
    sms_port = os.environ.get("OTOP_SMS_PORT")
    if sms_port and os.environ.get("OTOP_STANDINS"):
        control = urllib.request.Request(f"http://127.0.0.1:{sms_port}/_control", data=json.dumps({"fail": 1, "status": 400}).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(control, timeout=10).close()
        weaving = scene.enterprise("กลุ่มผ้าซิ่นตีนจกแม่แจ่ม", "TH-50", "แม่แจ่ม", "ผ้าซิ่นตีนจก", product_type="textile",
                                   channels=("sms",), phone="089-555-0101")
        failed_request = scene.request(weaving, "ต้องการพัฒนาลวดลายและบรรจุภัณฑ์ผ้าซิ่นตีนจก", standard=None, areas=("productInnovation",))
        _wait("the failed SMS in intake", timeout, lambda: any(
            item["requestId"] == failed_request["id"] for item in scene.get("/v1/notification-failures?resolved=false")["items"]))
        print(f"{failed_request['reference']}: the SMS to กลุ่มผ้าซิ่นตีนจกแม่แจ่ม failed for good (and it waits for screening)")

    # A finished allocation round in the north: what still waits is waitlisted, with its reason.
    _, started = call(api, "POST", "/v1/rounds", officer, {"fiscalYear": fiscal_year, "region": "north", "seed": 2570},
                      headers={"Idempotency-Key": f"demo-round-{time.time()}"})
    finished = _wait("the round's result", timeout, lambda: (lambda r: r if r["status"] == "completed" else None)(
        scene.get(f"/v1/rounds/{started['id']}")))
    print(f"round {finished['id'][:8]} (north, seed 2570): {finished['requests']} requests, {finished['proposed']} proposed, "
          f"{finished['waitlisted']} waitlisted")

    # The northeast: a silk group's request assigned to the science park.
    silk = scene.enterprise(marker, "TH-31", "นาโพธิ์", "ผ้าไหมมัดหมี่ลายนาค", product_type="textile")
    northeast, _ = scene.assigned(silk, scene.request(silk, "ต้องการพัฒนาสีย้อมธรรมชาติให้ติดทนและขอ มผช.",
                                                      areas=("rawMaterialQuality", "standardsSystem")))
    print(f"{northeast['reference']}: assigned in the northeast")
