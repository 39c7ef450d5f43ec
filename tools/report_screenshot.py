"""Make docs/report.png, the README's picture of `archlint report`: the report of
examples/url_shortener/naive.arch, opened in headless Chromium with one finding's element
selected on the diagram.

    python tools/report_screenshot.py                 # writes docs/report.png
    python tools/report_screenshot.py -o /tmp/x.png

Needs Graphviz (or pygraphviz), Debian's `chromium` and Playwright for Python (`pip install
'.[test]'`); nothing is downloaded. The picture depends on the fonts and the Chromium version,
so it is made by hand when the report's look changes, not checked in CI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import open_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = Path("examples/url_shortener/naive.arch")
SELECTED = "component:urls"  # the lone MySQL database: the finding a review starts with


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "report.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        report = Path(temporary) / "review.html"
        subprocess.run([sys.executable, "-m", "archlint", "report", str(EXAMPLE), "-o", str(report), "--isolated",
                        "--direction", "TB"],
                       cwd=ROOT, check=True)
        blocked: list[str] = []
        with open_report(report, width=1280, height=1100, blocked=blocked) as page:
            page.click(f'a.locate[data-element="{SELECTED}"]')
            page.evaluate("document.querySelector('.canvas').scrollTop = 0;"
                          "document.getElementById('diagram-heading').scrollIntoView()")
            page.screenshot(path=args.output)
        if blocked:
            sys.exit(f"the report asked for more than its own file: {blocked}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
