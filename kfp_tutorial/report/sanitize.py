"""Clean HTML made from a Markdown artifact: keep an allow-list of tags and attributes.

Markdown artifacts are rendered by the ``markdown`` package with raw HTML turned off (it is
shown as text); this pass is the second lock: it re-builds the HTML from an allow-list,
escaping every text and attribute, and drops links and image sources whose scheme could
run code (``javascript:``, ``vbscript:``, ``data:`` other than images), entities and
whitespace tricks included, since the parser decodes them first.
Used in: lesson 06 (Markdown artifacts in the run report).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

_TAGS = frozenset(
    "a abbr b blockquote br code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i img li ol p pre "
    "s span strong sub sup table tbody td tfoot th thead tr ul".split()
)
_VOID = frozenset({"br", "hr", "img"})
_DROP_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "style", "colspan", "rowspan"},
    "th": {"align", "style", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
_URL_ATTRIBUTES = frozenset({"href", "src"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SAFE_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
_SAFE_CLASS = re.compile(r"^[\w -]*$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(value: str, image: bool = False) -> str:
    """``value`` if it is a relative URL, a fragment or uses a safe scheme; else ``#``."""
    compact = _IGNORED_IN_URLS.sub("", value).lower()
    match = _SCHEME.match(compact)
    if match is None:
        return value
    scheme = match.group(1)
    if scheme in _SAFE_SCHEMES:
        return value
    if image and compact.startswith("data:image/"):
        return value
    return "#"


def _safe_attribute(tag: str, name: str, value: str) -> str | None:
    """The value to keep for one attribute, or None to drop it."""
    if name not in _ATTRIBUTES.get(tag, set()):
        return None
    if name in _URL_ATTRIBUTES:
        return safe_url(value, image=tag == "img")
    if name == "style":
        return value if _SAFE_STYLE.match(value) else None
    if name == "class":
        return value if _SAFE_CLASS.match(value) else None
    if name in {"width", "height", "colspan", "rowspan", "start"}:
        return value if value.isdigit() else None
    return value


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0  # inside <script> and the like: their content goes too

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if tag in _DROP_CONTENT:
            if not closed:
                self.dropping += 1
            return
        if self.dropping or tag not in _TAGS:
            return
        parts = [tag]
        for name, value in attrs:
            kept = _safe_attribute(tag, name, value or "")
            if kept is not None:
                parts.append(f'{name}="{escape(kept)}"'.replace("\n", "&#10;"))
        self.out.append("<" + " ".join(parts) + ">")
        if tag not in _VOID and not closed:
            self.open.append(tag)
        elif tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            # newlines as &#10;: the report stays one line (see templating.py)
            self.out.append(str(escape(data)).replace("\n", "&#10;"))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def clean_html(text: str) -> Markup:
    """``text`` re-built from the allow-list, every text and attribute escaped."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    return Markup(cleaner.result())
