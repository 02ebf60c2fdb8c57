#!/usr/bin/env python3
"""The pipeline benchmark (docs/benchmarks.md, "The pipeline end to end"): how many requests a second
go from intake's `POST /v1/requests` to the proposal written and to the first e-mail delivered, with
the latency at half that rate, beside PostgreSQL's own single-row insert rate with one client.

One run: the four services (release build) on topics of their own and a database each (so that
PostgreSQL's counters are per service), a private SMTP server, providers and enterprises loaded
through the API (scripts/bench_intake_data.py), then
  1. pgbench, one client, single-row jsonb inserts (the yardstick every figure is divided by);
  2. flood: wrk at 16 clients without pacing (intake's accepted rate with the pipeline running), then
     the drain: requests / (last completion - first submission) estimates the pipeline's capacity;
  3. search: wrk offers a steady rate (paced connections), starting at that estimate and 20 % lower
     each time the pipeline did not keep up; the highest rate it kept up with is the maximum
     sustained rate;
  4. half: the same at half that rate; p50/p95/p99 of the end-to-end latencies;
  5. alone: matching, certification and notifications stopped, wrk at 16 clients on intake alone.
End to end is measured from the database and SMTP side: the request's `submitted_at` (intake's clock,
before its commit) against the commit time of the proposal row (`track_commit_timestamp`) and
against the time the SMTP server filed the request's first e-mail (the Maildir file's mtime, found by
its Message-ID, which is the message row's id). "Kept up" means every request of the step got both
within the drain's limit and the median latency of the step's last quarter stayed within twice that
of its first quarter plus 250 ms (a backlog that grows shows there first).

For the half phase it also prints the latency hop by hop (from the timestamps the services write);
for the flood and the half phase, where the time went: CPU seconds of each process
(from /proc), commits (pg_stat_database.xact_commit of each service's database) and statements
(pg_stat_statements) per request, and each consumer's mean batch size (from the /metrics counters).

Usage (through scripts/bench_pipeline.sh, which builds and sets the environment):
  bench_pipeline.py --bin-dir DIR [--runs 3] [--seconds 15] [--flood-seconds 5] [--pgbench-seconds 10]
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness.system import ROOT, SERVICES, System, wait_for

CLIENTS = 16                # wrk connections of the unpaced phases
PACED_PAUSE = 0.2           # seconds each paced wrk connection waits between its requests, on average
SEARCH_STEPS = 7            # paced tries at most, each 20 % below the last
DRAIN_LIMIT = 180           # seconds a phase's requests may take to complete after it
HOPS = ["submission -> published by intake's relay", "published -> matching's batch starts",
        "matching's batch start -> proposal committed", "published -> notifications' batch starts",
        "message queued -> claimed by a delivery lane", "claimed -> e-mail filed", "filed -> delivery committed"]


class PipelineSystem(System):
    """The fault runs' System with one database per service: `<database>_<service>`. The run's own
    database holds pgbench's table."""

    def service_url(self, name):
        return f"{self.database_url}_{name.split('#')[0]}"

    def start(self, names=SERVICES):
        for name in names:
            self.psql_admin(f'CREATE DATABASE "{self.database}_{name}"')
        super().start(names)

    def _service(self, name, log_name=None):
        service = super()._service(name, log_name)
        service.environment["DATABASE_URL"] = self.service_url(name)
        service.environment["LOG_LEVEL"] = "warning"
        return service

    def stop(self, keep=False):
        statuses = super().stop(keep)
        if not keep:
            for name in SERVICES:
                self.psql_admin(f'DROP DATABASE IF EXISTS "{self.database}_{name}" WITH (FORCE)', check=False)
        return statuses

    def rows(self, name, sql, **values):
        return self.query(sql, database_url=self.service_url(name), **values)


# --- load ------------------------------------------------------------------------------------------

def wrk(system, clients_file, connections, seconds, pause_ms=None):
    """Runs wrk against intake; returns {accepted_per_s, p50_ms, p99_ms, rejected}."""
    threads = min(connections, 2)
    arguments = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "--latency",
                 "-s", str(ROOT / "scripts/bench_intake.lua"), system.services["intake"].url, "--", str(clients_file), "plain"]
    if pause_ms is not None:
        arguments.append(f"{pause_ms:.3f}")
    output = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    def milliseconds(value):
        number = float(re.match(r"[\d.]+", value).group())
        return number / 1000 if value.endswith("us") else number if value.endswith("ms") else \
            number * 60000 if value.endswith("m") else number * 1000
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M))
    sent, span, unit = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output).groups()
    span = float(span) * (60 if unit == "m" else 1)
    rejected = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    rejected += sum(int(n) for n in errors.groups()) if errors else 0
    return {"accepted_per_s": (int(sent) - rejected) / span, "p50_ms": milliseconds(latency["50"]),
            "p99_ms": milliseconds(latency["99"]), "rejected": rejected}


def pgbench(system, seconds):
    """pgbench's single-row insert rate with one client on the run's own database."""
    subprocess.run([f"{system.pg_bin}/psql", system.database_url, "-v", "ON_ERROR_STOP=1", "-q",
                    "-f", str(ROOT / "scripts/bench_insert_table.sql")], check=True)
    output = subprocess.run([f"{system.pg_bin}/pgbench", "-n", "-M", "extended", "-c", "1", "-j", "1", "-T", str(seconds),
                             "-f", str(ROOT / "scripts/bench_insert.sql"), system.database_url],
                            check=True, capture_output=True, text=True).stdout
    return float(re.search(r"^tps = ([\d.]+)", output, re.M).group(1))


# --- what completed, and when ----------------------------------------------------------------------

class Completions:
    """Each request's submission, proposal commit and first e-mail filed, read from the databases and
    the SMTP server's Maildir (files read once, remembered by name)."""

    def __init__(self, system):
        self.system = system
        self.filed = {}          # Maildir file name -> (message id, mtime in seconds)
        self.queries = dict.fromkeys(SERVICES, 0)   # queries sent to each service's database (they count there)

    def _rows(self, name, sql, **values):
        self.queries[name] += 1
        return self.system.rows(name, sql, **values)

    def _mail(self):
        folder = self.system.maildir / "new"
        for entry in os.scandir(folder):
            if entry.name in self.filed:
                continue
            message_id = None
            with open(entry.path, "rb") as file:
                for line in file:
                    if not line.strip():
                        break
                    if line[:11].lower() == b"message-id:":
                        message_id = line[11:].strip().strip(b"<>").split(b"@")[0].decode()
            self.filed[entry.name] = (message_id, entry.stat().st_mtime_ns / 1e9)
        return {message_id: filed for message_id, filed in self.filed.values()}

    def read(self, since, until):
        """[(submitted, proposal committed or None, first e-mail filed or None)] for the requests submitted
        in [since, until), in submission order."""
        requests = self._rows("intake", """
            SELECT id, extract(epoch FROM submitted_at)::float8 AS at FROM intake.requests
            WHERE submitted_at >= to_timestamp(:'since') AND submitted_at < to_timestamp(:'until')""",
            since=since, until=until)
        proposals = {row["request_id"]: row["at"] for row in self._rows("matching", """
            SELECT request_id, extract(epoch FROM min(pg_xact_commit_timestamp(xmin)))::float8 AS at
            FROM matching.proposals WHERE created_at >= to_timestamp(:'since') GROUP BY request_id""", since=since)}
        filed = self._mail()
        first_mail = {}
        for row in self._rows("notifications", """
                SELECT id, request_id FROM notifications.messages
                WHERE channel = 'email' AND status = 'sent' AND created_at >= to_timestamp(:'since')""", since=since):
            at = filed.get(row["id"])
            if at is not None:
                first_mail[row["request_id"]] = min(at, first_mail.get(row["request_id"], at))
        return sorted(((row["at"], proposals.get(row["id"]), first_mail.get(row["id"])) for row in requests),
                      key=lambda row: row[0])

    def hops(self, since, until):
        """{hop: [seconds]} for the requests submitted in [since, until), from the timestamps the services
        write: intake's outbox `published_at` (after the broker's acknowledgement), each consumer's inbox
        `processed_at` (its batch transaction's start), the message's `created_at` and `sent_at` (the
        delivery transaction's start), the Maildir file's time, and commit times."""
        published = {row["event_id"]: row for row in self._rows("intake", """
            SELECT r.id AS request_id, o.event_id, extract(epoch FROM r.submitted_at)::float8 AS submitted,
                   extract(epoch FROM o.published_at)::float8 AS published
            FROM intake.requests r JOIN intake.outbox o
              ON o.topic = 'otop.requests' AND convert_from(o.message_key, 'UTF8') = r.id::text
            WHERE r.submitted_at >= to_timestamp(:'since') AND r.submitted_at < to_timestamp(:'until')
              AND o.published_at IS NOT NULL""", since=since, until=until)}
        started = {name: {row["event_id"]: row["at"] for row in self._rows(name, f"""
            SELECT event_id, extract(epoch FROM processed_at)::float8 AS at FROM {name}.inbox
            WHERE processed_at >= to_timestamp(:'since')""", since=since)} for name in ("matching", "notifications")}
        proposals = {row["request_id"]: row["at"] for row in self._rows("matching", """
            SELECT request_id, extract(epoch FROM min(pg_xact_commit_timestamp(xmin)))::float8 AS at
            FROM matching.proposals WHERE created_at >= to_timestamp(:'since') GROUP BY request_id""", since=since)}
        filed, first = self._mail(), {}
        for row in self._rows("notifications", """
                SELECT id, request_id, extract(epoch FROM created_at)::float8 AS queued,
                       extract(epoch FROM sent_at)::float8 AS claimed,
                       extract(epoch FROM pg_xact_commit_timestamp(xmin))::float8 AS committed
                FROM notifications.messages
                WHERE channel = 'email' AND status = 'sent' AND created_at >= to_timestamp(:'since')""", since=since):
            at = filed.get(row["id"])
            if at is not None and (row["request_id"] not in first or at < first[row["request_id"]][0]):
                first[row["request_id"]] = (at, row)
        hops = {hop: [] for hop in HOPS}
        for event_id, request in published.items():
            matched, noticed = started["matching"].get(event_id), started["notifications"].get(event_id)
            values = [request["published"] - request["submitted"]]
            if matched is not None and request["request_id"] in proposals:
                values += [matched - request["published"], proposals[request["request_id"]] - matched]
            else:
                values += [None, None]
            if noticed is not None and request["request_id"] in first:
                at, message = first[request["request_id"]]
                values += [noticed - request["published"], message["claimed"] - message["queued"],
                           at - message["claimed"], message["committed"] - at]
            for hop, value in zip(HOPS, values + [None] * (len(HOPS) - len(values))):
                if value is not None:
                    hops[hop].append(value)
        return hops

    def settled(self):
        """Whether nothing is left to do: no message waiting to be sent, no outbox row waiting to be published
        (so the next phase does not queue behind this one's later e-mails)."""
        if self._rows("notifications", "SELECT count(*) AS n FROM notifications.messages WHERE status = 'pending'")[0]["n"]:
            return False
        return not any(self._rows(name, f"SELECT count(*) AS n FROM {name}.outbox WHERE published_at IS NULL")[0]["n"]
                       for name in SERVICES)

    def wait(self, since, until):
        """Waits until every request submitted in [since, until) has its proposal and its first e-mail, then
        until the system has settled, or DRAIN_LIMIT seconds; returns what read() returns."""
        deadline = time.monotonic() + DRAIN_LIMIT
        while True:
            rows = self.read(since, until)
            if all(p is not None and m is not None for _, p, m in rows) or time.monotonic() > deadline:
                break
            time.sleep(1)
        while not self.settled() and time.monotonic() < deadline:
            time.sleep(1)
        return rows


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))] if ordered else float("nan")


def latencies(rows, column):
    return [row[column] - row[0] for row in rows if row[column] is not None]


def capacity(rows, column):
    """Requests per second from the first submission to the last completion."""
    done = [row[column] for row in rows if row[column] is not None]
    return len(done) / (max(done) - rows[0][0]) if done else 0.0


def kept_up(rows):
    if not rows or any(p is None or m is None for _, p, m in rows):
        return False
    quarter = max(1, len(rows) // 4)
    for column in (1, 2):
        first = statistics.median(latencies(rows[:quarter], column))
        last = statistics.median(latencies(rows[-quarter:], column))
        if last > 2 * first + 0.25:
            return False
    return True


def offered(rows):
    return (len(rows) - 1) / (rows[-1][0] - rows[0][0]) if len(rows) > 1 else 0.0


# --- where the time went ---------------------------------------------------------------------------

def cpu_seconds(pid, children=False):
    """User and system CPU seconds of a process so far; with `children`, also of its children that exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15 if children else 13]) / os.sysconf("SC_CLK_TCK")


def postgres_pids(system):
    data = system.psql_admin("SHOW data_directory").stdout.strip()
    postmaster = int(Path(data, "postmaster.pid").read_text().split()[0])
    children = [postmaster]
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(entry.name))
            except (OSError, IndexError):
                pass
    return children


def machine_busy():
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def snapshot(system, completions):
    """Counters to subtract: CPU per process, commits and statements per service (less the benchmark's own
    queries), consumers' events and batches."""
    cpu = {name: cpu_seconds(service.process.pid) for name, service in system.services.items() if service.running()}
    postmaster, *backends = postgres_pids(system)      # backends that ended count in the postmaster's children
    cpu["postgres"] = cpu_seconds(postmaster, children=True) + sum(cpu_seconds(pid) for pid in backends)
    cpu["tansu"] = cpu_seconds(int(Path(os.environ.get("OTOP_RUN", ROOT / ".local/run"), "tansu.pid").read_text()))
    cpu["smtp"] = cpu_seconds(system.helpers[0].pid)
    names = {f"{system.database}_{name}": name for name in SERVICES}
    own = completions.queries
    def per_service(sql):
        rows = (line.split("|") for line in system.psql_admin(sql).stdout.split())
        return {names[row[0]]: int(row[1]) - own[names[row[0]]] for row in rows}
    commits = per_service(f"SELECT datname, xact_commit FROM pg_stat_database WHERE datname LIKE '{system.database}\\_%'")
    queries = {}          # (service, statement) -> calls, the benchmark's own queries left out
    statements = {name: -own[name] for name in SERVICES}
    for row in system.query("""
            SELECT d.datname AS database, s.calls, regexp_replace(s.query, '\\s+', ' ', 'g') AS query
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname LIKE :'pattern'""",
            database_url=system.admin_url, pattern=f"{system.database}\\_%"):
        name = names[row["database"]]
        statements[name] += row["calls"]
        if "fault_run_row" not in row["query"]:
            queries[(name, row["query"])] = queries.get((name, row["query"]), 0) + row["calls"]
    wal_syncs = int(system.psql_admin("SELECT wal_sync FROM pg_stat_wal").stdout)
    consumers = {}
    for name, service in system.services.items():
        if not service.running():
            continue
        for consumer, events, batches in consumer_counters(service):
            consumers[f"{name}/{consumer}"] = (events, batches)
    return {"at": time.monotonic(), "cpu": cpu, "machine": machine_busy(), "commits": commits,
            "statements": statements, "queries": queries, "wal_syncs": wal_syncs, "consumers": consumers}


def consumer_counters(service):
    """(consumer, processed events, batches) from a service's /metrics."""
    import urllib.request
    with urllib.request.urlopen(service.url + "/metrics", timeout=5) as answer:
        text = answer.read().decode()
    events, batches = {}, {}
    for line in text.splitlines():
        match = re.match(r'otop_consumer_events_total\{(?=.*consumer="([^"]+)")(?=.*outcome="processed").*\} ([\d.e+]+)$', line)
        if match:
            events[match.group(1)] = float(match.group(2))
        match = re.match(r'otop_consumer_batch_duration_seconds_count\{.*consumer="([^"]+)".*\} ([\d.e+]+)$', line)
        if match:
            batches[match.group(1)] = float(match.group(2))
    return [(consumer, events[consumer], batches.get(consumer, 0.0)) for consumer in events]


def profile(before, done, settled, requests, label, detail=0):
    """Prints what happened between two snapshots per request (per second when `requests` is None): CPU up to
    `done`; commits, statements and batches up to `settled` (backends report their counts when idle); with
    `detail`, each service's that many most frequent statements."""
    seconds = done["at"] - before["at"]
    count, unit = (requests, "request") if requests else (seconds, "second")
    print(f"  where the time went ({label}: {requests or 0} requests, {seconds:.1f} s; the machine was busy "
          f"{(done['machine'] - before['machine']) / seconds:.2f} cores, our processes "
          f"{sum(done['cpu'][k] - before['cpu'].get(k, 0) for k in done['cpu']) / seconds:.2f}):")
    print(f"    CPU ms per {unit}:".ljust(32) + "  ".join(
        f"{name} {1000 * (done['cpu'][name] - before['cpu'].get(name, 0)) / count:.2f}" for name in done["cpu"]))
    for key in ("commits", "statements"):
        print(f"    {key} per {unit}:".ljust(32) + "  ".join(
            f"{name} {(settled[key].get(name, 0) - before[key].get(name, 0)) / count:.2f}" for name in SERVICES))
    print(f"    WAL flushes per {unit}:".ljust(32) + f"{(settled['wal_syncs'] - before['wal_syncs']) / count:.2f} "
          "(the whole PostgreSQL server: fdatasync calls)")
    batches = []
    for consumer, (events, batches_now) in sorted(settled["consumers"].items()):
        events0, batches0 = before["consumers"].get(consumer, (0.0, 0.0))
        if batches_now > batches0:
            batches.append(f"{consumer} {(events - events0) / count:.2f} events in batches of "
                           f"{(events - events0) / (batches_now - batches0):.1f}")
    print(f"    consumers, per {unit}:".ljust(32) + "  ".join(batches))
    if detail:
        for name in SERVICES:
            calls = sorted(((calls - before["queries"].get(key, 0), key[1]) for key, calls in settled["queries"].items()
                            if key[0] == name), reverse=True)[:detail]
            print(f"    {name}'s most frequent statements per {unit}:")
            for number, query in calls:
                print(f"      {number / count:6.2f}  {query[:150]}")


def profiled(system, completions, label, phase, detail=0):
    """Runs `phase()` (which returns the rows it waited for) between snapshots and prints the profile."""
    before = snapshot(system, completions)
    rows = phase()
    done = snapshot(system, completions)
    time.sleep(11)       # backends report their commit counts after at most 10 s idle
    profile(before, done, snapshot(system, completions), len(rows) if rows is not None else None, label, detail)
    return rows


# --- one run ---------------------------------------------------------------------------------------

class Pacer:
    """Offers a steady rate with wrk: each connection pauses about PACED_PAUSE between its requests, so that
    the connections' first requests, sent together, are a fifth of a second's worth. wrk counts the pause
    from the answer, so the rate offered falls short by the answers' latency: each step corrects the
    next by what the last one achieved."""

    def __init__(self, system, completions, clients_file):
        self.system, self.completions, self.clients_file = system, completions, clients_file
        self.achieved = 1.0      # rate offered / rate asked, in the last step

    def offer(self, rate, seconds):
        """Offers `rate` requests/s for `seconds` and waits for them to complete; returns their rows."""
        asked = rate / self.achieved
        connections = max(2, round(asked * PACED_PAUSE))
        since = time.time()
        wrk(self.system, self.clients_file, connections, seconds, 1000.0 * connections / asked)
        rows = self.completions.wait(since, time.time())
        if len(rows) > 10:
            self.achieved = min(1.0, max(0.5, self.achieved * offered(rows) / rate))
        return rows


def describe(rows):
    proposal, mail = latencies(rows, 1), latencies(rows, 2)
    return (f"{len(rows)} requests at {offered(rows):.1f}/s; proposal p50 {1000 * percentile(proposal, .5):.0f} ms "
            f"p99 {1000 * percentile(proposal, .99):.0f} ms; first e-mail p50 {1000 * percentile(mail, .5):.0f} ms "
            f"p99 {1000 * percentile(mail, .99):.0f} ms; missing {sum(p is None or m is None for _, p, m in rows)}")


def run(options, number):
    system = PipelineSystem("bench-pipeline", options.bin_dir, options.work_dir,
                            extra_environment={"SMTP_STARTTLS": "off", "NOTIFICATIONS_RATE_EMAIL": "off"})
    figures = {}
    try:
        system.start()
        clients_file = system.dir / "clients.txt"
        subprocess.run([sys.executable, str(ROOT / "scripts/bench_intake_data.py"), "--api", system.services["intake"].url,
                        "--enterprises", "8", "--providers", "4", "--out", str(clients_file)],
                       env={**os.environ, "INTAKE_OPERATOR_TOKEN": system.operator_token}, check=True)
        wait_for("matching and notifications to know the providers and contacts", 120, lambda:
                 system.rows("matching", "SELECT count(*) AS n FROM matching.providers")[0]["n"] >= 4 and
                 system.rows("notifications", "SELECT count(*) AS n FROM notifications.recipients")[0]["n"] >= 12)
        completions = Completions(system)
        pacer = Pacer(system, completions, clients_file)
        warm = pacer.offer(20, 3)
        print(f"run {number}: warm-up {describe(warm)}")

        figures["pgbench"] = pgbench(system, options.pgbench_seconds)
        print(f"run {number}: pgbench, 1 client: {figures['pgbench']:.0f} tps")

        profiled(system, completions, "idle, 10 s", lambda: time.sleep(10))
        flood = {}
        def flood_and_drain():
            since = time.time()
            flood.update(wrk(system, clients_file, CLIENTS, options.flood_seconds))
            return completions.wait(since, time.time())
        rows = profiled(system, completions, "flood and drain", flood_and_drain, detail=8)
        figures.update(intake_pipeline=flood["accepted_per_s"], intake_pipeline_p50=flood["p50_ms"],
                       intake_pipeline_p99=flood["p99_ms"], drain_proposals=capacity(rows, 1), drain_mail=capacity(rows, 2))
        print(f"run {number}: flood, {CLIENTS} clients: intake accepted {flood['accepted_per_s']:.0f}/s "
              f"(p50 {flood['p50_ms']:.1f} ms, p99 {flood['p99_ms']:.1f} ms, rejected {flood['rejected']}); drained at "
              f"{figures['drain_proposals']:.1f} proposals/s and {figures['drain_mail']:.1f} first e-mails/s; {describe(rows)}")

        # Down from the drain's estimate until the pipeline keeps up; a step that kept up well below the rate
        # asked (the pacer's first guess fell short) is tried again at the same rate, corrected.
        rate, sustained = min(figures["drain_proposals"], figures["drain_mail"]), None
        for step in range(SEARCH_STEPS):
            rows = pacer.offer(rate, options.seconds)
            ok = kept_up(rows)
            print(f"run {number}: asked {rate:.0f}/s: {'kept up' if ok else 'fell behind'}: {describe(rows)}")
            if ok:
                sustained = rows if sustained is None or offered(rows) > offered(sustained) else sustained
                if offered(rows) >= 0.9 * rate:
                    break
            elif sustained is not None:
                break
            else:
                rate *= 0.8
        if sustained is None:
            raise RuntimeError(f"the pipeline kept up with no offered rate down to {rate / 0.8:.0f}/s")
        figures["sustained"] = offered(sustained)

        rows = profiled(system, completions, "half rate", lambda: pacer.offer(figures["sustained"] / 2, options.seconds))
        print(f"run {number}: half rate: {describe(rows)}")
        for hop, values in completions.hops(rows[0][0], rows[-1][0] + 0.001).items():
            print(f"    {hop:48s} p50 {1000 * percentile(values, .5):6.1f} ms  p95 {1000 * percentile(values, .95):6.1f} ms  "
                  f"p99 {1000 * percentile(values, .99):6.1f} ms  ({len(values)} requests)")
        figures["half"] = offered(rows)
        for column, name in ((1, "proposal"), (2, "mail")):
            values = latencies(rows, column)
            for share in (50, 95, 99):
                figures[f"half_{name}_p{share}"] = 1000 * percentile(values, share / 100)

        for name in ("matching", "certification", "notifications"):
            system.services[name].terminate()
        alone = wrk(system, clients_file, CLIENTS, options.seconds)
        figures.update(intake_alone=alone["accepted_per_s"], intake_alone_p50=alone["p50_ms"], intake_alone_p99=alone["p99_ms"])
        print(f"run {number}: intake alone, {CLIENTS} clients: {alone['accepted_per_s']:.0f}/s (p50 {alone['p50_ms']:.1f} ms, "
              f"p99 {alone['p99_ms']:.1f} ms, rejected {alone['rejected']})")
    finally:
        system.stop(keep=options.keep)
    return figures


ROWS = [  # key, what, unit, ratio to pgbench?, target
    ("pgbench", "pgbench single-row insert, 1 client", "tps", True, ""),
    ("intake_alone", "intake alone, 16 clients: accepted", "req/s", True, "≥ 1.0×"),
    ("intake_alone_p50", "intake alone: p50", "ms", False, ""),
    ("intake_alone_p99", "intake alone: p99", "ms", False, ""),
    ("intake_pipeline", "intake with the pipeline running, 16 clients: accepted", "req/s", True, ""),
    ("intake_pipeline_p50", "intake with the pipeline: p50", "ms", False, ""),
    ("intake_pipeline_p99", "intake with the pipeline: p99", "ms", False, ""),
    ("drain_proposals", "flood drained: proposals written", "req/s", True, ""),
    ("drain_mail", "flood drained: first e-mails filed", "req/s", True, ""),
    ("sustained", "maximum sustained end to end (proposal and first e-mail)", "req/s", True, "≥ 0.5×"),
    ("half", "half rate offered", "req/s", True, ""),
    ("half_proposal_p50", "half rate: POST → proposal committed, p50", "ms", False, ""),
    ("half_proposal_p95", "half rate: POST → proposal committed, p95", "ms", False, ""),
    ("half_proposal_p99", "half rate: POST → proposal committed, p99", "ms", False, "≤ 500 ms"),
    ("half_mail_p50", "half rate: POST → first e-mail filed, p50", "ms", False, ""),
    ("half_mail_p95", "half rate: POST → first e-mail filed, p95", "ms", False, ""),
    ("half_mail_p99", "half rate: POST → first e-mail filed, p99", "ms", False, "≤ 500 ms"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin-dir", default=os.environ.get("OTOP_BIN_DIR"), required=not os.environ.get("OTOP_BIN_DIR"))
    parser.add_argument("--work-dir", default=tempfile.gettempdir())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15, help="length of each paced step and of the alone phase")
    parser.add_argument("--flood-seconds", type=int, default=5)
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the runs' databases, topics and folders")
    options = parser.parse_args()
    runs = [run(options, number + 1) for number in range(options.runs)]
    print(f"\nmedians of {len(runs)} runs (each figure also as a ratio to pgbench's one-client rate of the same run)")
    print("| figure | median | runs | / pgbench@1 | target |")
    print("|---|---:|---|---:|---|")
    for key, what, unit, ratio, target in ROWS:
        values = [figures[key] for figures in runs]
        ratios = statistics.median(figures[key] / figures["pgbench"] for figures in runs)
        print(f"| {what} | {statistics.median(values):,.0f} {unit} | {' / '.join(f'{v:,.0f}' for v in values)} | "
              f"{f'{ratios:.2f}×' if ratio else ''} | {target} |")


if __name__ == "__main__":
    main()
