"""Headless Chromium for the report's browser tests and its README screenshot: Debian's
`chromium`, driven by Playwright for Python, never a browser Playwright downloads, and with
every request other than `file:` aborted, so a page that tried to fetch anything would show it.

    from browser import chromium, open_report
    with open_report("review.html") as page:
        page.click(...)
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium() -> str | None:
    """The system Chromium, or None: `ARCHLINT_CHROMIUM`, else Debian's, else on PATH."""
    for candidate in (os.environ.get("ARCHLINT_CHROMIUM"), *CANDIDATES, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextlib.contextmanager
def open_report(path: str | Path, *, width: int = 1400, height: int = 900, blocked: list | None = None):
    """A page showing the report at `path`; requests that are not `file:` are aborted and
    their URLs appended to `blocked`; console errors go there too, prefixed `console:`."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if executable is None:
        raise RuntimeError("no Chromium found: apt-get install chromium")
    blocked = [] if blocked is None else blocked
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})

            def refuse(route):
                blocked.append(route.request.url)
                route.abort()

            context.route(lambda url: not url.startswith("file:"), refuse)
            page = context.new_page()
            page.on("console", lambda m: blocked.append(f"console: {m.text}") if m.type == "error" else None)
            page.goto(Path(path).resolve().as_uri())
            yield page
        finally:
            browser.close()
