"""Run pytest on test functions defined in a notebook (or anywhere else in memory).

pytest collects tests from files; a notebook's test functions live in the kernel. This
module hands pytest an in-memory module instead: the test functions, and every pytest
fixture their globals hold (a learner's ``@pytest.fixture`` defined in another cell), so
fixtures (``tmp_path``, ``monkeypatch``, your own), ``@pytest.mark.parametrize`` and
``pytest.raises`` work as they do in a test file. :func:`run_tests` prints one line per
test and returns a :class:`TestReport`.

``replace`` runs the same tests with some of the names they use bound to other objects
(the exercise checks of lesson 12 run a learner's test against buggy components this way).

pytest rewrites ``assert`` statements only in the files it imports; here each test's source
(which Jupyter keeps, as it does for kfp) is rewritten the same way before it runs, so a
failed ``assert got == [12.0]`` shows both values. Used in: lesson 12 (notebook and
exercise checks).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.i18n import t

i18n.register_messages(
    {
        "nbtest_line": {
            "en": "{mark} {name}: {outcome}",
            "ko": "{mark} {name}: {outcome}",
        },
        "nbtest_passed": {"en": "passed", "ko": "통과"},
        "nbtest_failed": {"en": "failed", "ko": "실패"},
        "nbtest_skipped": {"en": "skipped", "ko": "건너뜀"},
        "nbtest_error": {"en": "error in a fixture", "ko": "픽스처에서 오류"},
        "nbtest_total": {
            "en": "{passed} passed, {failed} failed",
            "ko": "{passed}개 통과, {failed}개 실패",
        },
        "nbtest_not_a_test": {
            "en": "{name} is not a function.",
            "ko": "{name}(은) 함수가 아닙니다.",
        },
    }
)

_MODULE_NAME = "notebook_tests"  # what pytest shows as the tests' file: notebook_tests.py
_MARKS = {"passed": "✓", "failed": "✗", "skipped": "-", "error": "✗"}


@dataclass
class TestOutcome:
    """One test (one parametrized case) as pytest reported it."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    name: str  # e.g. test_clean_readings or test_pipeline[readings0-2-15.0]
    outcome: str  # passed, failed, skipped or error (a fixture failed)
    message: str = ""  # the last line of the failure, e.g. "AssertionError: [12.0]"
    details: str = ""  # pytest's full failure text
    output: str = ""  # what the test printed (captured)

    def line(self) -> str:
        """``✓ test_name: passed``, with the failure's last line when there is one."""
        text = t(
            "nbtest_line", mark=_MARKS[self.outcome], name=self.name, outcome=t(f"nbtest_{self.outcome}")
        )
        return f"{text} ({self.message})" if self.message else text


@dataclass
class TestReport:
    """What one :func:`run_tests` call found: every test's outcome and pytest's exit code."""

    __test__ = False

    outcomes: list[TestOutcome] = field(default_factory=list)
    exit_code: int = 0
    text: str = ""  # pytest's own terminal output

    @property
    def passed(self) -> bool:
        """Every test passed, and there was at least one."""
        return bool(self.outcomes) and all(o.outcome in ("passed", "skipped") for o in self.outcomes)

    @property
    def failures(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if o.outcome in ("failed", "error")]

    def summary(self) -> str:
        passed = sum(1 for o in self.outcomes if o.outcome == "passed")
        return t("nbtest_total", passed=passed, failed=len(self.failures))


def is_fixture(value: Any) -> bool:
    """Whether ``value`` is a function decorated with ``@pytest.fixture``."""
    from _pytest.fixtures import FixtureFunctionDefinition  # pytest 8.4+: what @fixture returns

    return isinstance(value, FixtureFunctionDefinition)


def rewritten_code(test: types.FunctionType) -> types.CodeType:
    """``test``'s code with its ``assert`` statements rewritten as pytest rewrites them in a
    test file; its own code when its source cannot be read (or it is not a plain function)."""
    import ast
    import inspect
    import textwrap

    from _pytest.assertion.rewrite import rewrite_asserts

    try:
        source = textwrap.dedent(inspect.getsource(test))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return test.__code__
    definition = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(definition, ast.FunctionDef) or definition.name != test.__name__:
        return test.__code__
    definition.decorator_list = []  # the marks are already on the function
    ast.increment_lineno(tree, test.__code__.co_firstlineno - 1)
    rewrite_asserts(tree, source.encode())
    module_code = compile(tree, test.__code__.co_filename, "exec", dont_inherit=True)
    for constant in module_code.co_consts:
        if isinstance(constant, types.CodeType) and constant.co_name == test.__name__:
            if constant.co_freevars == test.__code__.co_freevars:
                return constant
    return test.__code__


def rebound(test: types.FunctionType, names: Mapping[str, Any]) -> types.FunctionType:
    """A copy of the function ``test``, its asserts rewritten, that sees ``names`` instead of
    its own globals of those names (its marks, defaults and name kept)."""
    import builtins

    import _pytest.assertion.rewrite

    scope = {
        **test.__globals__,
        "@py_builtins": builtins,  # the names rewritten asserts use
        "@pytest_ar": _pytest.assertion.rewrite,
        **names,
    }
    code = rewritten_code(test)
    copy = types.FunctionType(code, scope, test.__name__, test.__defaults__, test.__closure__)
    copy.__kwdefaults__ = test.__kwdefaults__
    copy.__dict__.update(test.__dict__)  # pytest keeps marks (parametrize) here
    copy.__qualname__ = test.__qualname__
    copy.__module__ = _MODULE_NAME
    return copy


def in_memory_module(
    tests: Iterable[types.FunctionType], replace: Mapping[str, Any]
) -> types.ModuleType:
    """A module holding ``tests`` (rebound to ``replace``) and every fixture their globals hold."""
    module = types.ModuleType(_MODULE_NAME)
    for test in tests:
        for name, value in test.__globals__.items():
            if is_fixture(value) and name not in replace:
                setattr(module, name, value)
        setattr(module, test.__name__, rebound(test, replace))
    for name, value in replace.items():
        if is_fixture(value):
            setattr(module, name, value)
    return module


class _Plugin:
    """Collects the in-memory module for the placeholder file and records each report."""

    def __init__(self, module: types.ModuleType, path: Path) -> None:
        self.module = module
        self.path = path
        self.reports: dict[str, TestOutcome] = {}

    def pytest_pycollect_makemodule(self, module_path: Path, parent: Any) -> Any:
        import pytest

        if module_path != self.path:
            return None
        held = self.module

        class InMemoryModule(pytest.Module):
            def _getobj(self) -> Any:
                return held

        return InMemoryModule.from_parent(parent, path=module_path)

    def pytest_runtest_logreport(self, report: Any) -> None:
        name = report.nodeid.split("::", 1)[-1]
        if report.when == "call" or report.outcome != "passed":
            outcome = report.outcome
            if report.when != "call" and report.outcome == "failed":
                outcome = "error"
            if name in self.reports and self.reports[name].outcome != "passed":
                return  # keep the first failure (a teardown error after a failed call)
            details = str(report.longrepr) if report.longrepr else ""
            self.reports[name] = TestOutcome(
                name=name,
                outcome=outcome,
                message=_last_line(details) if outcome != "passed" else "",
                details=details,
                output=report.capstdout,
            )


def _last_line(text: str) -> str:
    """The ``E   AssertionError: ...`` line pytest puts last, without its ``E``."""
    lines = [line for line in text.splitlines() if line.strip()]
    marked = [line[1:].strip() for line in lines if line.startswith("E ")]
    if marked:
        return marked[-1] if len(marked) == 1 else marked[0]
    return lines[-1].strip() if lines else ""


def run_tests(
    *tests: Callable[..., Any],
    replace: Mapping[str, Any] | None = None,
    show: bool = True,
) -> TestReport:
    """Run test functions with pytest, in this process; print one line per test.

    ``tests`` are functions named ``test_*`` (pytest runs only those, as it would in a
    file); the fixtures they ask for may be pytest's own or ones defined beside them.
    ``replace`` maps names the tests use (a component, a pipeline) to stand-ins.
    ``show=False`` prints nothing. Used in: lesson 12's notebook and exercise checks.
    """
    import pytest

    replace = dict(replace or {})
    functions = [test for test in tests if isinstance(test, types.FunctionType)]
    if len(functions) != len(tests):
        wrong = next(test for test in tests if not isinstance(test, types.FunctionType))
        raise TypeError(t("nbtest_not_a_test", name=repr(wrong)))
    module = in_memory_module(functions, replace)
    with tempfile.TemporaryDirectory(prefix="kfp-tutorial-tests-") as folder:
        root = Path(folder)
        placeholder = root / f"{_MODULE_NAME}.py"
        placeholder.write_text("# the tests are held in memory\n", encoding="utf-8")
        (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the project's
        plugin = _Plugin(module, placeholder)
        out = io.StringIO()
        args = [str(placeholder), "-c", str(root / "pytest.ini"), "--rootdir", str(root)]
        # no cache folder, no parallel workers; the last two run gc.collect() several times
        # per session, which takes seconds in a big process (a kernel, a test worker)
        for unused in ("cacheprovider", "xdist", "randomly", "faulthandler", "unraisableexception"):
            args += ["-p", f"no:{unused}"]
        args += ["-p", "no:threadexception"]
        args += [
            "--basetemp",
            str(root / "tmp"),
            "-q",
            "--no-header",
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ]
        with contextlib.redirect_stdout(out):
            exit_code = int(pytest.main(args, plugins=[plugin]))
    report = TestReport(list(plugin.reports.values()), exit_code, out.getvalue())
    if show:
        for outcome in report.outcomes:
            print(outcome.line())
        print(report.summary())
    return report
