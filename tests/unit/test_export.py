"""``kfp-tutorial export``: notebooks become HTML handouts with their cells and outputs."""

from __future__ import annotations

import html
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from kfp_tutorial import handouts as export
from kfp_tutorial import i18n
from kfp_tutorial.cli import main as cli_main
from kfp_tutorial.errors import TutorialError
from tools.mkdocs.notebook_pages import strip_ansi

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
# Two lessons: one with a plain run, one with a DAG and several outputs.
PICKED = ("01-hello-world", "02-add")


class _Text(HTMLParser):
    """The visible text of a page: what a reader sees, without tags or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Export the picked notebooks of both languages into a temporary folder."""
    source = tmp_path_factory.mktemp("nb")
    for lang in export.LANGS:
        (source / lang).mkdir()
        for name in PICKED:
            shutil.copy(NOTEBOOKS / lang / f"{name}.ipynb", source / lang)
    out = tmp_path_factory.mktemp("handouts")
    result = export.export(source, out, export.LANGS)
    assert {lang: [h.name for h in hs] for lang, hs in result.items()} == {
        lang: list(PICKED) for lang in export.LANGS
    }
    return out


@pytest.mark.parametrize("lang", export.LANGS)
@pytest.mark.parametrize("name", PICKED)
def test_handout_has_every_cell_and_output(exported: Path, lang: str, name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / lang / f"{name}.ipynb", as_version=4)
    page = (exported / lang / f"{name}.html").read_text(encoding="utf-8")
    text = visible_text(page)
    checked_outputs = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert squash(cell.source) in text, f"code cell missing: {cell.source[:60]!r}"
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                expected = squash(strip_ansi(output.text))
            elif "image/png" in output.get("data", {}):
                b64 = "".join(output.data["image/png"].split())
                assert b64[:200] in page
                checked_outputs += 1
                continue
            elif set(output.get("data", {})) == {"text/plain"}:
                expected = squash(strip_ansi(output.data["text/plain"]))
            else:
                continue
            if expected:
                assert expected in text, f"output missing: {expected[:80]!r}"
                checked_outputs += 1
    assert checked_outputs >= 1, f"{lang}/{name}: no output was checked; is the notebook run?"
    title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert html.escape(title, quote=False) in page or title in text
    assert "cdnjs.cloudflare.com/ajax/libs/require.js" not in page


@pytest.mark.parametrize("lang", export.LANGS)
def test_index_links_every_handout_in_order(exported: Path, lang: str) -> None:
    index = (exported / lang / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<li><a href="([^"]+)">', index)
    assert links == [f"{name}.html" for name in PICKED]
    assert all((exported / lang / link).is_file() for link in links)
    assert f'<html lang="{lang}">' in index
    other = "ko" if lang == "en" else "en"
    assert f'href="../{other}/index.html"' in index
    assert ("핸드아웃" in index) == (lang == "ko")


@pytest.mark.slow
def test_cli_exports_one_language(tmp_path: Path, capsys) -> None:
    source = tmp_path / "nb"
    (source / "ko").mkdir(parents=True)
    shutil.copy(NOTEBOOKS / "ko" / f"{PICKED[0]}.ipynb", source / "ko")
    previous = i18n.get_lang()
    try:
        code = cli_main(
            [
                "--lang",
                "en",
                "export",
                "--notebooks-lang",  # --lang is the messages' language, here as everywhere
                "ko",
                "-o",
                str(tmp_path / "out"),
                "--notebooks",
                str(source),
            ]
        )
    finally:
        i18n.set_lang(previous)
    assert code == 0
    assert (tmp_path / "out" / "ko" / f"{PICKED[0]}.html").is_file()
    assert not (tmp_path / "out" / "en").exists()
    assert "Exported 1 ko notebooks" in capsys.readouterr().out


def test_missing_nbconvert_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "nbconvert", None)  # import nbconvert now fails
    with pytest.raises(TutorialError) as err:
        export.export(NOTEBOOKS, tmp_path, ("en",))
    assert err.value.key == "export_needs_nbconvert"
    assert "pip install" in str(err.value)


def test_no_notebooks_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code = cli_main(["export", "--notebooks", str(tmp_path), "-o", str(tmp_path / "out")])
    assert code == 2
    assert str(tmp_path) in capsys.readouterr().err
