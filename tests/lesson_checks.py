"""Checks shared by the lesson tests: read a lesson's pages and hold them to CONTRIBUTING.md.

The prose of a page quotes results ("the result is 26"); the lesson tests compute those
results from real runs and use :func:`assert_in_pages` to check that both languages
quote them. :func:`check_page_structure` checks the conventions every lesson page shares.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

from kfp_tutorial.registry import find_lesson
from kfp_tutorial.versions import LANGS
from tools.parity import parse_page, split_snippet

REPO = Path(__file__).resolve().parent.parent
SECTION_RE = re.compile(r"# --8<-- \[start:(\w+)\]")


def page(lang: str, name: str) -> str:
    """The text of ``lessons/<lang>/<name>.md``."""
    return (REPO / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8")


def pages(name: str) -> dict[str, str]:
    """Both languages' pages of a lesson."""
    return {lang: page(lang, name) for lang in LANGS}


def assert_in_pages(name: str, *texts: str) -> None:
    """Every text (computed by the test from a real run) is quoted in both languages."""
    for lang, text in pages(name).items():
        for expected in texts:
            assert expected in text, f"lessons/{lang}/{name}.md should say {expected!r}"


def fences(text: str, lang: str) -> list[str]:
    """The bodies of the ```lang fences of a page (dedented, admonitions included)."""
    return parse_page(text).code(lang)


def page_python(name: str, lang: str = "en") -> list[str]:
    """The Python code typed on a page (fences that are not snippet includes)."""
    return [code for code in fences(page(lang, name), "python") if "--8<--" not in code]


def run_page_code(code: str) -> tuple[dict[str, Any], str]:
    """Execute a page's code block; return its variables and what it printed."""
    namespace: dict[str, Any] = {"__name__": "__page__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<page>", "exec"), namespace)  # noqa: S102 - the page's own code
    return namespace, out.getvalue()


def module_sections(module_name: str) -> set[str]:
    """The ``--8<--`` sections a lesson module defines."""
    path = REPO / "kfp_tutorial" / "lessons" / f"{module_name}.py"
    return set(SECTION_RE.findall(path.read_text(encoding="utf-8")))


def check_page_structure(name: str) -> None:
    """What CONTRIBUTING.md asks of every lesson page, in both languages."""
    lesson = find_lesson(name)
    texts = pages(name)
    parsed = {lang: parse_page(text) for lang, text in texts.items()}
    ids = {lang: [h.id for h in page.headings if h.id] for lang, page in parsed.items()}
    assert ids["en"] == ids["ko"], "heading ids differ between en and ko"
    h2 = [h.id for h in parsed["en"].headings if h.level == 2]
    assert h2[:3] == ["learn", "prerequisites", "time"], h2
    assert h2[-1] == "exercises", h2
    snippets = {lang: page.snippets for lang, page in parsed.items()}
    assert snippets["en"] == snippets["ko"], "the pages include different snippets"
    for target in snippets["en"]:
        path, section = split_snippet(target)
        assert (REPO / path).is_file(), path
        if path.startswith("kfp_tutorial/lessons/") and section is not None:
            assert section in module_sections(Path(path).stem), f"{path} has no section {section}"
    dags = {lang: fences(text, "kfp-dag") for lang, text in texts.items()}
    assert dags["en"] == dags["ko"]
    drawn = {ref.strip().split(":", 1)[1] for ref in dags["en"]}
    for example in lesson.examples:
        assert example.func_name in drawn, f"no kfp-dag fence for {example.func_name}"
    for lang, text in texts.items():
        assert f"(notebooks/{name}.md)" in text, f"{lang} page does not link its notebook"
        exercises = text.split("{#exercises}", 1)[1]
        solution = '??? success "Solution"' if lang == "en" else '??? success "풀이"'
        assert solution in exercises, f"{lang}: exercises need {solution} blocks"
    assert page_python(name, "en") == page_python(name, "ko"), "typed code differs between en and ko"
