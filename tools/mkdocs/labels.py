"""The few words the site machinery writes itself, in both languages.

Page prose lives in ``lessons/{en,ko}``; these are the labels the hooks add
(download links, table headers, collapsible titles). Used in: every lesson's pages.
"""

from __future__ import annotations

from kfp_tutorial.versions import DEFAULT_LANG
from kfp_tutorial.versions import LANGS as LANGS  # re-exported for the hooks

LABELS: dict[str, dict[str, str]] = {
    "download_notebook": {"en": "Download notebook", "ko": "노트북 내려받기"},
    "download_exercise": {"en": "Exercise version", "ko": "연습용 노트북"},
    "lesson_page": {"en": "Lesson page", "ko": "수업 페이지"},
    "search": {"en": "Search", "ko": "검색"},
    "open_in_colab": {"en": "Open in Colab", "ko": "Colab에서 열기"},
    "permalink": {"en": "Link to this section", "ko": "이 부분으로 바로 가는 링크"},
    "made_with_before": {"en": "Made with ", "ko": ""},
    "made_with_after": {"en": "", "ko": "로 만들었습니다."},
    "not_found_title": {"en": "Page not found", "ko": "페이지를 찾을 수 없습니다"},
    "not_found_text": {
        "en": (
            "There is no page at this address. It may have moved when the course was "
            "reorganised: search for it, or start again from the home page."
        ),
        "ko": (
            "이 주소에는 페이지가 없습니다. 과정을 정리하면서 옮겨졌을 수 있습니다. "
            "검색하거나 첫 페이지에서 다시 찾아 보세요."
        ),
    },
    "not_found_home": {"en": "Go to the home page", "ko": "첫 페이지로 가기"},
    "solution": {"en": "Solution", "ko": "풀이"},
    "log": {"en": "Log (stderr)", "ko": "로그(stderr)"},
    "notebooks_title": {"en": "Notebooks", "ko": "노트북"},
    "notebooks_intro": {
        "en": (
            "Every lesson has a notebook that runs its pipelines step by step. "
            "Each page below shows a notebook with the outputs of a real run; "
            "download it to run it yourself in Jupyter (after `pip install -e .` "
            "in a clone of this repository)."
        ),
        "ko": (
            "수업마다 Pipeline을 한 단계씩 실행해 보는 노트북(notebook)이 있습니다. "
            "아래 페이지는 실제로 실행한 결과가 담긴 노트북을 보여 줍니다. "
            "직접 실행하려면 이 저장소를 clone하고 `pip install -e .`을 실행한 뒤 "
            "노트북을 내려받아 Jupyter에서 여세요."
        ),
    },
    "col_number": {"en": "#", "ko": "번호"},
    "col_lesson": {"en": "Lesson", "ko": "수업"},
    "col_notebook": {"en": "Notebook", "ko": "노트북"},
    "col_download": {"en": "Download", "ko": "내려받기"},
    "in_preparation": {"en": "in preparation", "ko": "준비 중"},
    "dag_caption": {
        "en": "The graph of pipeline <code>{name}</code>, drawn from its compiled spec.",
        "ko": "<code>{name}</code> Pipeline의 그래프. 컴파일된 명세(spec)에서 그렸습니다.",
    },
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (English if the language is unknown)."""
    entry = LABELS[key]
    return entry.get(lang, entry[DEFAULT_LANG])
