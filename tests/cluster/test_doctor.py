"""``kfp-tutorial doctor``: every check passes and fails on a fake machine (no Docker needed)."""

from __future__ import annotations

import argparse
import socket
from typing import Any

import pytest

from kfp_tutorial import i18n
from kfp_tutorial.checks import doctor

GIB = 1024**3
GOOD_RUN = {
    ("docker", "info"): (0, f"27.1.1|{16 * GIB}|8\n"),
    ("kind", "version"): (0, "kind v0.27.0 go1.23.4 linux/amd64\n"),
    ("kubectl", "version"): (0, "Client Version: v1.32.4-dispatcher\nKustomize Version: v5.5.0\n"),
    ("git", "--version"): (0, "git version 2.39.5\n"),
}
GOOD_FILES = {
    "/proc/meminfo": "MemTotal:       16384000 kB\nMemFree:  1000 kB\nMemAvailable:   12582912 kB\n",
    "/proc/sys/fs/inotify/max_user_watches": "524288\n",
    "/proc/sys/fs/inotify/max_user_instances": "512\n",
}


def machine(
    tools: tuple[str, ...] = ("docker", "kind", "kubectl", "git"),
    run: dict[tuple[str, str], tuple[int, str]] | None = None,
    files: dict[str, str] | None = None,
    **overrides: Any,
) -> doctor.System:
    """A fake machine: the good one, with whatever the test changes."""
    answers = {**GOOD_RUN, **(run or {})}
    contents = {**GOOD_FILES, **(files or {})}
    settings: dict[str, Any] = {
        "which": lambda tool: f"/usr/bin/{tool}" if tool in tools else None,
        "run": lambda cmd: answers.get((cmd[0], cmd[1]), (127, "not faked")),
        "read_text": contents.get,
        "machine": lambda: "x86_64",
        "system": lambda: "Linux",
        "cpu_count": lambda: 8,
        "port_free": lambda port: True,
        "kfp_answers": lambda host: False,
        "env": {},
        "kfp_version": lambda: "2.17.0",
    }
    settings.update(overrides)
    return doctor.System(**settings)


def test_a_good_machine_passes_everything(capsys: pytest.CaptureFixture[str]) -> None:
    checks = doctor.run_checks(machine())
    assert {check.name: check.status for check in checks} == {
        "docker": "ok",
        "kind": "ok",
        "kubectl": "ok",
        "git": "ok",
        "memory": "ok",
        "cpus": "ok",
        "port": "ok",
        "inotify": "ok",
        "arch": "ok",
        "kfp": "ok",
        "host": "info",
    }
    assert doctor.cmd_doctor(argparse.Namespace(), machine()) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Checking this machine for the course's kind cluster")
    assert "  ✓ Docker 27.1.1: the daemon answers" in out
    assert "  ✓ kind 0.27.0 (need ≥ 0.20)" in out
    assert "  ✓ kubectl 1.32.4 (need ≥ 1.27)" in out
    assert "  ✓ memory for Docker: 16.0 GiB, 12.0 GiB free now (KFP needs about 4-8 GiB)" in out
    assert "→" not in out  # nothing to fix
    assert out.rstrip().endswith("Ready for 'kfp-tutorial cluster up'.")


@pytest.mark.parametrize("tool", ["docker", "kind", "kubectl"])
def test_a_missing_tool_fails_with_its_install_link(tool: str) -> None:
    tools = tuple(t for t in ("docker", "kind", "kubectl", "git") if t != tool)
    checks = {check.name: check for check in doctor.run_checks(machine(tools=tools))}
    check = checks[tool]
    assert check.status == "fail"
    assert check.message.startswith(f"{tool}: not installed (")
    assert check.fix == f"install it: {doctor.LINKS[tool]}"
    assert doctor.cmd_doctor(argparse.Namespace(), machine(tools=tools)) == 1


def test_a_missing_git_is_a_note_since_only_from_github_needs_it() -> None:
    tools = ("docker", "kind", "kubectl")
    git = {check.name: check for check in doctor.run_checks(machine(tools=tools))}["git"]
    assert git.status == "info"
    assert "--from-github" in git.message and doctor.LINKS["git"] in git.fix
    assert doctor.cmd_doctor(argparse.Namespace(), machine(tools=tools)) == 0


def test_docker_daemon_down_and_docker_too_old() -> None:
    down = doctor.check_docker(
        machine(run={("docker", "info"): (1, "Cannot connect to the Docker daemon")})
    )
    assert down.status == "fail"
    assert "daemon does not answer" in down.message and "systemctl start docker" in down.fix
    old = doctor.check_docker(machine(run={("docker", "info"): (0, f"19.03.1|{16 * GIB}|8")}))
    assert old.status == "fail" and old.message == "docker 19.3.1 is too old (need ≥ 20.10)"


@pytest.mark.parametrize(
    ("output", "status", "message"),
    [
        ("kind v0.19.0 go1.20.4 linux/amd64", "fail", "kind 0.19.0 is too old (need ≥ 0.20)"),
        ("kind v0.20.0 go1.20.4 linux/amd64", "ok", "kind 0.20.0 (need ≥ 0.20)"),
        (
            "kind version unknown",
            "warn",
            "kind found, but its version could not be read: kind version unknown",
        ),
    ],
)
def test_kind_versions(output: str, status: str, message: str) -> None:
    check = doctor.check_kind(machine(run={("kind", "version"): (0, output)}))
    assert (check.status, check.message) == (status, message)
    if status == "fail":
        assert check.fix == f"upgrade it: {doctor.LINKS['kind']}"


def test_kubectl_too_old_for_remote_kustomize() -> None:
    check = doctor.check_kubectl(machine(run={("kubectl", "version"): (0, "Client Version: v1.25.2\n")}))
    assert (check.status, check.message) == ("fail", "kubectl 1.25.2 is too old (need ≥ 1.27)")


@pytest.mark.parametrize(
    ("docker_mem_gib", "available_kib", "status"),
    [
        (16, 12 * 1024 * 1024, "ok"),
        (6, 5 * 1024 * 1024, "warn"),
        (3, 2 * 1024 * 1024, "fail"),
        (16, 2 * 1024 * 1024, "fail"),  # plenty for Docker, but only 2 GiB free right now
    ],
)
def test_memory(docker_mem_gib: int, available_kib: int, status: str) -> None:
    system = machine(
        run={("docker", "info"): (0, f"27.1.1|{docker_mem_gib * GIB}|8")},
        files={"/proc/meminfo": f"MemTotal: 16777216 kB\nMemAvailable: {available_kib} kB\n"},
    )
    check = doctor.check_memory(system)
    assert check.status == status
    assert check.message.startswith(f"memory for Docker: {docker_mem_gib:.1f} GiB, ")
    if status != "ok":
        assert "Settings → Resources → Memory" in check.fix


def test_memory_on_macos_uses_dockers_vm_and_unknown_memory_warns() -> None:
    mac = machine(run={("docker", "info"): (0, f"27.1.1|{8 * GIB}|4")}, system=lambda: "Darwin")
    check = doctor.check_memory(mac)
    assert (check.status, check.message) == (
        "ok",
        "memory for Docker: 8.0 GiB (KFP needs about 4-8 GiB)",
    )
    blind = machine(tools=(), files={"/proc/meminfo": ""})
    assert doctor.check_memory(blind).status == "warn"


@pytest.mark.parametrize(
    ("cpus", "status"), [(8, "ok"), (4, "ok"), (3, "warn"), (2, "warn"), (1, "fail")]
)
def test_cpus_from_docker(cpus: int, status: str) -> None:
    check = doctor.check_cpus(machine(run={("docker", "info"): (0, f"27.1.1|{16 * GIB}|{cpus}")}))
    assert check.status == status
    assert check.message == f"CPUs for Docker: {cpus} (KFP wants 4 or more)"


def test_cpus_without_docker_uses_the_machine() -> None:
    check = doctor.check_cpus(machine(tools=(), cpu_count=lambda: 1))
    assert (check.status, check.message) == ("fail", "CPUs for Docker: 1 (KFP wants 4 or more)")


def test_port() -> None:
    assert doctor.check_port(machine()).message == "port 8080 is free for the KFP UI"
    asked = []

    def answers(host: str) -> bool:
        asked.append(host)
        return True

    kfp = doctor.check_port(machine(port_free=lambda port: False, kfp_answers=answers))
    assert (kfp.status, kfp.message) == ("ok", "port 8080: Kubeflow Pipelines already answers there")
    assert asked == ["http://localhost:8080"]
    busy = doctor.check_port(machine(port_free=lambda port: False))
    assert busy.status == "fail"
    assert "UI_PORT=8081 kfp-tutorial cluster up" in busy.fix and "lsof -i :8080" in busy.fix


def test_inotify_limits() -> None:
    low = machine(
        files={
            "/proc/sys/fs/inotify/max_user_watches": "8192\n",
            "/proc/sys/fs/inotify/max_user_instances": "128\n",
        }
    )
    check = doctor.check_inotify(low)
    assert check.status == "fail"
    assert "max_user_watches 8192, max_user_instances 128" in check.message
    assert "too many open files" in check.message
    assert check.fix.startswith(
        "sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512"
    )
    one_low = machine(files={"/proc/sys/fs/inotify/max_user_instances": "256\n"})
    assert doctor.check_inotify(one_low).status == "fail"
    assert doctor.check_inotify(machine()).status == "ok"
    mac = doctor.check_inotify(machine(system=lambda: "Darwin"))
    assert (mac.status, mac.message) == (
        "info",
        "inotify limits: set inside Docker Desktop's VM on Darwin, not checked here",
    )


@pytest.mark.parametrize(
    ("arch", "status"), [("x86_64", "ok"), ("AMD64", "ok"), ("arm64", "warn"), ("aarch64", "warn")]
)
def test_arch(arch: str, status: str) -> None:
    check = doctor.check_arch(machine(machine=lambda: arch))
    assert check.status == status
    if status == "warn":
        assert "amd64 only" in check.message and "Rosetta" in check.fix and "qemu" in check.fix


def test_sdk_version_and_host() -> None:
    other = doctor.check_sdk(machine(kfp_version=lambda: "2.16.0"))
    assert (other.status, other.fix) == ("warn", "pip install kfp==2.17.3 kfp-kubernetes==2.17.3")
    assert "KFP 2.17.0" in other.message  # the backend the cluster installs
    for tested in ("2.17.0", "2.17.3"):  # the SDKs tested with backend 2.17.0
        assert doctor.check_sdk(machine(kfp_version=lambda v=tested: v)).status == "ok"
    assert doctor.check_host(machine()).status == "info"
    up = doctor.check_host(
        machine(env={"KFP_HOST": "http://localhost:8080"}, kfp_answers=lambda h: True)
    )
    assert (up.status, up.message) == ("ok", "KFP_HOST=http://localhost:8080 answers")
    down = doctor.check_host(machine(env={"KFP_HOST": "http://localhost:8080"}))
    assert down.status == "warn" and "kfp-tutorial cluster up" in down.fix


def test_report_in_korean_counts_the_blockers(capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_lang("ko")
    broken = machine(tools=("docker", "kubectl", "git"), port_free=lambda port: False)
    assert doctor.cmd_doctor(argparse.Namespace(), broken) == 1
    out = capsys.readouterr().out
    assert "  ✗ kind: 설치되어 있지 않음 (로컬 클러스터를 만듭니다)" in out
    assert "      → 설치하세요: https://kind.sigs.k8s.io/docs/user/quick-start/#installation" in out
    assert "포트 8080을 다른 프로그램이 쓰고 있습니다" in out
    assert out.rstrip().endswith(
        "클러스터를 막는 문제가 2개 있습니다. ✗ 줄을 고친 뒤 'kfp-tutorial doctor'를 다시 실행하세요."
    )


def test_every_check_has_both_languages() -> None:
    """Each check's message differs between en and ko: none falls back to English."""
    broken = machine(
        tools=("docker",),
        run={("docker", "info"): (0, f"27.1.1|{3 * GIB}|1")},
        port_free=lambda port: False,
        machine=lambda: "arm64",
        kfp_version=lambda: "2.16.0",
        env={"KFP_HOST": "http://x"},
        files={"/proc/sys/fs/inotify/max_user_watches": "1"},
    )
    english = doctor.run_checks(broken)
    i18n.set_lang("ko")
    korean = doctor.run_checks(broken)
    for en, ko in zip(english, korean, strict=True):
        assert en.status == ko.status
        if en.name != "git" or en.status != "ok":
            assert en.message != ko.message, en.name


def test_real_probes_port_and_kfp() -> None:
    """The default probes of System: a bound port is busy, nothing there is not KFP."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = int(sock.getsockname()[1])
        assert doctor._port_free(port) is False
    assert doctor._port_free(port) is True
    assert doctor._kfp_answers(f"http://127.0.0.1:{port}") is False  # refused: nothing listens
