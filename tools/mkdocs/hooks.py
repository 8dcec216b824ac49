"""MkDocs hooks (``hooks:`` in ``mkdocs.yml``): navigation, notebook pages, lesson table.

- ``on_config`` builds the navigation from the lesson registry and the pages that
  exist in both languages (mkdocs-static-i18n sorts an automatic navigation by page
  title, which would scramble the lesson order).
- ``on_files`` runs before mkdocs-static-i18n (priority -50 > -100) and adds, for each
  language, a page per notebook (``<lang>/notebooks/NN-slug.md``), a notebooks index
  and the raw ``.ipynb`` (and its exercise version, if any) for download. The i18n
  plugin then places them per language and links each page to its translation;
  :mod:`tools.mkdocs.hooks_after_i18n` gives the generated pages their content
  back (the i18n plugin re-creates every file object it handles, and a re-created
  file has lost its in-memory content).
- ``on_page_markdown`` fills the ``<!-- kfp-tutorial:lessons -->`` placeholder with
  the lesson table and tells the ``kfp-dag`` fence which page it is on.

Used in: every lesson's pages.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs loads this file by path; tools/ (maintainer code, not installed) is imported
# from the repository root, the folder that holds mkdocs.yml.
_REPO = Path(__file__).resolve().parents[2]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from tools.mkdocs import fences, generated, notebook_figures, page_html, site
from tools.mkdocs.labels import DEFAULT_LANG, LANGS, label
from tools.mkdocs.notebook_pages import render_notebook
from tools.mkdocs.publishing import Publishing

log = get_plugin_logger("tools.mkdocs")

_layout: site.SiteLayout | None = None
_publishing: Publishing | None = None


def _site_layout(config: MkDocsConfig) -> site.SiteLayout:
    global _layout
    if _layout is None:
        _layout = site.SiteLayout.from_config_file(config.config_file_path, config.docs_dir)
    return _layout


def build_lang(config: MkDocsConfig) -> str:
    """The language being built now (mkdocs-static-i18n builds one after the other)."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None)
    return str(current) if current in LANGS else DEFAULT_LANG


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the navigation (every build, so ``serve`` picks up new pages); derive the
    site's URLs from ``extra.repository``; word the heading links in the build's language."""
    global _layout, _publishing
    _layout = None
    layout = _site_layout(config)
    config.nav = site.build_nav(layout)
    _publishing = Publishing.from_extra(config.extra)
    # An explicit site_url / repo_url in mkdocs.yml wins; otherwise they follow the one value.
    if not config.site_url:
        config.site_url = _publishing.site_url
    if not config.repo_url:
        config.repo_url = _publishing.repo_url
        config.edit_uri = _publishing.edit_uri
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = label("permalink", build_lang(config))
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = [
        f
        for f in superfences.get("custom_fences", [])
        if f.get("name") not in ("kfp-dag", "notebook-figure")
    ]
    custom.append({"name": "kfp-dag", "class": "kfp-dag", "format": fences.kfp_dag_format})
    custom.append(
        {
            "name": "notebook-figure",
            "class": "notebook-figure",
            "format": notebook_figures.notebook_figure_format,
        }
    )
    superfences["custom_fences"] = custom
    fences.clear_cache()
    for problem in layout.untranslated():
        log.warning(problem)
    return config


def _add_generated(files: Files, config: MkDocsConfig, src_uri: str, markdown: str) -> None:
    """Add a generated Markdown page that the i18n plugin treats like a file in ``docs_dir``."""
    if files.get_file_from_path(src_uri) is not None:
        log.error(
            f"lessons/{src_uri} exists, but that page is generated from the notebooks: "
            f"remove lessons/{src_uri} (pages under <lang>/notebooks/ come from notebooks/<lang>/)"
        )
        return
    file = File.generated(config, src_uri, content=markdown)
    # The i18n plugin only localizes files under docs_dir; the file is never read from there.
    file.abs_src_path = str(Path(config.docs_dir) / src_uri)
    generated.PAGES[src_uri] = markdown
    files.append(file)


@event_priority(-50)  # before mkdocs-static-i18n's on_files (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per notebook and language, a notebooks index, and the raw notebooks."""
    layout = _site_layout(config)
    generated.PAGES.clear()
    for lang in LANGS:
        notebooks = layout.notebooks(lang)
        for name, path in notebooks.items():
            links = site.notebook_links(
                layout, name, lang, depth=2, colab_url=_colab_url(name, lang), lesson_page=True
            )
            exercise = layout.exercise_notebook(name, lang)
            if exercise is not None:
                exercise_uri = site.download_src_uri(name, lang, exercise=True)
                files.append(File.generated(config, exercise_uri, abs_src_path=str(exercise)))
            try:
                page = render_notebook(path, lang, links)
            except ValueError as err:
                log.error(str(err))
                continue
            src_uri = f"{lang}/{site.NOTEBOOKS_SECTION}/{name}.md"
            _add_generated(files, config, src_uri, page.markdown)
            files.append(
                File.generated(config, site.download_src_uri(name, lang), abs_src_path=str(path))
            )
        index_uri = f"{lang}/{site.NOTEBOOKS_SECTION}/index.md"
        _add_generated(files, config, index_uri, site.notebook_index_markdown(layout, lang))
    return files


def _colab_url(name: str, lang: str) -> str | None:
    if _publishing is None:
        return None
    return _publishing.colab_url(site.notebook_repo_path(name, lang))


def page_lang(page: Page) -> str:
    """The language of a page: the i18n plugin's locale, else its top folder."""
    locale = getattr(page.file, "locale", None)
    if locale in LANGS:
        return str(locale)
    top = page.file.src_uri.split("/", 1)[0]
    return top if top in LANGS else DEFAULT_LANG


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the lesson table placeholder; tell the ``kfp-dag`` fence which page it is on."""
    lang = page_lang(page)
    src_uri = page.file.src_uri
    where = f"generated page {src_uri}" if src_uri in generated.PAGES else f"lessons/{src_uri}"
    fences.set_current_page(where, lang)
    layout = _site_layout(config)
    if site.LESSON_TABLE_MARKER in markdown:
        depth = len(src_uri.split("/")) - 2  # folders between the language folder and the page
        table = site.lesson_table(layout, lang, prefix="../" * depth)
        markdown = markdown.replace(site.LESSON_TABLE_MARKER, table)
    name = src_uri.split("/")[-1].removesuffix(".md")
    if src_uri.count("/") == 1 and name in layout.notebooks(lang):
        # A lesson page: its notebook's buttons right under the title.
        links = " ".join(site.notebook_links(layout, name, lang, 1, _colab_url(name, lang)))
        markdown = site.after_title(markdown, links)
    return markdown


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme overrides (``tools/mkdocs/theme``) the site's labels."""
    env.globals["kfp_label"] = lambda key, lang: Markup.escape(label(key, lang))
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Search in the page's own language; no head links that make Material fetch a
    missing sitemap (see :mod:`tools.mkdocs.page_html`)."""
    site_path = urlsplit(config.site_url or "/").path or "/"
    lang = page_lang(page)
    return page_html.localize_page(
        output, lang, DEFAULT_LANG, page.url, site_path, label("search", lang)
    )
