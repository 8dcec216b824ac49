"""Migrated lightweight-Python fixtures run with kfp.local and give what the v1 code meant.

The expected values are what each v1 program computes by its own definition ((1 + 2) * 4,
"Hello, KFP" shouted...): the migration must not change what a pipeline does.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from kfp_tutorial.local.runner import run_local
from kfp_tutorial.migrate import migrate_source

FIXTURES = Path(__file__).parent / "fixtures"

# fixture -> (pipeline function, arguments, {task: {output: value}})
MEANT = {
    "lightweight_calls": ("calculate", {}, {"add": {"Output": 3.0}, "multiply": {"Output": 12.0}}),
    "lightweight_decorators": ("greetings", {"name": "KFP"}, {"shout": {"Output": "HELLO, KFP!"}}),
    "undecorated": (
        "repeat_pipeline",
        {},
        {"repeat": {"Output": "ababab"}, "repeat-2": {"Output": "abababababab"}},
    ),
    "file_paths": ("csv_rows", {"rows": 3}, {"show": {"Output": '{"rows": 3}'}}),
    "value_to_file": ("value_to_file", {"rows": 3}, {"shout-file": {"Output": "3 ROWS"}}),
    "file_objects": ("word_files", {}, {"count-words": {"Output": 3}, "unpack": {"Output": 7}}),
}


@pytest.mark.slow
@pytest.mark.parametrize("fixture", sorted(MEANT))
def test_migrated_pipeline_runs_locally_as_v1_meant(fixture: str, tmp_path: Path) -> None:
    pipeline_name, arguments, expected = MEANT[fixture]
    migrated = tmp_path / f"{fixture}_v2.py"
    migrated.write_text(
        migrate_source((FIXTURES / f"{fixture}.py").read_text(encoding="utf-8")).source, encoding="utf-8"
    )
    namespace = runpy.run_path(str(migrated), run_name="migrated")
    result = run_local(namespace[pipeline_name], arguments, output_dir=tmp_path / "runs", progress=False)
    assert result.status == "SUCCESS", result.reason
    outputs = {task.name: task.outputs for task in result.tasks}
    for task, values in expected.items():
        for name, value in values.items():
            assert outputs[task][name] == value, (task, outputs[task])
