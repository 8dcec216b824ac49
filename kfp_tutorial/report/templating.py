"""The report's jinja2 environment: templates from ``report/templates``, autoescaping on.

Every ``{{ value }}`` in a template is HTML-escaped (``autoescape``), a name the template
does not get is an error (``StrictUndefined``), and newlines in values become ``&#10;``
so the whole report is one line (a notebook's HTML output becomes part of a Markdown page
on the docs site, and a blank line would split it). Line breaks and indentation in the
template files are layout only: they are removed when a template is loaded, so a space the
page needs is written on the line itself. Only our own markup is marked safe: the DAG
SVG, the inlined CSS, and HTML a template rendered.
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.ext import Extension
from markupsafe import Markup, escape


class _OneLine(Extension):
    """Join each template's lines, without their indentation, before it is compiled."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return "".join(line.strip() for line in source.splitlines())


def one_line(value: Any) -> Markup:
    """Escape a value and keep it on one line; markup (already escaped, or our own) stays
    as it is: an HTML artifact's own text must reach its iframe unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(value)).replace("\n", "&#10;"))


@functools.cache
def environment() -> Environment:
    """The one environment every report template is rendered with."""
    env = Environment(
        loader=PackageLoader("kfp_tutorial.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "j2", "svg"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        finalize=one_line,
        extensions=[_OneLine],
        keep_trailing_newline=False,
    )
    return env


@functools.cache
def report_css() -> Markup:
    """``report.css``, on one line, for the page's ``<style>`` (our own file: trusted)."""
    text = resources.files("kfp_tutorial.report").joinpath("report.css").read_text(encoding="utf-8")
    return Markup(text.replace("\n", ""))


def render(template: str, **context: Any) -> Markup:
    """Render one template to markup (to put into another template as it is)."""
    return Markup(environment().get_template(template).render(**context))
