"""The Korean pages and notebooks follow the style rules a machine can check (lessons/ko/glossary.md).

Each rule is a small function that returns what it finds in a page's prose; each has a
test over every Korean page and every Korean notebook (its markdown cells, which Jupyter
and GitHub render with CommonMark), and a test with a bad example that it must flag, so
a checker that silently finds nothing fails too. Pure text: no build, no run.

- a gloss is never nested inside another parenthesis;
- a gloss never follows a verb ending ("권장하지 않습니다(deprecated)");
- each English term is glossed at most once per page;
- ``**bold**`` renders as bold in CommonMark (GitHub, Jupyter): no literal ``**`` is
  left in the text, which happens when a particle follows the closing ``**``;
- the glossary's fixed terms are used, not their forbidden variants (과정, not 강좌;
  러너 for the runner, 실행기 for the executor; 뷰, not 보기; 루프 and 반복; ...);
- a notebook that names Pipeline, Component or Artifact gives its Korean reading once,
  as a page does ("Pipeline(파이프라인)").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[2]
KO_PAGES = sorted((REPO / "lessons" / "ko").glob("*.md"))
KO_NOTEBOOKS = sorted((REPO / "notebooks" / "ko").glob("*.ipynb"))
GLOSSARY = "glossary.md"  # names the forbidden variants, so it is exempt from that rule

FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
SNIPPET_LINE_RE = re.compile(r"^\s*--8<--.*$", re.M)
HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)

# 한글(English): Hangul, then parentheses holding Latin text and no Hangul.
KO_EN_GLOSS_RE = re.compile(r"(?P<ko>[가-힣][가-힣 ]*?)\s?\((?P<en>[A-Za-z][^()가-힣\n]*)\)")
# English(한글): a term kept in English followed by its Korean reading.
EN_KO_GLOSS_RE = re.compile(r"(?P<en>[A-Za-z][A-Za-z ]*?)\((?P<ko>[가-힣][가-힣 ]*)\)")
VERB_GLOSS_RE = re.compile(r"(?:니다|세요|어요|아요|해요|니까) ?\([A-Za-z][^()가-힣\n]*\)")

# Terms kept in English and the reading a page (or notebook) gives them once.
READINGS = {"Pipeline": "파이프라인", "Component": "컴포넌트", "Artifact": "아티팩트"}

# Forbidden variant -> what the glossary says instead.
FORBIDDEN: dict[str, str] = {
    r"강좌|코스": "the course is 과정",
    r"로컬 실행기|과정의 실행기|실행기\(runner\)": "the runner is 러너; 실행기 is the executor",
    r"러너\(executor\)": "the executor is 실행기; 러너 is the runner",
    r"보기\(view\)|(?:세 가지|네 가지|Graph|Compare runs\*?) 보기": (
        "a view is 뷰 (and a tab 탭), not 보기"
    ),
    r"반복\(loop\)|루프\(iteration\)|반복문": "a loop is 루프, one iteration is 반복",
    r"상한을 두": "a limit is 제한",
    r"겹쳐 쓸 수|겹쳐 씁": "nested conditions are 중첩; 겹쳐 쓰다 means overwrite",
    r"번갈아 실행": "tasks that run one after another run 차례로",
    r"Artifact\((?!아티팩트\))[가-힣]+\)": "Artifact is read 아티팩트",
    r"[은는이가을를]\((?:은|는|이|가|을|를)\)": "a particle follows the final consonant; never 은(는)",
}


def prose(markdown: str) -> str:
    """The page without code: fences, inline code, snippet includes and HTML comments."""
    text = HTML_COMMENT_RE.sub("", markdown)
    text = FENCE_RE.sub("", text)
    text = SNIPPET_LINE_RE.sub("", text)
    text = INLINE_CODE_RE.sub("", text)
    return text.replace("**", "")


def nested_glosses(markdown: str) -> list[str]:
    """Glosses written inside another parenthesis: '함수(또는 이미지(image))'."""
    found = []
    for line in prose(markdown).splitlines():
        for regex in (KO_EN_GLOSS_RE, EN_KO_GLOSS_RE):
            for match in regex.finditer(line):
                opening = line.index("(", match.start())
                before = line[:opening]
                if before.count("(") > before.count(")"):
                    found.append(line.strip())
    return found


def glosses_after_verbs(markdown: str) -> list[str]:
    """Glosses right after a verb ending: '권장하지 않습니다(deprecated)'."""
    return VERB_GLOSS_RE.findall(prose(markdown))


def glossed_terms(markdown: str) -> Counter[str]:
    """How often each English term is glossed on the page, in either direction."""
    text = prose(markdown)
    counts: Counter[str] = Counter()
    for match in KO_EN_GLOSS_RE.finditer(text):
        counts[match.group("en").strip().lower()] += 1
    for match in EN_KO_GLOSS_RE.finditer(text):
        counts[match.group("en").split()[-1].lower()] += 1
    return counts


def repeated_glosses(markdown: str) -> dict[str, int]:
    """English terms glossed more than once on one page."""
    return {term: n for term, n in glossed_terms(markdown).items() if n > 1}


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


def forbidden_variants(markdown: str) -> list[str]:
    """Forbidden variants of the glossary's fixed terms, with what to write instead."""
    text = prose(markdown)
    return [
        f"{match.group(0)!r}: {reason}"
        for pattern, reason in FORBIDDEN.items()
        for match in re.finditer(pattern, text)
    ]


def notebook_markdown(path: Path) -> str:
    """A notebook's markdown cells, one after another: what the reader reads in Jupyter."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return "\n\n".join(sources)


def missing_readings(markdown: str) -> list[str]:
    """Terms kept in English that the text uses without ever giving their reading."""
    text = prose(markdown)
    return [
        f"{term}({reading})"
        for term, reading in READINGS.items()
        if re.search(rf"(?<![A-Za-z_.]){term}(?![A-Za-z_])", text) and f"{term}({reading})" not in text
    ]


# --- the rules, on every Korean page ----------------------------------------------------


def page_id(path: Path) -> str:
    return path.name


def test_there_are_korean_pages() -> None:
    assert len(KO_PAGES) >= 15, [p.name for p in KO_PAGES]


@pytest.mark.parametrize("path", KO_PAGES, ids=page_id)
def test_no_nested_glosses(path: Path) -> None:
    assert not nested_glosses(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", KO_PAGES, ids=page_id)
def test_no_gloss_after_a_verb(path: Path) -> None:
    assert not glosses_after_verbs(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", KO_PAGES, ids=page_id)
def test_each_term_is_glossed_at_most_once(path: Path) -> None:
    assert not repeated_glosses(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", KO_PAGES, ids=page_id)
def test_bold_renders_in_commonmark(path: Path) -> None:
    assert not stray_bold_markers(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [p for p in KO_PAGES if p.name != GLOSSARY], ids=page_id)
def test_glossary_terms_are_used(path: Path) -> None:
    assert not forbidden_variants(path.read_text(encoding="utf-8"))


# --- the same rules on every Korean notebook's markdown cells --------------------------


def test_there_are_korean_notebooks() -> None:
    assert len(KO_NOTEBOOKS) >= 10, [p.name for p in KO_NOTEBOOKS]
    assert all(notebook_markdown(p).strip() for p in KO_NOTEBOOKS)


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_has_no_nested_glosses(path: Path) -> None:
    assert not nested_glosses(notebook_markdown(path))


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_has_no_gloss_after_a_verb(path: Path) -> None:
    assert not glosses_after_verbs(notebook_markdown(path))


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_glosses_each_term_at_most_once(path: Path) -> None:
    assert not repeated_glosses(notebook_markdown(path))


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_bold_renders_in_commonmark(path: Path) -> None:
    assert not stray_bold_markers(notebook_markdown(path))


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_uses_the_glossary_terms(path: Path) -> None:
    assert not forbidden_variants(notebook_markdown(path))


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=page_id)
def test_notebook_gives_the_readings_of_english_terms(path: Path) -> None:
    assert not missing_readings(notebook_markdown(path))


def test_the_glossary_names_every_fixed_pair() -> None:
    glossary = (REPO / "lessons" / "ko" / GLOSSARY).read_text(encoding="utf-8")
    for term in (
        "러너(runner)",
        "실행기(executor)",
        "뷰(view)",
        "루프(loop)",
        "반복(iteration)",
        "요청(request)",
        "제한(limit)",
        "Artifact(아티팩트)",
        "'강좌'",
    ):
        assert term in glossary, term


# --- each checker flags a bad example (and passes a good one) -------------------------


def test_nested_gloss_is_flagged() -> None:
    assert nested_glosses("Python 함수(또는 컨테이너 이미지(container image))입니다.")
    assert not nested_glosses("Python 함수이거나 컨테이너 이미지(container image)입니다.")
    assert not nested_glosses("폴더에는 `run.json`(상태와 인자)이 있습니다.")


def test_gloss_after_a_verb_is_flagged() -> None:
    assert glosses_after_verbs("v2에서는 권장하지 않습니다(deprecated).")
    assert glosses_after_verbs("캐싱을 끄세요(disable).")
    assert not glosses_after_verbs("폐기 예정(deprecated)인 API입니다.")
    assert not glosses_after_verbs("실행됩니다(수업 09).")


def test_repeated_gloss_is_flagged() -> None:
    page = "태스크(Task) 하나와 태스크(Task) 둘. Pipeline(파이프라인)과 Pipeline(파이프라인)."
    assert repeated_glosses(page) == {"task": 2, "pipeline": 2}
    assert not repeated_glosses("태스크(Task) 하나. `태스크(Task)`는 코드입니다. Pipeline(파이프라인).")


def test_bold_before_a_particle_is_flagged() -> None:
    assert stray_bold_markers("**실행(Run)**은 Pipeline을 한 번 실행한 것입니다.")
    assert stray_bold_markers('??? success "풀이"\n\n    **태스크(Task)**가 생깁니다.\n')
    assert not stray_bold_markers("**실행**(Run)은 한 번의 실행입니다. 결과는 **26**입니다.")
    assert not stray_bold_markers("코드 `**kwargs`는 괜찮습니다.\n\n```python\nf(**args)\n```\n")


def test_forbidden_variants_are_flagged() -> None:
    bad = (
        "이 강좌에서는 로컬 실행기가 알려 줍니다. 세 가지 보기가 있습니다. 반복문 다음에 "
        "조건은 겹쳐 쓸 수 있습니다. 생산자들이 번갈아 실행됩니다. Artifact(아티펙트). 7은(는)"
    )
    reasons = " ".join(forbidden_variants(bad))
    for expected in ("과정", "러너", "뷰", "루프", "중첩", "차례로", "아티팩트", "final consonant"):
        assert expected in reasons, expected
    good = (
        "이 과정의 러너(runner)가 알려 줍니다. Graph 뷰, 루프(loop)의 반복, 조건은 중첩할 수 있습니다."
    )
    assert not forbidden_variants(good)
    assert not forbidden_variants("`7은(는)` 메시지는 코드 안에 있습니다.")


def test_missing_reading_is_flagged() -> None:
    assert missing_readings("Pipeline을 실행합니다. Component는 함수입니다.") == [
        "Pipeline(파이프라인)",
        "Component(컴포넌트)",
    ]
    assert not missing_readings("Pipeline(파이프라인)을 실행합니다. 다음 Pipeline도 실행합니다.")
    assert not missing_readings("`dsl.Artifact`, `@dsl.pipeline`은 코드입니다. PipelineSpec도 다릅니다.")


def test_notebook_markdown_is_read_from_markdown_cells_only(tmp_path: Path) -> None:
    notebook = tmp_path / "nb.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["**실행(Run)**은\n", "첫 셀"]},
        {"cell_type": "code", "metadata": {}, "source": ["f(**kwargs)  # 강좌"], "outputs": []},
        {"cell_type": "markdown", "metadata": {}, "source": "둘째 셀"},
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    markdown = notebook_markdown(notebook)
    assert markdown == "**실행(Run)**은\n첫 셀\n\n둘째 셀"
    assert stray_bold_markers(markdown) and not forbidden_variants(markdown)
