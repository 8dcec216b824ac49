"""A notebook's stored output says only what today's code would print.

The notebook test re-runs every notebook and compares the cells marked
``# NBVAL_CHECK_OUTPUT`` with their stored output; the other cells (timings, this machine's
tools) are not compared, so a message changed since the notebook was last executed stays
in them unseen: notebook 00 (ko) kept "kind을(를) 설치하세요" from a template that was
long gone. Two mechanisms close that gap, without running anything:

- every Korean word of every stored output of every Korean notebook must come from the
  fixed text of a message the course registers today (its Korean template, placeholders
  matching anything, particle markers matching either form); Korean inside quotes is a
  value (a greeting a learner passed in), not a message;
- the two languages' notebooks run the same code cells, so each cell stores the same
  messages in both: a message found in one language's output (by its template of today)
  must be found in the other's, which catches a stale English output as well;
- every check cell (``check_exercise(...)``), whose feedback is deterministic, is a
  ``# NBVAL_CHECK_OUTPUT`` cell, so the notebook test compares it in both languages.

When a test here fails, re-execute the notebook named in the message:
``python -m tools.notebooks execute NN --lang ko --in-place``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import string
from functools import cache
from pathlib import Path

import pytest

import kfp_tutorial
from kfp_tutorial.i18n import MESSAGES
from kfp_tutorial.i18n.korean import MARKER, PAIRS
from kfp_tutorial.registry import LESSONS

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
KO_NOTEBOOKS = sorted((NOTEBOOKS / "ko").glob("*.ipynb"))
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
CHECK_CALL = re.compile(r"^\s*check_exercise\(", re.M)
HANGUL = re.compile(r"[가-힣]")
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_FORMATTER = string.Formatter()
_FORMS = {form: forms for forms in PAIRS.values() for form in forms}


@cache
def korean_templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A pattern for each line of each Korean text the course can print today: every
    registered message (all modules imported, the maintainer tools too) and the lessons'
    Korean titles. Each fixed piece of text is a group, so a match says which characters
    the template itself wrote; it comes with the longest piece of fixed text it needs, a
    cheap test before the pattern is tried."""
    for info in pkgutil.walk_packages(kfp_tutorial.__path__, "kfp_tutorial."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    for name in ("tools.exercises", "tools.notebooks"):
        importlib.import_module(name)
    texts = [entry["ko"] for entry in MESSAGES.values()] + [lesson.title_ko for lesson in LESSONS]
    patterns = []
    for text in texts:
        for line in text.split("\n"):
            if HANGUL.search(line):
                patterns.append(_needed_and_pattern(line))
    return tuple(patterns)


def _needed_and_pattern(line: str) -> tuple[str, re.Pattern[str]]:
    """The longest piece of fixed text a template line needs, and its pattern."""
    fixed = re.split(r"\{[^{}]*\}|\((?:" + "|".join(_FORMS) + r")\)", line)
    return max(fixed, key=len), re.compile(_line_pattern(line))


def _line_pattern(line: str) -> str:
    parts = []
    for literal, field, _, _ in _FORMATTER.parse(line.replace("{{", "\x00").replace("}}", "\x01")):
        literal = literal.replace("\x00", "{").replace("\x01", "}")
        if literal:
            pieces = []
            position = 0
            for marker in MARKER.finditer(literal):
                pieces.append(re.escape(literal[position : marker.start()]))
                pieces.append("(?:" + "|".join(_FORMS[marker.group(1)]) + ")")
                position = marker.end()
            pieces.append(re.escape(literal[position:]))
            parts.append("(" + "".join(pieces) + ")")
        if field is not None:
            parts.append(".*?")
    return "".join(parts)


def uncovered_korean(line: str) -> str:
    """The Korean characters of ``line`` that no template of today wrote (quoted values
    excepted); empty when the whole line is explained."""
    if not HANGUL.search(line):
        return ""
    covered = [False] * len(line)
    for quoted in QUOTED.finditer(line):
        covered[quoted.start() : quoted.end()] = [True] * (quoted.end() - quoted.start())
    for needed, pattern in korean_templates():
        if needed not in line:
            continue
        for match in pattern.finditer(line):
            for group in range(1, (pattern.groups or 0) + 1):
                start, end = match.span(group)
                if start >= 0:
                    covered[start:end] = [True] * (end - start)
    return "".join(ch for ch, ok in zip(line, covered, strict=True) if not ok and HANGUL.match(ch))


def stored_text_outputs(path: Path) -> list[tuple[int, str]]:
    """(cell index, line) of every line of text a notebook's code cells have stored."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] if output.get("output_type") == "stream" else []
            texts.append(output.get("data", {}).get("text/plain", ""))
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                found += [(index, line) for line in text.splitlines()]
    return found


def stale_lines(path: Path) -> list[str]:
    return [
        f"cell {cell}: {line.strip()!r} (not from any message of today: {missing!r})"
        for cell, line in stored_text_outputs(path)
        if (missing := uncovered_korean(line))
    ]


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_korean_outputs_come_from_todays_messages(path: Path) -> None:
    stale = stale_lines(path)
    lesson = path.stem.split("-", 1)[0]
    assert not stale, (
        f"{path.relative_to(REPO)} stores output that today's messages would not print; "
        f"re-execute it: python -m tools.notebooks execute {lesson} --lang ko --in-place\n"
        + "\n".join(stale)
    )


def test_a_stale_korean_output_is_caught() -> None:
    old = "    → 해결: kind을(를) 설치하세요 (버전과 설치 명령은 수업 09 참고)"
    assert "을" in uncovered_korean(old) and "를" in uncovered_korean(old)
    assert uncovered_korean("    → 해결: kind를 설치하세요 (버전과 설치 명령은 수업 09 참고)") == ""
    assert uncovered_korean("  확인함: greeting(greeting='안녕하세요') = '안녕하세요, Kubeflow!'") == ""
    assert uncovered_korean("✓ 02-add의 연습 1: 정답이 아닐 수도 있습니다.") != ""
    assert uncovered_korean("'calculation' Pipeline을 로컬에서 실행합니다 (출력 위치: kfp_runs)") == ""


# --- both languages store the same messages ---------------------------------------------------


def _letters(line: str, lang: str) -> int:
    fixed = "".join(
        literal for literal, *_ in _FORMATTER.parse(line.replace("{{", "(").replace("}}", ")"))
    )
    return len(re.findall("[가-힣]" if lang == "ko" else "[A-Za-z]", fixed))


@cache
def message_patterns() -> dict[str, dict[str, tuple[str, re.Pattern[str]]]]:
    """key -> {lang: pattern of its most distinctive line}, for every message with enough
    fixed text in both languages to be recognised in an output (10 letters, 3 syllables)."""
    korean_templates()  # imports every module, so every message is registered
    found = {}
    for key, entry in MESSAGES.items():
        best = {
            lang: max(entry[lang].split("\n"), key=lambda line, lang=lang: _letters(line, lang))
            for lang in ("en", "ko")
        }
        if _letters(best["en"], "en") >= 10 and _letters(best["ko"], "ko") >= 3:
            found[key] = {lang: _needed_and_pattern(best[lang]) for lang in ("en", "ko")}
    return found


def messages_by_cell(path: Path, lang: str) -> dict[int, set[str]]:
    """cell index -> the keys of the messages its stored output shows."""
    found: dict[int, set[str]] = {}
    for cell, line in stored_text_outputs(path):
        for key, patterns in message_patterns().items():
            needed, pattern = patterns[lang]
            if needed in line and pattern.search(line):
                found.setdefault(cell, set()).add(key)
    return found


def message_differences(en: dict[int, set[str]], ko: dict[int, set[str]]) -> list[str]:
    return [
        f"cell {cell}: only in en {sorted(en.get(cell, set()) - ko.get(cell, set()))}, "
        f"only in ko {sorted(ko.get(cell, set()) - en.get(cell, set()))}"
        for cell in sorted(set(en) | set(ko))
        if en.get(cell, set()) != ko.get(cell, set())
    ]


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=lambda p: p.stem)
def test_both_languages_store_the_same_messages(path: Path) -> None:
    en_path = NOTEBOOKS / "en" / path.name
    differences = message_differences(messages_by_cell(en_path, "en"), messages_by_cell(path, "ko"))
    lesson = path.stem.split("-", 1)[0]
    assert not differences, (
        f"notebooks/en and notebooks/ko {path.name} store different messages: one of them holds "
        f"output of an older message. Re-execute both: python -m tools.notebooks execute {lesson} "
        "--in-place\n" + "\n".join(differences)
    )


def test_a_message_missing_in_one_language_is_caught() -> None:
    en = {"cell": "Running pipeline 'x' locally (outputs in kfp_runs)"}
    ko = {"cell": "'x' Pipeline을 로컬에서 실행합니다 (출력 위치: kfp_runs)"}
    run_start = {lang: pattern for lang, (_, pattern) in message_patterns()["run_start"].items()}
    assert run_start["en"].search(en["cell"]) and run_start["ko"].search(ko["cell"])
    assert message_differences({4: {"run_start"}}, {4: {"run_start"}}) == []
    assert message_differences({4: set()}, {4: {"run_start"}}) == [
        "cell 4: only in en [], only in ko ['run_start']"
    ]
    old_english = "Pipeline 'x' runs locally; outputs go to kfp_runs"
    assert not run_start["en"].search(old_english)


# --- check cells are compared by the notebook test -------------------------------------------


def check_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        "".join(cell["source"])
        for cell in cells
        if cell["cell_type"] == "code" and CHECK_CALL.search("".join(cell["source"]))
    ]


SOLUTION_NOTEBOOKS = sorted((NOTEBOOKS / "en").glob("*.ipynb")) + KO_NOTEBOOKS


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_cells_are_compared(path: Path) -> None:
    """A check cell's feedback is deterministic: the notebook test compares it with the
    stored output (nbval's marker), so stale feedback ("tasks 1×write-numbers") fails."""
    unmarked = [source for source in check_cells(path) if not source.startswith(CHECK_MARK)]
    assert not unmarked, f"start these check cells with {CHECK_MARK!r}: {unmarked}"
