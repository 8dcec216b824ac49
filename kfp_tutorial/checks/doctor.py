"""``kfp-tutorial doctor``: can this machine run the course's kind cluster with KFP?

One line per check, ✓ (fine), ⚠ (works, with a caveat), ✗ (blocks ``cluster up``),
and for everything not fine, how to fix it, in the learner's language:
Docker (and that its daemon answers), kind ≥ 0.20, kubectl ≥ 1.27 (kustomize v5 for
the remote manifests), git (kubectl fetches the manifests with it), memory and CPUs
for Docker (KFP needs about 4-8 GiB), port 8080 free for the UI, the inotify limits
(too low, and KFP's pods crash-loop with "too many open files"), the CPU architecture,
the kfp SDK version and, if set, whether ``KFP_HOST`` answers.
Exit code 1 when a ✗ check fails. Every probe of the machine goes through
:class:`System`, so the tests give each check a fake machine.
Used in: lesson 09, the workshop guide.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kfp_tutorial import i18n
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import KFP_BACKEND_VERSION, KFP_TESTED_VERSIONS, KFP_VERSION, UI_PORT

MIN_KIND = (0, 20)
MIN_KUBECTL = (1, 27)
MIN_DOCKER = (20, 10)
GIB = 1024**3
MEMORY_FAIL_GIB = 4.0  # below this KFP's pods do not fit
MEMORY_WARN_GIB = 8.0  # below this they fit, with little room for runs
CPU_FAIL = 2
CPU_WARN = 4
INOTIFY = {"max_user_watches": 524288, "max_user_instances": 512}
SYMBOLS = {"ok": "✓", "warn": "⚠", "fail": "✗", "info": "·"}

i18n.register_messages(
    {
        "doctor_header": {
            "en": "Checking this machine for the course's kind cluster with Kubeflow Pipelines "
            "{version} (lesson 09):",
            "ko": "과정용 kind 클러스터와 Kubeflow Pipelines {version}(을) 실행할 수 있는지 "
            "이 컴퓨터를 확인합니다 (수업 09):",
        },
        "doctor_summary_ok": {
            "en": "Ready for 'kfp-tutorial cluster up'.",
            "ko": "'kfp-tutorial cluster up'을 실행할 준비가 되었습니다.",
        },
        "doctor_summary_fail": {
            "en": "{count} {count:problem blocks|problems block} the cluster: fix the ✗ lines, then run "
            "'kfp-tutorial doctor' again.",
            "ko": "클러스터를 막는 문제가 {count}개 있습니다. ✗ 줄을 고친 뒤 'kfp-tutorial doctor'를 "
            "다시 실행하세요.",
        },
        "doctor_missing": {
            "en": "{tool}: not installed ({why})",
            "ko": "{tool}: 설치되어 있지 않음 ({why})",
        },
        "doctor_install": {"en": "install it: {link}", "ko": "설치하세요: {link}"},
        "doctor_why_docker": {
            "en": "kind runs the Kubernetes node in a Docker container",
            "ko": "kind는 Kubernetes 노드를 Docker 컨테이너로 실행합니다",
        },
        "doctor_why_kind": {
            "en": "it creates the local cluster",
            "ko": "로컬 클러스터를 만듭니다",
        },
        "doctor_why_kubectl": {
            "en": "it installs KFP into the cluster",
            "ko": "클러스터에 KFP를 설치합니다",
        },
        "doctor_why_git": {
            "en": "only 'cluster up --from-github' needs it: kubectl fetches the manifests "
            "from GitHub with it (the default install uses the manifests shipped with the course)",
            "ko": "'cluster up --from-github'에만 필요합니다. kubectl이 GitHub에서 매니페스트를 "
            "가져올 때 씁니다(기본 설치는 과정에 들어 있는 매니페스트를 씁니다)",
        },
        "doctor_version_ok": {
            "en": "{tool} {found} (need ≥ {need})",
            "ko": "{tool} {found} (≥ {need} 필요)",
        },
        "doctor_version_old": {
            "en": "{tool} {found} is too old (need ≥ {need})",
            "ko": "{tool} {found}(은) 너무 오래되었습니다 (≥ {need} 필요)",
        },
        "doctor_version_unknown": {
            "en": "{tool} found, but its version could not be read: {output}",
            "ko": "{tool}(은) 있지만 버전을 읽지 못했습니다: {output}",
        },
        "doctor_upgrade": {"en": "upgrade it: {link}", "ko": "업그레이드하세요: {link}"},
        "doctor_docker_ok": {
            "en": "Docker {found}: the daemon answers",
            "ko": "Docker {found}: 데몬이 응답합니다",
        },
        "doctor_docker_down": {
            "en": "Docker is installed, but its daemon does not answer ('docker info' fails)",
            "ko": "Docker는 설치되어 있지만 데몬이 응답하지 않습니다 ('docker info' 실패)",
        },
        "doctor_docker_down_fix": {
            "en": "start Docker Desktop (macOS/Windows) or 'sudo systemctl start docker' (Linux); "
            "on Linux also 'sudo usermod -aG docker $USER' and log in again",
            "ko": "Docker Desktop을 실행하거나(macOS/Windows) 'sudo systemctl start docker'(Linux)를 "
            "실행하세요. Linux에서는 'sudo usermod -aG docker $USER' 후 다시 로그인하세요",
        },
        "doctor_memory": {
            "en": "memory for Docker: {total:.1f} GiB{free} (KFP needs about 4-8 GiB)",
            "ko": "Docker가 쓸 수 있는 메모리: {total:.1f} GiB{free} (KFP에는 약 4-8 GiB 필요)",
        },
        "doctor_memory_free": {"en": ", {free:.1f} GiB free now", "ko": ", 지금 {free:.1f} GiB 여유"},
        "doctor_memory_fix": {
            "en": "give Docker at least {need:.0f} GiB (Docker Desktop: Settings → Resources → Memory) "
            "and close memory-hungry programs",
            "ko": "Docker에 최소 {need:.0f} GiB를 주세요 (Docker Desktop: Settings → Resources → "
            "Memory). 메모리를 많이 쓰는 프로그램도 닫으세요",
        },
        "doctor_memory_unknown": {
            "en": "memory: could not be measured here (KFP needs about 4-8 GiB for Docker)",
            "ko": "메모리: 여기서는 측정하지 못했습니다 (Docker에 약 4-8 GiB 필요)",
        },
        "doctor_cpus": {
            "en": "CPUs for Docker: {count} (KFP wants {need} or more)",
            "ko": "Docker가 쓸 수 있는 CPU: {count}개 (KFP에는 {need}개 이상 권장)",
        },
        "doctor_cpus_fix": {
            "en": "give Docker more CPUs (Docker Desktop: Settings → Resources → CPUs); "
            "with fewer, the install takes longer",
            "ko": "Docker에 CPU를 더 할당하세요 (Docker Desktop: Settings → Resources → CPUs). "
            "적으면 설치가 더 오래 걸립니다",
        },
        "doctor_port_free": {
            "en": "port {port} is free for the KFP UI",
            "ko": "KFP UI용 포트 {port}(이) 비어 있습니다",
        },
        "doctor_port_kfp": {
            "en": "port {port}: Kubeflow Pipelines already answers there",
            "ko": "포트 {port}: 이미 Kubeflow Pipelines가 응답하고 있습니다",
        },
        "doctor_port_busy": {
            "en": "port {port} is used by another program; the cluster publishes the KFP UI there",
            "ko": "포트 {port}(을) 다른 프로그램이 쓰고 있습니다. 클러스터가 KFP UI를 이 포트로 엽니다",
        },
        "doctor_port_fix": {
            "en": "stop that program (find it: 'lsof -i :{port}' or 'ss -ltnp'), or use another port: "
            "UI_PORT=8081 kfp-tutorial cluster up, then export KFP_HOST=http://localhost:8081",
            "ko": "그 프로그램을 멈추거나('lsof -i :{port}' 또는 'ss -ltnp'로 찾기) 다른 포트를 쓰세요: "
            "UI_PORT=8081 kfp-tutorial cluster up 후 export KFP_HOST=http://localhost:8081",
        },
        "doctor_inotify": {
            "en": "inotify limits: max_user_watches {watches}, max_user_instances {instances} "
            "(need ≥ {need_watches} and ≥ {need_instances})",
            "ko": "inotify 한도: max_user_watches {watches}, max_user_instances {instances} "
            "(≥ {need_watches}, ≥ {need_instances} 필요)",
        },
        "doctor_inotify_low": {
            "en": "inotify limits too low: max_user_watches {watches}, max_user_instances {instances}; "
            "KFP's pods then crash-loop with 'too many open files'",
            "ko": "inotify 한도가 너무 낮습니다: max_user_watches {watches}, max_user_instances "
            "{instances}. 이러면 KFP Pod가 'too many open files'로 계속 재시작됩니다",
        },
        "doctor_inotify_fix": {
            "en": "sudo sysctl fs.inotify.max_user_watches={need_watches} "
            "fs.inotify.max_user_instances={need_instances}  (to keep it after a reboot, put both "
            "settings in /etc/sysctl.d/99-kind.conf)",
            "ko": "sudo sysctl fs.inotify.max_user_watches={need_watches} "
            "fs.inotify.max_user_instances={need_instances}  (재부팅 후에도 유지하려면 두 설정을 "
            "/etc/sysctl.d/99-kind.conf에 넣으세요)",
        },
        "doctor_inotify_vm": {
            "en": "inotify limits: set inside Docker Desktop's VM on {system}, not checked here",
            "ko": "inotify 한도: {system}에서는 Docker Desktop VM 안에서 정해지므로 "
            "여기서는 확인하지 않습니다",
        },
        "doctor_arch_ok": {"en": "CPU architecture {arch}", "ko": "CPU 아키텍처 {arch}"},
        "doctor_arch_arm": {
            "en": "CPU architecture {arch}: kind and most KFP images run natively, but some images "
            "may be published for amd64 only (e.g. ML Metadata's server) and then need emulation",
            "ko": "CPU 아키텍처 {arch}: kind와 대부분의 KFP 이미지는 그대로 실행되지만, 일부 "
            "이미지(예: ML Metadata 서버)는 amd64용만 있을 수 있어 에뮬레이션이 필요합니다",
        },
        "doctor_arch_arm_fix": {
            "en": "Docker Desktop on Apple silicon: Settings → General → 'Use Rosetta for x86_64/amd64 "
            "emulation'; Linux arm64: install qemu-user-static (binfmt). A pod stuck in "
            "CrashLoopBackOff with 'exec format error' is this case",
            "ko": "Apple 실리콘의 Docker Desktop: Settings → General → 'Use Rosetta for x86_64/amd64 "
            "emulation'을 켜세요. Linux arm64: qemu-user-static(binfmt)을 설치하세요. Pod가 "
            "'exec format error'로 CrashLoopBackOff에 머물면 이 경우입니다",
        },
        "doctor_sdk_ok": {
            "en": "kfp SDK {found} works with the KFP backend the cluster installs ({need})",
            "ko": "kfp SDK {found}(이) 클러스터에 설치할 KFP 백엔드({need})와 맞습니다",
        },
        "doctor_sdk_other": {
            "en": "kfp SDK {found}, but the cluster installs KFP {need}",
            "ko": "kfp SDK는 {found}인데 클러스터에는 KFP {need}(을) 설치합니다",
        },
        "doctor_sdk_fix": {
            "en": "pip install kfp=={need} kfp-kubernetes=={need}",
            "ko": "pip install kfp=={need} kfp-kubernetes=={need}",
        },
        "doctor_host_unset": {
            "en": "KFP_HOST is not set (after 'kfp-tutorial cluster up': export KFP_HOST=http://localhost:{port})",
            "ko": "KFP_HOST가 설정되지 않았습니다 ('kfp-tutorial cluster up' 후: "
            "export KFP_HOST=http://localhost:{port})",
        },
        "doctor_host_ok": {
            "en": "KFP_HOST={host} answers",
            "ko": "KFP_HOST={host}(가) 응답합니다",
        },
        "doctor_host_down": {
            "en": "KFP_HOST={host} does not answer",
            "ko": "KFP_HOST={host}(가) 응답하지 않습니다",
        },
        "doctor_host_fix": {
            "en": "'kfp-tutorial cluster status' shows whether the cluster runs; "
            "'kfp-tutorial cluster up' starts it",
            "ko": "'kfp-tutorial cluster status'로 클러스터 상태를 보고, "
            "'kfp-tutorial cluster up'으로 시작하세요",
        },
    }
)

LINKS = {
    "docker": "https://docs.docker.com/get-docker/",
    "kind": "https://kind.sigs.k8s.io/docs/user/quick-start/#installation",
    "kubectl": "https://kubernetes.io/docs/tasks/tools/",
    "git": "https://git-scm.com/downloads",
}


def _run(cmd: list[str], timeout: float = 20.0) -> tuple[int, str]:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return done.returncode, (done.stdout or "") + (done.stderr or "")


def _read_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _kfp_answers(host: str) -> bool:
    from kfp_tutorial.errors import TutorialError
    from kfp_tutorial.remote.submit import check_reachable

    try:
        check_reachable(host, timeout=3.0)
    except TutorialError:
        return False
    return True


@dataclass
class System:
    """Everything the checks ask the machine; the tests replace any of it with fakes."""

    which: Callable[[str], str | None] = shutil.which
    run: Callable[[list[str]], tuple[int, str]] = _run
    read_text: Callable[[str], str | None] = _read_text
    machine: Callable[[], str] = platform.machine
    system: Callable[[], str] = platform.system
    cpu_count: Callable[[], int | None] = os.cpu_count
    port_free: Callable[[int], bool] = _port_free
    kfp_answers: Callable[[str], bool] = _kfp_answers
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    kfp_version: Callable[[], str | None] = lambda: _package_version("kfp")
    _docker_info: tuple[int, str] | None = field(default=None, init=False, repr=False)

    def docker_info(self) -> tuple[int, str]:
        """``docker info`` once: server version, memory and CPUs Docker may use."""
        if self._docker_info is None:
            fmt = "{{.ServerVersion}}|{{.MemTotal}}|{{.NCPU}}"
            self._docker_info = self.run(["docker", "info", "--format", fmt])
        return self._docker_info

    def docker_resources(self) -> tuple[str, int, int] | None:
        """(server version, memory bytes, CPUs) if the daemon answers."""
        if self.which("docker") is None:
            return None
        code, output = self.docker_info()
        parts = output.strip().splitlines()[-1].split("|") if output.strip() else []
        if code != 0 or len(parts) != 3:
            return None
        try:
            return parts[0], int(parts[1]), int(parts[2])
        except ValueError:
            return None


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass
class Check:
    """One line of the report: status ok | warn | fail | info, what was found, how to fix it."""

    name: str
    status: str
    message: str
    fix: str = ""

    def lines(self) -> list[str]:
        out = [f"  {SYMBOLS[self.status]} {self.message}"]
        if self.fix and self.status != "ok":
            out.append(f"      → {self.fix}")
        return out


def parse_version(text: str) -> tuple[int, ...] | None:
    """The first ``1.2.3``-like version in ``text`` (``v1.32.4-dispatcher`` → (1, 32, 4))."""
    match = re.search(r"v?(\d+)\.(\d+)(?:\.(\d+))?", text)
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def _missing(tool: str) -> Check:
    return Check(
        tool,
        "fail",
        t("doctor_missing", tool=tool, why=t(f"doctor_why_{tool}")),
        t("doctor_install", link=LINKS[tool]),
    )


def _versioned(tool: str, output: str, need: tuple[int, ...]) -> Check:
    found = parse_version(output)
    if found is None:
        snippet = output.strip().splitlines()[0][:80] if output.strip() else "-"
        return Check(tool, "warn", t("doctor_version_unknown", tool=tool, output=snippet))
    args = {"tool": tool, "found": _dotted(found), "need": _dotted(need)}
    if found[: len(need)] < need:
        return Check(
            tool, "fail", t("doctor_version_old", **args), t("doctor_upgrade", link=LINKS[tool])
        )
    return Check(tool, "ok", t("doctor_version_ok", **args))


def check_docker(system: System) -> Check:
    """Docker installed, recent enough, and its daemon answers."""
    if system.which("docker") is None:
        return _missing("docker")
    resources = system.docker_resources()
    if resources is None:
        return Check("docker", "fail", t("doctor_docker_down"), t("doctor_docker_down_fix"))
    found = parse_version(resources[0])
    if found is not None and found[:2] < MIN_DOCKER:
        return _versioned("docker", resources[0], MIN_DOCKER)
    return Check("docker", "ok", t("doctor_docker_ok", found=resources[0]))


def check_kind(system: System) -> Check:
    """kind installed and ≥ 0.20."""
    if system.which("kind") is None:
        return _missing("kind")
    return _versioned("kind", system.run(["kind", "version"])[1], MIN_KIND)


def check_kubectl(system: System) -> Check:
    """kubectl installed and ≥ 1.27 (its built-in kustomize v5 reads the remote manifests)."""
    if system.which("kubectl") is None:
        return _missing("kubectl")
    return _versioned("kubectl", system.run(["kubectl", "version", "--client"])[1], MIN_KUBECTL)


def check_git(system: System) -> Check:
    """git installed: only ``cluster up --from-github`` needs it (``kubectl apply -k
    github.com/...`` clones the manifests with it); the default install applies the
    manifests shipped in the package, so a missing git is a note, not a blocker."""
    if system.which("git") is None:
        missing = _missing("git")
        return Check("git", "info", missing.message, missing.fix)
    found = parse_version(system.run(["git", "--version"])[1])
    return Check("git", "ok", f"git {_dotted(found) if found else ''}".strip())


def _meminfo(system: System) -> dict[str, int]:
    text = system.read_text("/proc/meminfo") or ""
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key.strip()] = int(parts[0]) * 1024  # kB → bytes
    return values


def check_memory(system: System) -> Check:
    """Memory Docker may use (Docker's MemTotal, or the machine's), and what is free now."""
    meminfo = _meminfo(system)
    resources = system.docker_resources()
    total = resources[1] if resources else meminfo.get("MemTotal")
    if not total:
        return Check("memory", "warn", t("doctor_memory_unknown"))
    free = meminfo.get("MemAvailable") if system.system() == "Linux" else None
    total_gib = total / GIB
    free_text = t("doctor_memory_free", free=free / GIB) if free else ""
    message = t("doctor_memory", total=total_gib, free=free_text)
    usable = min(total_gib, free / GIB) if free else total_gib
    if usable < MEMORY_FAIL_GIB:
        return Check("memory", "fail", message, t("doctor_memory_fix", need=MEMORY_WARN_GIB))
    if usable < MEMORY_WARN_GIB:
        return Check("memory", "warn", message, t("doctor_memory_fix", need=MEMORY_WARN_GIB))
    return Check("memory", "ok", message)


def check_cpus(system: System) -> Check:
    """CPUs Docker may use: fewer than 2 blocks, fewer than 4 is slow."""
    resources = system.docker_resources()
    count = resources[2] if resources else system.cpu_count()
    if not count:
        return Check("cpus", "warn", t("doctor_cpus", count="?", need=CPU_WARN))
    message = t("doctor_cpus", count=count, need=CPU_WARN)
    if count < CPU_FAIL:
        return Check("cpus", "fail", message, t("doctor_cpus_fix"))
    if count < CPU_WARN:
        return Check("cpus", "warn", message, t("doctor_cpus_fix"))
    return Check("cpus", "ok", message)


def check_port(system: System, port: int = UI_PORT) -> Check:
    """The UI's port is free, or KFP already answers there."""
    if system.port_free(port):
        return Check("port", "ok", t("doctor_port_free", port=port))
    if system.kfp_answers(f"http://localhost:{port}"):
        return Check("port", "ok", t("doctor_port_kfp", port=port))
    return Check("port", "fail", t("doctor_port_busy", port=port), t("doctor_port_fix", port=port))


def check_inotify(system: System) -> Check:
    """Linux inotify limits: kind's nodes share them, and KFP's pods need many watches."""
    if system.system() != "Linux":
        return Check("inotify", "info", t("doctor_inotify_vm", system=system.system() or "?"))
    found = {}
    for key in INOTIFY:
        text = (system.read_text(f"/proc/sys/fs/inotify/{key}") or "").strip()
        found[key] = int(text) if text.isdigit() else 0
    args = {
        "watches": found["max_user_watches"],
        "instances": found["max_user_instances"],
        "need_watches": INOTIFY["max_user_watches"],
        "need_instances": INOTIFY["max_user_instances"],
    }
    if all(found[key] >= need for key, need in INOTIFY.items()):
        return Check("inotify", "ok", t("doctor_inotify", **args))
    return Check("inotify", "fail", t("doctor_inotify_low", **args), t("doctor_inotify_fix", **args))


def check_arch(system: System) -> Check:
    """amd64 runs every KFP image natively; arm64 may need emulation for a few."""
    arch = system.machine() or "?"
    if arch.lower() in ("arm64", "aarch64"):
        return Check("arch", "warn", t("doctor_arch_arm", arch=arch), t("doctor_arch_arm_fix"))
    return Check("arch", "ok", t("doctor_arch_ok", arch=arch))


def check_sdk(system: System) -> Check:
    """The kfp SDK is one tested with the KFP backend ``cluster up`` installs (backend
    2.17.0; SDK 2.17.3 or 2.17.0, which compile the same spec)."""
    found = system.kfp_version() or "-"
    if found in KFP_TESTED_VERSIONS:
        return Check("kfp", "ok", t("doctor_sdk_ok", found=found, need=KFP_BACKEND_VERSION))
    return Check(
        "kfp",
        "warn",
        t("doctor_sdk_other", found=found, need=KFP_BACKEND_VERSION),
        t("doctor_sdk_fix", need=KFP_VERSION),
    )


def check_host(system: System) -> Check:
    """If ``KFP_HOST`` is set, does it answer? (Information only: the cluster may be down.)"""
    host = system.env.get("KFP_HOST", "").strip()
    if not host:
        return Check("host", "info", t("doctor_host_unset", port=UI_PORT))
    if system.kfp_answers(host):
        return Check("host", "ok", t("doctor_host_ok", host=host))
    return Check("host", "warn", t("doctor_host_down", host=host), t("doctor_host_fix"))


CHECKS: tuple[Callable[[System], Check], ...] = (
    check_docker,
    check_kind,
    check_kubectl,
    check_git,
    check_memory,
    check_cpus,
    check_port,
    check_inotify,
    check_arch,
    check_sdk,
    check_host,
)


def run_checks(system: System | None = None) -> list[Check]:
    """Every check, in the order of the report."""
    system = system or System()
    return [check(system) for check in CHECKS]


def report(checks: list[Check]) -> str:
    """The report the learner reads: a header, one line per check, fixes, a summary."""
    lines = [t("doctor_header", version=KFP_BACKEND_VERSION)]
    for check in checks:
        lines.extend(check.lines())
    failed = sum(1 for check in checks if check.status == "fail")
    lines.append(t("doctor_summary_fail", count=failed) if failed else t("doctor_summary_ok"))
    return "\n".join(lines)


def cmd_doctor(args: argparse.Namespace, system: System | None = None) -> int:
    """``kfp-tutorial doctor``: print the report; exit 1 if something blocks the cluster."""
    checks = run_checks(system)
    print(report(checks))
    return 1 if any(check.status == "fail" for check in checks) else 0
