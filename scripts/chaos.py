#!/usr/bin/env python3
"""The chaos run: requests flow through the whole journey while every part of the system is hurt once
(docs/operations.md, "The chaos run").

Starts the four services on a database and topics of the run's own, registers providers (two small
ones whose capacity fills) and enterprises in two regions (the north without a budget limit, the
northeast with a budget for only a few coupons), and submits --requests requests at a steady --rate
through intake. Each request gets a seeded script (complete, decline then complete, withdraw, accept
only, idle) that JourneyPlayer plays through the API while they flow. Meanwhile, at seeded moments:
each service is SIGKILLed once and started again, a second replica of matching and of notifications
runs for part of the run, the broker is frozen (SIGSTOP) for --pause seconds, PostgreSQL is restarted.

Afterwards it checks: every 202 is a request in every service and reached its script's final state
(or is parked for the exhausted budget, with no coupon left for it); matching's and intake's states
agree; every outbox row was published and every event on a topic came from an outbox; every consumer
applied exactly the events of its types on its topics (inbox = topic); providers' loads and budgets
within their limits and equal to their ledgers; every message sent once, with copies (same
Message-ID, same LINE retry key, same SMS reference) only within the documented window: each copy is
put down to the last fault before it that can cut a delivery between the channel's acceptance and
the commit (a SIGKILL of notifications, the PostgreSQL restart), at most one per delivery lane of
each notifications process the fault cut (the restart cuts a second replica's too), and none without one. Prints a summary and exits 1 on any
violation.

Usage: chaos.py [--requests 10000] [--rate 12] [--seed N] [--pause 10] [--bin-dir DIR] [--keep]
"""
import argparse, collections, email.parser, json, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness.api import API
from harness.journey import FINAL_STATE, JourneyPlayer, Programme
from harness.system import SERVICES, HealthWatch, System, conclude, parse, wait_for
from harness.topics import Topics

SCRIPT_SHARES = [("complete", 0.45), ("decline", 0.10), ("withdraw", 0.10), ("accept", 0.15), ("idle", 0.20)]
LANES = 4                      # NOTIFICATIONS_DELIVERY_CONCURRENCY for the run
PROGRAMME_SHARE = 90_000       # a packaging + standards coupon (100,000 baht) less the 10 % co-payment
NORTHEAST_COUPONS = 6          # the northeast budget covers this many coupons
TOPICS = ["otop.enterprises", "otop.providers", "otop.contacts", "otop.requests", "otop.match-responses",
          "otop.programme", "otop.certification-reports", "otop.matches", "otop.certifications", "otop.notifications"]


def fiscal_year():
    today = time.gmtime()
    return today.tm_year + (1 if today.tm_mon >= 10 else 0) + 543


class Faults(threading.Thread):
    """Plays the seeded fault schedule, one fault at a time, and records what happened when."""

    def __init__(self, system, schedule, pause):
        super().__init__(daemon=True)
        self.system, self.schedule, self.pause = system, schedule, pause
        self.log = []           # (seconds into the run, what, figure, wall-clock start)
        self.lanes_cut = {}     # index in the log -> notifications processes whose deliveries the fault cut
        self.failed = []
        self.started = time.monotonic()

    def run(self):
        replicas = {}
        for at, what in self.schedule:
            delay = at - (time.monotonic() - self.started)
            if delay > 0:
                time.sleep(delay)
            began, wall = time.monotonic() - self.started, time.time()
            try:
                if what.startswith("kill "):
                    figure = f"ready again after {self.system.crash(what[5:]):.1f} s"
                elif what.startswith("replica+ "):
                    replicas[what[9:]] = self.system.replica(what[9:])
                    figure = f"{replicas[what[9:]].name} ready"
                elif what.startswith("replica- "):
                    status = replicas.pop(what[9:]).terminate()
                    figure = f"SIGTERM, exit status {status}"
                    if status != 0:
                        self.failed.append(f"the {what[9:]} replica did not exit cleanly (status {status})")
                elif what == "pause broker":
                    self.system.pause_broker(self.pause)
                    figure = f"frozen {self.pause} s, all ready {time.monotonic() - self.started - began - self.pause:.1f} s later"
                elif what == "restart postgres":
                    # It cuts the deliveries of every notifications process running (a second replica too).
                    self.lanes_cut[len(self.log)] = sum(1 for p in self.system.processes()
                                                        if p.name.startswith("notifications") and p.running())
                    self.system.restart_postgres()
                    figure = f"all ready {time.monotonic() - self.started - began:.1f} s after the restart began"
                else:
                    raise ValueError(what)
            except Exception as error:
                figure = f"FAILED: {error}"
                self.failed.append(f"{what}: {error}")
            self.log.append((began, what, figure, wall))
            print(f"  {began:7.1f} s  {what:<28} {figure}", flush=True)


def schedule(rng, window):
    """The faults at distinct seeded moments between 12 % and 90 % of the submission window (one due while
    another is still on waits for it), and the second replicas from 15 % to 65 % of it."""
    faults = [f"kill {name}" for name in SERVICES] + ["pause broker", "restart postgres"]
    rng.shuffle(faults)
    slots = sorted(rng.sample(range(12, 90), len(faults) + 2))
    moments = [window * s / 100 for s in slots]
    planned = list(zip(moments, faults))
    replicas_from, replicas_until = window * 0.15, window * 0.65
    planned += [(replicas_from, "replica+ matching"), (replicas_from + 1, "replica+ notifications"),
                (replicas_until, "replica- matching"), (replicas_until + 1, "replica- notifications")]
    return sorted(planned)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=12.0, help="requests submitted per second")
    parser.add_argument("--pause", type=int, default=10, help="seconds the broker is frozen")
    options, seed, rng = parse(parser)
    window = options.requests / options.rate
    print(f"chaos run: seed {seed} (replay with --seed {seed}), {options.requests} requests at {options.rate:g}/s "
          f"over {window:.0f} s", flush=True)
    started = time.monotonic()
    system = System("chaos", options.bin_dir, options.work_dir, extra_environment={
        "NOTIFICATIONS_DELIVERY_CONCURRENCY": str(LANES), "NOTIFICATIONS_RATE_SMS": "off", "NOTIFICATIONS_RATE_LINE": "off",
        "NOTIFICATIONS_RETRY_INITIAL_MS": "1000", "NOTIFICATIONS_RETRY_MAXIMUM_MS": "10000",
        "NOTIFICATIONS_DATA_RECHECK_MS": "5000"})
    return conclude(system, "chaos run", options.keep,
                    lambda violations: play(system, options, seed, rng, window, started, violations))


def play(system, options, seed, rng, window, started, violations):
    """The run itself: appends what it finds wrong to `violations`."""
    system.start()
    health = HealthWatch(system, stall_seconds=60)
    health.start()
    api = API(system.services["intake"].url)
    programme = Programme(api, system.operator_token, system.id)
    year = fiscal_year()
    # Two small providers score best (same province, all standards) and fill up; the rest hold
    # every open proposal the run can leave, so no request waits for capacity.
    capacity = int(options.requests * 1.1 / 8) + 10
    providers = [programme.provider(i, capacity=2, channels=("email", "line")) for i in range(2)]
    providers += [programme.provider(2 + i, capacity=capacity, province="TH-40" if i % 2 else "TH-57",
                                     channels=("email",) if i % 3 else ("email", "line")) for i in range(8)]
    north = [programme.enterprise(i, channels=("email",) if i % 4 else ("email", "sms")) for i in range(40)]
    northeast = [programme.enterprise(100 + i, province="TH-40") for i in range(5)]
    programme.set_budget(year, "northeast", NORTHEAST_COUPONS * PROGRAMME_SHARE)
    wait_for("matching to know the providers and notifications the contacts", 120, lambda: (
        system.scalar("SELECT count(*) AS n FROM matching.providers") == len(providers)
        and system.scalar("SELECT count(*) AS n FROM notifications.recipients") >= len(providers) + len(north) + len(northeast)))

    player = JourneyPlayer(programme, system, patience=60)
    player.start()
    faults = Faults(system, schedule(rng, window), options.pause)
    print("faults:", flush=True)
    accepted, lock = {}, threading.Lock()
    scripts = [name for name, share in SCRIPT_SHARES for _ in range(int(share * 100))]
    plan = []
    for index in range(options.requests):
        region_northeast = rng.random() < 0.05
        enterprise = rng.choice(northeast if region_northeast else north)
        plan.append((index, enterprise, rng.choice(scripts)))

    def submit(index, enterprise, script):
        request = programme.submit(enterprise, f"chaos-{index}")
        with lock:
            accepted[request] = (enterprise, script)
        player.add(request, enterprise, script)

    faults.start()
    submitted_at = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        futures = []
        for index, enterprise, script in plan:
            due = submitted_at + index / options.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(submit, index, enterprise, script))
        for future in futures:
            try:
                future.result()
            except Exception as error:
                violations.append(f"a submission failed for good: {error}")
    submit_seconds = time.monotonic() - submitted_at
    print(f"submitted {len(accepted)} requests in {submit_seconds:.0f} s ({len(accepted) / submit_seconds:.1f}/s)", flush=True)
    faults.join()
    violations += faults.failed

    # --- convergence ---------------------------------------------------------------------------
    converge_started = time.monotonic()
    def parked_for_budget():
        return {row["id"] for row in system.query("""
            SELECT id::text AS id FROM matching.requests WHERE status = 'unmatched' AND region = 'northeast'""")}
    def remaining():
        left = player.finished()
        parked = parked_for_budget()
        return {rid: state for rid, state in left.items() if not (rid in parked and state[1] == "unmatched")}
    try:
        wait_for("every request to reach its final state and every outbox and message queue to drain",
                 max(300, options.requests / 4), lambda: not remaining() and drained(system), every=3)
    except TimeoutError as error:
        left = remaining()
        violations.append(f"{error}: {len(left)} request(s) not final, e.g. {list(left.items())[:3]}; "
                          f"{drain_report(system)}")
    player.stop()
    time.sleep(3)
    converged = time.monotonic() - converge_started
    health.stop()
    violations += health.violations
    violations += player.errors
    if player.strangers:
        violations.append(f"proposals went to providers nobody registered: {sorted(player.strangers)[:3]}")

    figures = check(system, accepted, parked_for_budget(), faults, violations)
    print_summary(options, seed, accepted, faults, figures, player, health, submit_seconds, converged,
                  time.monotonic() - started, violations)


def drained(system):
    return all(v == 0 for v in drain_counts(system).values())


def drain_counts(system):
    row = system.query("""
        SELECT (SELECT count(*) FROM intake.outbox WHERE published_at IS NULL)
             + (SELECT count(*) FROM matching.outbox WHERE published_at IS NULL)
             + (SELECT count(*) FROM certification.outbox WHERE published_at IS NULL)
             + (SELECT count(*) FROM notifications.outbox WHERE published_at IS NULL) AS unpublished,
               (SELECT count(*) FROM notifications.messages WHERE status = 'pending') AS unsent""")[0]
    return row


def drain_report(system):
    return ", ".join(f"{k} {v}" for k, v in drain_counts(system).items())


def check(system, accepted, parked, faults, violations):
    """Every check after the run; returns figures for the summary."""
    figures = {}
    ids = "{" + ",".join(accepted) + "}"

    # No request lost: each 202 is in every service; states agree with the script and across services.
    states = {row["id"]: row for row in system.query("""
        SELECT r.id::text AS id, r.status AS intake, m.status AS matching,
               (SELECT count(*) FROM notifications.requests n WHERE n.id = r.id) AS notifications,
               EXISTS (SELECT 1 FROM intake.request_timeline t WHERE t.request_id = r.id
                       AND t.event_type = 'th.otop.match.rated.v1') AS rated
        FROM intake.requests r LEFT JOIN matching.requests m ON m.id = r.id
        WHERE r.id = ANY (:'ids'::uuid[])""", ids=ids)}
    lost = [rid for rid in accepted if rid not in states]
    if lost:
        violations.append(f"{len(lost)} accepted request(s) missing from intake: {lost[:3]}")
    outcome = collections.Counter()
    wrong, disagree, unknown = [], [], []
    for rid, (enterprise, script) in accepted.items():
        state = states.get(rid)
        if state is None:
            continue
        want = FINAL_STATE[script]
        if rid in parked and state["intake"] == "unmatched":
            outcome["unmatched (budget)"] += 1
        elif state["intake"] == want and (want != "completed" or state["rated"]):
            outcome[want] += 1
        else:
            wrong.append((rid, script, state["intake"]))
        if state["matching"] is None or state["notifications"] == 0:
            unknown.append(rid)
        elif state["matching"] != state["intake"]:
            disagree.append((rid, state["intake"], state["matching"]))
    figures["outcomes"] = outcome
    if wrong:
        violations.append(f"{len(wrong)} request(s) not in their script's final state: {wrong[:3]}")
    if unknown:
        violations.append(f"{len(unknown)} request(s) unknown to matching or notifications: {unknown[:3]}")
    if disagree:
        violations.append(f"{len(disagree)} request(s) whose intake and matching states differ: {disagree[:3]}")
    others = system.scalar("SELECT count(*) AS n FROM intake.requests WHERE NOT (id = ANY (:'ids'::uuid[]))", ids=ids)
    figures["unanswered submissions"] = others
    exhausted = system.query("""
        SELECT allocated_baht - held_baht - committed_baht - spent_baht AS available FROM matching.budgets
        WHERE region = 'northeast'""")
    if parked and exhausted and exhausted[0]["available"] >= PROGRAMME_SHARE:
        violations.append(f"{len(parked)} northeast request(s) parked while {exhausted[0]['available']} baht were available")

    # Capacity and budgets: within their limits, and equal to their ledgers.
    wrong_loads = system.query("""
        SELECT p.id, p.active_load, p.capacity FROM matching.providers p
        WHERE p.active_load <> (SELECT count(*) FROM matching.proposals o WHERE o.provider_id = p.id AND o.status IN ('pending', 'accepted'))
                             + (SELECT count(*) FROM matching.assignments a WHERE a.provider_id = p.id AND a.status IN ('active', 'workReported'))
           OR p.active_load > p.capacity""")
    if wrong_loads:
        violations.append(f"provider loads off their ledger or over capacity: {wrong_loads[:3]}")
    wrong_budgets = system.query("""
        SELECT b.region, b.allocated_baht, b.held_baht, b.committed_baht, b.spent_baht FROM matching.budgets b
        WHERE b.held_baht + b.committed_baht + b.spent_baht > b.allocated_baht
           OR b.held_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'held'), 0)
           OR b.committed_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'committed'), 0)
           OR b.spent_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'spent'), 0)""")
    if wrong_budgets:
        violations.append(f"budgets over their allocation or off their coupons: {wrong_budgets}")
    figures["loads"] = system.query("SELECT capacity, active_load FROM matching.providers ORDER BY capacity, active_load DESC")
    figures["budget"] = system.query("SELECT region, allocated_baht, held_baht, committed_baht, spent_baht FROM matching.budgets")
    doubled = system.query("""
        SELECT request_id FROM matching.assignments GROUP BY request_id
        HAVING count(*) FILTER (WHERE status IN ('active', 'workReported', 'completed')) > 1""")
    if doubled:
        violations.append(f"{len(doubled)} request(s) with two live or completed assignments: {doubled[:3]}")

    # The database and the topics agree: outboxes published, topics hold exactly the outboxes' events,
    # and each consumer's inbox holds exactly the events of its types on its topics.
    topics = Topics(system.brokers, system.prefix)
    on_topics, types = {}, {}
    for topic in TOPICS:
        on_topics[topic] = collections.Counter()
        for message in topics.read(topic, timeout=300):
            if message["value"]:
                event = json.loads(message["value"])
                on_topics[topic][event["id"]] += 1
                types[event["id"]] = (topic, event["type"])
    figures["events"] = sum(len(c) for c in on_topics.values())
    figures["copies on topics"] = sum(sum(c.values()) - len(c) for c in on_topics.values())
    outbox = collections.defaultdict(set)
    for schema in ("intake", "matching", "certification", "notifications"):
        for row in system.query(f"""SELECT topic, event_id::text AS id, published_at IS NOT NULL AS published
                                    FROM {schema}.outbox WHERE event_id IS NOT NULL"""):
            outbox[row["topic"]].add(row["id"])
            if not row["published"]:
                violations.append(f"{schema}.outbox row {row['id']} ({row['topic']}) never published")
    for topic in TOPICS:
        missing = outbox[topic] - set(on_topics[topic])
        foreign = set(on_topics[topic]) - outbox[topic]
        if missing or foreign:
            violations.append(f"{topic}: {len(missing)} outbox event(s) not on the topic, {len(foreign)} event(s) from no outbox")
    consumers = system.consumers()
    inbox_total = 0
    for consumer, (read, handled) in consumers.items():
        schema = consumer.split(".")[0]
        rows = system.query(f"SELECT event_id::text AS id, topic FROM {schema}.inbox WHERE consumer = :'consumer'",
                            consumer=consumer)
        inbox_total += len(rows)
        applied = collections.Counter(row["id"] for row in rows)
        expected = {eid for eid, (topic, kind) in types.items() if topic in read and kind in handled}
        missing, extra = expected - set(applied), set(applied) - expected
        if missing or extra:
            violations.append(f"{consumer}: {len(missing)} event(s) of its types never applied, {len(extra)} applied "
                              f"that are not on its topics")
    figures["inbox rows"] = inbox_total
    for topic in TOPICS:
        letters = topics.read(topic + ".dlq")
        if letters:
            violations.append(f"{len(letters)} dead letter(s) on {topic}.dlq, e.g. {letters[0]['headers'].get('error')}")

    # Messages: each sent once, copies only within the window.
    figures.update(check_messages(system, faults, violations))
    return figures


def check_messages(system, faults, violations):
    rows = system.query("""SELECT id::text AS id, channel, status FROM notifications.messages
                           WHERE status <> 'routed'""")
    by_status = collections.Counter(row["status"] for row in rows)
    if set(by_status) - {"sent", "skipped"}:
        violations.append(f"messages not sent: {dict(by_status)}")
    sent = {row["id"]: row["channel"] for row in rows if row["status"] == "sent"}
    # E-mail: the SMTP server's maildir, by Message-ID (the file's time: when the server filed it).
    received = {"email": collections.defaultdict(list), "line": collections.defaultdict(list),
                "sms": collections.defaultdict(list)}
    for path in (system.maildir / "new").iterdir():
        with open(path, "rb") as file:
            headers = email.parser.BytesHeaderParser().parse(file)
        received["email"][(headers["Message-ID"] or "").strip().strip("<>").split("@")[0]].append(path.stat().st_mtime)
    # LINE: one accepted push per retry key (the stand-in answers 409 to a key it accepted, which the
    # sender counts as delivered); SMS: every request the gateway received, by reference.
    for kind in ("line", "sms"):
        folder = system.standins[kind]
        for path in folder.glob("*.json") if folder.exists() else []:
            entry = json.loads(path.read_text())
            if kind == "line" and entry["status"] != 200:
                continue
            received[kind][(entry.get("key") or "").lower()].append(entry["received_at"])
    # Copies, each put down to the fault that can cut a delivery and began last before it arrived.
    cutting = [(wall, what) for _, what, _, wall in faults.log if what in ("kill notifications", "restart postgres")]
    processes = {what: faults.lanes_cut.get(index, 1) for index, (_, what, _, _) in enumerate(faults.log)}
    per_fault = collections.Counter()
    extra = {}
    for channel, copies in received.items():
        want = {mid for mid, c in sent.items() if c == channel}
        got = set(copies)
        if want - got:
            violations.append(f"{len(want - got)} {channel} message(s) recorded sent but never received")
        if got - want:
            violations.append(f"{len(got - want)} {channel} message(s) received that no sent row explains")
        extra[channel] = 0
        for times in copies.values():
            for later in sorted(times)[1:]:
                extra[channel] += 1
                cause = [what for wall, what in cutting if wall <= later]
                per_fault[cause[-1] if cause else "no fault"] += 1
    for cause, count in per_fault.items():
        allowed = LANES * processes.get(cause, 0)
        if count > allowed:
            violations.append(f"{count} cop(ies) after {cause}: the window is one per delivery lane ({LANES}) of each "
                              f"notifications process the fault cut ({processes.get(cause, 0)}), {allowed} (docs/architecture.md)")
    if extra.get("line"):
        violations.append(f"{extra['line']} LINE message(s) accepted twice: the retry key should make a resend a 409")
    return {"messages sent": dict(collections.Counter(sent.values())), "copies": extra, "copies per fault": dict(per_fault),
            "window faults": [f"{what} ({LANES * processes[what]})" for _, what in cutting]}


def print_summary(options, seed, accepted, faults, figures, player, health, submit_seconds, converged, elapsed, violations):
    print("\n=== chaos run summary ===")
    print(f"requests accepted (202)       {len(accepted):>8}   submitted in {submit_seconds:.0f} s "
          f"({len(accepted) / max(submit_seconds, 1):.1f}/s), converged {converged:.0f} s after the last")
    for state, count in sorted(figures.get("outcomes", {}).items()):
        print(f"  final {state:<22} {count:>8}")
    print(f"submissions without an answer  {figures.get('unanswered submissions', 0):>7}   (requests intake stored for a key a "
          f"crash left claimed: {player.programme.unanswered} key(s) answered 409 and were submitted again)")
    print(f"journey commands sent         {player.commands:>8}   resent after {player.patience} s without effect: {player.resent}")
    print(f"events on the topics          {figures.get('events', 0):>8}   extra copies on topics (relay resends): {figures.get('copies on topics', 0)}")
    print(f"inbox rows                    {figures.get('inbox rows', 0):>8}   (each consumer: exactly the events of its types on its topics)")
    print(f"messages sent by channel      {figures.get('messages sent', {})}")
    print(f"copies received               {figures.get('copies', {})}   per fault: {figures.get('copies per fault', {})} "
          f"(window: one per delivery lane of each notifications process a fault cut: "
          f"{', '.join(figures.get('window faults', []))})")
    full = [row for row in figures.get("loads", []) if row["active_load"] == row["capacity"]]
    print(f"providers at capacity         {len(full):>8}   of {len(figures.get('loads', []))}; budgets: "
          + "; ".join(f"{b['region']} allocated {b['allocated_baht']:,} held {b['held_baht']:,} committed "
                      f"{b['committed_baht']:,} spent {b['spent_baht']:,}" for b in figures.get("budget", [])))
    print(f"probes sampled                {health.samples:>8}   longest not-ready streak "
          f"{max(health.worst_not_ready.values(), default=0):.1f} s")
    print("faults:")
    for at, what, figure, _ in faults.log:
        print(f"  {at:7.1f} s  {what:<28} {figure}")
    print(f"chaos run {'passed' if not violations else 'FAILED'} in {elapsed:.0f} s (seed {seed}, "
          f"{options.requests} requests at {options.rate:g}/s)")
    for violation in violations[:40]:
        print(f"  VIOLATION: {violation}")
    if len(violations) > 40:
        print(f"  ... {len(violations) - 40} more")


if __name__ == "__main__":
    sys.exit(main())
