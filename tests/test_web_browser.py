"""The running app in a real headless browser (Debian's chromium through Playwright):
filter the seeds' timeline, open an event and an article, and prove hostile text stays text."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (make test installs Debian's chromium with apt-get)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed (pip install '.[web]')")

from dateline.web.app import create_app  # noqa: E402
from test_web import SCRIPT, build_web_db  # noqa: E402

pytestmark = pytest.mark.slow
README_SHOT = Path(__file__).resolve().parent.parent / "docs" / "timeline.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seeds' database, served by uvicorn in a background thread."""
    db = build_web_db(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs (an alert would be an XSS) and CSP violations."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.dialogs, p.csp_errors = [], []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.on("console", lambda m: p.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield p
    context.close()


def test_filter_open_event_and_article_then_screenshot(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "/")
    page.fill("input[name=dyad]", "USA-PAK")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?dyad=USA-PAK")  # the script dropped the empty fields
    assert "Timeline: USA–PAK" in page.inner_text("h1")
    timeline_shot = tmp_path / "timeline.png"
    page.screenshot(path=str(timeline_shot), full_page=True)
    if os.environ.get("DATELINE_SCREENSHOTS"):  # refresh the README's picture: DATELINE_SCREENSHOTS=1 make test
        shutil.copy(timeline_shot, README_SHOT)

    page.locator("a.summary", has_text="Qamar Javed Bajwa").filter(has_text="phone").click()
    page.wait_for_url("**/events/*")
    sources = page.inner_text("ul.sources")
    assert "Dawn" in sources and "Geo" in sources
    assert page.locator("mark", has_text="mutual goals of security").count() >= 1

    page.locator("ul.sources a", has_text="Geo").click()
    page.wait_for_url("**/articles/*")
    assert page.get_by_role("heading", name="Removed by cleaning").is_visible()
    removed = page.inner_text("ol.removed")
    assert "More From Pakistan:" in removed and "JCP names SHC CJ as ad hoc SC judge" in removed
    assert "More From Pakistan" not in page.inner_text("div.text")
    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.dialogs == [] and page.csp_errors == []


def test_hostile_article_shows_as_text_and_opens_no_dialog(page: Any, base_url: str) -> None:
    page.goto(base_url + "/search?q=alert")
    page.locator("ul.found a", has_text="Rubio and Dar").click()
    page.wait_for_url("**/articles/*")
    text = page.inner_text("div.text")
    assert SCRIPT in text and 'onerror=alert(1)>' in text
    assert page.locator("div.text img, div.text script").count() == 0
    page.locator("a.summary", has_text="Marco Rubio").first.click()
    page.wait_for_url("**/events/*")
    assert SCRIPT in page.inner_text("main")
    for path in ("/", "/?since=2025-06", "/people/Ishaq%20Dar", "/charts"):
        page.goto(base_url + path)
    assert page.dialogs == [] and page.csp_errors == []
