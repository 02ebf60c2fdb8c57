"""The programme's parties on intake's API: an officer registers providers and enterprises, each party
gets an API client, enterprises submit requests, and `JourneyPlayer` plays each request's script
(the provider answers, the enterprise confirms, work is reported, completed and rated) by reading
intake's read model and sending the next command, as the parties would after their e-mail arrived."""
import threading, time, uuid
from concurrent.futures import ThreadPoolExecutor

from .api import TransportError, Unexpected

# What each script does, and the state (intake's read model) it ends in.
SCRIPTS = {
    "complete": "accept, confirm, report the work, confirm completion, rate: completed and rated",
    "decline": "the first provider declines, the next accepts and the journey goes on to a rating: completed and rated",
    "withdraw": "the enterprise withdraws the proposed request: withdrawn",
    "accept": "the provider accepts and the enterprise never confirms: accepted",
    "idle": "nobody answers the proposal: proposed",
}
FINAL_STATE = {"complete": "completed", "decline": "completed", "withdraw": "withdrawn", "accept": "accepted",
               "idle": "proposed"}


class Programme:
    """The parties of a run and their tokens."""

    def __init__(self, api, operator_token, tag):
        self.api = api
        self.operator = operator_token
        self.tag = tag
        self.officer = self.client("เจ้าหน้าที่โครงการ", "officer")
        self.providers = {}     # id -> token
        self.enterprises = {}   # id -> token
        self.unanswered = 0     # submissions whose key was left claimed by a crash (409), submitted again

    def client(self, name, role, **party):
        created = self.api.must("POST", "/v1/api-clients", self.operator, {"name": name, "role": role, **party})
        return created["token"]

    def contact(self, name, handle, number, channels):
        """A contact person reachable on `channels` (email, line, sms), with addresses unique to the run."""
        contact = {"name": name, "email": f"{handle}-{self.tag}@example.org", "channels": list(channels)}
        if "line" in channels:
            contact["lineUserId"] = f"U{handle}{self.tag}"
        if "sms" in channels:
            contact["phone"] = f"+66812{number:06d}"
        return contact

    def provider(self, index, capacity, province="TH-50", areas=("packagingDesign", "standardsSystem"), channels=("email",)):
        contact = self.contact(f"ผู้ประสานงาน {index}", f"provider-{index}", index, channels)
        registered = self.api.must("POST", "/v1/providers", self.officer, {
            "name": f"หน่วยบริการ {index} {self.tag}", "kind": "university", "serviceAreas": list(areas),
            "productTypes": ["food"], "standards": ["tcps"], "provinceCodes": [province], "regions": ["north"],
            "capacity": capacity, "qualified": True, "contacts": [contact]},
            headers={"Idempotency-Key": f"provider-{self.tag}-{index}"})
        self.providers[registered["id"]] = self.client(f"หน่วยบริการ {index}", "provider", providerId=registered["id"])
        return registered["id"]

    def enterprise(self, index, province="TH-50", channels=("email",)):
        contact = self.contact(f"ประธานกลุ่ม {index}", f"enterprise-{index}", 500_000 + index, channels)
        registered = self.api.must("POST", "/v1/enterprises", self.officer, {
            "name": f"วิสาหกิจชุมชนทดสอบ {index} {self.tag}", "kind": "communityEnterprise", "provinceCode": province,
            "district": "เมือง", "products": [{"name": f"น้ำพริกหนุ่ม {index}", "productType": "food",
                                                "foodSubgroup": "processedFood"}],
            "contacts": [contact]}, headers={"Idempotency-Key": f"enterprise-{self.tag}-{index}"})
        self.enterprises[registered["id"]] = self.client(f"วิสาหกิจ {index}", "enterprise", enterpriseId=registered["id"])
        return registered["id"]

    def submit(self, enterprise, key, standard="tcps"):
        """A request for the enterprise's product; retried with its Idempotency-Key through crashes. Returns its id."""
        body = {"productName": "น้ำพริกหนุ่ม", "productType": "food", "serviceAreas": ["packagingDesign", "standardsSystem"],
                "description": "ต้องการยืดอายุการเก็บรักษาและยื่นขอ มผช."}
        if standard:
            body["targetStandard"] = standard
        for attempt in range(1, 4):
            try:
                answer = self.api.must("POST", "/v1/requests", self.enterprises[enterprise], body,
                                       headers={"Idempotency-Key": f"request-{self.tag}-{key}-{attempt}"}, expect=(202,),
                                       retry_for=300)
                return answer["id"]
            except Unexpected as error:
                # 409: intake died holding the key's claim, before or after the request's commit; the
                # key never answers again (docs/api.md). Submit again under a new key; a request the
                # first attempt may have stored is one without an answer (the chaos run counts them).
                if error.status != 409:
                    raise
                self.unanswered += 1
        raise RuntimeError(f"POST /v1/requests for {key}: three keys in a row ended in 409")

    def set_budget(self, fiscal_year, region, amount):
        # RFC 9110: the first budget is created with If-None-Match: *, a set one changed with If-Match.
        path = f"/v1/budgets/{fiscal_year}/{region}"
        known = self.api.must("GET", path, self.officer).get("set", True)
        self.api.must("PUT", path, self.officer, {"amountBaht": amount},
                      headers={"If-Match": "*"} if known else {"If-None-Match": "*"})


class JourneyPlayer(threading.Thread):
    """Plays every request's script until each reached its final state or `stop()`. Reads intake's read
    model (what the parties see) once per round and sends each request's next command once, with an
    Idempotency-Key; a command whose effect has not shown after `patience` seconds is sent again with
    a new key (intake down, or refused because the read model was behind)."""

    def __init__(self, programme, system, workers=8, patience=90):
        super().__init__(daemon=True)
        self.programme = programme
        self.system = system
        self.requests = {}      # id -> {"script", "enterprise", "sent": {step: (time, attempt)}}
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.pool = ThreadPoolExecutor(workers)
        self.patience = patience
        self.commands = 0
        self.resent = 0
        self.errors = []
        self.unread = 0
        self.in_flight = set()
        # Providers the programme did not register that got proposals (a forged registration was applied).
        self.strangers = set()

    def add(self, request_id, enterprise, script):
        with self.lock:
            self.requests[request_id] = {"script": script, "enterprise": enterprise, "sent": {}}

    def stop(self):
        self.stop_event.set()
        self.join(timeout=30)
        self.pool.shutdown(wait=True)

    def states(self):
        """Each request's status in intake, its open proposal and provider, and whether it was rated."""
        with self.lock:
            ids = list(self.requests)
        if not ids:
            return {}
        rows = self.system.query("""
            SELECT r.id, r.status,
                   (SELECT json_agg(json_build_object('id', p.id, 'status', p.status, 'provider', p.provider_id)
                                    ORDER BY p.created_at)
                    FROM intake.proposals p WHERE p.request_id = r.id) AS proposals,
                   EXISTS (SELECT 1 FROM intake.request_timeline t
                           WHERE t.request_id = r.id AND t.event_type = 'th.otop.match.rated.v1') AS rated
            FROM intake.requests r WHERE r.id = ANY (:'ids'::uuid[])
            """, ids="{" + ",".join(ids) + "}")
        return {row["id"]: row for row in rows}

    def run(self):
        while not self.stop_event.wait(0.5):
            try:
                states = self.states()
                self.unread = 0
            except Exception as error:  # PostgreSQL restarting: look again next round
                self.unread += 1
                if self.unread == 120:  # a minute: not a restart any more
                    self.errors.append(f"could not read intake's read model for a minute: {error}")
                continue
            with self.lock:
                plans = [(rid, entry) for rid, entry in self.requests.items() if rid in states and rid not in self.in_flight]
            for rid, entry in plans:
                step = self.next_step(entry, states[rid])
                if step is None:
                    continue
                name, method, path, token, body = step
                sent = entry["sent"].get(name)
                if sent and time.monotonic() - sent[0] < self.patience:
                    continue
                attempt = sent[1] + 1 if sent else 1
                if sent:
                    self.resent += 1
                entry["sent"][name] = (time.monotonic(), attempt)
                with self.lock:
                    self.in_flight.add(rid)
                self.pool.submit(self.send, rid, name, attempt, method, path, token, body)

    def send(self, rid, name, attempt, method, path, token, body):
        try:
            key = f"{name}-{rid}-{attempt}"
            status, answer, _ = self.programme.api.call(method, path, token, body, headers={"Idempotency-Key": key})
            self.commands += 1
            if status >= 400 and status not in (409, 503):
                self.errors.append(f"{method} {path} answered {status}: {answer}")
        except TransportError:
            pass  # intake down: sent again after `patience`
        finally:
            with self.lock:
                self.in_flight.discard(rid)

    def next_step(self, entry, state):
        script, status = entry["script"], state["status"]
        proposals = state["proposals"] or []
        pending = next((p for p in proposals if p["status"] == "pending"), None)
        accepted = next((p for p in proposals if p["status"] in ("accepted", "confirmed")), None)
        providers, enterprise = self.programme.providers, self.programme.enterprises[entry["enterprise"]]
        rid = state["id"]
        if script == "idle":
            return None
        for proposal in (pending, accepted):
            if proposal and proposal["provider"] not in providers:
                self.strangers.add(proposal["provider"])
                return None
        if status == "proposed" and pending:
            if script == "withdraw":
                return ("withdraw", "POST", f"/v1/requests/{rid}/withdrawal", enterprise, {"reason": "ได้รับการสนับสนุนจากแหล่งอื่นแล้ว"})
            if script == "decline" and not any(p["status"] == "declined" for p in proposals):
                return (f"decline-{pending['id']}", "POST", f"/v1/proposals/{pending['id']}/decline", providers[pending["provider"]],
                        {"reason": "ภาระงานเต็มในไตรมาสนี้"})
            return (f"accept-{pending['id']}", "POST", f"/v1/proposals/{pending['id']}/accept", providers[pending["provider"]], None)
        if script == "accept":
            return None
        if status == "accepted" and accepted:
            return ("confirm", "POST", f"/v1/proposals/{accepted['id']}/confirm", enterprise, None)
        if status == "assigned" and accepted:
            return ("work-report", "POST", f"/v1/requests/{rid}/work-report", providers[accepted["provider"]],
                    {"summary": "ออกแบบบรรจุภัณฑ์และยื่นคำขอ มผช. แล้ว", "standardApplied": "tcps"})
        if status == "workReported":
            return ("completion", "POST", f"/v1/requests/{rid}/completion", enterprise, None)
        if status == "completed" and not state["rated"]:
            return ("rating", "POST", f"/v1/requests/{rid}/rating", enterprise,
                    {"rating": 4, "comment": "ดีมาก", "monthlyIncomeBeforeBaht": 40000, "monthlyIncomeAfterBaht": 46000})
        return None

    def finished(self, states=None):
        """Requests not yet in their final state: {id: (script, status)}."""
        states = states or self.states()
        with self.lock:
            entries = dict(self.requests)
        left = {}
        for rid, entry in entries.items():
            state = states.get(rid)
            want = FINAL_STATE[entry["script"]]
            done = state is not None and state["status"] == want and (want != "completed" or state["rated"])
            if not done:
                left[rid] = (entry["script"], state["status"] if state else "unknown to intake")
        return left


def new_key():
    return uuid.uuid4().hex[:12]
