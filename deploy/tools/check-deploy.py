#!/usr/bin/env python3
"""Checks docker-compose.yml and deploy/kubernetes against the system's configuration contract
(docs/deployment.md), which neither `docker-compose config` nor a schema validator knows about:
every service gets every variable it reads, secrets come from Secrets, ports, probes, the
init job, restart and shutdown settings, and that every reference (ConfigMap, Secret, key,
Service selector, PodDisruptionBudget, HorizontalPodAutoscaler) points at something that exists.

The services and their ports come from deploy/services.txt (the one place they are declared):
compose, the manifests and each service's default port in Swift must agree with it.

Usage: check-deploy.py COMPOSE_CONFIG_YAML KUBERNETES_DIR [COMPOSE_OVERRIDE]
  COMPOSE_CONFIG_YAML  the output of `docker-compose config` (variables already substituted)
  KUBERNETES_DIR       deploy/kubernetes (with its kustomization.yaml)
  COMPOSE_OVERRIDE     docker-compose.local.yml: it may only swap third-party services for
                       localhost/ images that are never pulled
Exit status 1 when any check fails; every failure is printed.
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def declared_services(path=ROOT / "deploy" / "services.txt"):
    """{name: port} from deploy/services.txt: `name port` lines, `#` comments."""
    services = {}
    for line in path.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            services[fields[0]] = int(fields[1])
    return services


SERVICES = declared_services()
EXECUTABLES = set(SERVICES) | {"otopctl"}
CONTRACT = ["DATABASE_URL", "KAFKA_BROKERS", "HTTP_PORT", "LOG_LEVEL",
            "KAFKA_TOPIC_PARTITIONS", "KAFKA_REPLICATION_FACTOR"]
SMTP_CONTRACT = ["SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_USERNAME", "SMTP_PASSWORD"]
# The portal reads PostgreSQL and intake's API, never Kafka (docs/portal.md); intake trusts its JWTs.
PORTAL_CONTRACT = ["DATABASE_URL", "HTTP_PORT", "LOG_LEVEL", "PORTAL_INTAKE_URL", "PORTAL_JWT_KEY_ID", "PORTAL_JWT_PRIVATE_KEY"]
SECRET_VARIABLES = {"DATABASE_URL", "SMTP_PASSWORD", "PORTAL_JWT_PRIVATE_KEY"}
AUTOSCALED = {"matching", "notifications"}


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
        return condition


def duration_seconds(text):
    """'15s', '1m30s', '1m' as docker-compose config prints them."""
    total = 0
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)(h|m|s|ms|us|ns)", str(text)):
        total += float(amount) * {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}[unit]
    return total


def contract(name, smtp):
    """The variables service `name` reads: the portal's own list, every other service the Kafka
    contract (notifications also `smtp`), and intake the portal's JWKS when the portal is declared."""
    if name == "portal":
        return list(PORTAL_CONTRACT)
    return (CONTRACT + (smtp if name == "notifications" else [])
            + (["INTAKE_PORTAL_JWT_JWKS"] if name == "intake" and "portal" in SERVICES else []))


def host_of(url_or_hostport):
    text = url_or_hostport.split("://", 1)[-1].split("@")[-1]
    return text.split("/")[0].rsplit(":", 1)[0]


# ----------------------------------------------------------------------------------- compose
def check_compose(c, path):
    config = yaml.safe_load(Path(path).read_text())
    services = config.get("services", {})
    where = "docker-compose.yml"

    kafka = services.get("kafka", {})
    c.expect(str(kafka.get("image", "")).startswith("apache/kafka:"), f"{where}: kafka must use the apache/kafka image")
    roles = str(kafka.get("environment", {}).get("KAFKA_PROCESS_ROLES", ""))
    c.expect("broker" in roles and "controller" in roles, f"{where}: kafka must run in KRaft mode (broker,controller)")
    c.expect("healthcheck" in kafka, f"{where}: kafka needs a healthcheck")

    postgres = services.get("postgres", {})
    c.expect(str(postgres.get("image", "")).startswith("postgres:15"), f"{where}: postgres must be postgres:15")
    c.expect(bool(postgres.get("environment", {}).get("POSTGRES_PASSWORD")), f"{where}: postgres needs POSTGRES_PASSWORD")
    c.expect("healthcheck" in postgres, f"{where}: postgres needs a healthcheck")

    init = services.get("otop-init")
    if c.expect(init is not None, f"{where}: the one-shot otop-init job is missing"):
        command = " ".join(init.get("command", []))
        c.expect("otopctl topics ensure" in command, f"{where}: otop-init must run `otopctl topics ensure`")
        c.expect("otopctl migrate" in command, f"{where}: otop-init must run `otopctl migrate`")
        for dependency in ("kafka", "postgres"):
            condition = init.get("depends_on", {}).get(dependency, {}).get("condition")
            c.expect(condition == "service_healthy", f"{where}: otop-init must wait for {dependency} to be healthy")
        c.expect(str(init.get("restart", "no")) == "no", f"{where}: otop-init is one-shot (restart: \"no\")")
        check_compose_environment(c, where, "otop-init", init.get("environment", {}),
                                  ["DATABASE_URL", "KAFKA_BROKERS", "KAFKA_TOPIC_PARTITIONS", "KAFKA_REPLICATION_FACTOR"],
                                  services)

    images = {services[name].get("image") for name in list(SERVICES) + ["otop-init"] if name in services}
    c.expect(len(images) == 1, f"{where}: the services and otop-init must share one image, found {sorted(map(str, images))}")

    for name, port in SERVICES.items():
        service = services.get(name)
        if not c.expect(service is not None, f"{where}: service {name} is missing"):
            continue
        c.expect(service.get("command") == [name], f"{where}: {name} must run the `{name}` executable")
        environment = service.get("environment", {})
        required = [v for v in contract(name, ["SMTP_HOST", "SMTP_PORT", "SMTP_FROM"])
                    if v not in ("PORTAL_JWT_PRIVATE_KEY", "INTAKE_PORTAL_JWT_JWKS")]
        check_compose_environment(c, where, name, environment, required, services)
        for variable in ("PORTAL_JWT_PRIVATE_KEY", "INTAKE_PORTAL_JWT_JWKS"):
            if variable in contract(name, []):  # empty by default (each deployment makes its own key)
                c.expect(variable in environment, f"{where}: {name} lacks {variable}")
        c.expect(str(environment.get("HTTP_PORT")) == str(port), f"{where}: {name} must serve on HTTP_PORT {port}")
        published = [str(p.get("target", "")) if isinstance(p, dict) else str(p).split("/")[0].rsplit(":", 1)[-1]
                     for p in service.get("ports", [])]
        c.expect(str(port) in published, f"{where}: {name} must publish its port {port}")
        c.expect("healthcheck" in service, f"{where}: {name} needs a healthcheck")
        c.expect(service.get("restart") in ("always", "unless-stopped", "on-failure"), f"{where}: {name} needs a restart policy")
        c.expect(duration_seconds(service.get("stop_grace_period", "10s")) >= 15,
                 f"{where}: {name} stop_grace_period must leave the 10 s shutdown room (>= 15s)")
        condition = service.get("depends_on", {}).get("otop-init", {}).get("condition")
        c.expect(condition == "service_completed_successfully",
                 f"{where}: {name} must start after otop-init completed successfully")


def check_compose_environment(c, where, name, environment, required, services):
    for variable in required:
        c.expect(str(environment.get(variable, "")) != "", f"{where}: {name} lacks {variable}")
    for variable, kind in (("DATABASE_URL", "url"), ("KAFKA_BROKERS", "list"), ("SMTP_HOST", "host"), ("PORTAL_INTAKE_URL", "url")):
        value = str(environment.get(variable, ""))
        if not value:
            continue
        hosts = [host_of(v) for v in value.split(",")] if kind == "list" else [host_of(value) if kind == "url" else value]
        for host in hosts:
            c.expect(host in services, f"{where}: {name}'s {variable} points at {host}, which is not a compose service")


# -------------------------------------------------------------------------------- kubernetes
def load_kubernetes(c, directory):
    directory = Path(directory)
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    listed = kustomization.get("resources", [])
    present = sorted(p.name for p in directory.glob("*.yaml") if p.name != "kustomization.yaml")
    for name in present:
        c.expect(name in listed, f"kubernetes: {name} is not listed in kustomization.yaml")
    objects = []
    for name in listed:
        if not c.expect((directory / name).is_file(), f"kubernetes: kustomization lists missing {name}"):
            continue
        for document in yaml.safe_load_all((directory / name).read_text()):
            if document:
                objects.append((name, document))
    images = {i.get("name") for i in kustomization.get("images", [])}
    return kustomization, objects, images


def check_kubernetes(c, directory):
    kustomization, objects, kustomized_images = load_kubernetes(c, directory)
    namespace = kustomization.get("namespace")
    by_kind = {}
    for file, obj in objects:
        by_kind.setdefault(obj.get("kind"), {})[obj["metadata"]["name"]] = (file, obj)
        if obj.get("kind") != "Namespace":
            c.expect(obj["metadata"].get("namespace") == namespace,
                     f"kubernetes/{file}: {obj['kind']} {obj['metadata']['name']} is not in namespace {namespace}")
    c.expect(namespace in by_kind.get("Namespace", {}), f"kubernetes: namespace {namespace} is not defined")

    config_maps = {name: set((obj.get("data") or {}).keys()) for name, (_, obj) in by_kind.get("ConfigMap", {}).items()}
    secrets = {name: set((obj.get("stringData") or {}).keys()) | set((obj.get("data") or {}).keys())
               for name, (_, obj) in by_kind.get("Secret", {}).items()}

    def pod_environment(where, pod):
        """The variables a pod's first container gets, with where each comes from."""
        container = pod["containers"][0]
        sources = {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                ref = source["configMapRef"]["name"]
                if c.expect(ref in config_maps, f"{where}: envFrom refers to missing ConfigMap {ref}"):
                    for key in config_maps[ref]:
                        sources[key] = "configmap"
            if "secretRef" in source:
                ref = source["secretRef"]["name"]
                if c.expect(ref in secrets, f"{where}: envFrom refers to missing Secret {ref}"):
                    for key in secrets[ref]:
                        sources[key] = "secret"
        for variable in container.get("env", []):
            value_from = variable.get("valueFrom", {})
            if "secretKeyRef" in value_from:
                ref = value_from["secretKeyRef"]
                c.expect(ref["key"] in secrets.get(ref["name"], set()),
                         f"{where}: {variable['name']} refers to missing Secret key {ref['name']}/{ref['key']}")
                sources[variable["name"]] = "secret"
            elif "configMapKeyRef" in value_from:
                ref = value_from["configMapKeyRef"]
                c.expect(ref["key"] in config_maps.get(ref["name"], set()),
                         f"{where}: {variable['name']} refers to missing ConfigMap key {ref['name']}/{ref['key']}")
                sources[variable["name"]] = "configmap"
            else:
                sources[variable["name"]] = "value"
        return container, sources

    def check_pod_security(where, pod, container):
        security = pod.get("securityContext", {})
        c.expect(security.get("runAsNonRoot") is True, f"{where}: pod must set runAsNonRoot: true")
        c.expect(security.get("runAsUser", 0) != 0, f"{where}: pod must run as a non-zero UID")
        c.expect(container.get("securityContext", {}).get("allowPrivilegeEscalation") is False,
                 f"{where}: container must set allowPrivilegeEscalation: false")
        c.expect(container.get("image") in kustomized_images,
                 f"{where}: image {container.get('image')} is not set by kustomization images")
        requests = container.get("resources", {}).get("requests", {})
        c.expect("cpu" in requests and "memory" in requests, f"{where}: container needs cpu and memory requests")

    deployments = by_kind.get("Deployment", {})
    services = by_kind.get("Service", {})
    budgets = by_kind.get("PodDisruptionBudget", {})
    autoscalers = by_kind.get("HorizontalPodAutoscaler", {})
    for name, port in SERVICES.items():
        if not c.expect(name in deployments, f"kubernetes: Deployment {name} is missing"):
            continue
        file, deployment = deployments[name]
        where = f"kubernetes/{file} Deployment {name}"
        template = deployment["spec"]["template"]
        pod = template["spec"]
        labels = template["metadata"].get("labels", {})
        selector = deployment["spec"]["selector"]["matchLabels"]
        c.expect(selector.items() <= labels.items(), f"{where}: selector does not match the pod labels")
        container, sources = pod_environment(where, pod)
        c.expect(container.get("args") == [name], f"{where}: must run the `{name}` executable (args)")
        check_pod_security(where, pod, container)
        c.expect(pod.get("terminationGracePeriodSeconds", 30) >= 15, f"{where}: terminationGracePeriodSeconds must be >= 15")
        required = contract(name, SMTP_CONTRACT)
        for variable in required:
            c.expect(variable in sources, f"{where}: lacks {variable}")
        for variable in SECRET_VARIABLES & set(required):
            c.expect(sources.get(variable) == "secret", f"{where}: {variable} must come from a Secret")
        if name != "notifications":
            c.expect("SMTP_PASSWORD" not in sources, f"{where}: only notifications may see SMTP credentials")
        if name != "portal":
            c.expect("PORTAL_JWT_PRIVATE_KEY" not in sources, f"{where}: only the portal may see its signing key")
        http_port = next((v.get("value") for v in container.get("env", []) if v["name"] == "HTTP_PORT"), None)
        c.expect(str(http_port) == str(port), f"{where}: HTTP_PORT must be {port}")
        port_names = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
        c.expect(port_names.get("http") == port, f"{where}: container port http must be {port}")
        for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
            get = container.get(probe, {}).get("httpGet", {})
            c.expect(get.get("path") == path, f"{where}: {probe} must GET {path}")
            c.expect(get.get("port") in ("http", port), f"{where}: {probe} must use the http port")
            # The probes answer from memory within 1 s (docs/operations.md): a short timeout sees the truth.
            timeout = container.get(probe, {}).get("timeoutSeconds", 1)
            c.expect(1 <= timeout <= 2, f"{where}: {probe} timeoutSeconds must be 1 or 2, found {timeout}")

        service = services.get(name)
        if c.expect(service is not None, f"kubernetes: Service {name} is missing"):
            spec = service[1]["spec"]
            c.expect(spec.get("selector", {}).items() <= labels.items(), f"kubernetes: Service {name} selects no {name} pod")
            c.expect(any(p.get("targetPort") in ("http", port) for p in spec.get("ports", [])),
                     f"kubernetes: Service {name} does not target the http port")
        budget = budgets.get(name)
        if c.expect(budget is not None, f"kubernetes: PodDisruptionBudget {name} is missing"):
            c.expect(budget[1]["spec"]["selector"]["matchLabels"].items() <= labels.items(),
                     f"kubernetes: PodDisruptionBudget {name} selects no {name} pod")
        if name in AUTOSCALED:
            autoscaler = autoscalers.get(name)
            if c.expect(autoscaler is not None, f"kubernetes: HorizontalPodAutoscaler {name} is missing"):
                spec = autoscaler[1]["spec"]
                target = spec["scaleTargetRef"]
                c.expect(target.get("kind") == "Deployment" and target.get("name") == name,
                         f"kubernetes: HorizontalPodAutoscaler {name} does not scale Deployment {name}")
                partitions = int(next(iter(by_kind["ConfigMap"].values()))[1]["data"].get("KAFKA_TOPIC_PARTITIONS", 0))
                c.expect(spec.get("maxReplicas", 0) <= partitions,
                         f"kubernetes: HorizontalPodAutoscaler {name} allows more pods than partitions ({partitions})")
                c.expect(spec.get("minReplicas", 1) >= 2, f"kubernetes: HorizontalPodAutoscaler {name} should keep 2 pods")
                c.expect("replicas" not in deployments[name][1]["spec"],
                         f"kubernetes: Deployment {name} sets replicas although its HorizontalPodAutoscaler owns them")

    jobs = by_kind.get("Job", {})
    if c.expect(len(jobs) >= 1, "kubernetes: the topics + migrate Job is missing"):
        for name, (file, job) in jobs.items():
            where = f"kubernetes/{file} Job {name}"
            pod = job["spec"]["template"]["spec"]
            container, sources = pod_environment(where, pod)
            command = " ".join(container.get("command", []) + container.get("args", []))
            c.expect("otopctl topics ensure" in command, f"{where}: must run `otopctl topics ensure`")
            c.expect("otopctl migrate" in command, f"{where}: must run `otopctl migrate`")
            for variable in ("DATABASE_URL", "KAFKA_BROKERS", "KAFKA_TOPIC_PARTITIONS", "KAFKA_REPLICATION_FACTOR"):
                c.expect(variable in sources, f"{where}: lacks {variable}")
            c.expect(sources.get("DATABASE_URL") == "secret", f"{where}: DATABASE_URL must come from a Secret")
            check_pod_security(where, pod, container)
            c.expect(pod.get("restartPolicy") in ("OnFailure", "Never"), f"{where}: restartPolicy must be OnFailure or Never")


# ------------------------------------------------------------------------------------ sources
def check_swift_defaults(c):
    """Each service's default HTTP port in Swift (`ServiceHost.start(..., defaultHTTPPort: N`)."""
    for name, port in SERVICES.items():
        sources = " ".join(p.read_text() for p in (ROOT / "Services" / name / "Service").glob("*.swift"))
        found = re.findall(r"defaultHTTPPort:\s*(\d+)", sources)
        c.expect(found == [str(port)], f"Services/{name}/Service: the default HTTP port must be {port}, found {found}")


def check_env_example(c):
    """.env.example lists every variable the compose files read."""
    read = set()
    for name in ("docker-compose.yml", "docker-compose.local.yml"):
        if (ROOT / name).exists():
            read |= set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", (ROOT / name).read_text()))
    listed = set(re.findall(r"^#?\s*([A-Za-z_][A-Za-z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    for variable in sorted(read):
        c.expect(variable in listed, f".env.example: {variable}, which compose reads, is not listed")
    for variable in sorted(listed - read):
        c.expect(False, f".env.example: {variable} is listed but no compose file reads it")


# ---------------------------------------------------------------------------- compose override
class ComposeTagLoader(yaml.SafeLoader):
    """YAML with the Compose specification's merge tags (!reset, !override)."""


ComposeTagLoader.add_constructor("!reset", lambda loader, node: None)
ComposeTagLoader.add_constructor(
    "!override", lambda loader, node: loader.construct_mapping(node) if isinstance(node, yaml.MappingNode)
    else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node))


def check_override(c, base_path, path):
    where = Path(path).name
    base = yaml.safe_load(Path(base_path).read_text()).get("services", {})
    override = yaml.load(Path(path).read_text(), Loader=ComposeTagLoader).get("services", {})
    for name, service in override.items():
        c.expect(name in base, f"{where}: {name} is not a service of docker-compose.yml")
        c.expect(name not in SERVICES and name != "otop-init",
                 f"{where}: {name} is one of ours; the override only swaps third-party images")
        c.expect(set(service) <= {"image", "pull_policy", "ports", "healthcheck", "environment", "command"},
                 f"{where}: {name} changes more than its image, ports, health check or settings: {sorted(service)}")
        c.expect(str(service.get("image", "")).startswith("localhost/"), f"{where}: {name} must use a localhost/ image")
        c.expect(service.get("pull_policy") == "never", f"{where}: {name} must set pull_policy: never")
        if "healthcheck" in service:
            c.expect(bool((service["healthcheck"] or {}).get("test")), f"{where}: {name}'s health check needs a test")


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    checks = Checks()
    check_compose(checks, argv[1])
    check_kubernetes(checks, argv[2])
    check_swift_defaults(checks)
    check_env_example(checks)
    if len(argv) == 4:
        check_override(checks, argv[1], argv[3])
    for failure in checks.failures:
        print(f"FAIL {failure}")
    print(f"contract checks: {checks.passed} passed, {len(checks.failures)} failed")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
