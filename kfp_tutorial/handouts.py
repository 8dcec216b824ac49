"""``kfp-tutorial export``: the notebooks as HTML handouts, one folder per language.

Each ``notebooks/<lang>/NN-slug.ipynb`` becomes ``handouts/<lang>/NN-slug.html`` (with
its stored outputs: the results of a real run), and ``handouts/<lang>/index.html`` links
them in lesson order. ``--exercises`` exports the exercise notebooks instead (solutions
emptied), for printing worksheets.

Used in: the instructor guide (handouts for a workshop).
"""

from __future__ import annotations

import argparse
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.output_files import HANDOUT, check_output_file, option_path, write_output
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.versions import LANGS

# nbconvert's page loads require.js and MathJax from a CDN in <head>; the notebooks use
# neither, and on a slow venue network those requests hold up the page. Drop them.
_CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\n?')

i18n.register_messages(
    {
        "export_needs_nbconvert": {
            "en": "Exporting handouts needs nbconvert, which is not installed. Install it with: "
            'pip install "nbconvert==7.17.2"  (or pip install -e ".[docs]").',
            "ko": "핸드아웃을 내보내려면 nbconvert가 필요한데 설치되어 있지 않습니다. 설치하세요: "
            'pip install "nbconvert==7.17.2"  (또는 pip install -e ".[docs]").',
        },
        "export_no_notebooks": {
            "en": "No notebooks found in {path}. Run this from the repository root or pass "
            "--notebooks DIR (the folder that holds en/ and ko/).",
            "ko": "{path}에서 노트북을 찾지 못했습니다. 저장소 최상위 폴더에서 실행하거나 "
            "--notebooks DIR 옵션으로 en/과 ko/가 있는 폴더를 지정하세요.",
        },
        "export_failed": {
            "en": "Could not export {path}: {error}",
            "ko": "{path}(을) 내보내지 못했습니다: {error}",
        },
        "export_done": {
            "en": "Exported {count} {lang} notebooks: {index}",
            "ko": "{lang} 노트북 {count}개를 내보냈습니다: {index}",
        },
        "export_index_title": {
            "en": "Kubeflow Pipelines v2 course: handouts",
            "ko": "Kubeflow Pipelines v2 과정: 핸드아웃",
        },
        "export_index_exercises": {
            "en": "Kubeflow Pipelines v2 course: exercises",
            "ko": "Kubeflow Pipelines v2 과정: 연습 문제",
        },
        "export_other_lang": {"en": "한국어", "ko": "English"},
    }
)


@dataclass(frozen=True)
class Handout:
    """One exported notebook: its lesson name, title and HTML file name."""

    name: str
    title: str
    file_name: str


def _html_exporter() -> Any:
    try:
        from nbconvert import HTMLExporter
    except ImportError as exc:
        raise TutorialError("export_needs_nbconvert") from exc
    return HTMLExporter()


def _title(name: str, lang: str) -> str:
    for lesson in LESSONS:
        if lesson.name == name:
            return f"{lesson.number:02d}. {lesson.title(lang)}"
    return name


def export_notebook(
    exporter: Any, notebook: Path, output: Path, title: str, force: bool = False
) -> Path:
    """Convert one notebook to a standalone HTML page at ``output`` (through the write
    policy: an existing file is replaced only when it is an unchanged handout)."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
        nb.metadata["title"] = title  # the <title> of the page
        body, _resources = exporter.from_notebook_node(nb)
    except TutorialError:
        raise
    except Exception as exc:
        raise TutorialError("export_failed", path=notebook, error=exc) from exc
    return write_output(output, _CDN_SCRIPT.sub("", body), HANDOUT, force=force, force_hint="--force")


def index_html(lang: str, handouts: list[Handout], exercises: bool, other_lang: bool) -> str:
    """The language's index page: a list of links to the exported notebooks."""
    title = t("export_index_exercises" if exercises else "export_index_title")
    items = "\n".join(
        f'    <li><a href="{html.escape(h.file_name)}">{html.escape(h.title)}</a></li>' for h in handouts
    )
    other = "ko" if lang == "en" else "en"
    switch = (
        f'  <p><a href="../{other}/index.html" hreflang="{other}">{t("export_other_lang")}</a></p>\n'
        if other_lang
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{html.escape(title)}</title>\n"
        "  <style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto}"
        "li{margin:.4rem 0}</style>\n"
        f"</head>\n<body>\n  <h1>{html.escape(title)}</h1>\n{switch}  <ol>\n{items}\n  </ol>\n"
        "</body>\n</html>\n"
    )


def export(
    notebooks_dir: Path,
    output_dir: Path,
    langs: tuple[str, ...],
    exercises: bool = False,
    force: bool = False,
) -> dict[str, list[Handout]]:
    """Export every notebook of ``langs`` into ``output_dir/<lang>/`` with an index page.

    Every target is checked against the write policy before the first notebook is
    converted: a refused file (a learner's own ``index.html``) leaves nothing half done."""
    exporter = _html_exporter()
    source_root = notebooks_dir / "exercises" if exercises else notebooks_dir
    found = {lang: sorted((source_root / lang).glob("*.ipynb")) for lang in langs}
    if not any(found.values()):
        raise TutorialError("export_no_notebooks", path=source_root)
    for lang in langs:
        for target in [output_dir / lang / f"{nb.stem}.html" for nb in found[lang]] + [
            output_dir / lang / "index.html"
        ]:
            check_output_file(target, HANDOUT, force=force, example="handouts/")
    previous = i18n.get_lang()
    result: dict[str, list[Handout]] = {}
    try:
        for lang in langs:
            i18n.set_lang(lang)  # the index page in the handouts' own language
            handouts = []
            for notebook in found[lang]:
                title = _title(notebook.stem, lang)
                file_name = f"{notebook.stem}.html"
                export_notebook(exporter, notebook, output_dir / lang / file_name, title, force)
                handouts.append(Handout(notebook.stem, title, file_name))
            index = index_html(lang, handouts, exercises, other_lang=len(langs) > 1)
            write_output(output_dir / lang / "index.html", index, HANDOUT, force=force)
            result[lang] = handouts
    finally:
        i18n.set_lang(previous)
    return result


def _default_notebooks_dir() -> Path:
    """``./notebooks``: run from a clone of the course (the notebooks are not in the package)."""
    return Path("notebooks")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kfp-tutorial export``.

    ``--notebooks-lang`` picks the notebooks; ``--lang`` is, as everywhere, the language of
    messages (it chose the notebooks before the command table; renamed so it means one thing).
    """
    parser.add_argument(
        "--notebooks-lang",
        dest="export_lang",
        choices=(*LANGS, "all"),
        default="all",
        help=t("help_notebooks_lang"),
    )
    parser.add_argument(
        "-o", "--output", default="handouts", metavar="DIR", help=t("help_export_output")
    )
    parser.add_argument("--notebooks", default=None, metavar="DIR", help=t("help_notebooks"))
    parser.add_argument("--exercises", action="store_true", help=t("help_exercises"))
    parser.add_argument("--force", action="store_true", help=t("help_force"))


def run(args: argparse.Namespace) -> int:
    """Run ``kfp-tutorial export``."""
    from kfp_tutorial.output_files import output_dir as checked_output_dir

    langs = LANGS if args.export_lang == "all" else (args.export_lang,)
    notebooks_dir = (
        option_path(args.notebooks, "--notebooks", "notebooks/")
        if args.notebooks is not None
        else _default_notebooks_dir()
    )
    output_dir = checked_output_dir(args.output, "-o")
    result = export(notebooks_dir, output_dir, langs, exercises=args.exercises, force=args.force)
    for lang, handouts in result.items():
        print(t("export_done", count=len(handouts), lang=lang, index=output_dir / lang / "index.html"))
    return 0
