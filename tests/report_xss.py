"""A run folder made by hand whose every name, value, log and artifact is an attack.

Shared by tests/unit/test_report.py and tests/browser/test_report_browser.py: the report of
this run must show each payload as text and run none of them. A payload that ran sets
``window.__xss`` (or opens a dialog with ``alert``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
BREAKOUT = '"><svg onload="window.__xss=1">'
QUOTE = "'><img src=x onerror=alert(1)>"
ALERT = "<script>alert(1)</script>"
PAYLOADS = [SCRIPT, IMG, BREAKOUT, QUOTE, ALERT]

MARKDOWN = f"""# Notes {SCRIPT}

{IMG}

{ALERT}

<div onclick="window.__xss=1">raw div</div>

| name | value |
|---|---|
| {IMG} | 1 |

[plain link](javascript:window.__xss=1) [entity link](jav&#x61;script:window.__xss=1)
[spaced link]( javascript:window.__xss=1) [data link](data:text/html,{SCRIPT})
![picture](x" onerror="window.__xss=1)

```
{SCRIPT}
```
"""

# The HTML artifact runs in the sandbox (that is its point); from there it tries the report.
HTML_ARTIFACT = """<p id="inside">inside the frame</p>
<script>
window.__xss_frame = 1;
try { parent.__xss = 1; } catch (e) {}
try { parent.document.body.innerHTML = "owned"; } catch (e) {}
</script>"""


def _artifact(schema: str, path: Path | None, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    uri = str(path) if path else ""
    return {"artifact": schema, "uri": uri, "path": uri, "metadata": metadata or {}}


def _pipeline_yaml(task: str) -> str:
    """A compiled spec with one task whose name is an attack (the graph shows it)."""
    spec = {
        "pipelineInfo": {"name": "evil", "description": f"described as {SCRIPT}"},
        "root": {
            "dag": {
                "tasks": {
                    task: {"componentRef": {"name": "comp-writer"}, "taskInfo": {"name": task}},
                    "boom": {
                        "componentRef": {"name": "comp-boom"},
                        "taskInfo": {"name": "boom"},
                        "dependentTasks": [task],
                    },
                }
            },
            "inputDefinitions": {
                "parameters": {
                    f"name{IMG}": {"parameterType": "STRING", "defaultValue": ALERT},
                    "text": {"parameterType": "STRING"},
                }
            },
        },
        "components": {
            "comp-writer": {"executorLabel": "exec-writer"},
            "comp-boom": {"executorLabel": "exec-boom"},
        },
        "deploymentSpec": {"executors": {"exec-writer": {}, "exec-boom": {}}},
    }
    return json.dumps(spec)  # JSON is YAML


def make_evil_run(root: Path) -> Path:
    """Write the run folder under ``root`` and return it."""
    run_dir = root / "evil-run"
    task_dir = run_dir / "writer"
    task_dir.mkdir(parents=True)
    page = task_dir / "page.html"
    page.write_text(HTML_ARTIFACT, encoding="utf-8")
    notes = task_dir / "notes.md"
    notes.write_text(MARKDOWN, encoding="utf-8")
    text_file = task_dir / "data.txt"
    text_file.write_text(f"file content {SCRIPT}\n{IMG}", encoding="utf-8")
    writer = f"writer{IMG}"
    classification = {
        "confusionMatrix": {
            "annotationSpecs": [{"displayName": SCRIPT}, {"displayName": IMG}],
            "rows": [{"row": [3.0, 1.0]}, {"row": [0.0, 4.0]}],
        },
        "confidenceMetrics": [
            {"confidenceThreshold": 0.5, "falsePositiveRate": 0.2, "recall": 0.8},
            {"confidenceThreshold": 0.9, "falsePositiveRate": 0.0, "recall": 0.4},
        ],
    }
    run = {
        "pipeline": f"evil{BREAKOUT}{SCRIPT}",
        "status": "FAILURE",
        "reason": f"boom failed: {SCRIPT} {IMG}",
        "arguments": {f"name{IMG}": SCRIPT, "text": BREAKOUT},
        "outputs": {f"out{SCRIPT}": QUOTE},
        "seconds": 1.5,
        "run_dir": str(run_dir),
        "ignored_settings": {f"writer{SCRIPT}": [IMG]},
        "tasks": [
            {
                "name": writer,
                "path": writer,
                "status": "SUCCESS",
                "inputs": {f"in{SCRIPT}": IMG, "quote": QUOTE},
                "outputs": {
                    f"page{SCRIPT}": _artifact("system.HTML", page),
                    f"notes{IMG}": _artifact("system.Markdown", notes),
                    f"data{BREAKOUT}": _artifact("system.Dataset", text_file, {"note": SCRIPT}),
                    f"metrics{QUOTE}": _artifact(
                        "system.Metrics", None, {f"accuracy{SCRIPT}": 0.5, "display_name": IMG}
                    ),
                    "classification": _artifact("system.ClassificationMetrics", None, classification),
                    "said": ALERT,
                },
                "log": f"hello {SCRIPT}\n{IMG}\n{BREAKOUT}\n{QUOTE}",
                "seconds": 0.5,
                "started": 1_700_000_000.0,
            },
            {
                "name": "boom",
                "path": "boom",
                "status": "FAILURE",
                "inputs": {"x": BREAKOUT},
                "outputs": {},
                "log": f"Traceback ... ValueError: {ALERT}",
                "seconds": 0.25,
                "started": 1_700_000_001.0,
            },
        ],
    }
    (run_dir / "run.json").write_text(json.dumps(run), encoding="utf-8")
    (run_dir / "pipeline.yaml").write_text(_pipeline_yaml(writer), encoding="utf-8")
    return run_dir
