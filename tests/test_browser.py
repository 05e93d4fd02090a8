"""The HTML pages in a real browser: Debian's headless Chromium driven by Playwright.

Opens a document page (and leaves a screenshot of it), follows the link to its drafter,
and runs an example query from the SPARQL form.  Playwright drives the system Chromium
(/usr/bin/chromium, ``apt-get install chromium``); it never downloads a browser.

The screenshot goes to ``$FRUS_KG_TEST_OUTPUT/browser/`` (default ``build/test-output/``
in the repository, which git ignores).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from frus_kg.serve.testing import ServerProcess, build_sample_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
OUTPUT = Path(os.environ.get("FRUS_KG_TEST_OUTPUT", ROOT / "build" / "test-output")) / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def server(sample_dumps, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    store = build_sample_store(folder / "store", sample_dumps)
    with ServerProcess(store, log=folder / "server.log",
                       extra=["--workers", "1", "--timeout", "10", "--cache", str(folder / "cache")]) as srv:
        yield srv


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def test_document_page_drafter_and_example_query(server, page):
    from playwright.sync_api import expect

    # a document page
    page.goto(server.url + "document/frus1961-63v12/d112")
    expect(page.locator("h1")).to_have_text("Telegram From the Department of State to the Embassy in Colombia")
    expect(page.locator("#hsg")).to_have_attribute(
        "href", "https://history.state.gov/historicaldocuments/frus1961-63v12/d112")
    expect(page.locator('[data-node="date"]')).to_contain_text("May 18, 1961")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "document-frus1961-63v12-d112.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # follow the link to its drafter
    drafter = page.locator('[data-role="drafter"] [data-property="prov:agent"] td a')
    expect(drafter).to_have_text("Jamison, Edward A.")
    drafter.click()
    page.wait_for_url(re.compile(r"/volume/frus1961-63v12/person/p_JEA1$"))
    expect(page.locator("h1")).to_have_text("Jamison, Edward A.")
    drafted = page.locator('[data-incoming="role:drafter"]')
    expect(drafted.locator("h3")).to_contain_text("Documents drafted by Jamison, Edward A.")
    expect(drafted.locator('a[href="/document/frus1961-63v12/d112"]')).to_have_count(1)

    # run an example query from the SPARQL form
    page.locator("header a", has_text="SPARQL").click()
    page.wait_for_url(re.compile(r"/sparql$"))
    page.select_option("#example", "volume-overview")
    expect(page.locator("#query")).to_have_value(re.compile(r"# Title: Volume overview"))
    page.click("#run")
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("table.results thead")).to_contain_text("?volume")
    expect(rows.first).to_contain_text("frus1901")
    page.screenshot(path=str(OUTPUT / "sparql-volume-overview.png"), full_page=True)
