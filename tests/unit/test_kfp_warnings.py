"""kfp's base-image FutureWarning is said once, in the learner's language."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROGRAM = textwrap.dedent(
    """
    import warnings
    from kfp_tutorial import i18n
    from kfp_tutorial.kfp_warnings import explain_kfp_warnings
    i18n.set_lang({lang!r})
    explain_kfp_warnings()
    from kfp import dsl

    @dsl.component
    def one() -> int:
        return 1

    @dsl.component
    def two() -> int:
        return 2

    warnings.warn("something else", UserWarning)
    """
)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_base_image_warning_is_said_once_in_the_learners_language(lang: str, tmp_path: Path) -> None:
    program = tmp_path / "components.py"  # kfp reads a component's source from its file
    program.write_text(PROGRAM.format(lang=lang), encoding="utf-8")
    result = subprocess.run([sys.executable, str(program)], capture_output=True, text=True, check=True)
    said = result.stderr
    ours = "참고: base_image=" if lang == "ko" else "note: a component without base_image="
    assert said.count(ours) == 1, said  # two components, one note
    assert "will switch from" not in said  # kfp's own text is not shown
    assert "UserWarning: something else" in said  # other warnings still are
    assert ("2027년 10월 1일" in said) == (lang == "ko")
