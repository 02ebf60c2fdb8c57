"""The four services as separate processes on a database, a topic prefix, an SMTP server and LINE/SMS
stand-ins of the run's own, with the faults a run plays on them: SIGKILL and restart, a second
replica, the broker frozen with SIGSTOP, PostgreSQL restarted."""
import json, os, random, shutil, signal, socket, subprocess, sys, threading, time, urllib.error, urllib.request, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "matching", "certification", "notifications")
STANDIN_TOKEN = "fault-run-standin-token"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"error: {name} is not set: run through the shell wrapper, or eval \"$(scripts/infra.sh env)\" first")
    return value


def wait_for(what, timeout, probe, every=0.2):
    """Polls `probe` until it returns something truthy; raises TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def http_status(url, timeout=2.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return None


def parse(parser):
    """Adds the options every run has (--seed, --bin-dir, --work-dir, --keep) and parses; returns the
    options, the seed (drawn when none was given) and a generator seeded with it."""
    parser.add_argument("--seed", type=int, default=None, help="play the run with this seed again")
    parser.add_argument("--bin-dir", default=os.environ.get("OTOP_BIN_DIR"), help="the executables (default OTOP_BIN_DIR)")
    parser.add_argument("--work-dir", default=str(ROOT / ".local/faults"), help="where runs keep their folders")
    parser.add_argument("--keep", action="store_true", help="keep the run's database, topics and folder")
    options = parser.parse_args()
    if not options.bin_dir:
        sys.exit("error: --bin-dir or OTOP_BIN_DIR is required (swift build --show-bin-path)")
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 10**6)
    return options, seed, random.Random(seed)


def conclude(system, name, keep, play):
    """Runs `play(violations)` on `system`, then stops it (SIGTERM: every service must exit 0). Keeps the
    database and the run's folder when something went wrong; returns the exit status (1 on any violation)."""
    violations = []
    try:
        play(violations)
    except BaseException:
        print(system.logs(), file=sys.stderr)
        statuses = system.stop(keep=True)
        print(f"{name}: stopped after an error (kept database {system.database}, logs {system.dir}); "
              f"exit statuses {statuses}", file=sys.stderr)
        raise
    statuses = system.stop(keep=keep or bool(violations))
    for service, status in statuses.items():
        if status != 0:
            violations.append(f"{service} did not exit cleanly on SIGTERM (status {status})")
            print(f"  VIOLATION: {service} did not exit cleanly on SIGTERM (status {status})")
    if violations:
        print(f"kept database {system.database} and the logs in {system.dir}")
    return 1 if violations else 0


class Service:
    """One process of an executable; `name` is `matching` or `matching#2` for a second replica."""

    def __init__(self, name, executable, environment, log_path):
        self.name = name
        self.executable = executable
        self.port = free_port()
        self.environment = {**environment, "HTTP_PORT": str(self.port), "HOSTNAME": name.replace("#", "-")}
        self.log_path = log_path
        self.process = None
        self.expected_down = False
        self.starts = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        log = open(self.log_path, "ab")
        if self.starts:
            log.write(f"----- {self.name} restarted -----\n".encode())
            log.flush()
        self.process = subprocess.Popen([str(self.executable)], env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        log.close()
        self.starts += 1
        self.expected_down = False

    def running(self):
        return self.process is not None and self.process.poll() is None

    def await_ready(self, timeout=120):
        def ready():
            if not self.running():
                raise RuntimeError(f"{self.name} exited while starting (status {self.process.returncode}); "
                                   f"log: {self.log_path}\n{self.log_tail()}")
            return http_status(self.url + "/health/ready") == 200
        wait_for(f"{self.name} to become ready", timeout, ready)

    def kill(self, sig=signal.SIGKILL):
        """A crash (SIGKILL): nothing is flushed or committed; returns once the process is gone."""
        self.expected_down = True
        if self.running():
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def terminate(self, timeout=15):
        """SIGTERM; returns the exit status, or None when it did not exit in time (then SIGKILL)."""
        self.expected_down = True
        if not self.running():
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def log_tail(self, characters=3000):
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return "(no log)"

    def metric(self, name, **labels):
        """The sum of a Prometheus counter's samples whose labels include `labels`."""
        try:
            with urllib.request.urlopen(self.url + "/metrics", timeout=5) as answer:
                text = answer.read().decode()
        except OSError:
            return None
        total = 0.0
        for line in text.splitlines():
            if not line.startswith(name + "{") and not line.startswith(name + " "):
                continue
            head, _, value = line.rpartition(" ")
            if all(f'{key}="{wanted}"' in head for key, wanted in labels.items()):
                total += float(value)
        return total


class HealthWatch(threading.Thread):
    """Polls every running service's probes once a second. A service that exits when no fault put it
    down is a crash; a readiness 503 lasting longer than `stall_seconds` while no fault was on is a
    stall; a liveness 503 is always a violation."""

    def __init__(self, system, stall_seconds):
        super().__init__(daemon=True)
        self.system = system
        self.stall_seconds = stall_seconds
        self.stop_event = threading.Event()
        self.violations = []
        self.not_ready_since = {}
        self.worst_not_ready = {}
        self.samples = 0

    def run(self):
        while not self.stop_event.wait(1.0):
            faulted = self.system.fault_active()
            for service in list(self.system.processes()):
                if service.expected_down:
                    self.not_ready_since.pop(service.name, None)
                    continue
                if not service.running():
                    self.violations.append(f"{service.name} exited by itself (status {service.process.returncode}); "
                                           f"log {service.log_path}")
                    service.expected_down = True
                    continue
                ready = http_status(service.url + "/health/ready", timeout=3)
                live = http_status(service.url + "/health/live", timeout=3)
                self.samples += 1
                if live not in (200, None):
                    self.violations.append(f"{service.name} answered /health/live {live}")
                now = time.monotonic()
                if ready == 200 or faulted:
                    since = self.not_ready_since.pop(service.name, None)
                else:
                    since = self.not_ready_since.setdefault(service.name, now)
                if since is not None:
                    streak = now - since
                    self.worst_not_ready[service.name] = max(self.worst_not_ready.get(service.name, 0), streak)
                    if streak > self.stall_seconds and ready != 200 and not faulted:
                        self.violations.append(f"{service.name} not ready for {streak:.0f} s with no fault on (stalled)")
                        self.not_ready_since[service.name] = now

    def stop(self):
        self.stop_event.set()
        self.join(timeout=5)


class System:
    """A run's system: its own database `otop_<label>_<id>` on the local PostgreSQL, its own topics
    under `<label>-<id>.` on the local broker, its own SMTP server and LINE/SMS stand-ins (whose
    folders the checks read), and the services' processes."""

    def __init__(self, label, bin_dir, work_dir, partitions=6, extra_environment=None):
        self.id = uuid.uuid4().hex[:8]
        self.label = label
        self.bin_dir = Path(bin_dir)
        self.dir = Path(work_dir) / f"{label}-{self.id}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.admin_url = require_env("DATABASE_URL")
        self.brokers = require_env("KAFKA_BROKERS")
        self.pg_bin = require_env("OTOP_PG_BIN")
        self.database = f"otop_{label}_{self.id}"
        self.database_url = self.admin_url.rsplit("/", 1)[0] + "/" + self.database
        self.prefix = f"{label}-{self.id}."
        self.maildir = self.dir / "mail"
        self.standins = {"line": self.dir / "line", "sms": self.dir / "sms"}
        self.operator_token = f"{label}-operator-{uuid.uuid4()}"
        self.smtp_port, self.line_port, self.sms_port = free_port(), free_port(), free_port()
        self.environment = {
            **os.environ,
            "DATABASE_URL": self.database_url, "KAFKA_BROKERS": self.brokers, "KAFKA_TOPIC_PREFIX": self.prefix,
            "KAFKA_TOPIC_PARTITIONS": str(partitions), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.smtp_port),
            "SMTP_FROM": "no-reply@otop-sti.local", "SMTP_STARTTLS": "off", "INTAKE_OPERATOR_TOKEN": self.operator_token,
            "LINE_API_URL": f"http://127.0.0.1:{self.line_port}", "LINE_CHANNEL_TOKEN": STANDIN_TOKEN,
            "SMS_GATEWAY_URL": f"http://127.0.0.1:{self.sms_port}/send", "SMS_GATEWAY_TOKEN": STANDIN_TOKEN,
            "LOG_LEVEL": "info", **(extra_environment or {}),
        }
        self.services = {}
        self.replicas = []
        self.helpers = []
        self.faults = 0
        self.fault_lock = threading.Lock()

    # --- the parts -------------------------------------------------------------------------------

    def start(self, names=SERVICES):
        self.psql_admin(f'CREATE DATABASE "{self.database}"')
        for folder in ("tmp", "new", "cur"):
            (self.maildir / folder).mkdir(parents=True, exist_ok=True)
        python = sys.executable
        self.helpers.append(self._helper("smtp", [python, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.smtp_port}",
                                                  "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)], self.smtp_port))
        for kind, port in (("line", self.line_port), ("sms", self.sms_port)):
            self.helpers.append(self._helper(kind, [python, str(ROOT / "scripts/standins/http_standin.py"), "--kind", kind,
                                                    "--port", str(port), "--out", str(self.standins[kind]),
                                                    "--token", STANDIN_TOKEN], port))
        for name in names:
            self.services[name] = self._service(name)
            self.services[name].start()
        for service in self.services.values():
            service.await_ready()

    def _helper(self, name, command, port):
        log = open(self.dir / f"{name}.log", "wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        def listening():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {self.dir / (name + '.log')}")
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0
        wait_for(f"{name} on port {port}", 30, listening, every=0.1)
        return process

    def _service(self, name, log_name=None):
        executable = self.bin_dir / name.split("#")[0]
        if not executable.exists():
            sys.exit(f"error: {executable} not found: build first (swift build) or pass --bin-dir")
        return Service(name, executable, self.environment, self.dir / f"{log_name or name}.log")

    def processes(self):
        return list(self.services.values()) + list(self.replicas)

    def replica(self, name):
        """Starts another process of `name` (`<name>#2`) on the same database and topics; ready on return."""
        replica = self._service(f"{name}#{len([r for r in self.replicas if r.name.startswith(name)]) + 2}",
                                log_name=f"{name}-replica-{len(self.replicas) + 2}")
        replica.start()
        self.replicas.append(replica)
        replica.await_ready()
        return replica

    def crash(self, name):
        """SIGKILL and restart one service; returns the seconds until it was ready again."""
        service = self.services[name]
        started = time.monotonic()
        with self.fault(f"{name} killed"):
            service.kill(signal.SIGKILL)
            service.start()
            service.await_ready()
        return time.monotonic() - started

    def pause_broker(self, seconds):
        """Freezes the broker process (SIGSTOP) for `seconds`, then lets it go on (SIGCONT)."""
        pid = int((Path(os.environ.get("OTOP_RUN", ROOT / ".local/run")) / "tansu.pid").read_text())
        with self.fault("broker paused"):
            os.kill(pid, signal.SIGSTOP)
            try:
                time.sleep(seconds)
            finally:
                os.kill(pid, signal.SIGCONT)
            self._settle()

    def restart_postgres(self):
        """Restarts the local PostgreSQL (fast shutdown: every connection is cut)."""
        with self.fault("postgres restarted"):
            subprocess.run([str(ROOT / "scripts/infra.sh"), "restart-postgres"], check=True, stdout=subprocess.DEVNULL)
            self._settle()

    def _settle(self, timeout=120):
        for service in self.processes():
            if service.running():
                service.await_ready(timeout)

    class _Fault:
        def __init__(self, system, what):
            self.system, self.what = system, what

        def __enter__(self):
            with self.system.fault_lock:
                self.system.faults += 1

        def __exit__(self, *exc):
            with self.system.fault_lock:
                self.system.faults -= 1
            return False

    def fault(self, what):
        return System._Fault(self, what)

    def fault_active(self):
        with self.fault_lock:
            return self.faults > 0

    def stop(self, keep=False):
        """SIGTERM to every process; returns {name: status}. Drops the database, the topics and the run's
        folder (logs, mail, stand-in files) unless `keep`."""
        statuses = {}
        for service in self.processes():
            statuses[service.name] = service.terminate()
        for helper in self.helpers:
            helper.terminate()
            helper.wait(timeout=10)
        if not keep:
            self.psql_admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)', check=False)
            self.otopctl("topics", "delete", "--prefix", self.prefix, check=False)
            shutil.rmtree(self.dir, ignore_errors=True)
        return statuses

    # --- tools -------------------------------------------------------------------------------------

    def psql_admin(self, sql, check=True):
        return subprocess.run([f"{self.pg_bin}/psql", self.admin_url, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                              check=check, capture_output=True, text=True)

    def query(self, sql, database_url=None, **values):
        """Rows of a read-only query on the run's database (or `database_url`), as dicts. `values` become psql
        variables, used in the SQL as :'name' (quoted by psql, never pasted into the text)."""
        arguments = [f"{self.pg_bin}/psql", database_url or self.database_url, "-v", "ON_ERROR_STOP=1", "-Atq"]
        # Set on standard input, not the command line: a list of 10,000 ids is longer than an argument may be.
        settings = "".join(f"\\set {name} '" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'\n"
                           for name, value in values.items())
        wrapped = settings + f"SELECT coalesce(json_agg(row_to_json(fault_run_row)), '[]') FROM ({sql}) fault_run_row"
        result = subprocess.run(arguments, input=wrapped, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"query failed: {result.stderr.strip()}\n{sql}")
        return json.loads(result.stdout)

    def scalar(self, sql, **values):
        rows = self.query(sql, **values)
        return next(iter(rows[0].values())) if rows else None

    def otopctl(self, *arguments, check=True, timeout=300):
        environment = {**self.environment, "LOG_LEVEL": "error"}
        result = subprocess.run([str(self.bin_dir / "otopctl"), *arguments], env=environment, capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"otopctl {' '.join(arguments)} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def logs(self, characters=2500):
        return "\n".join(f"----- {s.name} ({s.log_path}) -----\n{s.log_tail(characters)}" for s in self.processes())

    def consumers(self):
        """What each consumer subscribed to, from its `consumer started` log line: {name: (topics, types)}."""
        found = {}
        for service in self.services.values():
            for line in service.log_path.read_text(errors="replace").splitlines():
                if '"consumer started"' not in line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                fields = {**entry, **entry.get("metadata", {})}
                name = fields.get("consumer")
                if not name:
                    continue
                topics = [t[len(self.prefix):] if t.startswith(self.prefix) else t for t in fields["topics"].split(",")]
                found[name] = (set(topics), set(fields["event_types"].split(",")))
        return found
