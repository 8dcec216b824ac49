"""What the hooks change in each built page and in the search index, as plain functions.

- Search per language: mkdocs-static-i18n gathers every language into one index at
  ``/search/search_index.json`` (1 MB, loaded on every page, Korean results first on
  English pages). :func:`split_search_index` writes one index per language (English at
  the root, Korean at ``/ko/search/``), and :func:`localize_page` points a Korean
  page's Material configuration (``base``) at ``/ko/``, where its index and its result
  links are. Every page's search runs in ``kfp-search.js``, Material's worker with
  Korean particles taken off the query (``파이프라인을`` finds ``파이프라인``).
- No ``<link rel="alternate">`` in the head: Material fetches ``sitemap.xml`` next to
  each such link, and with per-page links (mkdocs-static-i18n) that is a 404 on every
  page. The language switcher links (in the header) stay; ``sitemap.xml`` keeps the
  hreflang alternates for search engines.

Used in: every page of the site.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
ALTERNATE_RE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SWITCHER_RE = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]*" class="md-select__link")')
# A section with an index page (navigation.indexes) is labelled by its toggle, which holds
# only an icon: a nameless landmark. It is named with its title instead.
SECTION_NAV_RE = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+" )aria-labelledby="(__nav_[\d_]+?)_label"'
    r'([^>]*>\s*<label class="md-nav__title" for="\2">)(.*?)(</label>)',
    re.S,
)
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
WORKER = "kfp-search.js"
MATERIAL_WORKER_RE = re.compile(r"^(?P<folder>.*/)(?P<file>search\.[0-9a-f]+\.min\.js)$")


def language_base(base: str, lang: str, default_lang: str) -> str:
    """Material's ``base`` for a page of ``lang``: the language's own root."""
    if lang == default_lang:
        return base
    return f"{base.rstrip('/')}/{lang}/"


def search_worker(original: str) -> str:
    """The URL of the course's search worker, next to Material's worker ``original``."""
    match = MATERIAL_WORKER_RE.match(original)
    if match is None:
        raise ValueError(f"unexpected Material search worker path: {original!r}")
    return f"{match['folder']}{WORKER}?material={match['file']}"


def relative_link(target: str, page_url: str, site_path: str) -> str:
    """An absolute link into the site (``/kfp-tutorial/ko/``) as one relative to the page
    at ``page_url`` (``ko/``), so the site works wherever it is served."""
    if not target.startswith(site_path):
        return target
    inside = target[len(site_path) :]
    page_dir = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else "."
    relative = posixpath.relpath(inside or ".", page_dir or ".")
    return relative + "/" if inside.endswith("/") or not inside else relative


def _name_section_nav(match: re.Match[str]) -> str:
    title = " ".join(re.sub(r"<[^>]+>", " ", match.group(4)).split())
    return f'{match.group(1)}aria-label="{title}"{match.group(3)}{match.group(4)}{match.group(5)}'


def localize_page(
    page_html: str,
    lang: str,
    default_lang: str,
    page_url: str = "",
    site_path: str | None = None,
    search_label: str = "Search",
) -> str:
    """Point the page's search at its language's index and the course's worker; drop the
    head's alternate links (see the module docstring); make the language switcher's
    absolute links (the home pages have them) relative to ``page_url`` unless ``site_path``
    is None (the 404 page, served at any address); name the search dialog (Material
    leaves it without a name, which screen readers announce as a bare "dialog")."""
    match = CONFIG_RE.search(page_html)
    if match is not None:
        config: dict[str, Any] = json.loads(match.group(2))
        config["base"] = language_base(str(config.get("base", ".")), lang, default_lang)
        if config.get("search"):
            config["search"] = search_worker(str(config["search"]))
        text = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        page_html = page_html[: match.start(2)] + text + page_html[match.end(2) :]
    page_html = page_html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{search_label}">')
    page_html = SECTION_NAV_RE.sub(_name_section_nav, page_html)
    if site_path is not None:
        prefix = site_path
        page_html = SWITCHER_RE.sub(
            lambda m: m.group(1) + relative_link(m.group(2), page_url, prefix) + m.group(3),
            page_html,
        )
    return ALTERNATE_RE.sub("", page_html)


# Terms the Korean pages keep in English, and how Korean readers say (and search) them. The
# glossary writes the reading only on its own page and the home page (lessons/ko/glossary.md,
# "kept in English"); the search index adds it to every page that uses the term, so a reader
# who types 파이프라인 finds the pages about Pipelines. tests/site checks this against the
# glossary's table.
READINGS = {"Pipeline": "파이프라인", "Component": "컴포넌트", "Artifact": "아티팩트"}


def with_readings(text: str) -> str:
    """``text`` with the Korean reading of each kept-in-English term it uses appended."""
    extra = [reading for term, reading in READINGS.items() if term in text and reading not in text]
    return f"{text} {' '.join(extra)}" if extra else text


def split_search_index(
    index: dict[str, Any], langs: list[str], default_lang: str
) -> dict[str, dict[str, Any]]:
    """One search index per language from the combined one, by location.

    A page of a non-default language has its location under ``<lang>/``; in its own index
    the prefix is dropped, since that language's pages search from ``/<lang>/``.
    """
    others = [lang for lang in langs if lang != default_lang]
    split: dict[str, dict[str, Any]] = {}
    for lang in langs:
        docs = []
        for doc in index.get("docs", []):
            location = str(doc.get("location", ""))
            owner = next((o for o in others if location.startswith(f"{o}/")), default_lang)
            if owner != lang:
                continue
            if lang != default_lang:
                doc = {**doc, "location": location[len(lang) + 1 :]}
            if lang == "ko":
                doc = {**doc, "text": with_readings(str(doc.get("text", "")))}
            docs.append(doc)
        config = dict(index.get("config", {}))
        config["lang"] = [lang] if lang == default_lang else [lang, default_lang]
        split[lang] = {"config": config, "docs": docs}
    return split


def orphan_sections(index: dict[str, Any]) -> list[str]:
    """Section entries (``page/#id``) whose page entry is missing: Material links their
    results to ``/undefined``."""
    pages = {str(doc["location"]) for doc in index.get("docs", []) if "#" not in doc["location"]}
    return sorted(
        str(doc["location"])
        for doc in index.get("docs", [])
        if "#" in doc["location"] and doc["location"].split("#", 1)[0] not in pages
    )
