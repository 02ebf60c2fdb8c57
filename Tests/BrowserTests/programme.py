"""The programme's data the browser tests work on, registered through intake's real API as a national
officer's API client (the operator creates it), with an enterprise and a provider client to act for
those parties where the journey needs them. Names carry the run's tag so searches find only this
run's rows."""
import itertools
import json
import urllib.request
import uuid

from bench_import_data import registration  # scripts/: valid 13-digit numbers, check digit included
from system import eventually


class Programme:
    """Registers parties and requests; each method answers intake's JSON."""

    def __init__(self, system):
        self.system = system
        _, officer = system.call("POST", "/v1/api-clients", system.operator_token,
                                 {"name": "เจ้าหน้าที่ลงทะเบียนข้อมูลทดสอบ", "role": "officer"})
        self.officer = officer["token"]
        self.tag = system.tag
        self.series = int(system.tag, 16) % 1000
        self.numbers = itertools.count(1)

    def provider(self, name, province="TH-50", region="north", qualified=True, capacity=5,
                 product_types=("food", "beverage", "herbal"), email=None, phone=None, channels=("email",)):
        """A provider with one contact person (`email`, else a random one; `phone` when given), reached by `channels`;
        serving `province` and the whole of `region` (none: the province only)."""
        person = {"name": "ผู้ประสานงานทดสอบ", "email": email or f"provider-{uuid.uuid4().hex[:8]}@browser.test",
                  "channels": list(channels)}
        if phone:
            person["phone"] = phone
        _, created = self.system.call("POST", "/v1/providers", self.officer, {
            "name": f"{name} {self.tag}", "kind": "university",
            "serviceAreas": ["productionProcess", "packagingDesign", "standardsSystem"],
            "productTypes": list(product_types), "standards": ["tcps", "gmp"],
            "provinceCodes": [province], "regions": [region] if region else [], "capacity": capacity, "qualified": qualified,
            "contacts": [person]})
        return created

    def enterprise(self, name, province="TH-50", district="แม่ริม", product="น้ำพริกหนุ่มสมุนไพร", product_type="food",
                   channels=("email",), email=None):
        """An enterprise with one product; its contact takes `channels` (its phone, 081-234-5678, is the one the run's
        SMS gateway cannot reach: system.UNREACHABLE_PHONE), at `email` when given (a test that signs in as the
        contact reads its code there)."""
        product_body = {"name": product, "productType": product_type}
        if product_type == "food":
            product_body["foodSubgroup"] = "processedFood"
        _, created = self.system.call("POST", "/v1/enterprises", self.officer, {
            "name": f"{name} {self.tag}", "kind": "communityEnterprise", "provinceCode": province, "district": district,
            "registrationNumber": registration(self.series, next(self.numbers)),
            "products": [product_body],
            "contacts": [{"name": "ประธานกลุ่มทดสอบ", "email": email or f"enterprise-{uuid.uuid4().hex[:8]}@browser.test",
                          "phone": "081-234-5678", "channels": list(channels)}]})
        return created

    def client(self, role, party_id):
        key = "enterpriseId" if role == "enterprise" else "providerId"
        _, created = self.system.call("POST", "/v1/api-clients", self.system.operator_token,
                                      {"name": f"{role} client {party_id[:8]}", "role": role, key: party_id})
        return created["token"]

    def request(self, enterprise, description="ต้องการยืดอายุการเก็บรักษาและยื่นขอ มผช."):
        """A request submitted by the enterprise's own client, once matching has parked it for screening."""
        token = self.client("enterprise", enterprise["id"])
        _, submitted = self.system.call("POST", "/v1/requests", token, {
            "productId": enterprise["products"][0]["id"], "serviceAreas": ["packagingDesign", "standardsSystem"],
            "targetStandard": "tcps", "description": description})
        return self.await_status(submitted["id"], "awaitingScreening")

    def screened(self, request):
        """The officer screens `request` in (matching places it at once); the request once placed."""
        self.system.call("POST", f"/v1/requests/{request['id']}/screening", self.officer, {"eligible": True})
        return eventually(f"request {request['reference']} to leave screening", lambda: (
            lambda r: r if r["status"] not in ("awaitingScreening", "matching") else None)(self.get(f"/v1/requests/{request['id']}")),
            timeout=60, every=0.2)

    def proposal(self, request):
        """`request`'s pending proposal, once matching made it."""
        return eventually(f"a pending proposal for {request['reference']}", lambda: next(
            (p for p in self.get(f"/v1/proposals?requestId={request['id']}")["items"] if p["status"] == "pending"), None),
            timeout=60, every=0.2)

    def assigned(self, enterprise, request):
        """The journey up to the assignment, as the parties' own clients walk it: screened in, proposed,
        accepted by the provider, confirmed by the enterprise. Returns (request, provider's token)."""
        proposal = self.proposal(self.screened(request))
        provider_token = self.client("provider", proposal["providerId"])
        self.system.call("POST", f"/v1/proposals/{proposal['id']}/accept", provider_token)
        self.await_status(request["id"], "accepted")
        self.system.call("POST", f"/v1/proposals/{proposal['id']}/confirm", self.client("enterprise", enterprise["id"]))
        return self.await_status(request["id"], "assigned"), provider_token

    def work_reported(self, enterprise, request):
        """The journey up to the provider's work report (the enterprise has not confirmed it)."""
        assigned, provider_token = self.assigned(enterprise, request)
        self.system.call("POST", f"/v1/requests/{request['id']}/work-report", provider_token,
                         {"summary": "ออกแบบฉลากใหม่และจัดทำเอกสารยื่นขอ มผช. ครบแล้ว", "standardApplied": "tcps"})
        return self.await_status(request["id"], "workReported")

    def set_budget(self, fiscal_year, region, amount):
        """Sets a region's coupon budget through intake (with the budget's version), once matching has it."""
        path = f"/v1/budgets/{fiscal_year}/{region}"
        request = urllib.request.Request(self.system.intake + path, headers={"Authorization": f"Bearer {self.officer}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            version = response.headers["ETag"]
            known = json.loads(response.read()).get("set", True)
        # RFC 9110: the first budget is created with If-None-Match: *, a set one changed with If-Match.
        self.system.call("PUT", path, self.officer, {"amountBaht": amount},
                         headers={"If-Match": version} if known else {"If-None-Match": "*"})
        return eventually(f"the {region} budget to be {amount}",
                          lambda: (lambda b: b if b["allocatedBaht"] == amount else None)(self.get(path)), timeout=60, every=0.2)

    def get(self, path):
        return self.system.call("GET", path, self.officer)[1]

    def await_status(self, request_id, status, timeout=60):
        return eventually(f"request {request_id} to be {status}",
                          lambda: (lambda r: r if r["status"] == status else None)(self.get(f"/v1/requests/{request_id}")),
                          timeout=timeout, every=0.2)

    def await_matching_knows(self, provider_ids):
        """Providers register long before requests in real life: the tests give matching the moment to
        learn them (read from its schema, as scripts/demo_data.py does)."""
        eventually("matching to know the providers", lambda: int(self.system.psql(
            "SELECT count(*) FROM matching.providers WHERE id = ANY (string_to_array(:'ids', ',')::uuid[])",
            ids=",".join(provider_ids))[0][0]) == len(provider_ids), timeout=60, every=0.2)
