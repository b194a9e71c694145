"""The pages' Run buttons in a real browser (issue 22): the site that
``make html`` built, served on 127.0.0.1, opened in headless Chromium.

Skipped, with the reason, where a piece is missing: npm (so no runtime was
built), Chromium, Playwright's Python package (``pip install playwright``;
it drives the system's ``chromium``, so no browser download), or the built
site with its runtime (``make html`` where npm is installed).
"""

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

import mlp
from mlp.datasets import xor

SITE = Path(__file__).resolve().parents[1] / "_build" / "html"
#: Pages of the path, each run whole: a short one, the longest derivation,
#: and the check page, whose mlp.check runs in-process in the browser.
PAGES = ("forward", "backprop", "check")


def _missing():
    if not shutil.which("npm"):
        return "npm is not installed, so make html builds no browser runtime"
    if not shutil.which("chromium"):
        return "no chromium on PATH"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed (pip install playwright)"
    if not (SITE / "_runner" / "runner-bundle.js").is_file():
        return f"no built site with the browser runtime in {SITE}: run make html first"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = False  # so that server_close waits for every connection to close


@pytest.fixture(scope="module")
def browser_page():
    """A fresh page of a headless Chromium on the served site, and every URL
    that the browser requested."""
    from playwright.sync_api import sync_playwright

    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=SITE))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requested = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        context = browser.new_context()
        context.on("request", lambda request: requested.append(request.url))

        def open_page(name, query=""):
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/{name}.html{query}")
            return page

        yield open_page, requested
        browser.close()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", PAGES)
def test_autorun_matches_the_page(browser_page, name):
    open_page, requested = browser_page
    page = open_page(name, "?autorun")
    page.wait_for_selector("body[data-runner=done]", timeout=300_000)
    summary = page.inner_text("#runner-summary")
    matched, total = map(int, re.fullmatch(r"(\d+) of (\d+) blocks match the page", summary).groups())
    assert total == page.locator("div.runner-block").count() > 5
    assert matched >= 0.95 * total, summary
    outside = [url for url in requested if not url.startswith("http://127.0.0.1:")]
    assert requested and not outside
    page.close()


def _edit_and_run(page, code):
    """Put `code` in the page's first block, run it, and wait for its output."""
    page.wait_for_function("window.crossOriginIsolated", timeout=60_000)
    block = page.locator("div.runner-block").nth(0)
    block.locator("pre").evaluate(
        "(pre, code) => { pre.textContent = code; pre.dispatchEvent(new Event('input')); }", code)
    _run_first_edit(page)


def _run_first_edit(page):
    """Run the page's first block, edited, and wait for what it prints."""
    page.locator(".runner-bar .runner-run").nth(0).click()
    page.wait_for_function(
        "/^(what your edit prints|your edit ran)/.test(document.querySelector('.runner-status').textContent)",
        timeout=300_000)


def test_a_loss_curve_is_drawn_under_the_block(browser_page):
    open_page, _ = browser_page
    page = open_page("unit")
    _edit_and_run(page, "import matplotlib.pyplot as plt\n"
                        "plt.plot([0.5, 0.4, 0.25, 0.2, 0.1], label='loss')\nplt.legend()\n")
    points = page.locator(".runner-figures svg polyline").nth(0).get_attribute("points")
    assert len(points.split()) == 5
    assert page.locator(".runner-figures svg text", has_text="loss").count() == 1
    page.close()


def test_an_edited_block_prints_what_native_mlp_prints(browser_page):
    open_page, requested = browser_page
    code = ("import mlp\n"
            "from mlp.datasets import xor\n"
            "net = mlp.Network.random([2, 3, 1], rng=0)\n"
            "losses = net.fit(*xor(), epochs=300, learn_rate=3.0, loss='sse')\n"
            "print(net.predict(xor()[0])[:, 0].round(6))\n")
    page = open_page("forward")
    _edit_and_run(page, code)
    printed = page.locator("pre.runner-got").nth(0).inner_text()

    net = mlp.Network.random([2, 3, 1], rng=0)
    net.fit(*xor(), epochs=300, learn_rate=3.0, loss="sse")
    native = str(net.predict(xor()[0])[:, 0].round(6))
    assert printed.strip().splitlines()[-1] == native
    page.close()


def test_lines_typed_with_enter_run_as_lines(browser_page):
    """A reader types an edit; Enter puts a line break, which must reach Python."""
    open_page, _ = browser_page
    page = open_page("unit")
    page.wait_for_function("window.crossOriginIsolated", timeout=60_000)
    pre = page.locator("div.runner-block pre").nth(0)
    pre.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for i, line in enumerate([">>> def f(x):", "...     return 2 * x", ">>> f(21)"]):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    _run_first_edit(page)
    assert page.locator("pre.runner-got").nth(0).inner_text().strip().endswith(">>> f(21)\n42")
    page.close()


def test_reset_after_an_edit_starts_the_pages_python_again(browser_page):
    open_page, _ = browser_page
    page = open_page("unit")
    _edit_and_run(page, ">>> np = None\n")  # breaks every later block that uses NumPy
    status = page.locator(".runner-status")
    page.locator(".runner-bar .runner-run").nth(1).click()
    page.wait_for_function("document.querySelectorAll('.runner-status')[1].textContent.includes('Reset')",
                           timeout=300_000)
    page.locator(".runner-bar .runner-reset").nth(0).click()
    assert "starts again" in status.nth(0).inner_text()
    page.locator(".runner-bar .runner-run").nth(1).click()
    page.wait_for_function("document.querySelectorAll('.runner-status')[1].classList.contains('runner-ok')",
                           timeout=300_000)
    assert page.inner_text("#runner-summary") == "2 of 17 blocks match the page (15 not run yet)"
    page.close()
