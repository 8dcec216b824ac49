"""Check your setup: ``kfp-tutorial check`` and the first cell of notebook 00.

One line per check, ✓ or ✗, and for every missing piece the command that fixes it, in
the learner's language. Required: Python ≥ 3.11, kfp 2.17.3 (or 2.17.0), kfp-kubernetes, and a real
one-task run with ``kfp.local``. Optional: the docs tools, papermill, Chromium (browser
tests) and the cluster tools of lesson 09. Exit code 1 when a required piece is missing.
Used in: lesson 00.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kfp_tutorial import i18n
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import KFP_KUBERNETES_VERSION, KFP_TESTED_VERSIONS, KFP_VERSION

REQUIRED_PYTHON = (3, 11)
CHROMIUM = Path("/usr/bin/chromium")
CLUSTER_TOOLS = ("docker", "kind", "kubectl")

i18n.register_messages(
    {
        "check_header": {
            "en": "Checking your setup for the Kubeflow Pipelines course:",
            "ko": "Kubeflow Pipelines 과정을 위한 환경을 확인합니다:",
        },
        "check_python": {"en": "Python {found} (need ≥ {need})", "ko": "Python {found} (≥ {need} 필요)"},
        "check_python_fix": {
            "en": "install Python {need} or newer, then recreate the virtualenv: "
            "python3.11 -m venv .venv && .venv/bin/pip install -e .",
            "ko": (
                "Python {need} 이상을 설치한 뒤 가상 환경을 다시 만드세요: python3.11 -m venv .venv "
                "&& .venv/bin/pip install -e ."
            ),
        },
        "check_package": {"en": "{package} {found}", "ko": "{package} {found}"},
        "check_package_need": {
            "en": "{package} {found} (the course needs {need})",
            "ko": "{package} {found} (이 과정에는 {need} 필요)",
        },
        "check_missing": {"en": "not installed", "ko": "설치되지 않음"},
        "check_pip_fix": {"en": "{pip} install {spec}", "ko": "{pip} install {spec}"},
        "check_local_run": {
            "en": "kfp.local runs lesson 00's pipeline: {detail}",
            "ko": "kfp.local로 수업 00 Pipeline 실행: {detail}",
        },
        "check_local_run_skipped": {
            "en": "kfp.local run skipped: fix kfp first",
            "ko": "kfp.local 실행 확인은 건너뜁니다. 먼저 kfp를 고치세요",
        },
        "check_local_run_fix": {
            "en": "reinstall the course ({install}) and run "
            "'kfp-tutorial run 00-getting-started -v' to see kfp's own log",
            "ko": "과정 패키지를 다시 설치하고({install}) "
            "'kfp-tutorial run 00-getting-started -v'로 kfp 자체 로그를 확인하세요",
        },
        "check_extras_fix": {
            "en": "{install}  (docs and notebook tools)",
            "ko": "{install}  (문서·노트북 도구)",
        },
        "check_chromium": {
            "en": "Chromium at {path}, for the browser tests",
            "ko": "브라우저 테스트에 쓸 Chromium: {path}",
        },
        "check_chromium_fix": {
            "en": "sudo apt-get install -y chromium",
            "ko": "sudo apt-get install -y chromium",
        },
        "check_cluster_tools": {
            "en": "cluster tools for lesson 09: {found}",
            "ko": "수업 09용 클러스터 도구: {found}",
        },
        "check_cluster_tools_fix": {
            "en": "install {missing} (lesson 09 lists versions and commands)",
            "ko": "{missing}(을) 설치하세요 (버전과 설치 명령은 수업 09 참고)",
        },
        "check_optional": {"en": "optional", "ko": "선택"},
        "check_fix_prefix": {"en": "fix", "ko": "해결"},
        "check_ok": {
            "en": "All required pieces are in place. You are ready for lesson 01.",
            "ko": "필수 구성 요소가 모두 준비되었습니다. 수업 01로 넘어가세요.",
        },
        "check_no_shadowing_ok": {
            "en": "no file in this folder hides a module the tasks import",
            "ko": "이 폴더에 태스크가 가져오는 모듈을 가리는 파일이 없습니다",
        },
        "check_shadowing": {
            "en": "{names} in this folder hides a module every task imports",
            "ko": "이 폴더의 {names}(이) 모든 태스크가 가져오는 모듈을 가립니다",
        },
        "check_failed": {
            "en": "{count} required {count:piece is|pieces are} missing: fix the ✗ lines above "
            "and run the check again.",
            "ko": "필수 구성 요소 {count}개가 없습니다. 위의 ✗ 줄을 해결한 뒤 다시 확인하세요.",
        },
    }
)


def pip_command() -> str:
    """pip of the Python running the course, as a command that works from any folder and
    without an activated venv (``/path/.venv/bin/python -m pip``)."""
    return f"{shlex.quote(sys.executable)} -m pip"


def install_command(extras: str = "") -> str:
    """The command that (re)installs the course with ``extras``, from any folder: the source
    checkout it runs from (an editable install), or the package by name (a wheel)."""
    root = Path(__file__).resolve().parents[2]
    suffix = f"[{extras}]" if extras else ""
    if (root / "pyproject.toml").is_file() and (root / "kfp_tutorial").is_dir():
        return f"{pip_command()} install -e {shlex.quote(f'{root}{suffix}')}"
    return f"{pip_command()} install {shlex.quote(f'kfp-tutorial{suffix}')}"


@dataclass
class CheckResult:
    """One line of the setup report."""

    name: str  # stable id, e.g. "kfp" (tests and notebooks can look a check up)
    ok: bool
    required: bool
    message: str  # what was found, translated
    fix: str = ""  # how to fix it, translated; empty when ok

    def line(self) -> str:
        """The report line: ✓/✗, the finding, and the fix when something is missing."""
        mark = "✓" if self.ok else "✗"
        optional = "" if self.required else f" ({t('check_optional')})"
        text = f"{mark} {self.message}{optional}"
        if not self.ok and self.fix:
            text += f"\n    → {t('check_fix_prefix')}: {self.fix}"
        return text


def package_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None when it is missing."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_python(version: tuple[int, ...] | None = None) -> CheckResult:
    """Python must be 3.11 or newer (kfp 2.17 and the course's type hints need it)."""
    found = tuple(version or sys.version_info[:3])
    need = ".".join(map(str, REQUIRED_PYTHON))
    ok = found[:2] >= REQUIRED_PYTHON
    return CheckResult(
        "python",
        ok,
        True,
        t("check_python", found=".".join(map(str, found)), need=need),
        "" if ok else t("check_python_fix", need=need),
    )


def check_kfp() -> CheckResult:
    """kfp must be a version the course is tested with (the pinned one or 2.17.0)."""
    found = package_version("kfp")
    ok = found in KFP_TESTED_VERSIONS
    message = (
        t("check_package", package="kfp", found=found)
        if ok
        else t("check_package_need", package="kfp", found=found or t("check_missing"), need=KFP_VERSION)
    )
    return CheckResult(
        "kfp",
        ok,
        True,
        message,
        "" if ok else t("check_pip_fix", pip=pip_command(), spec=f"kfp=={KFP_VERSION}"),
    )


def check_kfp_kubernetes() -> CheckResult:
    """kfp-kubernetes (secrets, volumes, node selectors: lesson 08) must be installed."""
    found = package_version("kfp-kubernetes")
    return CheckResult(
        "kfp-kubernetes",
        found is not None,
        True,
        t("check_package", package="kfp-kubernetes", found=found or t("check_missing")),
        ""
        if found
        else t("check_pip_fix", pip=pip_command(), spec=f"kfp-kubernetes=={KFP_KUBERNETES_VERSION}"),
    )


def check_local_run(output_dir: str | Path | None = None) -> CheckResult:
    """Run lesson 00's one-task pipeline with kfp.local: the real proof that runs work."""
    from kfp_tutorial.errors import TutorialError
    from kfp_tutorial.lessons.lesson00_getting_started import setup_check_pipeline
    from kfp_tutorial.local.runner import run_local

    def run(folder: str | Path) -> CheckResult:
        try:
            result = run_local(setup_check_pipeline, {}, output_dir=folder, progress=False)
        except TutorialError as exc:
            return CheckResult("local-run", False, True, t("check_local_run", detail=exc), "")
        if result.succeeded:
            return CheckResult("local-run", True, True, t("check_local_run", detail=result.output))
        log = result.tasks[-1].log.strip().splitlines()[-1:] if result.tasks else []
        detail = f"{result.status} {' '.join(log)}".strip()
        return CheckResult(
            "local-run",
            False,
            True,
            t("check_local_run", detail=detail),
            t("check_local_run_fix", install=install_command()),
        )

    if output_dir is not None:
        return run(output_dir)
    with tempfile.TemporaryDirectory(prefix="kfp-tutorial-check-") as tmp:
        return run(tmp)


def check_extra(distribution: str) -> CheckResult:
    """An optional tool for the docs and the notebook tests (mkdocs, papermill)."""
    found = package_version(distribution)
    return CheckResult(
        distribution,
        found is not None,
        False,
        t("check_package", package=distribution, found=found or t("check_missing")),
        "" if found else t("check_extras_fix", install=install_command("test")),
    )


def check_chromium(path: Path = CHROMIUM) -> CheckResult:
    """Debian's Chromium, which the browser tests drive with Playwright."""
    ok = path.is_file()
    return CheckResult(
        "chromium",
        ok,
        False,
        t("check_chromium", path=path),
        "" if ok else t("check_chromium_fix"),
    )


def check_cluster_tools(which: Callable[[str], str | None] = shutil.which) -> CheckResult:
    """docker, kind and kubectl: only lesson 09 (running on a cluster) needs them."""
    missing = [tool for tool in CLUSTER_TOOLS if which(tool) is None]
    found = ", ".join(f"{tool} {'✓' if tool not in missing else '✗'}" for tool in CLUSTER_TOOLS)
    return CheckResult(
        "cluster-tools",
        not missing,
        False,
        t("check_cluster_tools", found=found),
        "" if not missing else t("check_cluster_tools_fix", missing=", ".join(missing)),
    )


def check_no_shadowing(folder: Path | None = None) -> CheckResult:
    """No file of the learner's in the current folder hides a module a task imports (a
    ``kfp.py`` there breaks every task, however well kfp is installed)."""
    from kfp_tutorial.hints import shadowing_files, shadowing_hint

    with contextlib.suppress(ImportError):  # what a task's executor imports, known to sys.modules
        import kfp.dsl.executor_main  # noqa: F401
    folder = folder or Path.cwd()
    hint = shadowing_hint(folder)
    if hint is None:
        return CheckResult("shadowing", True, True, t("check_no_shadowing_ok"))
    names = ", ".join(p.name for p in shadowing_files(folder))
    return CheckResult("shadowing", False, True, t("check_shadowing", names=names), hint)


def run_checks(*, output_dir: str | Path | None = None, run_pipeline: bool = True) -> list[CheckResult]:
    """Every check, required ones first. ``run_pipeline=False`` skips the real kfp.local run."""
    results = [check_python(), check_kfp(), check_kfp_kubernetes(), check_no_shadowing()]
    if run_pipeline:
        if results[1].ok and results[3].ok:
            results.append(check_local_run(output_dir))
        else:
            results.append(CheckResult("local-run", False, True, t("check_local_run_skipped")))
    results += [
        check_extra("mkdocs"),
        check_extra("papermill"),
        check_chromium(),
        check_cluster_tools(),
    ]
    return results


def missing_required(results: list[CheckResult]) -> list[CheckResult]:
    """The required checks that failed."""
    return [r for r in results if r.required and not r.ok]


def format_report(results: list[CheckResult]) -> str:
    """The whole report: a header, one line per check, and the verdict."""
    lines = [t("check_header")]
    lines += [result.line() for result in results]
    missing = missing_required(results)
    lines.append(t("check_failed", count=len(missing)) if missing else t("check_ok"))
    return "\n".join(lines)


def check_setup(lang: str | None = None, output_dir: str | Path | None = None) -> bool:
    """Print the setup report and return True when every required piece is there.

    Notebook 00 calls this; ``kfp-tutorial check`` prints the same report.
    """
    if lang is not None:
        i18n.set_lang(lang)
    results = run_checks(output_dir=output_dir)
    print(format_report(results))
    return not missing_required(results)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kfp-tutorial check`` (its messages follow the global ``--lang``)."""
    parser.add_argument("--output-dir", default=None, metavar="DIR", help=t("help_check_output_dir"))


def run(args: argparse.Namespace) -> int:
    """``kfp-tutorial check``: exit 0 when ready, 1 when a required piece is missing."""
    output_dir = args.output_dir
    if output_dir is not None:
        from kfp_tutorial.output_files import output_dir as checked_output_dir

        output_dir = checked_output_dir(output_dir, "--output-dir")
    return 0 if check_setup(output_dir=output_dir) else 1
