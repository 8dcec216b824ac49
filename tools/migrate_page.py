"""The migration page's example of ``kfp-tutorial migrate``, made by the command itself.

Writes ``lessons/data/migrate/``: the migrated form of a test fixture
(``tests/migrate/fixtures/lightweight_calls.py``, the page's "before") and what the command
prints for it in each language. The page includes these files (pymdownx.snippets), so the
before, the after and the output are the tool's, never retyped. ``--check`` compares instead
of writing (tests/migrate/test_page_example.py runs it).

Usage: python -m tools.migrate_page [--check]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "migrate" / "fixtures" / "lightweight_calls.py"
OUT = REPO / "lessons" / "data" / "migrate"


def expected() -> dict[Path, str]:
    """Every file of the example, as the current code makes it."""
    from kfp_tutorial import cli, i18n
    from kfp_tutorial.migrate import migrate_source

    files = {OUT / "lightweight_calls_v2.py": migrate_source(FIXTURE.read_text(encoding="utf-8")).source}
    here = Path.cwd()
    os.chdir(FIXTURE.parent)  # the output names the file as a learner would type it
    try:
        for lang in i18n.LANGS:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = cli.main(["--lang", lang, "migrate", FIXTURE.name])
            if code != 0:
                raise SystemExit(f"migrate failed on {FIXTURE}:\n{out.getvalue()}")
            text = out.getvalue()
            # the page shows the explanations; the diff is the two files above
            name = "output.txt" if lang == "en" else f"output.{lang}.txt"
            files[OUT / name] = text[text.index(f"{FIXTURE.name}: ") :]
    finally:
        os.chdir(here)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.migrate_page")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    for path in stale:
        print(f"{path.relative_to(REPO)} is out of date: run python -m tools.migrate_page")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
