"""The migration page's example of ``kfp-tutorial migrate`` is the command's real output."""

from __future__ import annotations

import pytest

from tools import migrate_page


@pytest.mark.slow  # runs the command, whose compile check starts kfp in a process of its own
def test_the_page_shows_what_the_command_makes_today() -> None:
    assert migrate_page.main(["--check"]) == 0, "run python -m tools.migrate_page"
