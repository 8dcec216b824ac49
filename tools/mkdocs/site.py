"""What the docs site contains, worked out from the files and the lesson registry.

The navigation, the home page's lesson table and the notebooks index are built here
from ``kfp_tutorial.registry.LESSONS`` and the pages and notebooks that exist, so
adding a lesson (its files plus one registry line) needs no edit to ``mkdocs.yml``.
Used in: every lesson's pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial.registry import LESSONS, Lesson
from tools.mkdocs.labels import LANGS, label

NOTEBOOKS_SECTION = "notebooks"
# notebooks/exercises/<lang>/NN-slug.ipynb: the notebook with its solutions emptied.
EXERCISES_FOLDER = "exercises"
# Pages that are not lessons, in the order they appear under "Reference"; any other
# page found in both languages is listed after them, sorted by file name.
REFERENCE_PAGES = ("glossary.md", "migration.md", "instructor-guide.md", "performance.md")
LESSON_PAGE_RE = re.compile(r"^\d\d-[a-z0-9-]+\.md$")
LESSON_TABLE_MARKER = "<!-- kfp-tutorial:lessons -->"

# Section titles in mkdocs.yml's nav; the i18n plugin's nav_translations turn them Korean.
SECTION_HOME = "Home"
SECTION_LESSONS = "Lessons"
SECTION_NOTEBOOKS = "Notebooks"
SECTION_REFERENCE = "Reference"


@dataclass(frozen=True)
class SiteLayout:
    """Where the pages (``docs_dir``) and the notebooks are."""

    docs_dir: Path
    notebooks_dir: Path

    @classmethod
    def from_config_file(cls, config_file: str | Path, docs_dir: str | Path) -> SiteLayout:
        """The layout of a repository whose ``mkdocs.yml`` is ``config_file``."""
        root = Path(config_file).resolve().parent
        return cls(docs_dir=Path(docs_dir).resolve(), notebooks_dir=root / "notebooks")

    def pages(self, lang: str) -> set[str]:
        """The Markdown pages of one language, as paths relative to ``docs_dir/<lang>``."""
        base = self.docs_dir / lang
        if not base.is_dir():
            return set()
        return {p.relative_to(base).as_posix() for p in base.rglob("*.md")}

    def notebooks(self, lang: str) -> dict[str, Path]:
        """The notebooks of one language, by name (``02-add``)."""
        base = self.notebooks_dir / lang
        if not base.is_dir():
            return {}
        return {p.stem: p for p in sorted(base.glob("*.ipynb"))}

    def exercise_notebook(self, name: str, lang: str) -> Path | None:
        """The exercise version of a notebook (solutions emptied), if there is one."""
        path = self.notebooks_dir / EXERCISES_FOLDER / lang / f"{name}.ipynb"
        return path if path.is_file() else None

    def common_pages(self) -> set[str]:
        """Pages that exist in every language (only those go into the navigation)."""
        sets = [self.pages(lang) for lang in LANGS]
        return set.intersection(*sets) if sets else set()

    def common_notebooks(self) -> list[str]:
        """Notebook names that exist in every language, sorted."""
        names = [set(self.notebooks(lang)) for lang in LANGS]
        return sorted(set.intersection(*names)) if names else []

    def untranslated(self) -> list[str]:
        """Each page or notebook that is missing in some language, as a readable line."""
        problems = []
        for lang in LANGS:
            for other in LANGS:
                if other == lang:
                    continue
                for page in sorted(self.pages(other) - self.pages(lang)):
                    problems.append(
                        f"lessons/{other}/{page} has no {lang} version: add lessons/{lang}/{page}"
                    )
                for name in sorted(set(self.notebooks(other)) - set(self.notebooks(lang))):
                    problems.append(
                        f"notebooks/{other}/{name}.ipynb has no {lang} version: "
                        f"add notebooks/{lang}/{name}.ipynb"
                    )
        return problems


def build_nav(layout: SiteLayout) -> list[Any]:
    """The site navigation: home, lessons in registry order, notebooks, reference pages.

    Paths are relative to a language folder; the i18n plugin resolves them per language.
    A page is listed only if it exists in every language.
    """
    pages = layout.common_pages()
    placed: set[str] = set()
    nav: list[Any] = []
    if "index.md" in pages:
        nav.append({SECTION_HOME: "index.md"})
        placed.add("index.md")

    lessons = [f"{lesson.name}.md" for lesson in LESSONS if f"{lesson.name}.md" in pages]
    unregistered = sorted(p for p in pages if LESSON_PAGE_RE.match(p) and p not in lessons)
    lesson_pages = lessons + unregistered
    placed.update(lesson_pages)
    if lesson_pages:
        nav.append({SECTION_LESSONS: lesson_pages})

    notebooks = [f"{NOTEBOOKS_SECTION}/index.md"] + [
        f"{NOTEBOOKS_SECTION}/{name}.md" for name in layout.common_notebooks()
    ]
    nav.append({SECTION_NOTEBOOKS: notebooks})

    reference = [p for p in REFERENCE_PAGES if p in pages]
    placed.update(reference)
    rest = sorted(p for p in pages - placed if not p.startswith(f"{NOTEBOOKS_SECTION}/"))
    if reference or rest:
        nav.append({SECTION_REFERENCE: reference + rest})
    return nav


def lesson_table(layout: SiteLayout, lang: str, prefix: str = "") -> str:
    """A Markdown table of every lesson in the registry, linked to its page and notebook.

    ``prefix`` leads from the page holding the table to the language folder (``""``
    for a page at the top, ``"../"`` one level down). A lesson without a page yet is
    listed without a link.
    """
    pages = layout.pages(lang)
    notebooks = layout.notebooks(lang)
    header = [label(key, lang) for key in ("col_number", "col_lesson", "col_notebook")]
    rows = ["| " + " | ".join(header) + " |", "|---:|---|---|"]
    for lesson in LESSONS:
        rows.append(
            _lesson_row(lesson, lang, prefix, f"{lesson.name}.md" in pages, lesson.name in notebooks)
        )
    return "\n".join(rows)


def _lesson_row(lesson: Lesson, lang: str, prefix: str, has_page: bool, has_notebook: bool) -> str:
    title = lesson.title(lang)
    page = (
        f"[{title}]({prefix}{lesson.name}.md)"
        if has_page
        else f"{title} ({label('in_preparation', lang)})"
    )
    notebook = (
        f"[{lesson.name}.ipynb]({prefix}{NOTEBOOKS_SECTION}/{lesson.name}.md)" if has_notebook else "-"
    )
    return f"| {lesson.number:02d} | {page} | {notebook} |"


def notebook_table(layout: SiteLayout, lang: str) -> str:
    """A Markdown table of the notebooks of one language, for ``notebooks/index.md``.

    Lessons come in registry order; notebooks that belong to no registered lesson follow.
    """
    notebooks = layout.notebooks(lang)
    header = [label(key, lang) for key in ("col_number", "col_notebook", "col_download")]
    rows = ["| " + " | ".join(header) + " |", "|---:|---|---|"]
    registered = [lesson.name for lesson in LESSONS]
    names = [n for n in registered if n in notebooks] + sorted(
        n for n in notebooks if n not in registered
    )
    titles = {lesson.name: lesson.title(lang) for lesson in LESSONS}
    for name in names:
        number = name.split("-", 1)[0]
        title = titles.get(name, name)
        download = f"[{name}.ipynb]({download_link(name, lang, depth=2)})"
        rows.append(f"| {number} | [{title}]({name}.md) | {download} |")
    return "\n".join(rows)


def download_src_uri(name: str, lang: str, exercise: bool = False) -> str:
    """Where the raw notebook ``name`` of ``lang`` (or its exercise version) is copied on the site."""
    folder = f"{EXERCISES_FOLDER}/{lang}" if exercise else lang
    return f"{NOTEBOOKS_SECTION}/{folder}/{name}.ipynb"


def download_link(name: str, lang: str, depth: int) -> str:
    """A link to the raw notebook from a page ``depth`` folders below the docs root."""
    return "../" * depth + download_src_uri(name, lang)


def notebook_links(
    layout: SiteLayout,
    name: str,
    lang: str,
    depth: int,
    colab_url: str | None,
    lesson_page: bool = False,
) -> list[str]:
    """Markdown buttons for notebook ``name`` on a page ``depth`` folders below the docs
    root: download it, its exercise version, open it in Colab, and (from a notebook page)
    its lesson page. Used on the lesson pages and the notebook pages."""
    links = [
        f"[{label('download_notebook', lang)}]({download_link(name, lang, depth)})"
        f'{{ .md-button download="{name}.ipynb" }}'
    ]
    if layout.exercise_notebook(name, lang) is not None:
        exercise = "../" * depth + download_src_uri(name, lang, exercise=True)
        links.append(
            f"[{label('download_exercise', lang)}]({exercise})"
            f'{{ .md-button download="{name}-exercise.ipynb" }}'
        )
    if colab_url:
        links.append(f"[{label('open_in_colab', lang)}]({colab_url}){{ .md-button }}")
    if lesson_page and f"{name}.md" in layout.pages(lang):
        links.append(f"[{label('lesson_page', lang)}](../{name}.md){{ .md-button }}")
    return links


def after_title(markdown: str, block: str) -> str:
    """``markdown`` with ``block`` as a paragraph right after its ``# `` title line."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: index + 1], "", block, *lines[index + 1 :]])
    return f"{block}\n\n{markdown}"


def notebook_repo_path(name: str, lang: str) -> str:
    """Where notebook ``name`` of ``lang`` is in the repository (for Colab links)."""
    return f"notebooks/{lang}/{name}.ipynb"


def notebook_index_markdown(layout: SiteLayout, lang: str) -> str:
    """The generated ``<lang>/notebooks/index.md`` page."""
    return (
        f"# {label('notebooks_title', lang)}\n\n"
        f"{label('notebooks_intro', lang)}\n\n"
        f"{notebook_table(layout, lang)}\n"
    )
