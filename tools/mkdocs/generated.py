"""The Markdown of the pages the docs hook generates in the current build, by ``src_uri``.

Shared between :mod:`tools.mkdocs.hooks` (which fills it) and
:mod:`tools.mkdocs.hooks_after_i18n` (which gives the pages their content back
after mkdocs-static-i18n has re-created the file objects). Used in: every lesson's pages.
"""

from __future__ import annotations

PAGES: dict[str, str] = {}
