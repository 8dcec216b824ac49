"""Check that the English and Korean pages and notebooks say the same thing.

Both languages must have the same pages and notebooks; each page pair the same heading
ids, snippet includes and ``kfp-dag`` graphs in the same order; each notebook pair
identical code cells. ``tests/test_parity.py`` runs these checks, and
``python -m tools.parity`` prints what is missing or out of step, like a
translation status report. Used in: every lesson's pages and notebooks.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial.registry import LESSONS
from tools.mkdocs.labels import LANGS

REPO = Path(__file__).resolve().parents[1]
PAGES_DIR = REPO / "lessons"
NOTEBOOKS_DIR = REPO / "notebooks"

FENCE_OPEN_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
HEADING_RE = re.compile(r"^ {0,3}(?P<level>#{1,6})\s+(?P<text>.*?)\s*$")
HEADING_ID_RE = re.compile(r"\{[^}]*#(?P<id>[A-Za-z0-9_-]+)[^}]*\}\s*$")
SNIPPET_RE = re.compile(r'(?<!;)--8<--\s+"(?P<target>[^"]+)"')
SECTION_MARK = "# --8<-- [{kind}:{name}]"


@dataclass(frozen=True)
class Heading:
    """A Markdown heading: its line number, level, text and fixed id (None if it has none)."""

    line: int
    level: int
    text: str
    id: str | None


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its info word (``python``, ``kfp-dag``) and body, dedented
    by the fence's own indent (a fence inside an admonition is indented)."""

    line: int
    lang: str
    body: str


@dataclass(frozen=True)
class PageStructure:
    """What must match between the two languages of a page."""

    headings: list[Heading]
    snippets: list[str]
    dag_refs: list[str]
    fences: list[Fence]

    def code(self, lang: str) -> list[str]:
        """The bodies of the fences of one language (``python``, ``bash``, ...)."""
        return [fence.body for fence in self.fences if fence.lang == lang]


def parse_page(markdown: str) -> PageStructure:
    """Find the headings, fences, ``--8<--`` includes and ``kfp-dag`` references of a page.

    The one Markdown reader for the parity check and the lesson tests. Lines inside
    fenced code blocks are not headings (a ``# comment`` in Python is not); snippet
    includes are found inside fences too, since that is where they live.
    """
    headings: list[Heading] = []
    snippets: list[str] = []
    dag_refs: list[str] = []
    fences: list[Fence] = []
    fence: str | None = None
    fence_info = ""
    fence_indent = 0
    fence_line = 0
    fence_body: list[str] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        snippets.extend(m.group("target") for m in SNIPPET_RE.finditer(line))
        if fence is None:
            opened = FENCE_OPEN_RE.match(line)
            if opened:
                fence, fence_info, fence_body = opened.group("fence"), opened.group("info").strip(), []
                fence_indent, fence_line = len(opened.group("indent")), number
                continue
            match = HEADING_RE.match(line)
            if match:
                id_match = HEADING_ID_RE.search(match.group("text"))
                text = HEADING_ID_RE.sub("", match.group("text")).strip()
                headings.append(
                    Heading(number, len(match.group("level")), text, id_match and id_match.group("id"))
                )
        elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            lang = fence_info.split(" ", 1)[0].lstrip("{.")
            body = "\n".join(_dedent(text, fence_indent) for text in fence_body)
            fences.append(Fence(fence_line, lang, body))
            if lang == "kfp-dag":
                dag_refs.append(body.strip())
            fence = None
        else:
            fence_body.append(line)
    return PageStructure(headings, snippets, dag_refs, fences)


def _dedent(line: str, indent: int) -> str:
    """``line`` without up to ``indent`` leading spaces (a fence's own indent)."""
    return line[min(indent, len(line) - len(line.lstrip(" "))) :]


def language_neutral(target: str, lang: str) -> str:
    """An include with the parity rules' one allowed difference removed: a generated data
    file a page includes in its own language (``data/x.ko.md``, ``data/x.ko.txt`` on a Korean
    page) counts as the English page's ``data/x.md`` (``data/x.txt``)."""
    return re.sub(rf"\.{lang}(\.\w+)$", r"\1", target)


def same_snippets(en: PageStructure, ko: PageStructure) -> bool:
    """Both pages include the same sections in the same order (see language_neutral)."""
    return en.snippets == [language_neutral(target, "ko") for target in ko.snippets]


def split_snippet(target: str) -> tuple[str, str | None]:
    """``path/to/file.py:section`` -> (path, section); a bare path has no section."""
    path, sep, section = target.rpartition(":")
    if not sep or not path or section.replace("-", "").isdigit():
        return target, None
    return path, section


def snippet_problems(target: str, repo: Path = REPO) -> list[str]:
    """What is wrong with one ``--8<--`` target: a missing file or a missing section."""
    path, section = split_snippet(target)
    file = repo / path
    if not file.is_file():
        return [f"{target!r}: file {path} does not exist"]
    if section is None:
        return []
    text = file.read_text(encoding="utf-8")
    problems = []
    for kind in ("start", "end"):
        mark = SECTION_MARK.format(kind=kind, name=section)
        if mark not in text:
            problems.append(f"{target!r}: {path} has no line {mark!r}")
    return problems


def snippet_section(target: str, repo: Path = REPO) -> str:
    """The text that ``--8<-- "target"`` includes (the lines between the section marks)."""
    path, section = split_snippet(target)
    text = (repo / path).read_text(encoding="utf-8")
    if section is None:
        return text
    start = text.index(SECTION_MARK.format(kind="start", name=section))
    start = text.index("\n", start) + 1
    end = text.index(SECTION_MARK.format(kind="end", name=section))
    return text[start:end]


def pages(lang: str, pages_dir: Path = PAGES_DIR) -> set[str]:
    """The ``.md`` pages of one language, relative to ``lessons/<lang>``."""
    base = pages_dir / lang
    return {p.relative_to(base).as_posix() for p in base.rglob("*.md")} if base.is_dir() else set()


def notebooks(lang: str, notebooks_dir: Path = NOTEBOOKS_DIR) -> set[str]:
    """The notebook file names of one language (``02-add.ipynb``)."""
    base = notebooks_dir / lang
    return {p.name for p in base.glob("*.ipynb")} if base.is_dir() else set()


def load_cells(path: Path) -> list[dict[str, Any]]:
    """The cells of a notebook."""
    return list(json.loads(path.read_text(encoding="utf-8"))["cells"])


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_pair_problems(en_path: Path, ko_path: Path) -> list[str]:
    """Differences between two notebooks that must only differ in their markdown text."""
    en_cells, ko_cells = load_cells(en_path), load_cells(ko_path)
    problems = []
    en_types = [c["cell_type"] for c in en_cells]
    ko_types = [c["cell_type"] for c in ko_cells]
    if en_types != ko_types:
        problems.append(f"cell types differ:\n  en: {en_types}\n  ko: {ko_types}")
    en_code = [c for c in en_cells if c["cell_type"] == "code"]
    ko_code = [c for c in ko_cells if c["cell_type"] == "code"]
    for index, (en, ko) in enumerate(zip(en_code, ko_code, strict=False)):
        if _source(en) != _source(ko):
            problems.append(f"code cell {index} differs:\n--- en\n{_source(en)}\n--- ko\n{_source(ko)}")
        en_tags = en.get("metadata", {}).get("tags", [])
        ko_tags = ko.get("metadata", {}).get("tags", [])
        if en_tags != ko_tags:
            problems.append(f"code cell {index} tags differ: en {en_tags}, ko {ko_tags}")
    if len(en_code) != len(ko_code):
        problems.append(f"en has {len(en_code)} code cells, ko has {len(ko_code)}")
    return problems


def missing_lesson_files(repo: Path = REPO) -> dict[str, list[str]]:
    """For each registered lesson, the pages and notebooks it does not have yet."""
    missing: dict[str, list[str]] = {}
    for lesson in LESSONS:
        paths = [f"lessons/{lang}/{lesson.name}.md" for lang in LANGS]
        paths += [f"notebooks/{lang}/{lesson.name}.ipynb" for lang in LANGS]
        absent = [p for p in paths if not (repo / p).is_file()]
        if absent:
            missing[lesson.name] = absent
    return missing


def report(repo: Path = REPO) -> list[str]:
    """Every parity problem in the repository, one readable line (or block) each."""
    lines: list[str] = []
    for name, absent in missing_lesson_files(repo).items():
        lines.append(f"lesson {name}: missing {', '.join(absent)}")
    en_pages, ko_pages = pages("en", repo / "lessons"), pages("ko", repo / "lessons")
    for page in sorted(en_pages ^ ko_pages):
        have = "en" if page in en_pages else "ko"
        lines.append(f"lessons/{have}/{page} has no {'ko' if have == 'en' else 'en'} version")
    for page in sorted(en_pages & ko_pages):
        en = parse_page((repo / "lessons/en" / page).read_text(encoding="utf-8"))
        ko = parse_page((repo / "lessons/ko" / page).read_text(encoding="utf-8"))
        if [h.id for h in en.headings] != [h.id for h in ko.headings]:
            lines.append(f"{page}: heading ids differ between en and ko")
        if not same_snippets(en, ko):
            lines.append(f"{page}: snippet includes differ between en and ko")
        if en.dag_refs != ko.dag_refs:
            lines.append(f"{page}: kfp-dag references differ between en and ko")
    en_nbs, ko_nbs = notebooks("en", repo / "notebooks"), notebooks("ko", repo / "notebooks")
    for name in sorted(en_nbs ^ ko_nbs):
        lines.append(f"notebook {name} exists only in {'en' if name in en_nbs else 'ko'}")
    for name in sorted(en_nbs & ko_nbs):
        for problem in notebook_pair_problems(
            repo / "notebooks/en" / name, repo / "notebooks/ko" / name
        ):
            lines.append(f"notebook {name}: {problem.splitlines()[0]}")
    return lines


def main() -> int:
    """Print the translation status; exit 1 if anything is missing or out of step."""
    problems = report()
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)" if problems else "en and ko are in step")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
