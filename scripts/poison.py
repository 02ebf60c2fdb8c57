#!/usr/bin/env python3
"""Poison on every topic: malformed and invalid events injected into every topic a service consumes,
interleaved with the programme's real traffic, while the four services run on the local PostgreSQL
and broker (docs/operations.md, "The poison run").

Each topic gets --per-topic events (1,000 by default) of these kinds, in a seeded order:
  bad-json        bytes that are not JSON
  invalid-utf8    a JSON envelope with bytes that are not UTF-8 inside a string
  missing-id      an envelope without its `id`
  wrong-type      a handled event type whose aggregate id is a number
  missing-field   a handled event type without its aggregate id
  unknown-type    a well-formed event of a type nobody handles (skipped by design, never dead-lettered)
  oversized       a well-formed event of 1.2 MB, more than any producer of ours writes
  business-rule   well-formed, breaking a rule the consumer keeps (see CASES)
  unknown-ref     well-formed, about a request, proposal or certificate that does not exist

For every (event, consumer reading its topic) the run expects one outcome: a dead letter on
`<topic>.dlq` whose `error` names the reason and whose `consumer` names the consumer; skipped (a type
the consumer does not handle); refused (a command the consumer answers with a refusal event, which
is the design for commands: match.command-refused, certification.report-refused,
budget.set-refused); or applied (a read model keeping what the topic's writer said, see CASES).
Meanwhile requests are submitted and played to a rating through intake's API, providers and
enterprises register, budgets are set, certificate steps are reported: every one of those valid
events must reach every consumer that handles it (its inbox row), and every request must end
completed and rated. No service may exit or stay unready. Then the fix: held certificates registered
for enterprises certification did not know, without a province, are dead letters until their
enterprises arrive; the script publishes those enterprises' `enterprise.registered` (the upstream
events that were missing), replays what the fix addressed (`otopctl dlq replay
otop.certification-reports --consumer certification.tracker --reason ...`), and checks that
certification applied each exactly once and that a second replay finds nothing.

Prints a table per topic and exits 1 on any violation. Usage (from scripts/poison.sh):
  poison.py [--per-topic 1000] [--seed N] [--bin-dir DIR] [--keep]
"""
import argparse, collections, json, re, sys, time, uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness.api import API
from harness.journey import JourneyPlayer, Programme
from harness.system import ROOT, HealthWatch, System, conclude, parse, wait_for
from harness.topics import Topics

EXAMPLES = ROOT / "docs/events"
UNKNOWN_TYPE = "th.otop.poison.unknown.v1"
OVERSIZED_BYTES = 1_200_000

# Per consumed topic: the event type the generic kinds use (one its consumers handle) and the field
# holding its aggregate id, then the well-formed cases. Each case: the example it starts from, what it
# changes in `data`, and the outcome per consumer (consumers not named skip it when they do not
# handle the type, and must apply it when they do). ("dlq", text): dead-lettered with `text` in the
# error; ("refused", event type): answered with that refusal event, caused by this one; "applied".
CASES = {
    "otop.requests": ("request.submitted", "requestId", [
        ("business-rule", "request.submitted", {"provinceCode": "TH-99", "targetStandard": None},
         {"matching.placement": ("dlq", "is not a Thai province code"),
          "certification.tracker": "applied", "notifications.messages": "applied"}),
        ("unknown-ref", "request.withdrawn", {},
         {"matching.placement": ("refused", "th.otop.match.command-refused.v1")}),
    ]),
    "otop.match-responses": ("proposal.responded", "proposalId", [
        ("business-rule", "work.rated", {"rating": 9},
         {"matching.placement": ("refused", "th.otop.match.command-refused.v1")}),
        ("unknown-ref", "proposal.confirmed", {},
         {"matching.placement": ("refused", "th.otop.match.command-refused.v1")}),
    ]),
    "otop.programme": ("budget.set", "setBy", [
        ("business-rule", "budget.set", {"amountBaht": -1, "fiscalYear": 2999},
         {"matching.placement": ("refused", "th.otop.budget.set-refused.v1")}),
    ]),
    "otop.providers": ("provider.registered", "providerId", [
        ("business-rule", "provider.registered", {"capacity": -5},
         {"matching.placement": ("dlq", "database refused the event's writes")}),
    ]),
    "otop.enterprises": ("enterprise.registered", "enterpriseId", [
        ("business-rule", "enterprise.registered", {"provinceCode": "TH-99"},
         {"certification.tracker": "applied"}),
    ]),
    "otop.contacts": ("contact.upserted", "partyId", [
        ("business-rule", "contact.upserted", {"contacts": [{"name": "ไม่มีที่อยู่", "language": "th", "channels": ["email"]}]},
         {"notifications.messages": "applied"}),
    ]),
    "otop.certification-reports": ("certification.step-reported", "reportId", [
        ("business-rule", "certification.step-reported", {"step": "certified", "number": None, "certificateId": None},
         {"certification.tracker": ("refused", "th.otop.certification.report-refused.v1")}),
        ("unknown-ref", "certification.step-reported", {},
         {"certification.tracker": ("refused", "th.otop.certification.report-refused.v1")}),
        ("unknown-ref", "certification.held-registered", {"provinceCode": None},
         {"certification.tracker": ("dlq", "is not known to certification and the registration names no province")}),
    ]),
    "otop.matches": ("match.proposed", "requestId", [
        ("business-rule", "match.rated", {"rating": 9},
         {"intake.timeline": "applied"}),
        ("unknown-ref", "match.work-reported", {},   # certification keeps it until its request arrives
         {"certification.tracker": "applied", "intake.timeline": "applied", "notifications.messages": "applied"}),
    ]),
    "otop.certifications": ("certification.step-changed", "certificateId", [
        ("unknown-ref", "certification.step-changed", {},
         {"intake.timeline": "applied", "matching.placement": "applied", "notifications.messages": "applied"}),
    ]),
    "otop.notifications": ("notification.delivered", "notificationId", [
        ("unknown-ref", "notification.delivered", {},
         {"intake.timeline": "applied"}),
    ]),
    "otop.sign-ins": ("signin.code-requested", "partyId", [  # queued until the party's contacts arrive
        ("unknown-ref", "signin.code-requested", {},
         {"notifications.messages": "applied"}),
    ]),
}

GENERIC = {  # kind -> (share of the topic's events, reason every dead letter of it names)
    "bad-json": (0.12, "not a CloudEvents JSON envelope"),
    "invalid-utf8": (0.12, "not a CloudEvents JSON envelope"),
    "missing-id": (0.12, "not a CloudEvents JSON envelope: id: required field is missing"),
    "wrong-type": (0.12, "data: data."),
    "missing-field": (0.12, "required field is missing"),
    "unknown-type": (0.12, None),
}
OVERSIZED_PER_TOPIC = 5
REFUSALS = {"th.otop.match.command-refused.v1", "th.otop.certification.report-refused.v1", "th.otop.budget.set-refused.v1"}


def current_fiscal_year():
    """The Thai fiscal year (Buddhist Era) of today: it starts on 1 October."""
    today = time.gmtime()
    return today.tm_year + (1 if today.tm_mon >= 10 else 0) + 543


def example(name):
    return json.loads((EXAMPLES / f"{name}.v1.json").read_text())


def fresh_ids(value):
    """Every UUID in an example replaced by a new one (consistently), so nothing refers to real rows."""
    text = json.dumps(value, ensure_ascii=False)
    for old in set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text)):
        text = text.replace(old, str(uuid.uuid4()))
    return json.loads(text)


class Poison:
    """One injected event: what it is, what each consumer must do with it, and where it landed."""

    def __init__(self, topic, kind, value, event_id=None, event_type=None, expected=None, key=None):
        self.topic, self.kind, self.value = topic, kind, value
        self.event_id, self.event_type = event_id, event_type
        self.expected = expected or {}     # consumer -> outcome, for the well-formed cases
        self.key = key or str(uuid.uuid4()).encode()
        self.partition = self.offset = None


def make_poison(topic, kind, rng):
    carrier, id_field, cases = CASES[topic]
    if kind in ("business-rule", "unknown-ref"):
        _, name, changes, expected = rng.choice([c for c in cases if c[0] == kind])
        event = fresh_ids(example(name))
        for field, value in changes.items():
            if value is None:
                event["data"].pop(field, None)
            else:
                event["data"][field] = value
        return Poison(topic, kind, json.dumps(event, ensure_ascii=False).encode(), event["id"], event["type"], expected)
    event = fresh_ids(example(carrier))
    if kind == "bad-json":
        text = json.dumps(event, ensure_ascii=False)
        return Poison(topic, kind, text[: rng.randint(1, len(text) - 2)].encode())
    if kind == "invalid-utf8":
        text = json.dumps(event, ensure_ascii=False).encode()
        marker = b'"source": "'
        at = text.index(marker) + len(marker)
        return Poison(topic, kind, text[:at] + b"\xff\xfe\xc3" + text[at:])
    if kind == "missing-id":
        event.pop("id")
        return Poison(topic, kind, json.dumps(event, ensure_ascii=False).encode())
    if kind == "wrong-type":
        event["data"][id_field] = 12345
    elif kind == "missing-field":
        event["data"].pop(id_field)
    elif kind == "unknown-type":
        event["type"] = UNKNOWN_TYPE
    elif kind == "oversized":
        event["data"]["padding"] = "x" * OVERSIZED_BYTES
    return Poison(topic, kind, json.dumps(event, ensure_ascii=False).encode(), event["id"], event["type"])


def plan(topics, per_topic, rng):
    """Per topic, `per_topic` poison events in a seeded order."""
    plans = {}
    for topic in topics:
        _, _, cases = CASES[topic]
        semantic = sorted({c[0] for c in cases})
        kinds = []
        for kind, (share, _) in GENERIC.items():
            kinds += [kind] * int(per_topic * share)
        kinds += ["oversized"] * min(OVERSIZED_PER_TOPIC, per_topic // 100)
        left = per_topic - len(kinds)
        for index in range(left):
            kinds.append(semantic[index % len(semantic)])
        rng.shuffle(kinds)
        plans[topic] = [make_poison(topic, kind, rng) for kind in kinds]
    return plans


def expected_outcome(poison, consumer, handles):
    """What `consumer` (which handles the types `handles`) must do with `poison`."""
    if poison.kind in ("bad-json", "invalid-utf8", "missing-id", "oversized"):
        reason = GENERIC.get(poison.kind, (0, "larger than any producer of ours writes"))[1]
        return ("dlq", reason)
    if poison.kind == "unknown-type":
        return "skipped"
    if poison.kind in ("wrong-type", "missing-field"):
        return ("dlq", GENERIC[poison.kind][1]) if poison.event_type in handles else "skipped"
    if consumer in poison.expected:
        return poison.expected[consumer]
    return "applied" if poison.event_type in handles else "skipped"


def label(outcome):
    return outcome if isinstance(outcome, str) else outcome[0]


def inbox_rows(system):
    """{(consumer, event id)} over every service's inbox."""
    rows = set()
    for schema in ("intake", "matching", "certification", "notifications"):
        for row in system.query(f"SELECT consumer, event_id::text AS id FROM {schema}.inbox"):
            rows.add((row["consumer"], row["id"]))
    return rows


def refusals(system):
    """{(refusal type, cause event id)} from the outboxes of the services that refuse commands."""
    found = set()
    for schema in ("matching", "certification"):
        for row in system.query(f"""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'type' AS type,
                       convert_from(payload, 'UTF8')::jsonb ->> 'causationid' AS cause
                FROM {schema}.outbox"""):
            if row["type"] in REFUSALS:
                found.add((row["type"], row["cause"]))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-topic", type=int, default=1000)
    options, seed, rng = parse(parser)
    started = time.monotonic()
    print(f"poison run: seed {seed} (replay with --seed {seed}), {options.per_topic} events per topic", flush=True)

    system = System("poison", options.bin_dir, options.work_dir)
    return conclude(system, "poison run", options.keep,
                    lambda violations: play(system, options, seed, rng, started, violations))


def play(system, options, seed, rng, started, violations):
    """The run itself: appends what it finds wrong to `violations`."""
    system.start()
    health = HealthWatch(system, stall_seconds=20)
    health.start()
    consumers = system.consumers()
    topics = sorted(set().union(*(t for t, _ in consumers.values())))
    missing = [t for t in topics if t not in CASES]
    if missing:
        sys.exit(f"error: no poison cases for consumed topic(s) {missing}: add them to CASES")
    print(f"consumers: " + "; ".join(f"{c} reads {', '.join(sorted(t))}" for c, (t, _) in sorted(consumers.items())), flush=True)
    readers = {topic: sorted(c for c, (t, _) in consumers.items() if topic in t) for topic in topics}

    api = API(system.services["intake"].url)
    programme = Programme(api, system.operator_token, system.id)
    providers = [programme.provider(i, capacity=200) for i in range(2)]
    enterprises = [programme.enterprise(i) for i in range(4)]
    fiscal_year = current_fiscal_year()
    programme.set_budget(fiscal_year, "north", 50_000_000)
    player = JourneyPlayer(programme, system)
    player.start()

    plans = plan(topics, options.per_topic, rng)
    injection = Topics(system.brokers, system.prefix)
    rounds = 20
    injected_at = time.monotonic()
    for round_number in range(rounds):
        chunk = []
        for topic in topics:
            size = len(plans[topic])
            chunk += plans[topic][size * round_number // rounds: size * (round_number + 1) // rounds]
        reports = injection.produce([(p.topic, p.key, p.value, []) for p in chunk])
        for poison, (partition, offset) in zip(chunk, reports):
            poison.partition, poison.offset = partition, offset
        # The valid traffic around the poison: requests played to a rating, parties registering,
        # budgets, certificate steps.
        for n in range(3):
            enterprise = enterprises[(round_number + n) % len(enterprises)]
            player.add(programme.submit(enterprise, f"{round_number}-{n}"), enterprise, "complete")
        if round_number % 5 == 4:
            providers.append(programme.provider(len(providers), capacity=200))
            enterprises.append(programme.enterprise(len(enterprises)))
            programme.set_budget(fiscal_year, "north", 50_000_000 + round_number)
    print(f"injected {sum(len(p) for p in plans.values())} poison events in {time.monotonic() - injected_at:.0f} s "
          f"with {len(player.requests)} requests submitted around them", flush=True)

    certificates = report_certificates(programme, system, api, enterprises)
    wait_for("every request completed and rated", 600, lambda: not player.finished(), every=2)
    player.stop()
    settle(system)

    # --- what happened to each poison event ---------------------------------------------------
    all_poison = [p for topic in topics for p in plans[topic]]
    by_position = {(p.topic, p.partition, p.offset): p for p in all_poison}
    letters = collections.defaultdict(list)   # (poison, consumer) -> [error]
    strays = []
    dlq_counts = collections.Counter()
    reasons = collections.defaultdict(collections.Counter)
    for topic in topics:
        for letter in injection.read(topic + ".dlq"):
            headers = letter["headers"]
            origin = (topic, int(headers.get("original_partition", -1)), int(headers.get("original_offset", -1)))
            poison = by_position.get(origin)
            for required in ("error", "consumer", "failed_at", "original_topic"):
                if not headers.get(required):
                    violations.append(f"a dead letter on {topic}.dlq at {letter['offset']} lacks `{required}`")
            if poison is None:
                strays.append((topic, headers.get("consumer"), headers.get("error")))
                continue
            letters[(poison, headers.get("consumer"))].append(headers.get("error") or "")
            dlq_counts[(topic, poison.kind)] += 1
            reasons[topic][reason_of(headers.get("error") or "")] += 1
    for topic, consumer, error in strays[:10]:
        violations.append(f"a valid event on {topic} was dead-lettered by {consumer}: {error}")
    if len(strays) > 10:
        violations.append(f"... and {len(strays) - 10} more valid events dead-lettered")

    applied = inbox_rows(system)
    refused = refusals(system)
    table = collections.defaultdict(collections.Counter)
    mismatches = collections.Counter()
    examples = {}
    for poison in all_poison:
        for consumer in readers[poison.topic]:
            handles = consumers[consumer][1]
            want = expected_outcome(poison, consumer, handles)
            errors = letters.get((poison, consumer), [])
            if len(errors) > 1:
                violations.append(f"{poison.kind} on {poison.topic} dead-lettered {len(errors)} times by {consumer}")
            if errors:
                got = ("dlq", errors[0])
            elif poison.event_id and (consumer, poison.event_id) in applied:
                got = "refused" if any((kind, poison.event_id) in refused for kind in REFUSALS) else "applied"
            else:
                got = "skipped"
            ok = label(got) == label(want)
            if ok and label(want) == "dlq" and want[1] not in got[1]:
                ok = False
            if ok and label(want) == "refused" and (want[1], poison.event_id) not in refused:
                ok = False
            table[poison.topic][label(got)] += 1
            if not ok:
                mismatches[(poison.topic, poison.kind, consumer, label(want), label(got))] += 1
                examples.setdefault((poison.topic, poison.kind, consumer), got if isinstance(got, str) else got[1][:160])
    for (topic, kind, consumer, want, got), count in sorted(mismatches.items()):
        violations.append(f"{count} {kind} event(s) on {topic}: {consumer} should have {want}, but {got} "
                          f"({examples[(topic, kind, consumer)]})")

    # --- the valid events around them --------------------------------------------------------
    valid = collections.Counter()
    for topic in topics:
        poison_positions = {(p.partition, p.offset) for p in plans[topic]}
        for message in injection.read(topic):
            if (message["partition"], message["offset"]) in poison_positions or not message["value"]:
                continue
            event = json.loads(message["value"])
            for consumer in readers[topic]:
                if event["type"] not in consumers[consumer][1]:
                    continue
                valid[(topic, "expected")] += 1
                if (consumer, event["id"]) in applied:
                    valid[(topic, "processed")] += 1
                else:
                    violations.append(f"valid {event['type']} {event['id']} on {topic} was not processed by {consumer}")
    left = player.finished()
    if left:
        violations.append(f"{len(left)} request(s) not completed and rated: {list(left.items())[:3]}")
    # ... and as the parties see them, through the API.
    for request in player.requests:
        view = api.must("GET", f"/v1/requests/{request}", programme.officer)
        if view["status"] != "completed" or not any(t["type"] == "th.otop.match.rated.v1" for t in view["timeline"]):
            violations.append(f"GET /v1/requests/{request} shows {view['status']}, not completed and rated")

    # --- the fix, and the replay -------------------------------------------------------------
    replay = fix_and_replay(system, injection, plans, letters, violations, fiscal_year)

    health.stop()
    violations += health.violations
    elapsed = time.monotonic() - started
    print_table(topics, plans, table, dlq_counts, valid, replay, readers)
    print("\ndead letters by reason (the `error` header, ids and sizes left out):")
    for topic in topics:
        print(f"  {topic}: " + "; ".join(f"{count} {reason}" for reason, count in reasons[topic].most_common()))
    print(f"\nrequests played to a rating: {len(player.requests)}, commands sent {player.commands}, "
          f"certificates reported to certified: {certificates}; probes sampled {health.samples} times, "
          f"longest not-ready {max(health.worst_not_ready.values(), default=0):.1f} s")
    print(f"poison run {'passed' if not violations else 'FAILED'} in {elapsed:.0f} s (seed {seed})")
    for violation in violations[:40]:
        print(f"  VIOLATION: {violation}")
    if len(violations) > 40:
        print(f"  ... {len(violations) - 40} more")


def report_certificates(programme, system, api, enterprises):
    """An officer reports the steps of a few planned certificates up to certified (events on
    otop.certification-reports and otop.certifications); returns how many were certified."""
    try:
        wait_for("certificates planned", 120, lambda: system.scalar("SELECT count(*) AS n FROM intake.certificates") or None)
    except TimeoutError:
        return 0
    done = 0
    for row in system.query("SELECT id::text AS id FROM intake.certificates WHERE state = 'planned' ORDER BY id LIMIT 3"):
        certificate = api.must("GET", f"/v1/certificates/{row['id']}", programme.officer)
        steps = certificate.get("steps", [])
        reports = [{"step": step} for step in steps if step != "certified"]
        reports.append({"step": "certified", "number": f"มผช. {done + 1}/2570", "validFrom": "2026-12-01",
                        "validUntil": "2029-11-30"})
        for body in reports:
            api.must("POST", f"/v1/certificates/{row['id']}/steps", programme.officer, body)
            # The next step is checked against intake's read model: wait for this one to be applied.
            wait_for(f"step {body['step']} of {row['id']}", 60, lambda: api.must(
                "GET", f"/v1/certificates/{row['id']}", programme.officer)["state"] == body["step"], every=0.3)
        done += 1
    return done


def settle(system, quiet_seconds=6, timeout=300):
    """Waits until no consumer's inbox grew for `quiet_seconds` (every consumer caught up)."""
    last, since = None, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        total = sum(system.scalar(f"SELECT count(*) AS n FROM {s}.inbox") for s in
                    ("intake", "matching", "certification", "notifications"))
        if total != last:
            last, since = total, time.monotonic()
        elif time.monotonic() - since > quiet_seconds:
            return
        time.sleep(1)


def fix_and_replay(system, injection, plans, letters, violations, fiscal_year):
    """The realistic fix: held certificates (otop.certification-reports) were registered for
    enterprises certification had not heard of, without a province. Their `enterprise.registered`
    arrive (published here as intake would have), then the operator replays the letters the fix
    addressed. Certification must apply each registration exactly once, and nothing else may move."""
    topic = "otop.certification-reports"
    fixable = [p for p in plans.get(topic, []) if p.event_type == "th.otop.certification.held-registered.v1"
               and letters.get((p, "certification.tracker"))]
    if not fixable:
        return {}
    upstream, upstream_ids = [], []
    for poison in fixable:
        held = json.loads(poison.value)["data"]
        registered = fresh_ids(example("enterprise.registered"))
        registered["data"]["enterpriseId"] = held["enterpriseId"]
        registered["data"]["products"][0].update({"productId": held["productId"], "name": held["productName"]})
        registered["subject"] = f"enterprise/{held['enterpriseId']}"
        registered["correlationid"] = held["enterpriseId"]
        upstream_ids.append(registered["id"])
        upstream.append(("otop.enterprises", held["enterpriseId"].encode(), json.dumps(registered, ensure_ascii=False).encode(), []))
    injection.produce(upstream)
    wait_for("certification to know the late enterprises", 120, lambda: system.scalar(
        "SELECT count(*) AS n FROM certification.inbox WHERE consumer = 'certification.tracker' AND event_id = ANY (:'ids'::uuid[])",
        ids="{" + ",".join(upstream_ids) + "}") == len(upstream) or None, every=1)
    ids = "{" + ",".join(p.event_id for p in fixable) + "}"
    before = injection.read(topic + ".dlq")
    # The operator replays what the fix addressed: certification's letters naming an unknown enterprise.
    selection = ["--consumer", "certification.tracker", "--reason", "is not known to certification"]
    # The idle timeout counts from the start, before the group join (about 3 s on tansu) and the first fetch.
    output = system.otopctl("dlq", "replay", topic, *selection, "--idle-timeout", "20")
    replayed = count_in(output, "replayed ")
    passed = count_in(output, "passed over ")
    if replayed != len(fixable) or replayed + passed + count_in(output, "skipped ") != len(before):
        violations.append(f"otopctl dlq replay should have replayed the {len(fixable)} letters of the fix and passed over "
                          f"the other {len(before) - len(fixable)}: {output.strip()}")
    ids = "{" + ",".join(p.event_id for p in fixable) + "}"
    applied = lambda: system.scalar(
        "SELECT count(*) AS n FROM certification.inbox WHERE consumer = 'certification.tracker' AND event_id = ANY (:'ids'::uuid[])",
        ids=ids)
    try:
        wait_for("certification to apply the replayed registrations", 120, lambda: applied() == len(fixable) or None, every=1)
    except TimeoutError:
        violations.append(f"certification applied {applied()} of the {len(fixable)} replayed registrations")
    settle(system)
    # Exactly once: one inbox row per registration (its primary key), one held certificate each, no new
    # letter, and a second replay finds nothing left to replay.
    held = system.scalar("""
        SELECT count(*) AS n FROM certification.certificates c
        WHERE c.enterprise_id IN (SELECT (v ->> 'enterpriseId')::uuid FROM jsonb_array_elements(:'held'::jsonb) v)""",
        held=json.dumps([json.loads(p.value)["data"] for p in fixable]))
    if held != len(fixable):
        violations.append(f"{held} certificates for the {len(fixable)} replayed held-certificate registrations")
    after = injection.read(topic + ".dlq")
    if len(after) != len(before):
        violations.append(f"the replay left {len(after) - len(before)} new dead letter(s) on {topic}.dlq")
    again = count_in(system.otopctl("dlq", "replay", topic, *selection, "--idle-timeout", "10"), "replayed ")
    if again:
        violations.append(f"a second replay replayed {again} letter(s) again")
    return {topic: {"fixable": len(fixable), "replayed": replayed, "passed over": passed, "applied once": applied(),
                    "certificates": held, "new letters": len(after) - len(before), "second replay": again}}


def reason_of(error):
    """A dead letter's reason without the ids, sizes and offsets that make each one different."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", error)
    return re.sub(r"\b\d+\b", "<n>", text)[:110]


def count_in(output, label):
    """The number after `label` in otopctl's one-line answer (0 when absent)."""
    return int(output.split(label)[1].split(" ")[0]) if label in output else 0


def print_table(topics, plans, table, dlq_counts, valid, replay, readers):
    kinds = list(GENERIC) + ["oversized", "business-rule", "unknown-ref"]
    print("\nper topic: poison injected, dead letters by kind, outcomes per (event, consumer), valid events processed")
    header = f"{'topic':<27}{'injected':>9}  " + "".join(f"{k[:11]:>12}" for k in kinds) + \
             f"{'dlq':>7}{'skipped':>8}{'refused':>8}{'applied':>8}{'valid':>12}{'replayed':>10}"
    print(header)
    for topic in topics:
        injected = collections.Counter(p.kind for p in plans[topic])
        cells = "".join(f"{(str(dlq_counts[(topic, k)]) + '/' + str(injected[k])) if injected[k] else '-':>12}" for k in kinds)
        outcomes = table[topic]
        processed = f"{valid[(topic, 'processed')]}/{valid[(topic, 'expected')]}"
        replayed = replay.get(topic, {}).get("replayed", "-")
        print(f"{topic:<27}{len(plans[topic]):>9}  {cells}{outcomes['dlq']:>7}{outcomes['skipped']:>8}"
              f"{outcomes['refused']:>8}{outcomes['applied']:>8}{processed:>12}{replayed!s:>10}")
    print("  (dead letters k/n: k letters for n events of that kind, one per consumer that dead-letters it; "
          "readers: " + "; ".join(f"{t} {len(r)}" for t, r in readers.items()) + ")")
    for topic, figures in replay.items():
        print(f"replay of {topic}.dlq after the fix: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    sys.exit(main())
