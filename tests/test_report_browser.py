"""The report in a real browser: Debian's headless Chromium, driven by Playwright for Python,
the file opened from disk with every other request aborted.

Skipped, with the reason shown, where no Chromium or no Playwright is installed (CI installs
both: .ci/run). Screenshots are kept under the test's temporary directory, or under
$ARCHLINT_ARTIFACTS when that is set, and their paths printed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, assert_no_traceback, run_cli

from archlint.render.layout import find_backend

sys.path.insert(0, str(ROOT / "tools"))
from browser import chromium, open_report  # noqa: E402

pytest.importorskip("playwright", reason="Playwright for Python is not installed (pip install '.[test]')")
pytestmark = [
    pytest.mark.skipif(chromium() is None, reason="no Chromium found (apt-get install chromium); browser tests skipped"),
    pytest.mark.skipif(find_backend() is None, reason="no Graphviz layout engine installed"),
]


def _artifacts(tmp_path: Path) -> Path:
    where = Path(os.environ["ARCHLINT_ARTIFACTS"]) if os.environ.get("ARCHLINT_ARTIFACTS") else tmp_path
    where.mkdir(parents=True, exist_ok=True)
    return where


def _report(design: Path, out: Path) -> Path:
    process = run_cli("report", design, "-o", out, "--isolated")
    assert process.returncode == 0, process.stderr
    assert_no_traceback(process)
    return out


def _svg_id(ident: str) -> str:
    return "#" + ident.replace(":", "\\:").replace(">", "\\>")


def test_click_a_component_see_its_findings_click_a_finding_see_its_element(tmp_path):
    report = _report(EXAMPLES / "url_shortener" / "naive.arch", tmp_path / "review.html")
    blocked: list[str] = []
    with open_report(report, blocked=blocked) as page:
        assert page.locator(".panel-idle").is_visible()

        page.click(_svg_id("component:urls"))
        panel = page.locator('.panel[data-element="component:urls"]')
        assert panel.is_visible()
        assert "database `urls` has 1 replica".replace("`", "") in panel.inner_text()
        assert page.locator(".panel:visible").count() == 1
        assert "selected" in page.get_attribute(_svg_id("component:urls"), "class")

        page.click(_svg_id("component:browser"))  # no findings: says so, by name
        assert page.locator(".panel-none").is_visible()
        assert "browser" in page.locator(".panel-none").inner_text()

        link = page.locator('a.locate[data-element="edge:api->urls"]')
        link.click()
        edge = page.locator(_svg_id("edge:api->urls"))
        assert "selected" in edge.get_attribute("class")
        assert "selected" not in page.get_attribute(_svg_id("component:urls"), "class")
        assert page.locator('.panel[data-element="edge:api->urls"]').is_visible()
        assert "current" in link.locator("xpath=ancestor::li[1]").get_attribute("class")
        box, viewport = edge.bounding_box(), page.viewport_size
        assert box and 0 <= box["y"] <= viewport["height"]  # scrolled into view

        shot = _artifacts(tmp_path) / "report-url-shortener.png"
        page.screenshot(path=str(shot), full_page=False)
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 10_000
    assert blocked == []  # nothing was requested beyond the file, and no script error


def test_keyboard_selects_an_element_and_print_hides_the_controls(tmp_path):
    report = _report(EXAMPLES / "url_shortener" / "naive.arch", tmp_path / "review.html")
    with open_report(report) as page:
        page.focus(_svg_id("component:nginx"))
        page.keyboard.press("Enter")
        assert page.locator('.panel[data-element="component:nginx"]').is_visible()
        assert page.get_attribute(_svg_id("component:nginx"), "role") == "button"
        page.click(".zoom")
        assert page.get_attribute(".zoom", "aria-pressed") == "true"
        page.emulate_media(media="print")
        assert not page.locator(".selection").is_visible() and not page.locator(".zoom").is_visible()
        printed = _artifacts(tmp_path) / "report-url-shortener.pdf"
        page.pdf(path=str(printed))
        assert printed.read_bytes().startswith(b"%PDF")


HOSTILE = r"""title "<img src=x onerror=alert('title')>"
service api "<img src=x onerror=alert(1)>" [tech="</style><script>alert(2)</script>"]
database db "\"><svg onload=alert(3)>" [engine="<iframe src=https://example.com/x>"]
api -> db "</svg><script>alert(5)</script>"
"""


def test_hostile_labels_run_nothing_and_fetch_nothing(tmp_path):
    design = tmp_path / "hostile.arch"
    design.write_text(HOSTILE, encoding="utf-8")
    report = _report(design, tmp_path / "review.html")
    blocked: list[str] = []
    dialogs: list[str] = []
    with open_report(report, blocked=blocked) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.click(_svg_id("component:api"))
        page.click(_svg_id("edge:api->db"))
        page.wait_for_timeout(200)
        assert "<img src=x onerror=alert(1)>" in page.inner_text("body")
        assert page.title() == "Design review: <img src=x onerror=alert('title')>"
        assert page.locator("img, iframe").count() == 0
        page.screenshot(path=str(_artifacts(tmp_path) / "report-hostile.png"))
    assert dialogs == [] and blocked == []


def test_the_analysis_and_the_sweep_are_seen_and_a_failure_shows_its_element(tmp_path):
    report = _report(EXAMPLES / "url_shortener" / "naive.arch", tmp_path / "review.html")
    blocked: list[str] = []
    with open_report(report, blocked=blocked) as page:
        page.click('nav a[href="#analysis"]')
        entries = page.locator("#analysis table").first
        assert entries.is_visible()
        assert "browser" in entries.inner_text() and "meets 99.9%" in entries.inner_text()
        box = entries.bounding_box()
        assert box and box["x"] + box["width"] <= page.viewport_size["width"]  # no sideways scrolling
        shot = _artifacts(tmp_path) / "report-analysis.png"
        page.locator("#analysis").screenshot(path=str(shot))
        print(f"screenshot: {shot}")

        page.click('nav a[href="#whatif"]')
        sweep = page.locator("#whatif table")
        assert sweep.is_visible()
        first = sweep.locator("tbody tr").first
        assert "broken" in first.inner_text() and "browser" in first.inner_text()
        link = first.locator("a.locate")
        target = link.get_attribute("data-element")
        link.click()
        assert "selected" in page.get_attribute(_svg_id(target), "class")
        assert page.locator(f'.selection .panel[data-element="{target}"], .selection .panel-none').first.is_visible()
        page.locator("#whatif").screenshot(path=str(_artifacts(tmp_path) / "report-whatif.png"))

        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.locator("#whatif details.others").get_attribute("open") is not None
        page.set_viewport_size({"width": 760, "height": 1000})  # about an A4 page's printable width
        for table in page.locator("#analysis table, #whatif table").all():
            box = table.bounding_box()
            assert box and box["x"] + box["width"] <= 760, table.locator("caption").inner_text()
    assert blocked == []
