"""Run every page's examples in headless Chromium and record the slow ones.

Not part of ``make test``: it needs Chromium and Playwright's Python package.
Usage, after ``make html`` (with npm, so that the pages have Run buttons)::

    python docs/_tools/browser_times.py            # every page with examples
    python docs/_tools/browser_times.py --min 1.5

It serves ``_build/html`` on a local port, opens each page with
``?autorun``, and reads how long each block took (``data-seconds``, set by
``docs/_static/runner.js``). Every block that took ``--min`` seconds or more
(2 by default) is written to ``docs/_runner/browser-times.json`` under a
hash of its text (``docs/_ext/runner.py``'s ``block_key``), with the page,
the seconds and, above them, when and on what it was measured; the entries
of pages not measured this time are kept. The next
``make html`` shows "takes about N s in the browser" beside those blocks; a
block whose text has changed since shows nothing until it is measured again.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "docs" / "_ext"), str(Path(__file__).parent)]
from browser_check import serve  # noqa: E402
from runner import TIMES, block_key  # noqa: E402

SITE = ROOT / "_build" / "html"


def measure(pages, timeout_s):
    """{page: [(block text, seconds or None)]} from one autorun of each page."""
    from playwright.sync_api import sync_playwright

    server = serve(str(SITE))
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        version = browser.version
        for name in pages:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/{name}.html?autorun")
            page.wait_for_selector("body[data-runner=done]", timeout=timeout_s * 1000)
            tests = [b["test"] for b in json.loads(page.inner_text("#runner-blocks"))["blocks"]]
            seconds = page.eval_on_selector_all(
                "div.runner-block", "els => els.map(e => e.dataset.seconds ?? null)")
            found[name] = [(t, None if s is None else float(s)) for t, s in zip(tests, seconds)]
            print(f"{name}: {page.inner_text('#runner-summary')}, "
                  f"{sum(s or 0 for _, s in found[name]):.1f} s in all", flush=True)
            page.close()
        browser.close()
    server.shutdown()
    return found, version


def _recorded():
    """The entries recorded before, kept for the pages not measured this time."""
    return json.loads(TIMES.read_text(encoding="utf-8"))["blocks"] if TIMES.is_file() else {}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page names (default: every page with examples)")
    parser.add_argument("--min", type=float, default=2.0, help="seconds to be recorded (2)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per page (900)")
    args = parser.parse_args(argv)
    if not (SITE / "_runner" / "runner-bundle.js").is_file() or not shutil.which("chromium"):
        print(f"needs a site built with its browser runtime in {SITE} (make html, with npm) "
              "and chromium on PATH", file=sys.stderr)
        return 2
    pages = args.pages or sorted(p.stem for p in SITE.glob("*.html")
                                 if 'id="runner-blocks"' in p.read_text(encoding="utf-8"))
    found, version = measure(pages, args.timeout)
    blocks = {key: entry for key, entry in _recorded().items() if entry["page"] not in found}
    blocks.update({block_key(test): {"page": name, "seconds": round(seconds, 1)}
                   for name, measured in found.items() for test, seconds in measured
                   if seconds is not None and seconds >= args.min})
    record = {
        "measured": f"{datetime.date.today()}, Chromium {version}, {platform.machine()} "
                    f"with {os.cpu_count()} cores",
        "min_seconds": args.min,
        "blocks": dict(sorted(blocks.items(), key=lambda kv: (kv[1]["page"], kv[0]))),
    }
    TIMES.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{len(blocks)} recorded blocks took {args.min:g} s or more, "
          f"{len(pages)} pages measured now: {TIMES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
