"""The Korean pages and notebooks follow the style rules of lessons/ko/glossary.md.

The rules live in ``tests/korean_style.py``, which reads the glossary page's tables (one
source: a row added there is checked here at once). Each rule has a test over every Korean
page and every Korean notebook (its markdown cells, which Jupyter and GitHub render with
CommonMark, and for the words not to use its stored outputs too), and a test with a bad
example that it must flag, so a checker that silently finds nothing fails too. Pure text:
no build, no run.

- a gloss '한글(English)' is one the glossary allows ('처음 나올 때' column), given at most
  once per page and at most two per paragraph, never nested, never after a verb;
- the Korean reading of a term kept in English ("Pipeline(파이프라인)") is written only in
  the glossary and on the home page, and no other Korean follows an English word in
  parentheses ("Recurring Runs(와 실험 페이지)");
- a particle after code or an English word fits how the word is read ("`set_gpu_limit`은");
- ``**bold**`` renders as bold in CommonMark (no literal ``**`` left before a particle);
- the glossary's words not to use appear nowhere (강좌, 자원, 지표, 가상환경, 은(는) ...).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from korean_style import (
    GLOSSARY_PATH,
    allowed_glosses,
    avoided_words,
    crowded_paragraphs,
    forbidden_variants,
    glosses_after_verbs,
    marked_prose,
    nested_glosses,
    notebook_markdown,
    notebook_outputs,
    parenthesised_particles,
    particle_mismatches,
    prose,
    readings,
    readings_outside_home,
    repeated_glosses,
    stray_bold_markers,
    unlisted_glosses,
    without_fences,
)

REPO = Path(__file__).resolve().parents[2]
KO_PAGES = sorted((REPO / "lessons" / "ko").glob("*.md"))
KO_NOTEBOOKS = sorted((REPO / "notebooks" / "ko").glob("*.ipynb"))
ALL_NOTEBOOKS = sorted((REPO / "notebooks").rglob("*.ipynb"))
GLOSSARY = GLOSSARY_PATH.name  # states the rules with bad examples, so it is exempt


def page_id(path: Path) -> str:
    return path.name


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.suffix == ".md" else notebook_markdown(path)


KO_TEXTS = KO_PAGES + KO_NOTEBOOKS
CHECKED = [p for p in KO_TEXTS if p.name != GLOSSARY]


def text_id(path: Path) -> str:
    return str(path.relative_to(REPO / "notebooks")) if path.suffix == ".ipynb" else path.name


def test_there_are_korean_pages_and_notebooks() -> None:
    assert len(KO_PAGES) >= 15, [p.name for p in KO_PAGES]
    assert len(KO_NOTEBOOKS) >= 10, [p.name for p in KO_NOTEBOOKS]
    assert all(notebook_markdown(p).strip() for p in KO_NOTEBOOKS)


# --- the rules, on every Korean page and notebook -------------------------------------------


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_glosses_are_the_glossarys(path: Path) -> None:
    assert not unlisted_glosses(prose(text_of(path)))


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_each_term_is_glossed_at_most_once(path: Path) -> None:
    assert not repeated_glosses(text_of(path))


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_paragraphs_are_not_crowded_with_glosses(path: Path) -> None:
    assert not crowded_paragraphs(text_of(path))


@pytest.mark.parametrize("path", KO_TEXTS, ids=text_id)
def test_no_nested_glosses(path: Path) -> None:
    assert not nested_glosses(text_of(path))


@pytest.mark.parametrize("path", KO_TEXTS, ids=text_id)
def test_no_gloss_after_a_verb(path: Path) -> None:
    assert not glosses_after_verbs(text_of(path))


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_readings_only_on_the_home_page(path: Path) -> None:
    assert not readings_outside_home(prose(text_of(path)), path.name)


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_no_parenthesis_starts_with_a_particle(path: Path) -> None:
    assert not parenthesised_particles(marked_prose(text_of(path)))


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_particles_fit_the_word_before_them(path: Path) -> None:
    assert not particle_mismatches(without_fences(text_of(path)))


@pytest.mark.parametrize("path", KO_TEXTS, ids=text_id)
def test_bold_renders_in_commonmark(path: Path) -> None:
    assert not stray_bold_markers(text_of(path))


@pytest.mark.parametrize("path", CHECKED, ids=text_id)
def test_no_word_the_glossary_avoids(path: Path) -> None:
    assert not forbidden_variants(prose(text_of(path)))


@pytest.mark.parametrize("path", [p for p in ALL_NOTEBOOKS if "/ko/" in str(p)], ids=text_id)
def test_stored_outputs_use_no_word_the_glossary_avoids(path: Path) -> None:
    """What a Korean learner reads in a stored output follows the glossary too."""
    found = [
        f"cell {cell}: {hit}"
        for cell, text in notebook_outputs(path)
        for hit in forbidden_variants(text, korean_only=True)
    ]
    assert not found, f"re-execute {path.relative_to(REPO)} after fixing the message: {found}"


# --- the glossary page itself ------------------------------------------------------------------


def test_the_glossary_tables_are_read() -> None:
    """The tables the rules are read from are there and parsed, not silently empty."""
    assert ("실행", "run") in allowed_glosses() and ("실행기", "executor") in allowed_glosses()
    assert not any(ko == "태스크" for ko, _ in allowed_glosses())  # a transliteration
    assert readings()["Pipeline"] == "파이프라인" and readings()["Artifact"] == "아티팩트"
    variants = {word.variant for word in avoided_words()}
    assert {"강좌", "자원", "지표", "가상환경", "을(를)", "task", "파이프라인"} <= variants
    assert all(word.instead and word.why for word in avoided_words())


def test_the_glossary_names_every_fixed_pair() -> None:
    glossary = GLOSSARY_PATH.read_text(encoding="utf-8")
    for term in (
        "러너",
        "실행기(executor)",
        "뷰",
        "루프",
        "반복(iteration)",
        "요청(request)",
        "제한(limit)",
    ):
        assert f"`{term}`" in glossary, term


# --- each checker flags a bad example (and passes a good one) -------------------------------


def test_unlisted_gloss_is_flagged() -> None:
    assert unlisted_glosses("각 태스크(Task)는 데코레이터(decorator)로 만듭니다.")
    assert unlisted_glosses("이를 팬아웃(fanout)이라고 합니다.")  # not the glossary's English
    assert not unlisted_glosses(
        "한 번의 실행(Run)에서 매개변수(parameter)와 가속기(accelerator)를 씁니다."
    )
    assert not unlisted_glosses("곡선 아래 넓이(ROC AUC)와 참 양성 비율(TPR)은 약어입니다.")


def test_nested_gloss_is_flagged() -> None:
    assert nested_glosses("Python 함수(또는 컨테이너 이미지(container image))입니다.")
    assert not nested_glosses("Python 함수이거나 컨테이너 이미지(container image)입니다.")
    assert not nested_glosses("폴더에는 `run.json`(상태와 인자)이 있습니다.")


def test_gloss_after_a_verb_is_flagged() -> None:
    assert glosses_after_verbs("v2에서는 권장하지 않습니다(deprecated).")
    assert glosses_after_verbs("캐싱을 끄세요(disable).")
    assert glosses_after_verbs("이미지에서 시작하는(`FROM`) 이미지를 만듭니다.")
    assert not glosses_after_verbs("폐기 예정(deprecated)인 API입니다.")
    assert not glosses_after_verbs("실행됩니다(수업 09).")


def test_repeated_gloss_is_flagged() -> None:
    page = "실행(Run) 하나와 실행(Run) 둘. 요청(request)."
    assert repeated_glosses(page) == {"run": 2}
    assert not repeated_glosses("실행(Run) 하나. `실행(Run)`은 코드입니다.")


def test_crowded_paragraph_is_flagged() -> None:
    crowded = "실행(Run)과 실험(Experiment), 매개변수(parameter)를 다룹니다.\n\n다음 문단."
    assert crowded_paragraphs(crowded)
    assert not crowded_paragraphs("실행(Run)과 실험(Experiment)을 다룹니다.\n\n매개변수(parameter)도.")


def test_reading_outside_the_home_page_is_flagged() -> None:
    assert readings_outside_home("Pipeline(파이프라인)을 실행합니다.", "02-add.md")
    assert not readings_outside_home("Pipeline(파이프라인)을 실행합니다.", "index.md")
    assert not readings_outside_home("Pipeline을 실행합니다. SubPipeline(파이프라인)", "02-add.md")


def test_parenthesis_starting_with_a_particle_is_flagged() -> None:
    assert parenthesised_particles("Recurring Runs(와 실험 페이지)에 나옵니다.")
    assert parenthesised_particles(marked_prose("`.path`(와 `.metadata`)를 씁니다."))
    assert not parenthesised_particles(marked_prose("이름은 그대로입니다(`a`는 `a`)."))
    assert not parenthesised_particles("Python 3.11(또는 그 이상)과 실험 페이지(UI)")


def test_wrong_particle_after_code_is_flagged() -> None:
    bad = "`set_gpu_limit`는 폐기 예정입니다. `OutputPath(Dataset)`나 `ContainerOp`는, float을 넘기면"
    assert len(particle_mismatches(bad)) == 4
    good = "`set_gpu_limit`은 `OutputPath(Dataset)`이나 `ContainerOp`은 float를 Pipeline으로 kind를"
    assert not particle_mismatches(good)
    assert not particle_mismatches("`x`이고 `y`이므로 Pipeline이다")  # verbs, not particles


def test_bold_before_a_particle_is_flagged() -> None:
    assert stray_bold_markers("**실행(Run)**은 Pipeline을 한 번 실행한 것입니다.")
    assert stray_bold_markers('??? success "풀이"\n\n    **태스크(Task)**가 생깁니다.\n')
    assert not stray_bold_markers("**실행**(Run)은 한 번의 실행입니다. 결과는 **26**입니다.")
    assert not stray_bold_markers("코드 `**kwargs`는 괜찮습니다.\n\n```python\nf(**args)\n```\n")


def test_forbidden_variants_are_flagged() -> None:
    bad = (
        "이 강좌에서는 로컬 실행기가 알려 줍니다. 세 가지 보기가 있습니다. 반복문 다음에 "
        "조건은 겹쳐 쓸 수 있습니다. 생산자들이 번갈아 실행됩니다. kind을(를) 설치하고 자원과 "
        "지표를 가상환경에서 봅니다. add task가 실패했습니다. 파이프라인을 실행합니다."
    )
    reasons = " ".join(forbidden_variants(bad))
    for expected in (
        "과정",
        "러너",
        "뷰",
        "루프",
        "중첩",
        "차례로",
        "받침",
        "리소스",
        "메트릭",
        "가상 환경",
    ):
        assert expected in reasons, expected
    assert "태스크" in reasons and "Pipeline" in reasons
    good = "이 과정의 러너가 알려 줍니다. Graph 뷰, 루프의 반복, 조건은 중첩할 수 있습니다. tasks.json"
    assert not forbidden_variants(good.replace("tasks.json", ""))
    assert not forbidden_variants(prose("`7은(는)` 메시지는 코드 안에 있습니다. `task`도 코드입니다."))
    assert not forbidden_variants("Pipeline(파이프라인)은 읽는 법을 적은 것이라 따로 검사합니다.")


def test_notebook_markdown_is_read_from_markdown_cells_only(tmp_path: Path) -> None:
    notebook = tmp_path / "nb.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["**실행(Run)**은\n", "첫 셀"]},
        {
            "cell_type": "code",
            "metadata": {},
            "source": ["f(**kwargs)  # 강좌"],
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["kind을(를) 설치하세요\n"]}
            ],
        },
        {"cell_type": "markdown", "metadata": {}, "source": "둘째 셀"},
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    markdown = notebook_markdown(notebook)
    assert markdown == "**실행(Run)**은\n첫 셀\n\n둘째 셀"
    assert stray_bold_markers(markdown) and not forbidden_variants(markdown)
    assert notebook_outputs(notebook) == [(1, "kind을(를) 설치하세요\n")]
    assert forbidden_variants(notebook_outputs(notebook)[0][1])
