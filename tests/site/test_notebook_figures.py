"""Lesson pages show the figures their notebooks made (the ``notebook-figure`` fence)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from tools.mkdocs.notebook_figures import FigureError, find_image

REPO = Path(__file__).resolve().parents[2]


def _fences() -> list[tuple[str, str, str]]:
    """(page, lesson, cell text) of every notebook-figure fence on every page."""
    found = []
    for page in sorted((REPO / "lessons").glob("*/*.md")):
        for body in re.findall(
            r"```notebook-figure\n(.*?)\n```", page.read_text(encoding="utf-8"), re.S
        ):
            lesson, _, cell = body.strip().partition(":")
            found.append((str(page.relative_to(REPO)), lesson.strip(), cell.strip()))
    return found


def test_lesson_06_shows_its_figure_in_both_languages() -> None:
    pages = {page for page, _, _ in _fences()}
    assert {"lessons/en/06-visualizations.md", "lessons/ko/06-visualizations.md"} <= pages


@pytest.mark.parametrize(("page", "lesson", "cell"), _fences())
def test_every_figure_is_a_real_image_of_the_notebook(page: str, lesson: str, cell: str) -> None:
    lang = page.split("/")[1]
    uri = find_image(lesson, cell, lang)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_reference_without_an_image_is_an_error() -> None:
    with pytest.raises(FigureError, match="no code cell"):
        find_image("06-visualizations", "no such code anywhere", "en")
    with pytest.raises(FigureError, match="no image"):
        find_image("06-visualizations", "import", "en")
    with pytest.raises(FigureError, match="no notebook"):
        find_image("99-nothing", "x", "en")


def test_the_search_readings_are_the_glossarys() -> None:
    """Korean search finds a page by the reading of a term it keeps in English."""
    from korean_style import readings
    from tools.mkdocs.page_html import READINGS, with_readings

    glossary = readings()
    assert {term: glossary[term] for term in READINGS} == READINGS
    assert with_readings("Pipeline을 만듭니다") == "Pipeline을 만듭니다 파이프라인"
    assert with_readings("파이프라인(Pipeline)") == "파이프라인(Pipeline)"
