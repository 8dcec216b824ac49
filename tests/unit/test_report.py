"""The run report: one self-contained HTML page per run with the KFP UI's sections, for the
runs of lessons 04-06 and for pipelines with loops, conditions and failures defined here.

The page is parsed (stdlib ``html.parser``) and compared with the run itself: every task
with its status, every metric with its value, every image decoded.

No ``from __future__ import annotations`` here: kfp reads the components' annotations.
"""

import base64
import json
import re
import shutil
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
    roc_auc,
    show_report,
    write_report,
)
from kfp_tutorial.results import RunResult

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
