"""The rules of lessons/ko/glossary.md that a machine can check, as functions over text.

The glossary page is the one source: its tables are read here (the terms translated with a
gloss, the terms kept in English and their readings, the words not to use), so a row added
to the page is a rule at once. Each function returns what it finds, as lines that say what
to write instead; tests/site/test_korean_style.py applies them to every Korean page and
notebook, tests/unit/test_i18n.py to every Korean message.

Used in: the Korean style tests (pages, notebooks, stored outputs, messages).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

from kfp_tutorial.i18n.korean import PAIRS, josa

REPO = Path(__file__).resolve().parents[1]
GLOSSARY_PATH = REPO / "lessons" / "ko" / "glossary.md"
# Pages that may write the Korean reading of a term kept in English: the glossary and the
# course's home page (the glossary's rule "No Korean reading for the terms kept in English").
READING_PAGES = ("glossary.md", "index.md")
MAX_GLOSSES_PER_PARAGRAPH = 2

FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
# Inline code may go on over a line break (CommonMark), not over a blank line.
INLINE_CODE_RE = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])+?(?<!`)\1(?!`)")
SNIPPET_LINE_RE = re.compile(r"^\s*--8<--.*$", re.M)
HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}")

# 한글(English): Hangul, then parentheses holding an English word or phrase. A parenthesis
# that starts with an acronym (ROC AUC, KFP UI, FPR) is an abbreviation, not a gloss.
KO_EN_GLOSS_RE = re.compile(r"(?P<ko>[가-힣][가-힣 ]*?)\s?\((?P<en>[A-Za-z][A-Za-z \-]*)\)")
# English(한글): an English word followed by Korean in parentheses.
EN_KO_RE = re.compile(r"(?P<en>[A-Za-z][A-Za-z ]*?)\((?P<ko>[가-힣][^()\n]*)\)")
VERB_GLOSS_RE = re.compile(r"(?:니다|세요|어요|아요|해요|니까) ?\([A-Za-z][^()가-힣\n]*\)")
# A parenthesis after a verb form that modifies a noun: "시작하는(`FROM`)".
ADNOMINAL_PAREN_RE = re.compile(r"(?:하는|되는|있는|없는|하던)\((?:`|[A-Za-z])")
# A parenthesis that starts with a particle belongs to the word before it: "(와 실험 페이지)".
PARTICLE_PAREN_RE = re.compile(r"\((?:와|과|이나|나|을|를|은|는|이|가|의|에|로|으로) ")
CODE_MARK = "§"  # stands for inline code where what matters is that code was there


@dataclass(frozen=True)
class Avoided:
    """One word of the glossary's "words not to use" table."""

    variant: str
    instead: str
    why: str


# --- the glossary page ----------------------------------------------------------------------


def _section_tables(markdown: str) -> dict[str, list[list[str]]]:
    """The rows of the table in each ``## ... {#id}`` section (header and rule lines dropped)."""
    tables: dict[str, list[list[str]]] = {}
    section = ""
    for line in markdown.splitlines():
        heading = re.match(r"^##\s.*\{#([\w-]+)\}\s*$", line)
        if heading:
            section = heading.group(1)
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            tables.setdefault(section, []).append(cells)
    return {name: rows[2:] for name, rows in tables.items()}


def _code_items(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@cache
def glossary_tables() -> dict[str, list[list[str]]]:
    return _section_tables(GLOSSARY_PATH.read_text(encoding="utf-8"))


@cache
def avoided_words() -> tuple[Avoided, ...]:
    """The glossary's table of words not to use (section ``#avoid``)."""
    rows = glossary_tables()["avoid"]
    return tuple(
        Avoided(variant, instead, why) for words, instead, why in rows for variant in _code_items(words)
    )


@cache
def allowed_glosses() -> frozenset[tuple[str, str]]:
    """(Korean, english) of every '한글(English)' the glossary's 'first use' columns allow."""
    allowed = set()
    for section in ("translated", "pairs"):
        for row in glossary_tables()[section]:
            for item in _code_items(row[2]):
                match = re.fullmatch(r"(.+?)\((.+)\)", item)
                if match:
                    allowed.add((match.group(1), match.group(2).lower()))
    return frozenset(allowed)


@cache
def readings() -> dict[str, str]:
    """Term kept in English -> its Korean reading (``Pipeline`` -> ``파이프라인``)."""
    found = {}
    for row in glossary_tables()["kept-in-english"]:
        terms, spoken = [t.strip() for t in row[0].split(",")], [r.strip() for r in row[1].split(",")]
        found.update({term: reading for term, reading in zip(terms, spoken, strict=False) if reading})
    return found


# --- what a reader reads --------------------------------------------------------------------


def without_fences(markdown: str) -> str:
    """The page without code blocks, snippet includes and HTML comments (inline code kept)."""
    text = HTML_COMMENT_RE.sub("", markdown)
    text = FENCE_RE.sub("", text)
    return SNIPPET_LINE_RE.sub("", text)


def prose(markdown: str) -> str:
    """The page's prose: no code (fenced or inline), no snippet includes, no bold markers."""
    return INLINE_CODE_RE.sub("", without_fences(markdown)).replace("**", "")


def marked_prose(markdown: str) -> str:
    """Like :func:`prose`, but each inline code span leaves a mark: ``(`x`는 `y`)`` is a
    parenthesis that starts with code, not with the particle 는."""
    return INLINE_CODE_RE.sub(CODE_MARK, without_fences(markdown)).replace("**", "")


QUOTED_RE = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def message_prose(template: str) -> str:
    """A message template's own words: placeholders and quoted names or values removed
    (a message writes code without backticks, and quotes the names it means as code)."""
    return QUOTED_RE.sub(" ", PLACEHOLDER_RE.sub(" ", template))


def notebook_markdown(path: Path) -> str:
    """A notebook's markdown cells, one after another: what the reader reads in Jupyter."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return "\n\n".join(sources)


def notebook_outputs(path: Path) -> list[tuple[int, str]]:
    """(cell index, text) of every stored text output of a notebook's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                found.append((index, "".join(output["text"])))
            text = output.get("data", {}).get("text/plain")
            if text:
                found.append((index, "".join(text)))
    return found


# --- the rules --------------------------------------------------------------------------------


def _is_acronym(english: str) -> bool:
    first = english.split()[0]
    return first.isupper() and len(first) > 1


def glosses(text: str) -> list[tuple[str, str]]:
    """Every '한글(English)' in ``text`` (prose), as (Korean before it, English)."""
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # a gloss may start on one line, end on the next
    return [
        (match.group("ko").strip(), match.group("en").strip())
        for match in KO_EN_GLOSS_RE.finditer(text)
        if not _is_acronym(match.group("en"))
    ]


def nested_glosses(markdown: str) -> list[str]:
    """Glosses written inside another parenthesis: '함수(또는 이미지(image))'."""
    found = []
    for line in prose(markdown).splitlines():
        for regex in (KO_EN_GLOSS_RE, EN_KO_RE):
            for match in regex.finditer(line):
                opening = line.index("(", match.start())
                before = line[:opening]
                if before.count("(") > before.count(")"):
                    found.append(line.strip())
    return found


def glosses_after_verbs(markdown: str) -> list[str]:
    """Glosses or code in parentheses right after a verb: '권장하지 않습니다(deprecated)',
    '시작하는(`FROM`)'."""
    return VERB_GLOSS_RE.findall(prose(markdown)) + ADNOMINAL_PAREN_RE.findall(without_fences(markdown))


def parenthesised_particles(text: str) -> list[str]:
    """Parentheses that start with a particle: 'Recurring Runs(와 실험 페이지)'."""
    return [line.strip() for line in text.splitlines() for _ in PARTICLE_PAREN_RE.finditer(line)]


def repeated_glosses(markdown: str) -> dict[str, int]:
    """English terms glossed more than once on one page."""
    counts = Counter(english.lower() for _, english in glosses(prose(markdown)))
    return {term: n for term, n in counts.items() if n > 1}


def unlisted_glosses(text: str) -> list[str]:
    """Glosses the glossary does not allow: a transliteration (태스크(Task)), an everyday
    word, or a term the glossary has not decided yet."""
    allowed = allowed_glosses()
    return [
        f"{korean}({english}): the glossary writes this term without English; drop the "
        "parentheses, or add the term to lessons/ko/glossary.md with '한글(English)' in its "
        "'처음 나올 때' column"
        for korean, english in glosses(text)
        if not any(korean.endswith(ko.split()[-1]) and english.lower() == en for ko, en in allowed)
    ]


def crowded_paragraphs(markdown: str) -> list[str]:
    """Paragraphs with more glosses than the glossary allows in one paragraph."""
    found = []
    for paragraph in re.split(r"\n\s*\n", prose(markdown)):
        terms = glosses(paragraph)
        if len(terms) > MAX_GLOSSES_PER_PARAGRAPH:
            listed = ", ".join(f"{ko.split()[-1]}({en})" for ko, en in terms)
            found.append(f"{len(terms)} glosses in one paragraph: {listed}")
    return found


def readings_outside_home(text: str, page: str = "") -> list[str]:
    """'Pipeline(파이프라인)' on a page that may not give the reading of a term kept in
    English (every page but the glossary and the home page)."""
    if page in READING_PAGES:
        return []
    return [
        f"{term}({reading}): the reading of a term kept in English is written only in "
        f"{' and '.join(READING_PAGES)}; write {term} alone"
        for term, reading in readings().items()
        for _ in re.finditer(rf"(?<![A-Za-z]){re.escape(term)}\({reading}\)", text)
    ]


def _variant_pattern(variant: str) -> re.Pattern[str]:
    escaped = re.escape(variant)
    if variant.isascii():  # an English word: whole words only, not code (task.output, f(task, x))
        return re.compile(rf"(?<![A-Za-z_\-.(]){escaped}(?![A-Za-z_\-.(\[=])")
    return re.compile(escaped)


def forbidden_variants(text: str, *, korean_only: bool = False) -> list[str]:
    """Words of the glossary's "not to use" table in ``text`` (prose or message), with
    what to write instead. Readings written as 'Pipeline(파이프라인)' are left to
    :func:`readings_outside_home`. ``korean_only``: skip the English words of the table
    (for a notebook's stored output, whose English comes from the code, not the prose)."""
    plain = text.replace("*", "")
    for term, reading in readings().items():
        plain = plain.replace(f"{term}({reading})", term)
    allowed = {english for _, english in allowed_glosses()}
    plain = KO_EN_GLOSS_RE.sub(  # the English of an allowed gloss is not a word of the sentence
        lambda m: m.group("ko") if m.group("en").strip().lower() in allowed else m.group(0), plain
    )
    return [
        f"{match.group(0)!r}: write {word.instead} ({word.why})"
        for word in avoided_words()
        if not (korean_only and word.variant.isascii())
        for match in _variant_pattern(word.variant).finditer(plain)
    ]


# Code or an English word, directly followed by a particle. The particle must end there
# (a space, punctuation or the end follows), so '`x`이고' (a verb) is not read as '이'.
_PARTICLE_FORMS = sorted((form for forms in PAIRS.values() for form in forms), key=len, reverse=True)
_WORD_AND_PARTICLE_RE = re.compile(
    r"(?P<word>`[^`\n]+`|(?<![\w.-])[A-Za-z][A-Za-z0-9_.]*(?:\([A-Za-z0-9_.\[\]\"']*\))?)"
    r"(?P<particle>" + "|".join(_PARTICLE_FORMS) + r")"
    r"(?=[\s.,;:!?)\]”’'\"…]|$)"
)
_FORM_TO_PAIR_NAME = {form: pair for pair, forms in PAIRS.items() for form in forms}


def particle_mismatches(text: str, *, all_code: bool = False) -> list[str]:
    """Particles after code or English words that do not fit how the word is read:
    '`set_gpu_limit`는' (리밋은), 'OutputPath(Dataset)나' (데이터셋이나). ``all_code``: the
    text writes code without backticks (a message), so every word is read as code."""
    found = []
    for match in _WORD_AND_PARTICLE_RE.finditer(text):
        word, particle = match.group("word"), match.group("particle")
        # In prose, 'PersistentVolumeClaim(PVC)을' is a word and a parenthesis: the particle
        # follows the word. In code, 'OutputPath(Dataset)' is read through to its end.
        said = word.strip("`") if word.startswith("`") or all_code else word.split("(")[0]
        right = josa(said, _FORM_TO_PAIR_NAME[particle])
        if particle != right:
            found.append(
                f"{word}{particle}: write {word}{right} (the particle follows how "
                f"{word.strip('`')} is read; if that reading is wrong, fix "
                "kfp_tutorial/i18n/korean.py and add the word to "
                "tests/unit/test_korean_particles.py)"
            )
    return found


def commonmark_source(markdown: str) -> str:
    """The page as CommonMark sees it, with MkDocs admonition bodies un-indented so
    their prose is checked too (CommonMark would take them for code blocks)."""
    lines, out, in_block = markdown.splitlines(), [], False
    for line in lines:
        if re.match(r"^(\?\?\?\+?|!!!) ", line):
            in_block = True
            out.append("")
            continue
        if in_block and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
            continue
        in_block = False
        out.append(line)
    return "\n".join(out)


def stray_bold_markers(markdown: str) -> list[str]:
    """Text that still contains ``**`` after CommonMark rendering (code excluded)."""
    md = MarkdownIt("commonmark").enable("table")
    found = []
    for token in md.parse(commonmark_source(markdown)):
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "text" and "**" in child.content:
                found.append(token.content.strip())
                break
    return found
