"""Korean pages render Hangul with a Korean face, in a real browser (Debian's chromium).

Until a Korean font was installed, the screenshots in ``test-artifacts/`` showed boxes for
every Hangul syllable: no test had ever looked at Korean text. These checks ask chromium
itself, through the DevTools protocol (``CSS.getPlatformFontsForNode``), which platform
font drew the Hangul of a /ko/ page, and what ``font-family`` the page's CSS gives it:

- the site's CSS gives /ko/ pages (``<html lang="ko">``) a Korean font stack first, and
  leaves English pages alone;
- the Hangul of a /ko/ lesson page and notebook page is drawn by a font that has Hangul
  glyphs (Noto Sans CJK KR, NanumGothic, ...), not by a Latin fallback showing boxes.

Needs ``/usr/bin/chromium`` and a Korean font (``apt-get install -y fonts-noto-cjk``;
``scripts/test.sh`` installs it when run as root). Without either, the tests skip with
the install command, or fail when ``CI`` is set, like the other browser tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import launch_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site_browser")]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CSS = REPO / "lessons" / "assets" / "kfp-tutorial.css"
TIMEOUT_MS = 20_000
FONT_INSTALL = "apt-get install -y fonts-noto-cjk"
# The first faces of the /ko/ stack, in the order lessons/assets/kfp-tutorial.css gives them.
KOREAN_STACK = ["Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR"]
# Platform font families that have Hangul glyphs (what chromium may report on Linux).
KOREAN_FACE = re.compile(r"CJK|\bKR\b|Nanum|Malgun|Apple SD Gothic|Baekmuk|\bUn[A-Z]", re.I)
HANGUL = re.compile(r"[가-힣]")
# Lesson page and notebook page whose headings and prose are mostly Hangul.
KO_PAGES = ["/ko/02-add/", "/ko/notebooks/02-add/"]


# --- is there a Korean font at all? -----------------------------------------------------


def korean_fonts() -> list[str]:
    """Font families fontconfig knows that cover Korean (empty when none is installed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        found = [p.name for p in Path("/usr/share/fonts").rglob("*") if KOREAN_FACE.search(p.name)]
        return sorted(found)
    listed = subprocess.run(
        [fc_list, ":lang=ko", "family"], capture_output=True, text=True, timeout=60, check=False
    )
    return sorted({line.strip() for line in listed.stdout.splitlines() if line.strip()})


def require_korean_font() -> None:
    """Skip (or, with ``CI`` set, fail) with the install command when no Korean font exists."""
    if not korean_fonts():
        message = f"no font with Hangul glyphs is installed: {FONT_INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def font_stack(declaration: str) -> list[str]:
    """``"A", 'B', c`` -> ``["A", "B", "c"]``: the families of a CSS font-family value."""
    return [part.strip().strip("\"'") for part in declaration.split(",") if part.strip()]


def korean_rule_stack(css: str) -> list[str]:
    """The font-family the site's CSS gives ``html[lang="ko"] body``."""
    match = re.search(r'html\[lang="ko"\] body[^{]*\{[^}]*?font-family:\s*([^;]+);', css, re.S)
    assert match, 'kfp-tutorial.css has no font-family for html[lang="ko"] body'
    return font_stack(match.group(1))


# --- the site, a browser, and what chromium drew ----------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _needs_a_korean_font() -> None:
    require_korean_font()


@pytest.fixture(scope="module")
def browser_page(base_url: str) -> Iterator[tuple[Any, str]]:
    """A chromium page and the address of the built site."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        yield page, base_url
        context.close()
        browser.close()


@pytest.fixture
def open_page(browser_page: tuple[Any, str]) -> Any:
    """``open_page(path)`` loads a page of the site, waits for its fonts, returns the page."""
    page, base_url = browser_page

    def load(path: str) -> Any:
        response = page.goto(base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page

    return load


def hangul_elements(cdp: Any, root: int) -> list[int]:
    """Node ids of the article's headings and paragraphs (the Hangul a reader reads)."""
    found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "article h1, article p"})
    return list(found["nodeIds"])


def fonts_drawing_hangul(page: Any) -> dict[str, int]:
    """Platform font family -> glyphs drawn, over the Hangul headings and paragraphs of
    the open page, as chromium reports them (``CSS.getPlatformFontsForNode``)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        glyphs: dict[str, int] = {}
        for node in hangul_elements(cdp, root):
            text = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
            if not HANGUL.search(re.sub(r"<[^>]+>", "", text)):
                continue
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                glyphs[font["familyName"]] = glyphs.get(font["familyName"], 0) + font["glyphCount"]
        return glyphs
    finally:
        cdp.detach()


def computed_font_family(page: Any, selector: str) -> list[str]:
    value = page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).fontFamily")
    return font_stack(value)


# --- the checks -------------------------------------------------------------------------


def test_the_css_puts_the_korean_stack_first() -> None:
    stack = korean_rule_stack(CSS.read_text(encoding="utf-8"))
    assert stack[: len(KOREAN_STACK)] == KOREAN_STACK
    assert stack[-1] == "sans-serif"


def test_korean_face_names_are_recognised() -> None:
    for name in ("Noto Sans CJK KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo"):
        assert KOREAN_FACE.search(name), name
    for name in ("DejaVu Sans", "Liberation Sans", "Noto Sans", "Ubuntu"):
        assert not KOREAN_FACE.search(name), name


def test_ko_pages_are_lang_ko_and_use_the_korean_stack(open_page: Any) -> None:
    for path in KO_PAGES:
        page = open_page(path)
        assert page.evaluate("document.documentElement.lang") == "ko", path
        for selector in ("body", "article.md-typeset"):
            family = computed_font_family(page, selector)
            assert family[: len(KOREAN_STACK)] == KOREAN_STACK, (path, selector, family)
    page = open_page("/02-add/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert computed_font_family(page, "body")[0] not in KOREAN_STACK


def test_hangul_is_drawn_with_a_korean_font(open_page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for path in KO_PAGES:
        page = open_page(path)
        glyphs = fonts_drawing_hangul(page)
        assert glyphs, f"{path}: no Hangul heading or paragraph found"
        korean = {name: n for name, n in glyphs.items() if KOREAN_FACE.search(name)}
        others = {name: n for name, n in glyphs.items() if name not in korean}
        # Latin fallbacks may draw punctuation or code; the Korean face draws most glyphs.
        assert korean, f"{path}: Hangul drawn only by {glyphs}; installed: {korean_fonts()}"
        assert sum(korean.values()) > sum(others.values()), (path, glyphs)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"site-font-{name}.png"))
