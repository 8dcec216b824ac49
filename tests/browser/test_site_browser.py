"""The course site in a real browser: Debian's chromium, headless, driven by Playwright.

The site is built once per session into a temporary folder and served with
``http.server`` on 127.0.0.1 (a free port, a background thread). Checks what a reader
gets: lesson pages render in both languages, the language switcher keeps the page and
its anchor, search finds pages of its own language (Korean words typed with a particle
too), code blocks have a copy button that copies the code, no internal link is broken
(every page reachable from both home pages crawled), every page passes axe-core
(vendored, tests/browser/vendor/) with no serious or critical violation and logs no
console error, each language has its 404 page, and graph labels stay readable (12 px or
more) and inside their boxes on a 390 px phone. Screenshots of a lesson page in each
language go to ``test-artifacts/site-*.png``.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); Playwright never downloads a
browser of its own here. Without chromium the tests skip, or fail when ``CI`` is set.
"""

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import chromium as browser_support
from chromium import launch_chromium, require_chromium
from kfp_tutorial.registry import LESSONS
from tools.mkdocs.labels import label
from tools.mkdocs.publishing import Publishing

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site_browser")]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
LANGS = ("en", "ko")
PREFIX = {"en": "/", "ko": "/ko/"}
SEARCH = {"en": "pipeline", "ko": "파이프라인"}
LESSON_URL = re.compile(r"/(?:notebooks/)?(\d\d-[a-z0-9-]+)/")
TIMEOUT_MS = 20_000
# Material's copy button (content.code.copy): a button in the block's code navigation
COPY_BUTTON = "button[data-md-type='copy'], button.md-clipboard"


def lesson_pages() -> list[str]:
    """Registered lessons that have a page in both languages (in registry order)."""
    return [
        lesson.name
        for lesson in LESSONS
        if all((REPO / "lessons" / lang / f"{lesson.name}.md").is_file() for lang in LANGS)
    ]


LESSON_PAGES = lesson_pages()
# The lesson shown in the screenshots and used for the single-page checks.
MAIN_LESSON = "02-add" if "02-add" in LESSON_PAGES else (LESSON_PAGES or ["00-getting-started"])[0]


def page_title(lang: str, name: str) -> str:
    """The page's first heading, from its Markdown source (without the ``{#id}``)."""
    first = (REPO / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8").splitlines()
    heading = next(line for line in first if line.startswith("# "))
    return re.sub(r"\s*\{#[\w-]+\}\s*$", "", heading[2:]).strip()


# --- the site and the server ------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
# The path the site is published under (https://owner.github.io/REPO/): the 404 pages,
# served for any address, link to it absolutely. The test server maps it to the site.
SITE_PATH = urlsplit(Publishing.from_mkdocs_yml().site_url).path


class Watched:
    """A browser page that records console errors, page errors and failed requests."""

    def __init__(self, browser: Any, base_url: str, site_dir: Path, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.add_init_script(path=str(AXE))
        self.context.route(f"{base_url}{SITE_PATH}**", lambda route: self._from_site(route, site_dir))
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []  # requests that leave the local server
        self.requested: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        self.page.on(
            "response",
            lambda r: (
                (r.status >= 400 or 300 <= r.status < 400) and self.failed.append(f"{r.status} {r.url}")
            ),
        )
        self.page.on("request", self._note_external)

    def _note_external(self, request: Any) -> None:
        self.requested.append(request.url)
        if request.url.startswith(("http:", "https:")) and not request.url.startswith(self.base_url):
            self.external.append(request.url)

    def _from_site(self, route: Any, site_dir: Path) -> None:
        path = urlsplit(route.request.url).path[len(SITE_PATH) :]
        target = _target_file(site_dir, "/" + path)
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, body="")

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, base_url: str, site_dir: Path) -> Iterator[Watched]:
    page = Watched(browser, base_url, site_dir)
    yield page
    page.close()


def h1_text(page: Any) -> str:
    """The page's heading as a reader sees it (without the ¶ permalink)."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def lesson_path(lang: str, name: str) -> str:
    return f"{PREFIX[lang]}{name}/"


# --- pages render in both languages --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_page_renders(watched: Watched, lang: str) -> None:
    page = watched.open(lesson_path(lang, MAIN_LESSON))
    assert page.locator("html").get_attribute("lang") == lang
    title = page_title(lang, MAIN_LESSON)
    assert h1_text(page) == title
    assert title in page.title()
    blocks = page.locator("article div.highlight pre code")
    assert blocks.count() >= 2, "a lesson page shows its components' code"
    code = "\n".join(blocks.all_inner_texts())
    assert "@dsl.component" in code and "def " in code
    # Material's JavaScript ran: the header search and the language selector are live
    assert page.locator(".md-search__input").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{lang}.png"))
    assert (ARTIFACTS / f"site-{lang}.png").stat().st_size > 10_000


@pytest.mark.parametrize(("start", "target"), [("en", "ko"), ("ko", "en")])
def test_language_switcher_keeps_the_page_and_the_anchor(
    watched: Watched, start: str, target: str
) -> None:
    """The switcher goes straight to the same page (no redirect, no sitemap lookup) and
    keeps the part after '#': the headings have the same ids in both languages."""
    page = watched.open(lesson_path(start, MAIN_LESSON) + "#exercises")
    page.locator(".md-header__option .md-select").first.hover()
    link = page.locator(f".md-select__link[hreflang='{target}']")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == lesson_path(target, MAIN_LESSON)
    assert urlsplit(page.url).fragment == "exercises"
    assert page.locator("html").get_attribute("lang") == target
    assert h1_text(page) == page_title(target, MAIN_LESSON)
    assert page.locator("#exercises").count() == 1
    redirects = [f for f in watched.failed if f.startswith("3")]
    assert not redirects and not watched.console_errors, (redirects, watched.console_errors)


# --- search ------------------------------------------------------------------------------


def _search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the header's search box; the result links' paths."""
    box = page.locator("input.md-search__input")
    box.click()  # on a desktop-wide window the search box is in the header
    box.fill("")
    box.type(query, delay=50)
    # Hangul arrives as inserted text, with no key events; Material searches on keyup
    box.press("End")
    results = page.locator(".md-search-result__list .md-search-result__item > a")
    results.first.wait_for(state="visible")
    return [
        urlsplit(urljoin(page.url, h)).path for h in results.evaluate_all("as => as.map(a => a.href)")
    ]


@pytest.mark.parametrize(
    ("lang", "query"),
    [("en", SEARCH["en"]), ("ko", SEARCH["ko"]), ("ko", "파이프라인을"), ("ko", "아티팩트를")],
)
def test_search_finds_pages_of_its_own_language(watched: Watched, lang: str, query: str) -> None:
    """Each language searches its own index: its lesson pages, nothing of the other
    language, no result without a page (/undefined). A Korean word typed with its
    particle (파이프라인을) finds the pages of the word."""
    page = watched.open(PREFIX[lang])
    hrefs = _search(page, query)
    assert all(h.startswith("/ko/") == (lang == "ko") for h in hrefs), hrefs
    assert not [h for h in hrefs if "undefined" in h], hrefs
    lessons = {m.group(1) for h in hrefs if (m := LESSON_URL.search(h))}
    assert lessons, f"searching {query!r} found no {lang} lesson page: {hrefs}"
    assert lessons <= {lesson.name for lesson in LESSONS}
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d", meta), f"no result count shown: {meta!r}"
    index = "search/search_index.json"
    loaded = [r for r in watched.requested if r.endswith(index)]
    assert loaded == [watched.base_url + PREFIX[lang] + index], loaded


# --- code blocks ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_code_blocks_have_a_working_copy_button(watched: Watched, lang: str) -> None:
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = watched.open(lesson_path(lang, MAIN_LESSON))
    blocks = page.locator("article div.highlight")
    count = blocks.count()
    assert count >= 2
    for index in range(count):
        assert blocks.nth(index).locator(COPY_BUTTON).count() == 1, f"code block {index}: no copy button"
    first = blocks.first
    first.hover()
    first.locator(COPY_BUTTON).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = first.locator("pre code").inner_text()
    assert copied.strip() and " ".join(copied.split()) == " ".join(shown.split())


# --- links --------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every ``href`` and ``src`` of a page, and every ``id`` (for fragment checks)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag in ("a", "link") and name == "href") or (tag in ("img", "script") and name == "src"):
                self.links.append(html.unescape(value))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site_dir: Path, url_path: str) -> Path:
    local = site_dir / unquote(url_path).lstrip("/")
    return local / "index.html" if url_path.endswith("/") or local.is_dir() else local


def test_no_broken_internal_links(site_dir: Path) -> None:
    """Crawl from both home pages; every internal href must exist, with its #fragment."""
    start = ["/", "/ko/"]
    seen: set[str] = set()
    queue = list(start)
    broken: list[str] = []
    pages: dict[str, _Links] = {}
    checked = 0
    while queue:
        url_path = queue.pop()
        if url_path in seen:
            continue
        seen.add(url_path)
        pages[url_path] = _parse(_target_file(site_dir, url_path))
        for link in pages[url_path].links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            absolute = urlsplit(urljoin(f"http://site{url_path}", link))
            target = _target_file(site_dir, absolute.path)
            checked += 1
            if not target.is_file():
                broken.append(f"{url_path} -> {link} (no {target.relative_to(site_dir)})")
                continue
            if target.suffix == ".html":
                if absolute.path not in seen:
                    queue.append(absolute.path)
                if absolute.fragment:
                    ids = pages[absolute.path].ids if absolute.path in pages else _parse(target).ids
                    if unquote(absolute.fragment) not in ids:
                        broken.append(f"{url_path} -> {link} (no id {absolute.fragment!r})")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(sorted(set(broken))[:60])
    crawled = {p for p in pages if p.endswith("/")}
    for lang in LANGS:
        for name in LESSON_PAGES:
            assert lesson_path(lang, name) in crawled, f"{lesson_path(lang, name)} is not reachable"
    for page in ("migration/", "instructor-guide/"):
        for lang in LANGS:
            if (REPO / "lessons" / lang / page.replace("/", ".md")).is_file():
                assert PREFIX[lang] + page in crawled, f"{PREFIX[lang] + page} is not reachable"
    assert checked > 100, f"only {checked} links checked: is the site empty?"


# --- console errors --------------------------------------------------------------------------


def built_pages(site_dir: Path) -> list[str]:
    """The URL path of every page of the site, both languages (404 pages included)."""
    paths = sorted(
        "/" + str(p.parent.relative_to(site_dir)).replace(".", "").strip("/") + "/"
        for p in site_dir.rglob("index.html")
    )
    return [p.replace("//", "/") for p in paths] + ["/404.html", "/ko/404.html"]


# --- pipeline graphs: readable on a phone, labels inside their boxes ---------------------

GRAPH_PAGES = [
    (lang, name)
    for lang in LANGS
    for name in LESSON_PAGES
    if "```kfp-dag" in (REPO / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8")
]


@pytest.mark.parametrize("width", [390, 1280])
def test_graph_labels_are_readable_and_inside_their_boxes(
    browser: Any, base_url: str, site_dir: Path, width: int
) -> None:
    """On a 390 px phone and a desktop: every label of every graph is drawn at 12 px or
    more, whole (never cut with an ellipsis), and inside its box in the real font."""
    watched = Watched(browser, base_url, site_dir, width=width)
    problems = []
    try:
        for lang, name in GRAPH_PAGES:
            page = watched.open(lesson_path(lang, name))
            found = page.evaluate(
                """() => {
                    const out = [];
                    for (const svg of document.querySelectorAll("figure.kfp-dag svg")) {
                        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                        for (const g of svg.querySelectorAll("g[data-id]")) {
                            const rect = g.querySelector("rect").getBBox();
                            const text = g.querySelector("text");
                            const box = text.getBBox();
                            const size = parseFloat(getComputedStyle(text).fontSize) * scale;
                            const words = text.textContent;
                            const inside = box.x >= rect.x - 0.5 && box.y >= rect.y - 0.5 &&
                                box.x + box.width <= rect.x + rect.width + 0.5 &&
                                box.y + box.height <= rect.y + rect.height + 0.5;
                            out.push({id: g.dataset.id, size, inside, words});
                        }
                    }
                    return out;
                }"""
            )
            assert found, f"{lang}/{name}: no graph drawn"
            for label_ in found:
                where = f"{lang}/{name} {label_['id']}"
                if label_["size"] < 11.95:
                    problems.append(f"{where}: text at {label_['size']:.1f} px")
                if not label_["inside"]:
                    problems.append(f"{where}: label {label_['words']!r} spills out of its box")
                if "…" in label_["words"] or "..." in label_["words"]:
                    problems.append(f"{where}: label cut: {label_['words']!r}")
    finally:
        watched.close()
    assert not problems, "\n".join(problems)


def _axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ` +
                    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return list(found)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_accessible_and_quiet(watched: Watched, site_dir: Path, lang: str) -> None:
    """On every page of the language (404 page included): no serious or critical axe-core
    violation, no console error, no failed request or redirect, no request to another host
    (the instructor guide promises a site that works offline)."""
    assert watched.page.evaluate("axe.version") == AXE_VERSION
    pages = [p for p in built_pages(site_dir) if p.startswith("/ko/") == (lang == "ko")]
    assert len(pages) > len(LESSON_PAGES)
    problems = []
    for path in pages:
        watched.console_errors.clear()
        watched.failed.clear()
        watched.external.clear()
        watched.open(path)
        if watched.failed or watched.console_errors:
            problems.append(f"{path}: failed={watched.failed} console={watched.console_errors}")
        if watched.external:
            problems.append(f"{path}: requests outside the site: {watched.external}")
        problems.extend(f"{path}: axe {line}" for line in _axe_violations(watched.page))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_a_404_page_in_each_language(watched: Watched, lang: str, site_dir: Path) -> None:
    """The host serves the English 404 for every missing address; under /ko/ it shows the
    Korean one."""
    # where the host publishes the site (GitHub Pages: /REPO/), as a reader would mistype it
    site_root = watched.base_url + SITE_PATH.rstrip("/")
    missing = f"{site_root}{PREFIX[lang]}no-such-page/"
    english_404 = (site_dir / "404.html").read_text(encoding="utf-8")
    watched.page.route(
        missing, lambda route: route.fulfill(status=404, body=english_404, content_type="text/html")
    )
    watched.page.goto(missing)
    if lang != "en":  # the English page sends the reader on to the Korean one: wait for it
        watched.page.wait_for_url(f"**{PREFIX[lang]}404.html")
    watched.page.wait_for_load_state("networkidle")
    page = watched.page
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1#not-found").inner_text().strip() == label("not_found_title", lang)
    home = page.locator("article a.md-button").first.get_attribute("href")
    assert home and urlsplit(urljoin(page.url, home)).path == SITE_PATH.rstrip("/") + PREFIX[lang]


# --- without chromium ------------------------------------------------------------------------


@pytest.mark.parametrize("ci", [False, True])
def test_missing_chromium_skips_or_fails_on_ci(monkeypatch: pytest.MonkeyPatch, ci: bool) -> None:
    """Without chromium: skip with the install command, or fail with it when CI is set."""
    monkeypatch.setattr(browser_support, "CHROMIUM", Path("/nonexistent/chromium"))
    if ci:
        monkeypatch.setenv("CI", "1")
    else:
        monkeypatch.delenv("CI", raising=False)
    expected = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(expected) as outcome:
        require_chromium()
    assert "/nonexistent/chromium is missing" in str(outcome.value)
    assert "apt-get install -y chromium" in str(outcome.value)
