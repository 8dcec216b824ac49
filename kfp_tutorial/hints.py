"""What a learner's error means, said once: hints for the errors that kfp's own messages
leave unexplained.

Two tables, one per place an error shows up:

- :data:`IMPORT_HINTS`: an exception raised while a learner's file is imported (``run`` and
  ``compile`` of ``file.py``): a KFP v1 name, an ``int`` literal for a ``float`` input, a
  pipeline name kfp cannot use, a file that shadows ``kfp``.
- :data:`TASK_HINTS`: the log of a task that failed: a name defined at the top of the file
  but used inside a component (a component runs on its own, with only what is inside it).

Each hint is a message key with its fields, found by one function per table
(:func:`import_hint`, :func:`task_hint`); the line of the learner's file comes from the
traceback. Used in: ``kfp-tutorial run``/``compile`` of a file, ``run_local``'s failure
reason (every lesson).
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kfp_tutorial.i18n import register_messages, t

register_messages(
    {
        "hint_at_line": {"en": "{path}, line {line}: {hint}", "ko": "{path} {line}번째 줄: {hint}"},
        "hint_v1_name": {
            "en": "{name} is written the KFP v1 way: kfp 2 does not have it, or takes other "
            "arguments. This file is written for KFP v1: the page 'Migrating from KFP v1 to v2' "
            "shows the v2 form of each name{migrate}.",
            "ko": "{name}(은) KFP v1 방식으로 쓰였습니다. kfp 2에는 없거나 인자가 다릅니다. 이 파일은 "
            "KFP v1용으로 쓰였으니 'KFP v1에서 v2로 옮기기' 페이지에서 이름마다 v2 형태를 "
            "확인하세요{migrate}.",
        },
        "hint_int_for_float": {
            "en": "the input {input!r} of {component!r} is a float, and kfp 2 does not turn an int "
            "into a float: write {fixed} instead of {given}.",
            "ko": "{component}의 입력 '{input}'(은) float입니다. kfp 2는 int를 float로 바꿔 주지 "
            "않으니 {given} 대신 {fixed}(이라고) 쓰세요.",
        },
        "hint_type_mismatch": {
            "en": "the input {input!r} of {component!r} is {expected}, but it gets {given}: pass a "
            "value (or another task's output) of type {expected}.",
            "ko": "{component}의 입력 '{input}'(은) {expected} 타입인데 {given} 값이 들어왔습니다. "
            "{expected} 타입의 값(또는 다른 태스크의 출력)을 넘기세요.",
        },
        "hint_pipeline_name": {
            "en": "kfp makes the pipeline name {name!r} into an id of lower-case a-z, 0-9 and '-', "
            "and nothing of it is left. Give a name such as name={example!r} (a Korean title "
            "can go in description=).",
            "ko": "kfp는 Pipeline 이름 {name!r}에서 소문자 a-z, 0-9, '-'만 남겨 ID를 만드는데, 남는 "
            "글자가 없습니다. name={example!r}처럼 이름을 주세요 (한국어 제목은 description=에 "
            "쓸 수 있습니다).",
        },
        "hint_shadowed": {
            "en": "{shadow} is a file of yours named like the {module} module, and Python imports "
            "it instead of {module}. Rename it (e.g. my_{stem}.py) and delete {cache} if it is "
            "there.",
            "ko": "{shadow}(은) {module} 모듈과 이름이 같은 파일이라서, Python이 {module} 대신 이 "
            "파일을 가져옵니다. 이름을 바꾸고(예: my_{stem}.py) {cache} 폴더가 있으면 지우세요.",
        },
        "hint_global_in_component": {
            "en": "{name!r} is not defined inside the component. A component runs on its own, "
            "with only what is inside its function: put the import (import {name}) or the "
            "helper inside the component's function.",
            "ko": "Component 안에 '{name}'(이) 정의되어 있지 않습니다. Component는 함수 안에 있는 "
            "것만 가지고 따로 실행됩니다. import {name} 같은 import 문이나 도우미 함수를 "
            "Component 함수 안으로 옮기세요.",
        },
        "hint_none_default": {
            "en": "kfp.local cannot pass None (the default of an Optional[...] = None parameter) "
            "to a task. Give the parameter a value, or a default that is not None.",
            "ko": "kfp.local은 None(Optional[...] = None 매개변수의 기본값)을 태스크에 넘기지 못합니다. "
            "매개변수에 값을 주거나, None이 아닌 기본값을 쓰세요.",
        },
        "hint_migrate_command": {
            "en": ", or run kfp-tutorial migrate {path}",
            "ko": ". kfp-tutorial migrate {path}(을) 실행해도 됩니다",
        },
    }
)

# Names KFP v1 had that kfp 2 does not (a learner's AttributeError or ImportError names one).
V1_NAMES = frozenset(
    {
        "create_component_from_func",
        "func_to_container_op",
        "ContainerOp",
        "VolumeOp",
        "ResourceOp",
        "PipelineVolume",
        "PipelineConf",
        "get_pipeline_conf",
        "use_gcp_secret",
        "use_k8s_secret",
        "RUN_ID_PLACEHOLDER",
        "EXECUTION_ID_PLACEHOLDER",
        "UI_METADATA",
        "kfp.gcp",
        "kfp.onprem",
        "kfp.aws",
        "kfp.azure",
        "kfp.containers",
        "add_pvolumes",
        "add_node_selector_constraint",
        "add_env_variable",
        # v1 names whose short form kfp 2 still has elsewhere (dsl.InputPath): matched with
        # the module an ImportError or AttributeError names
        "kfp.components.InputPath",
        "kfp.components.OutputPath",
        "kfp.components.InputTextFile",
        "kfp.components.OutputTextFile",
        "kfp.components.InputBinaryFile",
        "kfp.components.OutputBinaryFile",
        "loop_args",  # dsl.ParallelFor(loop_args=...): items= in kfp 2
    }
)
MIGRATE_AVAILABLE = True  # ``kfp-tutorial migrate`` (kfp_tutorial/migrate/) rewrites v1 files


@dataclass(frozen=True)
class Hint:
    """A message key and its fields; ``line`` is the learner's line, when known."""

    key: str
    fields: dict[str, object]
    line: int | None = None

    def text(self, path: Path | str | None = None) -> str:
        hint = t(self.key, **self.fields)
        if path is not None and self.line is not None:
            return t("hint_at_line", path=path, line=self.line, hint=hint)
        return hint


def learner_line(exc: BaseException, path: Path) -> int | None:
    """The line of ``path`` that the traceback of ``exc`` passes through last."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            same = Path(frame.filename).resolve() == path.resolve()
        except OSError:
            same = False
        if same:
            line = frame.lineno
    return line


def _v1_name(exc: BaseException, path: Path) -> Hint | None:
    if not isinstance(exc, AttributeError | ImportError | TypeError):
        return None
    text = str(exc)
    names = re.findall(r"'([\w.]+)'", text) + re.findall(r"\.(\w+)\(\) (?:takes|got)", text)
    module = getattr(exc, "name", None) or ""
    imported = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", text)
    attribute = re.search(r"module '([\w.]+)' has no attribute '(\w+)'", text)
    joined = [f"{imported[2]}.{imported[1]}"] if imported else []
    joined += [f"{attribute[1]}.{attribute[2]}"] if attribute else []
    candidates = [*joined, *names, module] + [n.rsplit(".", 1)[-1] for n in names]
    found = next((n for n in candidates if n in V1_NAMES), None)
    if found is None:
        return None
    migrate = t("hint_migrate_command", path=path) if MIGRATE_AVAILABLE else ""
    return Hint("hint_v1_name", {"name": found, "migrate": migrate}, learner_line(exc, path))


_INCOMPATIBLE = re.compile(
    r"Incompatible argument passed to the input '(?P<input>[^']+)' of component "
    r"'(?P<component>[^']+)': Argument type '(?P<given>[^']+)' is incompatible with the input "
    r"type '(?P<expected>[^']+)'"
)
_SPEC_WORDS = {"NUMBER_INTEGER": "int", "NUMBER_DOUBLE": "float", "STRING": "str", "BOOLEAN": "bool"}


def _type_mismatch(exc: BaseException, path: Path) -> Hint | None:
    match = _INCOMPATIBLE.search(str(exc))
    if match is None:
        return None
    line = learner_line(exc, path)
    given, expected = match["given"], match["expected"]
    if (given, expected) == ("NUMBER_INTEGER", "NUMBER_DOUBLE"):
        literal = _int_literal(path, line, match["input"])
        return Hint(
            "hint_int_for_float",
            {
                "input": match["input"],
                "component": match["component"],
                "given": f"{match['input']}={literal}" if literal else "3",
                "fixed": f"{match['input']}={literal}.0" if literal else "3.0",
            },
            line,
        )
    return Hint(
        "hint_type_mismatch",
        {
            "input": match["input"],
            "component": match["component"],
            "given": _SPEC_WORDS.get(given, given),
            "expected": _SPEC_WORDS.get(expected, expected),
        },
        line,
    )


def _int_literal(path: Path, line: int | None, name: str) -> str | None:
    """The int literal the learner wrote for ``name=`` on ``line`` (``b=4`` -> ``"4"``)."""
    if line is None:
        return None
    try:
        source = path.read_text(encoding="utf-8", errors="replace").splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    found = re.search(rf"\b{re.escape(name)}\s*=\s*(-?\d+)\b(?!\.)", source)
    return found.group(1) if found else None


def _pipeline_name(exc: BaseException, path: Path) -> Hint | None:
    text = str(exc)
    if not text.startswith("Invalid pipeline name"):
        return None
    line = learner_line(exc, path)
    name = text.split(":", 1)[1].splitlines()[0].strip() if ":" in text else ""
    written = _written_name(path, line) or name
    return Hint("hint_pipeline_name", {"name": written, "example": "my-pipeline"}, line)


def _written_name(path: Path, line: int | None) -> str | None:
    """The ``name="..."`` of the ``@dsl.pipeline`` nearest above ``line``."""
    if line is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:line]
    except OSError:
        return None
    for source in reversed(lines):
        found = re.search(r"""name\s*=\s*(['"])(?P<name>.*?)\1""", source)
        if found:
            return found["name"]
    return None


def shadowing_files(folder: Path) -> list[Path]:
    """Files and packages in ``folder`` named like a module a task's Python imports: kfp.local
    starts each task with ``python -m`` in the current folder, which puts that folder first
    on ``sys.path``, so a learner's ``kfp.py`` or ``json.py`` replaces the real module and
    every task fails. "A module a task imports" is one this process has imported (kfp and
    what it needs)."""
    imported = {name.split(".")[0] for name in list(sys.modules)} - {"__main__"}
    imported |= {"kfp", "kfp_tutorial"}
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        stem = entry.stem if entry.suffix == ".py" else entry.name
        is_module = entry.suffix == ".py" or (entry / "__init__.py").is_file()
        if not is_module or stem not in imported:
            continue
        real = getattr(sys.modules.get(stem), "__file__", None) or ""
        if real and Path(real).resolve() in (entry.resolve(), (entry / "__init__.py").resolve()):
            continue  # the module really is this file (a clone of the course, say)
        found.append(entry)
    return found


def shadowed_kfp() -> Path | None:
    """The learner's file that ``import kfp`` would load instead of kfp (``kfp.py`` in the
    current folder, first on ``sys.path`` under ``python -m`` and in notebooks), found
    without importing anything."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("kfp")
    except (ImportError, ValueError):
        return None
    origin = Path(spec.origin) if spec and spec.origin else None
    if origin is None or "site-packages" in origin.parts or "dist-packages" in origin.parts:
        return None
    return origin.parent if origin.name == "__init__.py" else origin


def shadowing_hint(folder: Path) -> str | None:
    """The hint for the first file in ``folder`` that shadows a module, or None."""
    for shadow in shadowing_files(folder):
        module = shadow.stem if shadow.suffix == ".py" else shadow.name
        return t(
            "hint_shadowed",
            shadow=shadow,
            module=module,
            stem=module,
            cache=shadow.parent / "__pycache__",
        )
    return None


IMPORT_HINTS: tuple[Callable[[BaseException, Path], Hint | None], ...] = (
    _v1_name,
    _type_mismatch,
    _pipeline_name,
)


def import_hint(exc: BaseException, path: Path) -> str | None:
    """The hint for ``exc``, raised while importing the learner's file ``path``, or None."""
    for find in IMPORT_HINTS:
        hint = find(exc, path)
        if hint is not None:
            return hint.text(path)
    return None


_NAME_ERROR = re.compile(r"NameError: name '(?P<name>\w+)' is not defined")


def task_hint(log: str) -> str | None:
    """The hint for a failed task's ``log``, or None: today, a name the component uses but
    does not define (a module-level import or helper)."""
    found = _NAME_ERROR.search(log)
    if found:
        return t("hint_global_in_component", name=found["name"])
    return None


def orchestrator_hint(error: str) -> str | None:
    """The hint for kfp.local's own error outside any task, or None: today, a None default
    (kfp.local's ``Unknown value type`` for a null parameter value)."""
    if error.rstrip().endswith("Unknown value type:"):
        return t("hint_none_default")
    return None
