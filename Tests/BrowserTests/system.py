"""The real system for the browser tests: intake, matching, certification, notifications and the
portal started from OTOP_BIN_DIR as separate processes, on a database of their own in the local
PostgreSQL (DATABASE_URL), topics under a prefix of their own on the local broker (KAFKA_BROKERS) and
the local SMTP server, each on a free port; stopped with SIGTERM and cleaned up at the end (the
Swift end-to-end suites' RunningSystem does the same). Standard library only.
"""
import base64
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from portal_key import jwks, make_key  # scripts/

SERVICES = ["intake", "matching", "certification", "notifications", "portal"]


def required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the browser tests with scripts/test.sh "
                           "(it starts PostgreSQL, tansu and SMTP and builds the binaries)")
    return value


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(what, check, timeout=60.0, every=0.1):
    """The first truthy value of `check()` within `timeout` seconds, else an AssertionError naming
    `what` (polling with a deadline: no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class Problem(Exception):
    """Intake refused a call: its status and problem document."""

    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class Service:
    """One running executable with its port and log file."""

    def __init__(self, name, binary, port, environment, log_directory):
        self.name, self.port = name, port
        self.log_path = Path(log_directory) / f"{name}.log"
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen([binary], env={**environment, "HTTP_PORT": str(port)},
                                        stdout=self.log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def ready(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(self.url + "/health/ready", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self):
        """SIGTERM, up to 10 s for the exit, then SIGKILL; the exit status (None when killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self.log_file.close()
                return None
        self.log_file.close()
        return self.process.returncode

    def log_tail(self, lines=15):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class RunningSystem:
    """Starts the five services; `stop()` ends them and removes the database and topics."""

    def __init__(self, overrides=None):
        """`overrides`: settings of the services' environment to change (scripts/bench_portal.py's)."""
        self.overrides = overrides or {}
        self.bin = Path(required("OTOP_BIN_DIR"))
        self.server_url = required("DATABASE_URL")
        self.brokers = required("KAFKA_BROKERS")
        self.tag = uuid.uuid4().hex[:8]
        self.database = f"otop_browser_{self.tag}"
        self.topic_prefix = f"browser-{self.tag}."
        self.operator_token = f"browser-operator-{uuid.uuid4()}"
        self.work = Path(tempfile.mkdtemp(prefix=f"otop-browser-{self.tag}-"))
        parts = urllib.parse.urlsplit(self.server_url)
        self.database_url = urllib.parse.urlunsplit(parts._replace(path="/" + self.database))
        self.services = {}
        self.key_path = self.work / "portal-jwt.pem"
        self.key_id = f"browser-{self.tag}"

    def start(self):
        self.psql_server(f'CREATE DATABASE "{self.database}"')
        make_key(self.key_path)
        ports = {name: free_port() for name in SERVICES}
        environment = {
            **os.environ,
            "DATABASE_URL": self.database_url, "KAFKA_BROKERS": self.brokers,
            "KAFKA_TOPIC_PREFIX": self.topic_prefix, "KAFKA_TOPIC_PARTITIONS": "3",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": required("SMTP_PORT"), "SMTP_FROM": "no-reply@otop-sti.test",
            "INTAKE_OPERATOR_TOKEN": self.operator_token, "LOG_LEVEL": "info",
            # Officers screen every request (the queue the tests work through).
            "MATCHING_SCREENING": "officer",
            # Certification's day begins at midnight Bangkok time (not 07:00), so a certificate registered
            # near its expiry is due for renewal at once whatever the hour of the run.
            "CERTIFICATION_SCHEDULE_HOUR": "0",
            # Intake trusts the portal as its issuer through the key's JWKS (docs/portal.md), as scripts/run.sh does.
            "INTAKE_PORTAL_JWT_JWKS": jwks(self.key_path, self.key_id),
            "PORTAL_INTAKE_URL": f"http://127.0.0.1:{ports['intake']}",
            "PORTAL_JWT_PRIVATE_KEY_FILE": str(self.key_path), "PORTAL_JWT_KEY_ID": self.key_id,
            "PORTAL_SERVICE_URLS": ",".join(f"{name}=http://127.0.0.1:{ports[name]}" for name in SERVICES if name != "portal"),
            # The lowest bcrypt cost the portal allows, and every test comes from 127.0.0.1: the
            # per-address limit is raised so one test's wrong passwords do not slow the next test.
            "PORTAL_BCRYPT_COST": "10", "PORTAL_SIGNIN_ADDRESS_FAILURES": "1000",
            # Contact persons' sign-in codes (intake seals them, notifications opens them) and the
            # links in every message, to this run's portal.
            "SIGNIN_CODE_KEY": base64.b64encode(os.urandom(32)).decode(),
            "NOTIFICATIONS_PORTAL_URL": f"http://127.0.0.1:{ports['portal']}",
            **self.overrides,
        }
        try:
            for name in SERVICES:
                self.services[name] = Service(name, str(self.bin / name), ports[name], environment, self.work)
            for service in self.services.values():
                eventually(f"{service.name} to become ready", service.ready, timeout=120)
        except Exception:
            self.stop()
            raise
        return self

    @property
    def portal(self):
        return self.services["portal"].url

    @property
    def intake(self):
        return self.services["intake"].url

    def stop(self):
        """Every service stopped (SIGTERM); the database dropped and the run's topics deleted. Returns
        each service's exit status."""
        statuses = {name: service.stop() for name, service in self.services.items()}
        try:
            self.psql_server(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        finally:
            subprocess.run([str(self.bin / "otopctl"), "topics", "delete", "--prefix", self.topic_prefix],
                           env={**os.environ, "KAFKA_BROKERS": self.brokers}, capture_output=True)
        return statuses

    def logs(self):
        return "\n".join(f"--- {name} ---\n{service.log_tail()}" for name, service in self.services.items())

    # PostgreSQL (the tests read and age the portal's own sessions; the services' data only through the API)

    def psql_server(self, sql):
        subprocess.run(["psql", self.server_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)

    def psql(self, sql, **values):
        """Rows of one query on the system's database as lists of text; values are psql variables
        (`:'name'` in the SQL), never pasted into it."""
        arguments = ["psql", self.database_url, "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-F", "\t"]
        for name, value in values.items():
            arguments += ["-v", f"{name}={value}"]
        out = subprocess.run(arguments, input=sql, capture_output=True, text=True, check=True)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    # Time passing. The services read the system clock; the officers' queues are about days (work
    # reported 14 days ago, an assignment idle for 30, a proposal past its window). The tests let that
    # time pass by moving back the instants intake's read model holds for one request or proposal,
    # which is all the queues' filters and counts read; nothing else is changed.

    def age_request(self, request_id, days):
        """The request entered its status, and was last active, `days` earlier than it was."""
        self.psql("UPDATE intake.requests SET status_since = status_since - make_interval(days => :'days'::int), "
                  "last_activity_at = last_activity_at - make_interval(days => :'days'::int) WHERE id = :'id'::uuid",
                  id=request_id, days=days)

    def age_proposal(self, proposal_id, days):
        """The proposal's response window ended `days` earlier than it does."""
        self.psql("UPDATE intake.proposals SET respond_by = respond_by - make_interval(days => :'days'::int) WHERE id = :'id'::uuid",
                  id=proposal_id, days=days)

    # otopctl

    def create_account(self, username, name, role, password, region=None):
        arguments = [str(self.bin / "otopctl"), "account", "create", "--username", username, "--name", name, "--role", role]
        if region:
            arguments += ["--region", region]
        subprocess.run(arguments, env={**os.environ, "DATABASE_URL": self.database_url, "OTOP_ACCOUNT_PASSWORD": password,
                                       "PORTAL_BCRYPT_COST": "10"}, check=True, capture_output=True)

    # intake's API

    def call(self, method, path, token, body=None, headers=None):
        """Intake's answer to one call: (status, JSON body); a 4xx/5xx raises Problem."""
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(self.intake + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if method == "POST":
            request.add_header("Idempotency-Key", str(uuid.uuid4()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise Problem(error.code, error.read().decode(errors="replace")) from None
