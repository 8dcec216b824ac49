"""English and Korean say the same thing: same pages, headings, snippets, graphs, notebooks.

Each check is parametrized by page, notebook or lesson, so a failure names exactly
what is missing or out of step. ``python -m tools.parity`` prints the
same findings as a translation status report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kfp_tutorial.registry import LESSONS
from tools import parity
from tools.mkdocs.labels import LANGS

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted(parity.pages("en") | parity.pages("ko"))
NOTEBOOKS = sorted(parity.notebooks("en") | parity.notebooks("ko"))
PAGE_FILES = [(lang, page) for lang in LANGS for page in sorted(parity.pages(lang))]


def read_page(lang: str, page: str) -> parity.PageStructure:
    path = REPO / "lessons" / lang / page
    if not path.is_file():
        pytest.fail(f"lessons/{lang}/{page} is missing (the other language has it)")
    return parity.parse_page(path.read_text(encoding="utf-8"))


def test_same_pages_in_both_languages() -> None:
    en, ko = parity.pages("en"), parity.pages("ko")
    assert en, "lessons/en has no pages"
    assert en == ko, f"only in lessons/en: {sorted(en - ko)}; only in lessons/ko: {sorted(ko - en)}"


@pytest.mark.parametrize(("lang", "page"), PAGE_FILES, ids=[f"{lang}/{p}" for lang, p in PAGE_FILES])
def test_every_heading_has_a_fixed_id(lang: str, page: str) -> None:
    structure = read_page(lang, page)
    assert structure.headings, f"lessons/{lang}/{page} has no heading"
    without = [f"line {h.line}: {'#' * h.level} {h.text}" for h in structure.headings if not h.id]
    assert not without, f"lessons/{lang}/{page}: headings without {{#id}}:\n" + "\n".join(without)


@pytest.mark.parametrize("page", PAGES)
def test_same_heading_ids(page: str) -> None:
    en, ko = read_page("en", page), read_page("ko", page)
    en_ids = [h.id for h in en.headings]
    ko_ids = [h.id for h in ko.headings]
    assert en_ids == ko_ids, f"{page}: heading ids differ\n  en: {en_ids}\n  ko: {ko_ids}"


@pytest.mark.parametrize("page", PAGES)
def test_same_snippets_in_same_order(page: str) -> None:
    en, ko = read_page("en", page), read_page("ko", page)
    assert parity.same_snippets(en, ko), (
        f"{page}: --8<-- includes differ\n  en: {en.snippets}\n  ko: {ko.snippets}"
    )


def test_only_a_pages_own_language_data_file_may_differ() -> None:
    en = parity.parse_page('--8<-- "lessons/data/benchmark-figures.md"')
    assert parity.same_snippets(en, parity.parse_page('--8<-- "lessons/data/benchmark-figures.ko.md"'))
    assert not parity.same_snippets(en, parity.parse_page('--8<-- "lessons/data/other.ko.md"'))
    en_code = parity.parse_page('--8<-- "kfp_tutorial/lessons/lesson02_add.py:add_component"')
    assert not parity.same_snippets(en_code, parity.parse_page('--8<-- "lessons/data/x.ko.md"'))
    assert parity.language_neutral("lessons/data/x.en.md", "ko") == "lessons/data/x.en.md"


@pytest.mark.parametrize("page", PAGES)
def test_same_dag_references_in_same_order(page: str) -> None:
    en, ko = read_page("en", page), read_page("ko", page)
    assert en.dag_refs == ko.dag_refs, (
        f"{page}: kfp-dag references differ\n  en: {en.dag_refs}\n  ko: {ko.dag_refs}"
    )


@pytest.mark.parametrize(("lang", "page"), PAGE_FILES, ids=[f"{lang}/{p}" for lang, p in PAGE_FILES])
def test_snippet_targets_exist(lang: str, page: str) -> None:
    structure = read_page(lang, page)
    problems = [p for target in structure.snippets for p in parity.snippet_problems(target, REPO)]
    assert not problems, f"lessons/{lang}/{page}:\n" + "\n".join(problems)


def test_same_notebooks_in_both_languages() -> None:
    en, ko = parity.notebooks("en"), parity.notebooks("ko")
    assert en == ko, f"only in notebooks/en: {sorted(en - ko)}; only in notebooks/ko: {sorted(ko - en)}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_pair_has_identical_code_cells(name: str) -> None:
    en, ko = REPO / "notebooks/en" / name, REPO / "notebooks/ko" / name
    missing = [str(p.relative_to(REPO)) for p in (en, ko) if not p.is_file()]
    assert not missing, f"missing: {missing}"
    problems = parity.notebook_pair_problems(en, ko)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_every_lesson_has_pages_and_notebooks_in_both_languages(lesson) -> None:
    missing = parity.missing_lesson_files(REPO).get(lesson.name, [])
    assert not missing, f"lesson {lesson.name} is missing: {', '.join(missing)}"


# The checks above are only as good as the parser; these pin down what it finds.


def test_parser_finds_headings_ids_snippets_and_dag_refs() -> None:
    markdown = "\n".join(
        [
            "# Title {#title}",
            "## No id here",
            "```python",
            "# a comment, not a heading",
            '--8<-- "kfp_tutorial/lessons/lesson02_add.py:add_component"',
            "```",
            "",
            "```kfp-dag",
            "kfp_tutorial.lessons.lesson02_add:calculation_pipeline",
            "```",
            "### Deeper { #deeper .class }",
            ';--8<-- "escaped.py"',
        ]
    )
    structure = parity.parse_page(markdown)
    assert [(h.level, h.text, h.id) for h in structure.headings] == [
        (1, "Title", "title"),
        (2, "No id here", None),
        (3, "Deeper", "deeper"),
    ]
    assert structure.snippets == ["kfp_tutorial/lessons/lesson02_add.py:add_component"]
    assert structure.dag_refs == ["kfp_tutorial.lessons.lesson02_add:calculation_pipeline"]


def test_snippet_problems_name_missing_file_and_section() -> None:
    module = "kfp_tutorial/lessons/lesson02_add.py"
    assert parity.snippet_problems(f"{module}:add_component", REPO) == []
    missing_section = parity.snippet_problems(f"{module}:no_such_section", REPO)
    assert len(missing_section) == 2 and all("no_such_section" in p for p in missing_section)
    missing_file = parity.snippet_problems("kfp_tutorial/lessons/nope.py:x", REPO)
    assert missing_file and "nope.py does not exist" in missing_file[0]
    section = parity.snippet_section(f"{module}:add_component", REPO)
    assert "def add(" in section and "--8<--" not in section


def test_notebook_pair_problems_spot_a_changed_code_cell(tmp_path: Path) -> None:
    import json

    def write(path: Path, code: str, text: str) -> Path:
        cells = [
            {"cell_type": "markdown", "metadata": {}, "source": text},
            {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": code, "outputs": []},
        ]
        path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
        return path

    en = write(tmp_path / "en.ipynb", 'output_dir = "kfp_runs"', "# Title")
    ko_same = write(tmp_path / "ko.ipynb", 'output_dir = "kfp_runs"', "# 제목")
    assert parity.notebook_pair_problems(en, ko_same) == []
    ko_changed = write(tmp_path / "ko2.ipynb", 'output_dir = "runs"', "# 제목")
    problems = parity.notebook_pair_problems(en, ko_changed)
    assert len(problems) == 1 and "code cell 0 differs" in problems[0]


def test_parse_page_reads_fences_with_their_indentation() -> None:
    """The one Markdown reader: fence bodies keep their own indentation, and a fence
    inside an admonition loses only the admonition's indent."""
    text = (
        "# A {#a}\n\n```python\ndef f():\n    return 1\n```\n\n"
        '??? success "S"\n\n    ```python\n    x = 1\n    if x:\n        y = 2\n    ```\n\n'
        "```kfp-dag\nkfp_tutorial.lessons.lesson02_add:calculation_pipeline\n```\n"
    )
    page = parity.parse_page(text)
    assert page.code("python") == ["def f():\n    return 1", "x = 1\nif x:\n    y = 2"]
    assert page.dag_refs == ["kfp_tutorial.lessons.lesson02_add:calculation_pipeline"]
    assert [h.id for h in page.headings] == ["a"]
