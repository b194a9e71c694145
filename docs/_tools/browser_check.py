"""Open the built pages in headless Chromium and report what a narrow screen cuts off.

Not part of ``make test``: it needs Chromium and Playwright's Python package,
which the project's two commands do not install. Usage, after ``make html``::

    python docs/_tools/browser_check.py                 # every page, 390 and 1280 px
    python docs/_tools/browser_check.py --widths 390 cheatsheet unit

It serves ``_build/html`` on a local port, so that MathJax and its fonts load
as they do from a web server, opens every page at each width with every
dropdown opened, waits for MathJax, and reports:

equations
    every display equation (``mjx-container[display="true"]``) whose typeset
    width is larger than the width of the column it sits in (its
    ``.math-wrapper``, which scrolls, with no cue that it does). The TeX of
    the equation is shown, shortened, with the nearest heading.
figures
    every figure whose smallest label renders under ``--min-label`` pixels
    (7 by default). For an SVG drawn by matplotlib (``plot_formats`` in
    conf.py) this is measured: matplotlib draws each text as glyph paths
    scaled by ``scale(s -s)``, s being the font size in points over 100, and
    the SVG's ``width`` attribute is in points, so the smallest label prints
    at min(100 s) × shown width / width in points, shown width being the
    image's rendered width without its padding. The label's size is its font
    size: subscripts and superscripts in mathtext are drawn at 0.7 of it
    (a nested ``scale(0.7)``), which the check does not count. For any
    other image (a PNG)
    it is a guess: ``--label-pt`` points (8) at ``--dpi`` dots per inch
    (220), shrunk to the rendered width, which reports a figure whose
    smallest text is larger than ``--label-pt`` too early.
TeX errors
    every formula MathJax could not typeset, which the build does not warn
    about: an error box (``mjx-merror``), an undefined macro (shown in red),
    or a ``div.math`` left as raw TeX (an unbalanced brace or delimiter).
a page wider than the window
    which makes the whole page scroll sideways.

Exit status: 0 if nothing is reported at any width, 1 otherwise, 2 if the
build or Chromium is missing.
"""

import argparse
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"genindex", "search", "py-modindex"}

MEASURE = """
async ({minLabel, labelPx}) => {
  const headings = [...document.querySelectorAll("article h1, article h2, article h3")];
  const heading = (el) => {
    let last = "";
    for (const h of headings) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        last = h.textContent.replace(/[#\u00b6]$/, "").trim();
      }
    }
    return last;
  };
  const tex = new Map();
  const items = window.MathJax ? MathJax.startup.document.getMathItemsWithin(document.body) : [];
  for (const item of items) {
    if (item.display && item.typesetRoot) tex.set(item.typesetRoot, item.math);
  }
  const equations = [];
  let total = 0;
  for (const c of document.querySelectorAll('mjx-container[display="true"]')) {
    total += 1;
    const column = c.closest(".math-wrapper") || c.parentElement;
    const math = c.querySelector("mjx-math");
    const wide = Math.max(c.scrollWidth, math ? math.getBoundingClientRect().width : 0);
    const room = column.clientWidth;
    if (wide > room + 1) {
      equations.push({wide: Math.round(wide), room: Math.round(room),
                      where: heading(column), tex: (tex.get(c) || "").trim()});
    }
  }
  const figures = [];
  let images = 0;
  for (const img of document.querySelectorAll("article img")) {
    if (!img.naturalWidth) continue;
    images += 1;
    const style = getComputedStyle(img);
    const shown = img.getBoundingClientRect().width - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth)
      - parseFloat(style.borderRightWidth);
    let label = labelPx * shown / img.naturalWidth, how = "guessed";
    let smallest = null;
    if (/\\.svg$/i.test(img.src)) {
      const text = await (await fetch(img.src)).text();
      const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      const width = parseFloat(svg.getAttribute("width"));  // in pt
      const sizes = [...text.matchAll(/scale\\(([0-9.e-]+) -([0-9.e-]+)\\)/g)]
        .map((m) => 100 * parseFloat(m[1]));
      if (!sizes.length) continue;  // no text: nothing to read
      smallest = Math.min(...sizes);
      label = smallest * shown / width;
      how = "measured";
    }
    if (label < minLabel) {
      figures.push({src: img.getAttribute("src"), shown: Math.round(shown),
                    natural: img.naturalWidth, label: Math.round(label * 10) / 10,
                    how, smallest: smallest && Math.round(smallest * 10) / 10});
    }
  }
  const errors = [];
  for (const e of document.querySelectorAll("mjx-merror")) {
    errors.push({where: heading(e), message: e.getAttribute("data-mjx-error") || e.textContent});
  }
  for (const e of document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')) {
    errors.push({where: heading(e), message: `undefined macro ${e.textContent}`});
  }
  if (window.MathJax) {
    for (const e of document.querySelectorAll("div.math, span.math")) {
      if (!e.querySelector("mjx-container")) {
        errors.push({where: heading(e), message: `not typeset: ${e.textContent.trim().slice(0, 60)}`});
      }
    }
  }
  const page = document.scrollingElement.scrollWidth > window.innerWidth + 1
    ? document.scrollingElement.scrollWidth : 0;
  return {total, equations, images, figures, errors, page};
}
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server that logs nothing and isolates its pages itself, so
    that the Run buttons' service worker finds them isolated and does not
    reload them while they are measured (a reader's plain server gets one
    reload; tests/test_browser_runner.py serves the site that way)."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()


def serve(directory):
    handler = functools.partial(Quiet, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check(page, url, width, args):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url, wait_until="load")
    if page.evaluate("!!window.MathJax"):  # pages without math load no MathJax
        page.wait_for_function("MathJax.startup && MathJax.startup.promise")
        page.evaluate("MathJax.startup.promise")
    page.evaluate("document.fonts.ready")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page.evaluate(MEASURE, {"minLabel": args.min_label,
                                   "labelPx": args.label_pt * args.dpi / 72})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="page names (default: every page)")
    parser.add_argument("--build", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--widths", type=int, nargs="+", default=[390, 1280])
    parser.add_argument("--min-label", type=float, default=7.0)
    parser.add_argument("--label-pt", type=float, default=8.0)
    parser.add_argument("--dpi", type=float, default=220.0)
    parser.add_argument("--no-figures", action="store_true", help="leave the figures out of the report")
    args = parser.parse_args(argv)

    build = Path(args.build)
    names = args.pages or sorted(p.stem for p in build.glob("*.html") if p.stem not in SKIP)
    if not (build / "index.html").exists():
        print(f"no build in {build}: run make html first", file=sys.stderr)
        return 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found on PATH (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server = serve(str(build))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        for width in args.widths:
            totals = [0, 0, 0, 0]
            for name in names:
                r = check(page, f"{base}{name}.html", width, args)
                figures = [] if args.no_figures else r["figures"]
                totals[0] += r["total"]
                totals[1] += len(r["equations"])
                totals[2] += r["images"]
                totals[3] += len(figures)
                for e in r["equations"]:
                    tex = " ".join(e["tex"].split())
                    tex = tex if len(tex) <= 70 else tex[:67] + "..."
                    print(f"{width}px {name}: equation {e['wide']} px in a column of "
                          f"{e['room']} px ({e['where']}): {tex}")
                for f in figures:
                    font = f", {f['smallest']:g} pt" if f["smallest"] else ""
                    print(f"{width}px {name}: figure {f['src']} shown {f['shown']} of "
                          f"{f['natural']} px, smallest label {f['label']} px "
                          f"({f['how']}{font})")
                for e in r["errors"]:
                    print(f"{width}px {name}: TeX error ({e['where']}): {e['message']}")
                if r["page"]:
                    print(f"{width}px {name}: the page scrolls sideways "
                          f"({r['page']} px wide)")
                found += (len(r["equations"]) + len(figures) + len(r["errors"])
                          + bool(r["page"]))
            figs = "" if args.no_figures else (f", {totals[3]} of {totals[2]} figures with "
                                               f"labels under {args.min_label:g} px")
            print(f"{width}px: {totals[1]} of {totals[0]} display equations wider than "
                  f"their column{figs}")
        browser.close()
    server.shutdown()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
