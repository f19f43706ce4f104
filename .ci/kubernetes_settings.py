"""Checks rendered Kubernetes manifests against what tessera really has: every APP__ variable they set (container
env, and the keys of the ConfigMaps containers take whole) is a setting of config/default.toml (modules.<name>.*
for a compiled-in module); every command is one tessera knows with modules it has; the port, the probes, the
Secrets' keys and the Ingress backends exist; and the grace period covers the preStop pause plus
server.shutdown_timeout_secs. With --tessera BIN, each container's environment must also load as settings:
`BIN openapi` runs with it (auth.secret replaced by a 32-byte stand-in, since the examples' placeholder is too
short for production on purpose).

Usage: python kubernetes_settings.py [--tessera BIN] RENDERED.yaml...   (needs PyYAML, which kubernetes-validate
brings)
"""

import base64
import os
import pathlib
import subprocess
import sys
import tomllib

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
OTHER_VARIABLES = {"APP_ENV", "RUST_LOG", "RUST_BACKTRACE"}
COMMANDS = {"serve", "migrate"}
PROBES = {"livenessProbe": "/health/live", "startupProbe": "/health/live", "readinessProbe": "/health/ready"}


def setting_keys():
    """Dotted keys of config/default.toml, with every module section as modules.<name>."""
    defaults = tomllib.loads((REPO / "config/default.toml").read_text())
    keys = {}

    def walk(prefix, table):
        for name, value in table.items():
            if isinstance(value, dict):
                walk(f"{prefix}{name}.", value)
            else:
                keys[f"{prefix}{name}"] = value

    modules = defaults.pop("modules", {})
    walk("", defaults)
    for section in modules.values():
        walk("modules.<name>.", section)
    return keys


MODULES = sorted(p.name for p in (REPO / "migrations").iterdir() if p.is_dir())
KEYS = setting_keys()
failures = []


def fail(message):
    failures.append(message)


def setting_of(variable):
    """`APP__SERVER__PORT` -> `server.port`; `APP__MODULES__CATALOG__REMOTE_URL` -> `modules.<name>.remote_url`."""
    parts = variable.removeprefix("APP__").lower().split("__")
    if parts[0] == "modules" and len(parts) == 3:
        if parts[1] not in MODULES:
            fail(f"{variable}: no module {parts[1]!r} (modules: {', '.join(MODULES)})")
        return f"modules.<name>.{parts[2]}"
    return ".".join(parts)


def main(paths, tessera=None):
    documents = [d for p in paths for d in yaml.safe_load_all(pathlib.Path(p).read_text()) if d]
    by_kind = {}
    for document in documents:
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    config_maps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    services = by_kind.get("Service", {})
    deployments = by_kind.get("Deployment", {})
    if not deployments:
        fail("no Deployment rendered")

    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        for container in pod.get("initContainers", []) + pod["containers"]:
            where = f"Deployment {name}, container {container['name']}"
            variables = {}
            for source in container.get("envFrom", []):
                reference = source.get("configMapRef") or source.get("secretRef")
                found = config_maps.get(reference["name"]) or secrets.get(reference["name"])
                if found is None:
                    fail(f"{where}: envFrom names {reference['name']}, which is not rendered")
                    continue
                for key, value in (found.get("data") or {}).items():
                    if "secretRef" in source:
                        value = base64.b64decode(value).decode()
                    variables[key] = value
            for variable in container.get("env", []):
                variables[variable["name"]] = variable.get("value")
                secret_ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if secret_ref:
                    data = (secrets.get(secret_ref["name"]) or {}).get("data") or {}
                    if secret_ref["key"] in data:
                        variables[variable["name"]] = base64.b64decode(data[secret_ref["key"]]).decode()
                    else:
                        fail(f"{where}: {variable['name']} reads {secret_ref['name']}/{secret_ref['key']}, absent")
            for variable in variables:
                if variable in OTHER_VARIABLES:
                    continue
                if not variable.startswith("APP__"):
                    fail(f"{where}: {variable} is no tessera setting")
                    continue
                key = setting_of(variable)
                if key not in KEYS:
                    fail(f"{where}: {variable} is {key}, which config/default.toml lacks")
            check_command(where, container.get("args", []))
            if tessera:
                check_loads(where, tessera, variables)
            if container in pod["containers"]:
                check_serving(where, container, variables, pod)
    for name, ingress in by_kind.get("Ingress", {}).items():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                ports = [p.get("name") for p in service["spec"]["ports"]] if service else []
                if backend["port"].get("name") not in ports:
                    fail(f"Ingress {name}: {path['path']} goes to {backend}, which no Service offers")
    for kind in ("HorizontalPodAutoscaler", "PodDisruptionBudget"):
        for name, document in by_kind.get(kind, {}).items():
            target = document["spec"].get("scaleTargetRef", {}).get("name")
            if target is not None and target not in deployments:
                fail(f"{kind} {name} scales {target}, which is not rendered")
    for failure in failures:
        print("FAIL", failure)
    print(f"settings: {len(paths)} rendered file(s) checked, {len(failures)} failed")
    return 1 if failures else 0


def check_loads(where, tessera, variables):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("APP")}
    environment.update({k: v for k, v in variables.items() if v is not None})
    if "APP__AUTH__SECRET" in environment:
        environment["APP__AUTH__SECRET"] = "k" * 32
    loaded = subprocess.run([tessera, "openapi"], env=environment, capture_output=True, text=True)
    if loaded.returncode != 0:
        fail(f"{where}: its settings do not load: {loaded.stderr.strip()}")


def check_command(where, args):
    if not args or args[0] not in COMMANDS:
        fail(f"{where}: args {args} is not one of tessera's commands {sorted(COMMANDS)}")
    if "--modules" in args:
        named = args[args.index("--modules") + 1].split(",")
        unknown = [m for m in named if m not in MODULES]
        if unknown:
            fail(f"{where}: --modules names {unknown}, not compiled in")


def check_serving(where, container, variables, pod):
    port = int(variables.get("APP__SERVER__PORT") or KEYS["server.port"])
    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    if port not in ports.values():
        fail(f"{where}: listens on {port} (APP__SERVER__PORT) but declares ports {ports}")
    for probe, path in PROBES.items():
        get = container.get(probe, {}).get("httpGet")
        if get is None or get["path"] != path or ports.get(get["port"], get["port"]) != port:
            fail(f"{where}: {probe} must GET {path} on port {port}, has {get}")
    shutdown = int(variables.get("APP__SERVER__SHUTDOWN_TIMEOUT_SECS") or KEYS["server.shutdown_timeout_secs"])
    pause = 0
    command = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    if command[:1] == ["sleep"]:
        pause = int(command[1])
    grace = pod.get("terminationGracePeriodSeconds", 30)
    if grace < pause + shutdown:
        fail(f"{where}: terminationGracePeriodSeconds {grace} < preStop {pause} + shutdown_timeout_secs {shutdown}")
    resources = container.get("resources", {})
    if not resources.get("requests") or not resources.get("limits"):
        fail(f"{where}: needs resource requests and limits")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    binary = None
    if arguments[:1] == ["--tessera"]:
        binary, arguments = arguments[1], arguments[2:]
    sys.exit(main(arguments, binary))
