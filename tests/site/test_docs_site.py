"""The docs site: a strict bilingual build, notebooks shown as cells, graphs, snippets, search.

The real site is built once per test session (``mkdocs build --strict`` in a
subprocess, into a temporary folder) and every check reads that build. A few checks
build a two-page site of their own to prove that a bad ``kfp-dag`` reference or a
missing snippet file fails the strict build.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chromium import launch_chromium, require_chromium, serve_directory
from kfp_tutorial.registry import LESSONS, find_lesson
from kfp_tutorial.spec.compiler import compile_pipeline
from tools import parity
from tools.mkdocs import fences, page_html
from tools.mkdocs.labels import DEFAULT_LANG, LANGS, label
from tools.mkdocs.notebook_pages import (
    REMOVE_CELL,
    REMOVE_INPUT,
    cell_source,
    cell_tags,
    display_code,
    first_heading,
    load_notebook,
)
from tools.mkdocs.publishing import Publishing

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BUILD_TIMEOUT = 600

PAGE_FILES = [(lang, page) for lang in LANGS for page in sorted(parity.pages(lang))]
NOTEBOOK_NAMES = sorted({Path(name).stem for lang in LANGS for name in parity.notebooks(lang)})
NOTEBOOK_PARAMS = [(lang, name) for lang in LANGS for name in NOTEBOOK_NAMES]
LESSONS_WITH_PAGES = [
    lesson
    for lesson in LESSONS
    if any((REPO / "lessons" / lang / f"{lesson.name}.md").is_file() for lang in LANGS)
]


def _structure(lang: str, page: str) -> parity.PageStructure:
    return parity.parse_page((REPO / "lessons" / lang / page).read_text(encoding="utf-8"))


DAG_PAGES = [(lang, page) for lang, page in PAGE_FILES if _structure(lang, page).dag_refs]
SNIPPET_INCLUDES = [
    (lang, page, target) for lang, page in PAGE_FILES for target in _structure(lang, page).snippets
]


@dataclass
class BuiltSite:
    """A built site: its folder, whether the strict build passed, and the build's output."""

    dir: Path
    strict_ok: bool
    output: str


def mkdocs_build(
    site_dir: Path, config: Path | None = None, strict: bool = True
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` from the repository root (snippet paths are relative to it)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    if config is not None:
        command += ["--config-file", str(config)]
    return subprocess.run(
        command, cwd=REPO, env=ENV, capture_output=True, text=True, timeout=BUILD_TIMEOUT
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The course site, built once. If the strict build fails, it is built again without
    ``--strict`` so the page checks still report on everything that can be checked."""
    site_dir = tmp_path_factory.mktemp("site")
    strict = mkdocs_build(site_dir)
    if strict.returncode != 0:
        lenient = mkdocs_build(site_dir, strict=False)
        if lenient.returncode != 0:
            pytest.fail(
                "mkdocs cannot build the site at all, not even without --strict:\n"
                + build_problems(lenient.stdout + lenient.stderr)
            )
    return BuiltSite(site_dir, strict.returncode == 0, strict.stdout + strict.stderr)


def build_problems(output: str) -> str:
    """The warnings and errors of a build's output (the INFO lines left out), at most 6000 chars."""
    return "\n".join(line for line in output.splitlines() if not line.startswith("INFO"))[-6000:]


def html_path(site_dir: Path, lang: str, page: str) -> Path:
    """Where the page ``lessons/<lang>/<page>`` (or a generated page) is built."""
    stem = page[: -len(".md")]
    prefix = site_dir if lang == DEFAULT_LANG else site_dir / lang
    if stem == "index" or stem.endswith("/index"):
        return prefix / stem[: -len("index")] / "index.html"
    return prefix / stem / "index.html"


def read_html(site: BuiltSite, lang: str, page: str) -> str:
    path = html_path(site.dir, lang, page)
    if not path.is_file():
        source = REPO / "lessons" / lang / page
        generated = page.startswith("notebooks/")
        reason = "" if generated or source.is_file() else f" (lessons/{lang}/{page} does not exist)"
        pytest.fail(f"{path.relative_to(site.dir)} was not built for {lang}/{page}{reason}")
    return path.read_text(encoding="utf-8")


def code_blocks(page_html: str) -> list[str]:
    """The text of every highlighted code block on a page (tags removed, entities decoded)."""
    blocks = re.findall(r'<div class="highlight[^"]*">(.*?)</div>', page_html, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def normalize(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines())


# --- the build itself -------------------------------------------------------------------


def test_strict_build_succeeds(site: BuiltSite) -> None:
    assert site.strict_ok, "mkdocs build --strict failed:\n" + build_problems(site.output)


@pytest.mark.parametrize(("lang", "page"), PAGE_FILES, ids=[f"{lang}/{p}" for lang, p in PAGE_FILES])
def test_every_page_is_built(site: BuiltSite, lang: str, page: str) -> None:
    page_html = read_html(site, lang, page)
    assert f'<html lang="{lang}"' in page_html, f"lessons/{lang}/{page} is not marked as {lang}"


def test_languages_are_not_mixed(site: BuiltSite) -> None:
    """English is at the root, Korean under /ko/, nothing under /en/, no English page in /ko/."""
    assert not (site.dir / "en").exists(), "the default language was also built under /en/"
    ko_pages = sorted((site.dir / "ko").rglob("index.html"))
    assert ko_pages, "no Korean page was built"
    not_korean = [
        str(p.relative_to(site.dir)) for p in ko_pages if '<html lang="ko"' not in p.read_text()
    ]
    assert not not_korean, f"pages under /ko/ that are not Korean: {not_korean}"


# --- notebooks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "name"), NOTEBOOK_PARAMS, ids=[f"{lang}/{n}" for lang, n in NOTEBOOK_PARAMS]
)
def test_notebook_page_shows_cells_not_json(site: BuiltSite, lang: str, name: str) -> None:
    source = REPO / "notebooks" / lang / f"{name}.ipynb"
    assert source.is_file(), f"notebooks/{lang}/{name}.ipynb is missing (the other language has it)"
    page_html = read_html(site, lang, f"notebooks/{name}.md")
    for marker in ('"cell_type"', '"nbformat"'):
        assert marker not in page_html, f"the {lang} page of {name} shows raw notebook JSON ({marker})"
    blocks = [normalize(block) for block in code_blocks(page_html)]
    assert blocks, f"the {lang} page of {name} has no highlighted code block"
    notebook = load_notebook(source)
    shown = [
        display_code(cell_source(cell))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and not {REMOVE_CELL, REMOVE_INPUT} & set(cell_tags(cell))
    ]
    missing = [code for code in shown if code and not any(normalize(code) in b for b in blocks)]
    assert not missing, f"code cells of {lang}/{name} not on its page:\n" + "\n---\n".join(missing)
    title = next(
        (first_heading(cell_source(c)) for c in notebook["cells"] if c["cell_type"] == "markdown"), None
    )
    if title:
        assert re.search(r"<h1[^>]*>" + re.escape(html.escape(title, quote=False)), page_html), (
            f"the {lang} page of {name} does not open with the notebook's title {title!r}"
        )


@pytest.mark.parametrize(
    ("lang", "name"), NOTEBOOK_PARAMS, ids=[f"{lang}/{n}" for lang, n in NOTEBOOK_PARAMS]
)
def test_notebook_page_offers_the_notebook_for_download(site: BuiltSite, lang: str, name: str) -> None:
    page_html = read_html(site, lang, f"notebooks/{name}.md")
    links = re.findall(r'<a class="md-button" download="[^"]+" href="([^"]+)"', page_html)
    assert links, f"the {lang} page of {name} has no download link"
    page_dir = html_path(site.dir, lang, f"notebooks/{name}.md").parent
    target = (page_dir / links[0]).resolve()
    assert target == (site.dir / "notebooks" / lang / f"{name}.ipynb").resolve()
    source = REPO / "notebooks" / lang / f"{name}.ipynb"
    assert target.read_bytes() == source.read_bytes(), "the downloadable notebook is not the source"
    exercise = REPO / "notebooks" / "exercises" / lang / f"{name}.ipynb"
    if exercise.is_file():
        found = re.findall(
            rf'<a class="md-button" download="{name}-exercise.ipynb" href="([^"]+)"', page_html
        )
        assert found, f"the {lang} page of {name} does not offer notebooks/exercises/{lang}/{name}.ipynb"
        assert (page_dir / found[0]).read_bytes() == exercise.read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_index_links_every_notebook(site: BuiltSite, lang: str) -> None:
    page_html = read_html(site, lang, "notebooks/index.md")
    for name in sorted(Path(n).stem for n in parity.notebooks(lang)):
        assert f'href="{name}/"' in page_html, f"the {lang} notebooks index does not link {name}"


# --- lesson pages, graphs, snippets ---------------------------------------------------


@pytest.mark.parametrize(
    "lesson", LESSONS_WITH_PAGES, ids=[lesson.name for lesson in LESSONS_WITH_PAGES]
)
def test_lesson_page_is_built_in_both_languages(site: BuiltSite, lesson) -> None:
    for lang in LANGS:
        read_html(site, lang, f"{lesson.name}.md")


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_lists_every_registered_lesson(site: BuiltSite, lang: str) -> None:
    page_html = read_html(site, lang, "index.md")
    assert "kfp-tutorial:lessons" not in page_html, "the lesson table placeholder was not replaced"
    for lesson in LESSONS:
        assert html.escape(lesson.title(lang), quote=False) in page_html, (
            f"the {lang} home page does not list lesson {lesson.name}"
        )
        if (REPO / "lessons" / lang / f"{lesson.name}.md").is_file():
            assert f'href="{lesson.name}/"' in page_html, (
                f"the {lang} home page does not link {lesson.name}"
            )


@pytest.mark.parametrize(("lang", "page"), DAG_PAGES, ids=[f"{lang}/{p}" for lang, p in DAG_PAGES])
def test_dag_fences_become_svg_figures(site: BuiltSite, lang: str, page: str) -> None:
    refs = _structure(lang, page).dag_refs
    page_html = read_html(site, lang, page)
    figures = re.findall(
        r'<figure class="kfp-dag" data-ref="([^"]+)"[^>]*>(.*?)</figure>', page_html, re.S
    )
    assert [html.unescape(ref) for ref, _ in figures] == refs
    assert all("<svg" in body for _, body in figures)


@pytest.mark.parametrize(
    ("lang", "page", "target"),
    SNIPPET_INCLUDES,
    ids=[f"{lang}/{page}:{target.rsplit(':', 1)[-1]}" for lang, page, target in SNIPPET_INCLUDES],
)
def test_snippets_are_included_from_the_module(
    site: BuiltSite, lang: str, page: str, target: str
) -> None:
    lines = [line for line in parity.snippet_section(target, REPO).splitlines() if line.strip()]
    assert lines, f"{target} is empty"
    if target.split(":", 1)[0].endswith(".md"):
        # A Markdown data file (a measured table) is rendered as a table, not code: its
        # comments vanish and its cells become HTML; check the last row's cells arrive.
        text = html.unescape(re.sub(r"<[^>]+>", " ", read_html(site, lang, page)))
        text = re.sub(r"\s+", " ", text)
        cells = [c.strip() for c in lines[-1].strip().strip("|").split("|") if c.strip()]
        assert cells, f"{target} has no table row"
        for cell in cells:
            plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>|[*`]", " ", cell)).strip()
            assert plain in text, f"lessons/{lang}/{page} does not show {plain!r} from {target}"
        return
    text = "\n".join(code_blocks(read_html(site, lang, page)))
    for line in (lines[0], lines[-1]):
        assert line.strip() in text, (
            f"lessons/{lang}/{page} does not show {line.strip()!r} from {target}"
        )


# --- language switcher and search --------------------------------------------------


SWITCHER_PAGES = (
    ["index.md", "glossary.md"]
    + [f"{lesson.name}.md" for lesson in LESSONS_WITH_PAGES[:1]]
    + [f"notebooks/{name}.md" for name in NOTEBOOK_NAMES[:1]]
)


@pytest.mark.parametrize("page", SWITCHER_PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_links_to_the_same_page(site: BuiltSite, lang: str, page: str) -> None:
    page_html = read_html(site, lang, page)
    page_dir = html_path(site.dir, lang, page).parent
    for other in LANGS:
        match = re.search(rf'<a href="([^"]+)" hreflang="{other}" class="md-select__link"', page_html)
        assert match, f"the {lang} version of {page} has no switcher link to {other}"
        href = match.group(1)
        target = site.dir / href.lstrip("/") if href.startswith("/") else page_dir / href
        expected = html_path(site.dir, other, page).parent
        assert target.resolve() == expected.resolve(), f"{lang}/{page}: the {other} link goes to {href}"


def _index(site: BuiltSite, lang: str) -> dict:
    folder = site.dir if lang == DEFAULT_LANG else site.dir / lang
    path = folder / "search" / "search_index.json"
    assert path.is_file(), f"no search index for {lang} at {path.relative_to(site.dir)}"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_search_index(site: BuiltSite, lang: str) -> None:
    """Each language's pages search their own index: only their pages, every page with its
    entry (a section without its page links to /undefined), locations relative to the
    language's root (where its pages search from)."""
    index = _index(site, lang)
    assert index["config"]["lang"][0] == lang
    docs = index["docs"]
    assert docs
    assert page_html.orphan_sections(index) == []
    for doc in docs:
        target = site.dir if lang == DEFAULT_LANG else site.dir / lang
        page = doc["location"].split("#", 1)[0]
        assert (target / page / "index.html").is_file() or (target / page).is_file(), doc["location"]
    pages = {d["location"] for d in docs if "#" not in d["location"]}
    for page in sorted(parity.pages(lang)):
        location = "" if page == "index.md" else page.removesuffix(".md") + "/"
        assert location in pages, f"lessons/{lang}/{page} has no entry in the {lang} search index"
    hangul = sum(bool(re.search("[가-힣]", d["text"])) for d in docs)
    if lang == "ko":
        assert hangul > len(docs) / 2, "the Korean index is not mostly Korean"
    else:
        assert hangul < len(docs) / 10, "the English index holds Korean pages"


# --- the 404 pages, the theme's words, the notebook buttons ----------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_404_page_per_language(site: BuiltSite, lang: str) -> None:
    folder = site.dir if lang == DEFAULT_LANG else site.dir / lang
    page = (folder / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
    assert html.escape(label("not_found_title", lang), quote=False) in page


CHROME_ATTRS = re.compile(r'\b(?:title|aria-label|placeholder)="([^"]*)"')


@pytest.mark.parametrize(("lang", "page"), PAGE_FILES, ids=[f"{lang}/{p}" for lang, p in PAGE_FILES])
def test_the_theme_speaks_the_page_language(site: BuiltSite, lang: str, page: str) -> None:
    """Korean pages: every tooltip, label and the footer in Korean. English pages: no Korean
    outside code (the glossary, a list of Korean terms, aside)."""
    page_html_text = read_html(site, lang, page)
    chrome = re.sub(r"<svg.*?</svg>", "", page_html_text, flags=re.S)  # graph titles: task names
    if lang == "ko":
        english = sorted(
            {
                v
                for v in CHROME_ATTRS.findall(chrome)
                if re.search("[A-Za-z]{3}", v) and not re.search("[가-힣]", v)
            }
            - {"Kubeflow Pipelines Tutorial"}
        )
        assert not english, f"lessons/ko/{page}: English tooltips or labels: {english}"
        footer = re.search(r'<div class="md-copyright">(.*?)</div>', page_html_text, re.S)
        assert footer and re.search("[가-힣]", footer.group(1)), (
            f"lessons/ko/{page}: the footer is not Korean"
        )
    else:
        if page == "glossary.md":
            return
        text = re.sub(r'<ul class="md-select__list">.*?</ul>', "", page_html_text, flags=re.S)
        text = re.sub(r"<(script|pre|code)\b.*?</\1>", "", text, flags=re.S)
        korean = re.findall(r"[^<>\n]*[가-힣]+[^<>\n]*", text)
        assert not korean, f"lessons/en/{page} shows Korean: {korean[:5]}"


@pytest.mark.parametrize(
    "lesson", LESSONS_WITH_PAGES, ids=[lesson.name for lesson in LESSONS_WITH_PAGES]
)
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_page_links_to_its_notebook(site: BuiltSite, lang: str, lesson) -> None:
    """Download, exercise version and Open in Colab, each pointing where it should."""
    source = REPO / "notebooks" / lang / f"{lesson.name}.ipynb"
    if not source.is_file():
        pytest.skip(f"notebooks/{lang}/{lesson.name}.ipynb does not exist yet")
    page_html_text = read_html(site, lang, f"{lesson.name}.md")
    page_dir = html_path(site.dir, lang, f"{lesson.name}.md").parent
    download = re.search(
        rf'<a class="md-button" download="{lesson.name}.ipynb" href="([^"]+)"', page_html_text
    )
    assert download, f"the {lang} page of {lesson.name} has no download button"
    assert (page_dir / download.group(1)).read_bytes() == source.read_bytes()
    exercise = REPO / "notebooks" / "exercises" / lang / f"{lesson.name}.ipynb"
    if exercise.is_file():
        found = re.search(rf'download="{lesson.name}-exercise.ipynb" href="([^"]+)"', page_html_text)
        assert found and (page_dir / found.group(1)).read_bytes() == exercise.read_bytes()
    colab = Publishing.from_mkdocs_yml().colab_url(f"notebooks/{lang}/{lesson.name}.ipynb")
    assert f'href="{html.escape(colab)}"' in page_html_text, f"no Open in Colab link to {colab}"


def test_site_url_and_repo_url_come_from_the_one_location(site: BuiltSite) -> None:
    where = Publishing.from_mkdocs_yml()
    home = read_html(site, DEFAULT_LANG, "index.md")
    assert f'<link rel="canonical" href="{where.site_url}">' in home
    assert f'href="{where.repo_url}"' in home
    sitemap = (site.dir / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        f"<loc>{where.site_url}</loc>" in sitemap
        and f'hreflang="ko" href="{where.site_url}ko/"' in sitemap
    )
    assert not list(site.dir.rglob("*/sitemap.xml")), "only one sitemap, at the root"


# --- the kfp-dag fence on its own ------------------------------------------------------


def test_dag_figure_draws_every_task_of_the_compiled_pipeline() -> None:
    lesson = find_lesson("02-add")
    example = lesson.examples[0]
    reference = f"{lesson.module.__name__}:{example.func_name}"
    fences.clear_cache()
    figure = fences.dag_figure(reference, "ko")
    assert figure.startswith('<figure class="kfp-dag"') and "<svg" in figure
    drawn = set(re.findall(r'data-task="([^"]+)"', figure))
    assert set(compile_pipeline(example.pipeline).all_tasks()) == drawn
    assert f"<code>{example.name}</code> Pipeline의 그래프" in figure  # the Korean caption


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("kfp_tutorial.lessons.lesson02_add", "module:pipeline"),
        ("kfp_tutorial.lessons.no_such_lesson:pipeline", "cannot import"),
        ("kfp_tutorial.lessons.lesson02_add:no_such_pipeline", "no attribute"),
        ("kfp_tutorial.lessons.lesson02_add:add", "not a @dsl.pipeline"),
    ],
)
def test_bad_dag_reference_is_logged_as_an_error(
    caplog: pytest.LogCaptureFixture, reference: str, reason: str
) -> None:
    with caplog.at_level(logging.ERROR):
        rendered = fences.kfp_dag_format(reference, "kfp-dag", "kfp-dag", {}, None)
    assert "<svg" not in rendered and "admonition failure" in rendered
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(reference in m and reason in m for m in errors), errors


# --- small sites of our own: what must fail the strict build --------------------------


def make_small_site(tmp_path: Path, page: str) -> Path:
    """A copy of the real configuration over a docs folder holding ``page`` in en and ko."""
    for lang in LANGS:
        (tmp_path / "lessons" / lang).mkdir(parents=True)
        (tmp_path / "lessons" / lang / "index.md").write_text(page, encoding="utf-8")
        (tmp_path / "notebooks" / lang).mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        "docs_dir: lessons": f"docs_dir: {tmp_path / 'lessons'}",
        "  - tools/mkdocs/": f"  - {REPO}/tools/mkdocs/",
        "custom_dir: tools/mkdocs/theme": f"custom_dir: {REPO}/tools/mkdocs/theme",
        "  - notebooks\n": f"  - {tmp_path / 'notebooks'}\n",
        "  - kfp_tutorial\n": f"  - {REPO / 'kfp_tutorial'}\n",
    }
    for old, new in replacements.items():
        assert old in config, f"mkdocs.yml changed: {old!r} not found; update make_small_site"
        config = config.replace(old, new)
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


GOOD_PAGE = """# Page {#page}

```python
--8<-- "kfp_tutorial/lessons/lesson02_add.py:add_component"
```

```kfp-dag
kfp_tutorial.lessons.lesson02_add:calculation_pipeline
```
"""


@pytest.mark.slow
def test_small_site_with_a_snippet_and_a_graph_builds(tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path / "site", make_small_site(tmp_path, GOOD_PAGE))
    assert result.returncode == 0, result.stdout + result.stderr
    page_html = (tmp_path / "site" / "ko" / "index.html").read_text(encoding="utf-8")
    first_line = parity.snippet_section("kfp_tutorial/lessons/lesson02_add.py:add_component").strip()
    assert first_line.splitlines()[0] in "\n".join(code_blocks(page_html))
    assert '<figure class="kfp-dag"' in page_html and "<svg" in page_html


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD_PAGE.replace(":calculation_pipeline", ":no_such_pipeline"),
            "kfp_tutorial.lessons.lesson02_add:no_such_pipeline",
        ),
        (GOOD_PAGE.replace("lesson02_add.py:", "lesson02_nope.py:"), "lesson02_nope.py"),
    ],
    ids=["bad-kfp-dag-reference", "missing-snippet-file"],
)
@pytest.mark.slow
def test_strict_build_fails_and_names_the_problem(tmp_path: Path, broken: str, expected: str) -> None:
    result = mkdocs_build(tmp_path / "site", make_small_site(tmp_path, broken))
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the strict build passed despite the error:\n{output}"
    assert expected in output, output


# --- in a browser: the switcher keeps the page, Korean search finds Korean pages -------


@pytest.fixture(scope="module")
def served_site(site: BuiltSite) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port), for the browser checks."""
    with serve_directory(site.dir) as url:
        yield url + "/"


@pytest.mark.browser
def test_browser_switches_language_and_searches_in_korean(served_site: str) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    page_md = f"notebooks/{NOTEBOOK_NAMES[0]}.md" if NOTEBOOK_NAMES else "glossary.md"
    en_url = served_site + page_md[: -len(".md")] + "/"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.goto(en_url)
            page.hover(".md-header__option .md-select")
            page.click("a.md-select__link[hreflang=ko]")
            page.wait_for_load_state("load")
            assert page.url == served_site + "ko/" + page_md[: -len(".md")] + "/"
            assert page.get_attribute("html", "lang") == "ko"

            page.click(".md-search__input")
            page.fill(".md-search__input", "용어집")
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
            results = page.inner_text(".md-search-result__list")
            assert "용어집" in results, results
        finally:
            browser.close()


# --- the notebook renderer on a notebook with every kind of output ---------------------


def test_render_notebook_turns_each_kind_of_cell_and_output_into_markdown(tmp_path: Path) -> None:
    from tools.mkdocs.notebook_pages import render_notebook

    def code(source: str, outputs: list, tags: list | None = None) -> dict:
        return {
            "cell_type": "code",
            "metadata": {"tags": tags or []},
            "source": source,
            "outputs": outputs,
            "execution_count": 1,
        }

    png = (  # a 1x1 PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# 02 · Title {#title}\n\nIntro."},
        code(
            "# NBVAL_CHECK_OUTPUT\nprint('hi')",
            [
                {"output_type": "stream", "name": "stdout", "text": ["h", "i\n"]},
                {"output_type": "stream", "name": "stderr", "text": "\x1b[32mINFO\x1b[0m log line\n"},
            ],
        ),
        code(
            "plot()",
            [{"output_type": "display_data", "data": {"image/png": png + "\n"}, "metadata": {}}],
        ),
        code(
            "df",
            [
                {
                    "output_type": "execute_result",
                    "data": {"text/html": "<table></table>"},
                    "metadata": {},
                }
            ],
        ),
        code(
            "1/0",
            [
                {
                    "output_type": "error",
                    "ename": "ZeroDivisionError",
                    "evalue": "x",
                    "traceback": ["\x1b[31mZeroDivisionError\x1b[0m: x"],
                }
            ],
        ),
        code("hidden_setup()", [], tags=["remove-cell"]),
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "See [it](../../lessons/ko/02-add.md#learn) and [next](03-parallel.ipynb).",
        },
        code("answer = 42", [], tags=["solution"]),
    ]
    path = tmp_path / "02-add.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))

    page = render_notebook(path, "ko", links=["[download](x.ipynb)"])
    md = page.markdown
    assert page.title == "02 · Title"
    assert md.startswith('---\ntitle: "02 · Title"\n---\n')
    assert md.index("[download](x.ipynb)") < md.index("```python\nprint('hi')\n```")
    assert "NBVAL_CHECK_OUTPUT" not in md
    assert "```text\nhi\n```" in md  # two stream chunks joined
    assert '??? note "로그(stderr)"' in md and "INFO log line" in md and "\x1b" not in md
    assert f'<img src="data:image/png;base64,{png}"' in md
    assert '<div class="nb-output">\n<table></table>\n</div>' in md
    assert "ZeroDivisionError: x" in md
    assert "hidden_setup" not in md
    assert "](../02-add.md#learn)" in md and "](03-parallel.md)" in md
    assert '??? success "풀이"\n\n    ```python\n    answer = 42\n    ```' in md
