"""The run report: one self-contained HTML page per run with the KFP UI's sections, for the
runs of lessons 04-06 and for pipelines with loops, conditions and failures defined here.

The page is parsed (stdlib ``html.parser``) and compared with the run itself: every task
with its status, every metric with its value, every image decoded.

No ``from __future__ import annotations`` here: kfp reads the components' annotations.
"""

import base64
import dataclasses
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from kfp import dsl

from kfp_tutorial import cli, i18n
from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.registry import find_lesson
from kfp_tutorial.report import (
    REPORT_FILE,
    render_fragment,
    render_markdown,
    render_report,
    roc_auc,
    show_report,
    write_report,
)
from kfp_tutorial.report.sanitize import clean_html, safe_url
from kfp_tutorial.report.templating import environment
from kfp_tutorial.results import RunResult
from report_xss import ALERT, BREAKOUT, IMG, PAYLOADS, QUOTE, SCRIPT, make_evil_run

TEMPLATES = Path(__file__).resolve().parents[2] / "kfp_tutorial" / "report" / "templates"

pytestmark = pytest.mark.slow
SECTIONS = ["graph", "tasks", "visualizations", "run-output", "config"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_DATA = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# ----------------------------------------------------------------------------- a tiny DOM


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node"] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.text_parts) + "".join(child.text() for child in self.children)

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants with this tag whose attributes contain these values
        (``class_`` matches one class name)."""
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                (v in child.attrs.get("class", "").split())
                if k == "class_"
                else child.attrs.get(k.replace("_", "-")) == v
                for k, v in attrs.items()
            ):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str | None = None, **attrs: str) -> "Node":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text_parts.append(data)


def parse(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


# ----------------------------------------------------------------------------- pipelines


@dsl.component(base_image=BASE_IMAGE)
def square(x: float) -> float:
    return x * x


@dsl.component(base_image=BASE_IMAGE)
def shout(x: float) -> str:
    print(f"{x} is big")
    return f"{x} is big"


@dsl.component(base_image=BASE_IMAGE)
def total(values: list[float]) -> float:
    return sum(values)


@dsl.component(base_image=BASE_IMAGE)
def never(x: float) -> str:
    return "never"


@dsl.component(base_image=BASE_IMAGE)
def score(x: float, metrics: dsl.Output[dsl.Metrics]):
    metrics.log_metric("square", x * x)


@dsl.pipeline(name="report-loop-condition")
def loop_condition_pipeline(numbers: list = [1.0, 3.0, 4.0], threshold: float = 5.0) -> float:  # noqa: B006
    with dsl.ParallelFor(items=numbers) as number:
        squared = square(x=number)
        score(x=number)
        with dsl.If(squared.output > threshold):
            shout(x=squared.output)
    summed = total(values=dsl.Collected(squared.output))
    with dsl.If(summed.output < 0.0):
        never(x=summed.output)
    return summed.output


@dsl.component(base_image=BASE_IMAGE)
def multiply(x: float, y: float) -> float:
    return x * y


@dsl.pipeline(name="report-nested-loops")
def nested_loops_pipeline():
    with dsl.ParallelFor(items=[1.0, 2.0]) as outer:
        with dsl.ParallelFor(items=[10.0, 20.0, 30.0]) as inner:
            multiply(x=outer, y=inner)


@dsl.component(base_image=BASE_IMAGE)
def one() -> int:
    return 1


@dsl.component(base_image=BASE_IMAGE)
def boom(x: int) -> int:
    raise ValueError("boom on purpose")


@dsl.component(base_image=BASE_IMAGE)
def after(x: int) -> int:
    return x


@dsl.pipeline(name="report-failure")
def failing_pipeline():
    first = one()
    broken = boom(x=first.output)
    after(x=broken.output)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report_runs")


@pytest.fixture(scope="module")
def lesson_runs(out_dir: Path) -> dict[str, RunResult]:
    """Every pipeline of lessons 04, 05 and 06, run once."""
    runs = {}
    for name in ("04", "05", "06"):
        for example in find_lesson(name).examples:
            runs[example.name] = run_local(
                example.pipeline, example.arguments, output_dir=out_dir, progress=False
            )
    return runs


@pytest.fixture(scope="module")
def loop_run(out_dir: Path) -> RunResult:
    return run_local(
        loop_condition_pipeline, {"numbers": [1.0, 3.0, 4.0]}, output_dir=out_dir, progress=False
    )


@pytest.fixture(scope="module")
def failed_run(out_dir: Path) -> RunResult:
    return run_local(failing_pipeline, output_dir=out_dir, progress=False)


def report_of(result: RunResult, lang: str = "en") -> tuple[Path, Node, str]:
    path = write_report(result, lang=lang)
    text = path.read_text(encoding="utf-8")
    return path, parse(text), text


def check_common(result: RunResult, path: Path, page: Node, text: str) -> None:
    """What every report has: the file, the sections, every task with its status."""
    assert path == Path(result.run_dir) / REPORT_FILE
    assert "report" in path.name
    assert [s.attrs["data-section"] for s in page.find_all("section")] == SECTIONS
    assert page.find("svg", class_="kfp-dag-svg")
    listed = {
        d.attrs["data-task"]: d.attrs["data-status"] for d in page.find_all("details", class_="task")
    }
    for task in result.tasks:
        assert listed[task.path] == task.status
    assert page.find("div", class_="kfp-report").attrs["data-status"] == result.status
    # self-contained: nothing is fetched from anywhere
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text)
    assert '<link rel="stylesheet"' not in text and "<script src" not in text
    assert "@import" not in text and "url(http" not in text


# ----------------------------------------------------------------------------- lesson runs


@pytest.mark.parametrize("pipeline", ["file-passing", "model-artifact", "directory-artifact"])
def test_lesson04_reports_show_files(lesson_runs: dict[str, RunResult], pipeline: str) -> None:
    result = lesson_runs[pipeline]
    path, page, text = report_of(result)
    check_common(result, path, page, text)
    config = page.find("section", data_section="config")
    for name, value in result.arguments.items():
        cell = config.find("tr", data_param=name).find("td", class_="value")
        assert json.loads(cell.attrs["data-value"]) == value
    output = page.find("section", data_section="run-output")
    cell = output.find("table", class_="params").find("td", class_="value")
    assert json.loads(cell.attrs["data-value"]) == result.output


def test_lesson04_file_contents_in_task_panels(lesson_runs: dict[str, RunResult]) -> None:
    _, page, _ = report_of(lesson_runs["file-passing"])
    writer = page.find("details", data_task="write-numbers")
    row = writer.find("tr", data_artifact="numbers")
    assert '{"a": 300, "b": 10}' in row.text()
    assert "system.Dataset" in row.text()
    assert (
        "3000"
        in page.find("details", data_task="multiply-numbers").find("tr", data_artifact="product").text()
    )
    _, page, _ = report_of(lesson_runs["directory-artifact"])
    listing = page.find("details", data_task="write-shards").find("tr", data_artifact="folder").text()
    assert all(f"part-00{i}.csv" in listing for i in range(3))


def test_lesson05_metrics_equal_the_run(lesson_runs: dict[str, RunResult]) -> None:
    result = lesson_runs["metrics"]
    path, page, text = report_of(result)
    check_common(result, path, page, text)
    logged = result.task("evaluate-model").outputs["metrics"]["metadata"]
    run_output = page.find("table", class_="run-metrics")
    shown = {
        row.attrs["data-metric"]: json.loads(row.find("td", class_="value").attrs["data-value"])
        for row in run_output.find_all("tr")
        if "data-metric" in row.attrs
    }
    assert shown == logged
    viz = page.find("div", class_="viz", data_artifact="metrics").find("table", class_="metrics")
    assert {r.attrs["data-metric"] for r in viz.find_all("tr") if "data-metric" in r.attrs} == set(
        logged
    )
    # the confusion matrix table: the run's counts, row by row
    classification = result.task("evaluate-model").outputs["classification"]["metadata"]
    table = page.find("table", class_="confusion-matrix")
    cells = [
        [json.loads(td.attrs["data-value"]) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    ]
    assert cells == [row["row"] for row in classification["confusionMatrix"]["rows"]]
    assert [th.text() for th in table.find("thead").find_all("th")][1:] == ["malignant", "benign"]
    # the ROC curve: one point per threshold, and its area is the logged roc_auc
    svg = page.find("svg", class_="roc-curve")
    assert len(svg.find_all("circle")) == len(classification["confidenceMetrics"])
    assert float(svg.attrs["data-auc"]) == pytest.approx(logged["roc_auc"], abs=1e-6)


def test_lesson06_visualizations(lesson_runs: dict[str, RunResult]) -> None:
    result = lesson_runs["visualizations"]
    path, page, text = report_of(result)
    check_common(result, path, page, text)
    viz = page.find("section", data_section="visualizations")
    schemas = [d.attrs["data-schema"] for d in viz.find_all("div", class_="viz")]
    assert sorted(schemas) == [
        "system.ClassificationMetrics",
        "system.HTML",
        "system.Markdown",
        "system.Metrics",
    ]
    # the HTML artifact sits in a sandboxed iframe, its PNG intact
    frame = viz.find("iframe", class_="html-artifact")
    assert frame.attrs["sandbox"] == "allow-scripts"
    images = IMG_DATA.findall(frame.attrs["srcdoc"])
    assert len(images) == 1
    png = base64.b64decode(images[0], validate=True)
    assert png.startswith(PNG_MAGIC)
    artifact_html = Path(result.task("plot-scores").outputs["page"]["path"]).read_text()
    assert images[0] in artifact_html
    # the Markdown artifact is rendered as a table with the artifact's numbers
    markdown = viz.find("div", data_schema="system.Markdown").find("table")
    rows = {
        tr.find("td").text(): [td.text() for td in tr.find_all("td")[1:]]
        for tr in markdown.find_all("tr")[1:]
    }
    table_file = Path(result.task("report-table").outputs["table"]["path"]).read_text()
    for name, values in rows.items():
        assert f"| {name} | " + " | ".join(values) + " |" in table_file
    assert set(rows) == {"malignant", "benign", "macro avg", "weighted avg"}


def test_korean_report(lesson_runs: dict[str, RunResult]) -> None:
    before = i18n.get_lang()
    _, page, text = report_of(lesson_runs["visualizations"], lang="ko")
    assert i18n.get_lang() == before  # the report's language does not leak into the session
    assert page.find("html").attrs["lang"] == "ko"
    titles = [s.find("h2").text() for s in page.find_all("section")]
    assert titles == ["그래프", "태스크", "시각화", "실행 출력", "설정"]
    assert "혼동 행렬" in text


# ----------------------------------------------------------------------------- any pipeline


def test_loop_and_condition_report(loop_run: RunResult) -> None:
    result = loop_run
    assert result.succeeded and result.output == 1.0 + 9.0 + 16.0
    path, page, text = report_of(result)
    check_common(result, path, page, text)
    paths = {d.attrs["data-task"] for d in page.find_all("details", class_="task")}
    loop = next(n for n in paths if n.startswith("for-loop-")).split("-iteration-")[0]
    for k in range(3):
        assert f"{loop}-iteration-{k}/square" in paths
        assert f"{loop}-iteration-{k}/score" in paths
    assert {p for p in paths if p.endswith("/shout")} == {
        f"{loop}-iteration-1/shout",
        f"{loop}-iteration-2/shout",
    }
    # the task that never ran (its condition was false) is listed as skipped
    assert page.find("details", data_task="never").attrs["data-status"] == "SKIPPED"
    graph = {
        g.attrs["data-task"]: g.attrs["data-status"]
        for g in page.find("svg", class_="kfp-dag-svg").find_all("g")
    }
    assert graph["square"] == "SUCCESS ×3"
    assert graph["shout"] == "SUCCESS ×2"
    assert graph[loop] == "SUCCESS ×3"
    assert graph["total"] == "SUCCESS"
    assert graph["never"] == "SKIPPED"
    skipped_groups = [
        name for name, status in graph.items() if name.startswith("condition") and status == "SKIPPED"
    ]
    assert len(skipped_groups) == 1
    # every iteration's metrics, in Run output and as a visualization each
    shown = [
        (row.find("td").text(), json.loads(row.find("td", class_="value").attrs["data-value"]))
        for row in page.find("table", class_="run-metrics").find_all("tr")
        if "data-metric" in row.attrs
    ]
    assert sorted(shown) == [(f"{loop}-iteration-{k}/score", v) for k, v in enumerate([1.0, 9.0, 16.0])]
    assert len(page.find_all("div", class_="viz", data_schema="system.Metrics")) == 3


def test_nested_loops_count_every_iteration(tmp_path: Path) -> None:
    result = run_local(nested_loops_pipeline, output_dir=tmp_path, progress=False)
    assert len(result.tasks) == 6
    path, page, text = report_of(result)
    check_common(result, path, page, text)
    svg = page.find("svg", class_="kfp-dag-svg")
    graph = {g.attrs["data-task"]: g.attrs["data-status"] for g in svg.find_all("g")}
    loops = sorted(name for name in graph if name.startswith("for-loop-"))
    assert [graph[name] for name in loops] == ["SUCCESS ×2", "SUCCESS ×6"]  # outer, inner
    assert graph["multiply"] == "SUCCESS ×6"


def test_values_keep_their_type(loop_run: RunResult) -> None:
    """Numbers are right-aligned, strings and lists are not; both keep the exact value."""
    page = parse(render_fragment(loop_run))
    config = page.find("section", data_section="config")
    numbers = config.find("tr", data_param="numbers").find("td", class_="value")
    assert json.loads(numbers.attrs["data-value"]) == [1.0, 3.0, 4.0]
    assert "num" not in numbers.attrs["class"].split()
    threshold = config.find("tr", data_param="threshold").find("td", class_="value")
    assert json.loads(threshold.attrs["data-value"]) == 5.0  # the default: not passed
    assert "num" in threshold.attrs["class"].split()
    path = next(t.path for t in loop_run.tasks if t.path.endswith("-iteration-1/shout"))
    shout = page.find("details", data_task=path)
    assert shout.find("td", class_="value").text() == "9.0"  # its input x = 3.0 squared


def test_failed_run_report(failed_run: RunResult) -> None:
    assert failed_run.status == "FAILURE"
    path, page, text = report_of(failed_run)
    check_common(failed_run, path, page, text)
    assert page.find("details", data_task="boom").attrs["data-status"] == "FAILURE"
    assert "boom on purpose" in page.find("details", data_task="boom").text()
    assert page.find("details", data_task="after").attrs["data-status"] == "NOT RUN"
    graph = {
        g.attrs["data-task"]: g.attrs["data-status"]
        for g in page.find("svg", class_="kfp-dag-svg").find_all("g")
    }
    assert graph == {"one": "SUCCESS", "boom": "FAILURE", "after": "NOT RUN"}


def test_moved_run_folder_still_finds_its_files(
    lesson_runs: dict[str, RunResult], tmp_path: Path
) -> None:
    original = Path(lesson_runs["file-passing"].run_dir)
    moved = tmp_path / "elsewhere" / original.name
    shutil.copytree(original, moved)
    shutil.rmtree(original / "write-numbers")  # the old paths in run.json now point nowhere
    try:
        page = parse(render_fragment(moved))
        assert '{"a": 300, "b": 10}' in page.find("tr", data_artifact="numbers").text()
    finally:
        shutil.copytree(moved / "write-numbers", original / "write-numbers")


def test_report_is_one_line_for_markdown_pages(lesson_runs: dict[str, RunResult]) -> None:
    """A notebook's HTML output becomes part of a Markdown page: no blank line may split it."""
    assert "\n" not in render_fragment(lesson_runs["visualizations"])


def test_show_report_for_notebooks(lesson_runs: dict[str, RunResult]) -> None:
    shown = show_report(lesson_runs["metrics"])
    again = show_report(lesson_runs["metrics"].run_dir)
    page = parse(shown.data)
    assert [s.attrs["data-section"] for s in page.find_all("section")] == SECTIONS
    assert page.find("section").attrs["id"].startswith("kfp-")  # ids cannot clash with the page's
    assert parse(again.data).find("section").attrs["id"] == page.find("section").attrs["id"]
    other = parse(show_report(lesson_runs["visualizations"]).data).find("section").attrs["id"]
    assert other != page.find("section").attrs["id"]


# ----------------------------------------------------------------------------- pieces


def test_roc_auc_of_known_curves() -> None:
    assert roc_auc([(0.0, 0.0), (1.0, 1.0)]) == pytest.approx(0.5)
    assert roc_auc([(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)]) == pytest.approx(1.0)
    assert roc_auc([(1.0, 1.0), (0.5, 0.75), (0.0, 0.0)]) == pytest.approx(0.625)


def test_markdown_shows_raw_html_instead_of_running_it() -> None:
    rendered = render_markdown(
        "| a |\n|---|\n| 1 |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    assert "<table>" in rendered and "<td>1</td>" in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "javascript:" not in rendered


# ----------------------------------------------------------------------------- command line


def test_cli_report_command(
    lesson_runs: dict[str, RunResult], capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = Path(lesson_runs["model-artifact"].run_dir)
    (run_dir / REPORT_FILE).unlink(missing_ok=True)
    assert cli.main(["report", str(run_dir)]) == 0
    assert (run_dir / REPORT_FILE).is_file()
    assert str(run_dir / REPORT_FILE) in capsys.readouterr().out
    assert cli.main(["report", str(run_dir), "--lang", "ko"]) == 0
    assert 'lang="ko"' in (run_dir / REPORT_FILE).read_text()
    assert "리포트" in capsys.readouterr().out


@pytest.mark.parametrize("lang, words", [("en", "has no run.json"), ("ko", "run.json이 없습니다")])
def test_cli_report_on_a_folder_without_run_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    assert cli.main(["--lang", lang, "report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert words in err and str(tmp_path) in err
    assert "Traceback" not in err


def test_cli_report_on_a_broken_run_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "run.json").write_text("{not json", encoding="utf-8")
    assert cli.main(["--lang", "en", "report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Could not read" in err and "Run the pipeline again" in err
    assert "Traceback" not in err


def test_cli_report_points_at_the_latest_run(lesson_runs: dict[str, RunResult], capsys) -> None:
    root = Path(lesson_runs["metrics"].run_dir).parent
    assert cli.main(["report", str(root)]) == 2
    err = capsys.readouterr().err
    assert "latest run" in err and root.name in err


def test_cli_run_with_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        ["run", "04", "--pipeline", "file_passing_pipeline", "--output-dir", str(tmp_path), "--report"]
    )
    assert code == 0
    reports = list(tmp_path.glob(f"*/{REPORT_FILE}"))
    assert len(reports) == 1
    assert str(reports[0]) in capsys.readouterr().out
    page = parse(reports[0].read_text())
    assert page.find("details", data_task="multiply-numbers").attrs["data-status"] == "SUCCESS"
    # without --report, no report
    assert (
        cli.main(["run", "04", "--pipeline", "file_passing_pipeline", "--output-dir", str(tmp_path)])
        == 0
    )
    assert len(list(tmp_path.glob(f"*/{REPORT_FILE}"))) == 1


# ----------------------------------------------------------------------------- injection


def event_attributes(page: Node) -> list[tuple[str, str]]:
    """Every (tag, attribute) of the page whose attribute is an event handler (on...)."""
    found = []
    for node in page.find_all():
        found += [(node.tag, name) for name in node.attrs if name.startswith("on")]
    return found


def test_malicious_run_shows_every_payload_as_text(tmp_path: Path) -> None:
    """Names, values, logs, metadata and Markdown full of HTML: all shown, none of it markup."""
    run_dir = make_evil_run(tmp_path)
    text = write_report(run_dir, lang="en").read_text(encoding="utf-8")
    page = parse(text)
    # nothing became an element or an attribute: one script (ours), no handlers, no <svg onload>
    assert len(page.find_all("script")) == 1
    assert event_attributes(page) == []
    # the only image is the Markdown's ![picture](...): its odd src stays one attribute
    assert [img.attrs for img in page.find_all("img")] == [
        {"alt": "picture", "src": 'x" onerror="window.__xss=1'}
    ]
    assert [s.attrs["data-section"] for s in page.find_all("section")] == SECTIONS
    # the escaped forms are in the file, the raw ones are not (srcdoc is escaped too)
    for payload in PAYLOADS:
        assert payload not in text, payload
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
    # where it is data, it is shown as it was written
    assert page.find("h1").text().startswith(f"Run report: evil{BREAKOUT}{SCRIPT}")
    assert page.find("div", class_="kfp-report").attrs["data-pipeline"] == f"evil{BREAKOUT}{SCRIPT}"
    writer = page.find("details", data_task=f"writer{IMG}")
    log = writer.find("details", class_="log").find("pre").text()
    assert log == f"hello {SCRIPT}\n{IMG}\n{BREAKOUT}\n{QUOTE}"
    assert writer.find("tr", data_artifact=f"page{SCRIPT}")
    assert f"file content {SCRIPT}" in writer.find("tr", data_artifact=f"data{BREAKOUT}").text()
    params = writer.find("table", class_="params")
    assert json.loads(params.find("td", class_="value").attrs["data-value"]) == IMG
    config = page.find("section", data_section="config")
    cell = config.find("tr", data_param=f"name{IMG}").find("td", class_="value")
    assert cell.text() == SCRIPT and json.loads(cell.attrs["data-value"]) == SCRIPT
    assert f"described as {SCRIPT}" in config.text()
    assert f"writer{SCRIPT}" in config.text()  # ignored settings
    assert page.find("tr", data_metric=f"accuracy{SCRIPT}")
    labels = [th.text() for th in page.find("table", class_="confusion-matrix").find_all("th")]
    assert labels[1:3] == [SCRIPT, IMG]
    assert page.find("div", class_="reason").find("pre").text() == f"boom failed: {SCRIPT} {IMG}"
    # the graph names the task as text too
    assert f"writer{IMG}" in page.find("svg", class_="kfp-dag-svg").text()


def test_html_artifact_stays_in_its_sandbox(tmp_path: Path) -> None:
    run_dir = make_evil_run(tmp_path)
    page = parse(render_fragment(run_dir))
    frame = page.find("iframe", class_="html-artifact")
    assert frame.attrs["sandbox"] == "allow-scripts"  # no allow-same-origin: no access to us
    # the artifact's own HTML is its document, unchanged (newlines included)
    assert "<script>\nwindow.__xss_frame = 1;" in frame.attrs["srcdoc"]
    assert frame.attrs["srcdoc"].startswith("<style>img,svg,canvas{max-width:100%;height:auto}</style>")


def test_markdown_artifact_keeps_no_markup_of_its_own(tmp_path: Path) -> None:
    run_dir = make_evil_run(tmp_path)
    page = parse(render_fragment(run_dir))
    markdown = page.find("div", data_schema="system.Markdown").find("div", class_="markdown")
    assert markdown.find("h1").text() == f"Notes {SCRIPT}"
    assert SCRIPT in markdown.text() and IMG in markdown.text() and ALERT in markdown.text()
    assert [img.attrs["src"] for img in markdown.find_all("img")] == ['x" onerror="window.__xss=1']
    hrefs = [a.attrs.get("href", "") for a in markdown.find_all("a")]
    assert len(hrefs) == 4 and set(hrefs) == {"#"}, hrefs
    assert [d for d in markdown.find_all("div")] == []  # the raw <div onclick> is text
    assert event_attributes(markdown) == []


@pytest.mark.parametrize(
    "url, image, kept",
    [
        ("https://example.com/a", False, True),
        ("page.html#part", False, True),
        ("#top", False, True),
        ("mailto:me@example.com", False, True),
        ("javascript:alert(1)", False, False),
        ("JaVaScRiPt:alert(1)", False, False),
        (" java\tscript:alert(1)", False, False),
        ("vbscript:msgbox(1)", False, False),
        ("data:text/html,<script>alert(1)</script>", False, False),
        ("data:image/png;base64,AAAA", True, True),
        ("data:image/png;base64,AAAA", False, False),
    ],
)
def test_safe_url(url: str, image: bool, kept: bool) -> None:
    assert (safe_url(url, image=image) == url) is kept
    if not kept:
        assert safe_url(url, image=image) == "#"


def test_clean_html_rebuilds_from_the_allow_list() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><b>b</b></p>'
        '<a href="jav&#x61;script:alert(1)" onmouseover="x()">l</a>'
        '<img src="x" onerror="alert(1)" alt="&quot;q">'
        '<td style="background:url(javascript:x)">c</td><th style="text-align: left;">h</th>'
        "<iframe src=x></iframe><style>*{}</style><custom>kept text</custom>"
    )
    clean = str(clean_html(dirty))
    assert clean == (
        "<p>a<b>b</b></p>"
        '<a href="#">l</a>'
        '<img src="x" alt="&#34;q">'
        '<td>c</td><th style="text-align: left;">h</th>'
        "kept text"
    )


def test_templates_escape_what_they_are_given() -> None:
    """A value put into any template is escaped; only frame.html.j2 marks anything safe
    (the artifact's document, escaped again into srcdoc); autoescape is on for every name."""
    env = environment()
    for name in env.list_templates():
        assert env.autoescape(name) if callable(env.autoescape) else env.autoescape, name
    assert env.from_string("<p title='{{ x }}'>{{ x }}</p>").render(x=BREAKOUT + QUOTE) == (
        "<p title='&#34;&gt;&lt;svg onload=&#34;window.__xss=1&#34;&gt;&#39;&gt;&lt;img src=x "
        "onerror=alert(1)&gt;'>&#34;&gt;&lt;svg onload=&#34;window.__xss=1&#34;&gt;&#39;&gt;&lt;img"
        " src=x onerror=alert(1)&gt;</p>"
    )
    unsafe = re.compile(r"\|\s*safe|autoescape\s+false|Markup")
    marked = {p.name: len(unsafe.findall(p.read_text())) for p in TEMPLATES.glob("*.j2")}
    assert marked == {name: (1 if name == "frame.html.j2" else 0) for name in marked}, marked
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        env.from_string("{{ missing.name }}").render()


def test_badge_and_macros_escape(tmp_path: Path) -> None:
    """The macros every section uses, fed a status and values that are attacks."""
    from kfp_tutorial.report.render import _setup_environment

    _setup_environment()
    template = environment().from_string(
        '{% from "macros.html.j2" import badge, value_cell, params_table %}'
        "{{ badge(status) }}{{ value_cell(value) }}{{ params_table(params) }}"
    )
    out = template.render(status=BREAKOUT, value=SCRIPT, params={IMG: QUOTE})
    page = parse(out)
    assert page.find("span", class_="badge").attrs["data-status"] == BREAKOUT
    assert page.find("span", class_="badge").text() == BREAKOUT
    assert [td.text() for td in page.find_all("td")] == [SCRIPT, IMG, QUOTE]
    assert event_attributes(page) == [] and not page.find_all("script")


# ----------------------------------------------------------------------------- reason, cancel


def test_failed_run_shows_its_reason_first(failed_run: RunResult) -> None:
    reason = "Task 'boom' failed: ValueError: boom on purpose"
    result = dataclasses.replace(failed_run, reason=reason)
    for lang, title in (("en", "Why the run failed"), ("ko", "실행이 실패한 이유")):
        page = parse(render_report(result, lang=lang))
        box = page.find("div", class_="reason")
        assert box.find("strong").text() == title
        assert box.find("pre").text() == reason
        # above the sections: right under the title
        report = page.find("div", class_="kfp-report")
        order = [child.tag for child in report.children]
        assert order.index("div") < order.index("nav")
    # a run that succeeded has no reason box, whatever its record says
    ok = dataclasses.replace(failed_run, status="SUCCESS", reason="left over")
    assert not parse(render_fragment(ok)).find_all("div", class_="reason")


def write_run_json(run_dir: Path, **changes: object) -> None:
    data = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    data.update(changes)
    (run_dir / "run.json").write_text(json.dumps(data), encoding="utf-8")


def test_cancelled_run_opens(lesson_runs: dict[str, RunResult], tmp_path: Path) -> None:
    """Ctrl-C keeps the folder with the tasks finished so far and status CANCELLED."""
    original = Path(lesson_runs["file-passing"].run_dir)
    run_dir = tmp_path / original.name
    shutil.copytree(original, run_dir)
    data = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    first = data["tasks"][:1]
    write_run_json(run_dir, status="CANCELLED", tasks=first, reason="Cancelled (Ctrl-C).")
    page = parse(write_report(run_dir, lang="en").read_text(encoding="utf-8"))
    assert page.find("div", class_="kfp-report").attrs["data-status"] == "CANCELLED"
    box = page.find("div", class_="reason")
    assert box.find("strong").text() == "Why the run stopped"
    assert box.find("pre").text() == "Cancelled (Ctrl-C)."
    tasks = {
        d.attrs["data-task"]: d.attrs["data-status"] for d in page.find_all("details", class_="task")
    }
    assert tasks == {first[0]["path"]: "SUCCESS", "multiply-numbers": "NOT RUN"}
    ko = parse(render_report(run_dir, lang="ko")).find("div", class_="reason")
    assert ko.find("strong").text() == "실행이 멈춘 이유"


# ----------------------------------------------------------------------------- learner mistakes


BROKEN_RUN_JSON = [
    # (file content, English words, Korean words)
    ("{not json", "not valid JSON (line 1, column 2", "올바른 JSON이 아닙니다 (1번째 줄, 2번째 칸"),
    ("[1, 2]", "it holds a list, not a JSON object", "리스트 값이 들어 있습니다"),
    ('{"pipeline": "p", "status": "SUCCESS"}', 'it has no "tasks" field', '"tasks" 필드가 없습니다'),
    ('{"status": "SUCCESS", "tasks": []}', 'it has no "pipeline" field', '"pipeline" 필드가 없습니다'),
    (
        '{"pipeline": "p", "status": "SUCCESS", "tasks": {}}',
        'its "tasks" field is an object, it should be a list',
        '"tasks" 필드가 리스트 값이어야 하는데 객체 값입니다',
    ),
    (
        '{"pipeline": "p", "status": null, "tasks": []}',
        'its "status" field is null, it should be a string',
        '"status" 필드가 문자열 값이어야 하는데 null 값입니다',
    ),
    (
        '{"pipeline": "p", "status": "SUCCESS", "tasks": [{"name": "a", "status": "SUCCESS"}, 3]}',
        'task 2 in "tasks": it holds a number',
        '"tasks"의 2번째 태스크: ',
    ),
    (
        '{"pipeline": "p", "status": "SUCCESS", "tasks": [{"name": "a"}]}',
        'task 1 in "tasks": it has no "status" field',
        '"tasks"의 1번째 태스크: "status" 필드가 없습니다',
    ),
    (
        '{"pipeline": "p", "status": "SUCCESS", "tasks": [{"name": "a", "status": "SUCCESS", '
        '"seconds": "fast"}]}',
        'task 1 in "tasks": its "seconds" field is a string, it should be a number',
        '"seconds" 필드가 숫자 값이어야 하는데 문자열 값입니다',
    ),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("content, en, ko", BROKEN_RUN_JSON)
def test_cli_report_names_what_is_wrong_in_run_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, en: str, ko: str, lang: str
) -> None:
    (tmp_path / "run.json").write_text(content, encoding="utf-8")
    assert cli.main(["--lang", lang, "report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "run.json") in err
    assert (en if lang == "en" else ko) in err, err
    assert ("Run the pipeline again" if lang == "en" else "Pipeline을 다시 실행해") in err
    assert "Traceback" not in err and "KeyError" not in err


def test_minimal_run_json_opens(tmp_path: Path) -> None:
    """Only pipeline, status and tasks are needed (an older or a cancelled run's record)."""
    (tmp_path / "run.json").write_text(
        '{"pipeline": "p", "status": "CANCELLED", "tasks": [{"name": "a", "status": "SUCCESS"}]}',
        encoding="utf-8",
    )
    page = parse(render_fragment(tmp_path))
    assert page.find("details", data_task="a").attrs["data-status"] == "SUCCESS"
    assert page.find("div", class_="kfp-report").attrs["data-status"] == "CANCELLED"


def _bad_outputs(tmp_path: Path) -> list[tuple[str, str, str]]:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    return [
        (str(folder), "is a folder. Give a file name", "폴더입니다. 파일 이름을 지정하세요"),
        (str(a_file / "report.html"), f"{a_file} is a file, not a folder", "폴더가 아니라 파일이라서"),
        (str(a_file / "deeper" / "report.html"), f"{a_file} is a file", f"{a_file}가 폴더가"),
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cli_report_output_that_cannot_be_written(
    lesson_runs: dict[str, RunResult], tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    run_dir = lesson_runs["model-artifact"].run_dir
    for output, en, ko in _bad_outputs(tmp_path):
        assert cli.main(["--lang", lang, "report", run_dir, "-o", output]) == 2, output
        err = capsys.readouterr().err
        assert output in err and (en if lang == "en" else ko) in err, err
        assert "Traceback" not in err


@pytest.mark.parametrize("lang, words", [("en", "Permission denied"), ("ko", "쓰지 못했습니다")])
def test_cli_report_output_not_writable(
    lesson_runs: dict[str, RunResult],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    """A folder we may not write to (simulated: the tests may run as root, who may)."""
    from kfp_tutorial import output_files

    target = tmp_path / "locked" / "report.html"
    real_mkstemp = output_files.tempfile.mkstemp

    def mkstemp(*args: object, dir: Path, **kwargs: object) -> tuple[int, str]:
        if Path(dir) == target.parent:
            raise PermissionError(13, "Permission denied", str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output_files.tempfile, "mkstemp", mkstemp)
    assert (
        cli.main(["--lang", lang, "report", lesson_runs["model-artifact"].run_dir, "-o", str(target)])
        == 2
    )
    err = capsys.readouterr().err
    assert str(target) in err and words in err and "Traceback" not in err


def test_write_report_for_a_run(loop_run: RunResult, capsys: pytest.CaptureFixture[str]) -> None:
    """What the CLI calls after ``run --report``: writes into the run folder, says where."""
    from kfp_tutorial.report import write_report_for

    path = write_report_for(loop_run)
    assert path == Path(loop_run.run_dir) / REPORT_FILE and path.is_file()
    assert str(path) in capsys.readouterr().out


def test_package_exports_resolve() -> None:
    """``kfp_tutorial.report`` offers every name it lists, each from its module."""
    import kfp_tutorial.report as report

    assert sorted(report.__all__) == sorted([*report._EXPORTS, *report._ALIASES])
    for name in report.__all__:
        assert getattr(report, name) is not None, name
    assert report.cmd_report is report.run
    with pytest.raises(AttributeError):
        report.no_such_name  # noqa: B018


def test_command_module_is_cheap() -> None:
    """The CLI builds its parser from ``add_arguments`` without importing kfp or jinja2."""
    code = (
        "import argparse, sys\n"
        "from kfp_tutorial.report.command import add_arguments\n"
        "parser = argparse.ArgumentParser()\n"
        "add_arguments(parser)\n"
        "args = parser.parse_args(['runs/x', '-o', 'out.html'])\n"
        "assert (args.run_dir, args.output) == ('runs/x', 'out.html')\n"
        "print(sorted(m for m in ('kfp', 'jinja2', 'markdown', 'yaml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_confusion_matrix_numbers_are_readable_on_every_shade() -> None:
    """WCAG 4.5:1 between a cell's number and its shade, for every count a cell can hold
    (axe-core failed the site on a 52 at 58 % blue with white text)."""
    from kfp_tutorial.report.charts import _BLUE, _contrast, _luminance, confusion_matrix

    metadata = {
        "confusionMatrix": {
            "annotationSpecs": [{"displayName": "a"}, {"displayName": "b"}],
            "rows": [{"row": [n, 100 - n]} for n in range(0, 101, 3)],
        }
    }
    _, rows = confusion_matrix(metadata)  # type: ignore[misc]
    for row in rows:
        for cell in row.cells:
            alpha = float(cell.alpha)
            background = tuple(255 + alpha * (c - 255) for c in _BLUE)
            text = tuple(int(cell.color[i : i + 2], 16) for i in (1, 3, 5))
            assert _contrast(_luminance(background), _luminance(text)) >= 4.5, (cell.shown, cell.alpha)
