"""The HTML report: escaped, self-contained, and rendering cleanly in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from export_sample import EVIL, SCRIPT, sample_report

from quest_engine.exports.html_report import render_html, write_html
from quest_engine.exports.report_model import ReviewItem

CHROMIUM = os.environ.get("QUEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECTIONS = ("#overview", "#heatmap", "#quests", "#badges", "#time", "#review", "#students")


def test_student_text_is_escaped():
    html = render_html(sample_report())
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in html
    assert "Flight Log &amp; &lt;Notes&gt;" in html
    assert "Nice &lt;b&gt;story&lt;/b&gt;" in html
    assert EVIL.replace('"', "&quot;") in html
    assert "<script" not in html.lower()


def test_page_is_self_contained():
    html = render_html(sample_report())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    assert "default-src 'none'" in html


def test_anonymized_page_shows_pseudonyms_only():
    html = render_html(sample_report(anonymized=True))
    assert "Student Falcon-42" in html and "Anonymised" in html
    assert "Zoë" not in html


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        message = f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("QUEST_REQUIRE_CHROMIUM"):  # CI installs it: never pass by skipping
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems, requests


def test_report_renders_in_chromium(browser, tmp_path):
    (path,) = write_html(sample_report(), tmp_path / "report.html")
    page, problems, requests = _open(browser, path)
    assert problems == []
    assert requests == [path.as_uri()]  # nothing fetched from anywhere else
    for selector in SECTIONS:
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator("svg.heatmap rect").count() == 9
    assert page.locator("section.student").count() == 3
    assert page.locator("#review article.writing").count() == 1
    assert "Zoë Ångström" in page.locator("h3").all_inner_texts()
    assert page.locator("#review .text").inner_text().count("<script>") == 1  # shown as text
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("QUEST_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "html-report.png")
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    page.close()


def test_a_self_check_reads_as_one_and_an_empty_comment_leaves_no_colon():
    report = sample_report()
    shared = report.shared_writing[0]
    reviews = (
        ReviewItem("self", "", True, (("effort", 3),), "2026-03-02T09:14:00Z"),
        ReviewItem("facilitator", "", False, (), "2026-03-02T11:00:00Z"),
    )
    report = replace(report, shared_writing=(replace(shared, reviews=reviews),))
    html = render_html(report)
    assert '<div class="review"><b>Self-check</b> done (effort 3)</div>' in html
    assert '<div class="review"><b>Facilitator</b> returned for revision</div>' in html
