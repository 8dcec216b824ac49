"""The run report in a real browser: Debian's chromium, headless, driven by Playwright.

Opens the report of a lesson 06 run and checks what a reader sees: no console errors,
every section, every image decoded (``naturalWidth > 0``, inside the HTML artifact's
iframe too), the graph and ROC SVGs drawn with a size. Saves screenshots to
``test-artifacts/report-*.png``.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); Playwright never downloads
a browser of its own here. Without chromium the test skips, or fails when ``CI`` is set.

The report of a run made of attacks (``tests/report_xss.py``: names, logs, parameter
values, metadata and a Markdown artifact holding ``<script>`` and ``onerror=``) is opened
too: nothing may run in the report page, no dialog may open, and the text is shown as
written.
"""

from pathlib import Path
from typing import Any

import pytest

from chromium import launch_chromium, require_chromium
from kfp_tutorial.lessons import lesson06_visualizations as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.report import write_report
from report_xss import IMG, SCRIPT, make_evil_run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SECTIONS = {
    "en": ["Graph", "Tasks", "Visualizations", "Run output", "Config"],
    "ko": ["그래프", "태스크", "시각화", "실행 출력", "설정"],
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    out = tmp_path_factory.mktemp("report_browser")
    result = run_local(
        lesson.visualization_pipeline, lesson.EXAMPLES[0].arguments, output_dir=out, progress=False
    )
    assert result.succeeded
    return Path(result.run_dir)


@pytest.fixture(scope="module")
def browser() -> Any:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def screenshot_whole_page(page: Any, path: Path) -> None:
    """A screenshot of the whole page with the iframes' content.

    ``full_page=True`` leaves out-of-process iframes (our sandboxed HTML artifacts) blank,
    so the viewport is made as tall as the page instead."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1200, "height": min(int(height), 16000)})
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_report_in_chromium(browser: Any, run_dir: Path, lang: str) -> None:
    report = write_report(run_dir, lang=lang, output=run_dir / f"report.{lang}.html")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        # the HTML artifact's iframe tells the report its height once it has loaded
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe.html-artifact')]"
            ".every(f => parseInt(f.style.height || '0') > 0)",
            timeout=10_000,
        )

        titles = page.eval_on_selector_all(
            "section[data-section] > h2", "els => els.map(e => e.textContent)"
        )
        assert titles == SECTIONS[lang]
        for section in ("graph", "tasks", "visualizations", "run-output", "config"):
            assert page.locator(f"section[data-section='{section}']").is_visible()

        # every image decoded, in the page and in each frame (the HTML artifact's PNG)
        sizes: list[int] = []
        for frame in page.frames:
            sizes += frame.evaluate(
                "() => [...document.images].map(i => i.complete ? i.naturalWidth : 0)"
            )
        assert sizes, "no <img> at all: the HTML artifact's figure is missing"
        assert all(width > 0 for width in sizes), sizes
        assert 900 in sizes  # the matplotlib figure, 9 inches at 100 dpi

        # the SVGs are there and drawn with a size
        for selector in ("svg.kfp-dag-svg", "svg.roc-curve"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, selector
        assert page.locator("svg.kfp-dag-svg g.kfp-node").count() == 4
        assert page.locator("table.confusion-matrix td").count() == 4
        assert page.locator("details.task").count() == 4

        # the iframe grew to its content: the figure is not cut off. The frame reports its
        # height at 250 ms and again on load; on a busy machine the first report comes
        # before the figure has loaded, so wait for the second.
        page.wait_for_function(
            "() => document.querySelector('iframe.html-artifact').getBoundingClientRect().height >= 360",
            timeout=10_000,
        )
        frame_box = page.locator("iframe.html-artifact").bounding_box()
        assert frame_box and frame_box["height"] >= 360

        # a task panel opens and shows its log
        page.locator("details.task[data-task='plot-scores'] > summary").click()
        page.locator("details.task[data-task='plot-scores'] details.log > summary").click()
        assert page.locator("details.task[data-task='plot-scores'] details.log pre").is_visible()

        screenshot_whole_page(page, ARTIFACTS / f"report-{lang}.png")
        assert not problems, problems
    finally:
        page.close()


def test_injected_html_does_not_run(browser: Any, tmp_path: Path) -> None:
    run_dir = make_evil_run(tmp_path)
    report = write_report(run_dir, lang="en")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        # the HTML artifact ran in its frame (it is meant to) and reported its height
        page.wait_for_function(
            "() => parseInt(document.querySelector('iframe.html-artifact').style.height || '0') > 0",
            timeout=10_000,
        )
        frame = next(f for f in page.frames if f != page.main_frame)
        assert frame.evaluate("() => window.__xss_frame") == 1
        assert frame.evaluate("() => document.getElementById('inside').textContent") == (
            "inside the frame"
        )

        # open every panel, hover and click every link and picture the Markdown made
        for summary in page.locator("summary").all():
            summary.click()
        for element in page.locator(".markdown a, .markdown img").all():
            element.hover()
            element.click()
        page.wait_for_timeout(500)

        assert page.evaluate("() => typeof window.__xss") == "undefined"
        assert dialogs == []
        assert page.evaluate("() => document.scripts.length") == 1  # the report's own
        handlers = page.evaluate(
            "() => [...document.querySelectorAll('*')]"
            ".flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on'))"
            ".map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == []
        # the frame could not replace the report's body
        assert page.locator("section[data-section]").count() == 5

        # where it is data, it is shown as written
        assert SCRIPT in page.locator(".kfp-report > h1").inner_text()
        log = page.locator(f"details.task[data-task='writer{IMG}'] details.log pre")
        assert SCRIPT in log.inner_text() and IMG in log.inner_text()
        markdown = page.locator(".markdown").inner_text()
        assert SCRIPT in markdown and IMG in markdown
        assert SCRIPT in page.locator("div.reason pre").inner_text()
        assert SCRIPT in page.locator("section[data-section='config']").inner_text()
        screenshot_whole_page(page, ARTIFACTS / "report-injection.png")
    finally:
        page.close()
