// Run and edit the page's doctest blocks in the browser (issue 22).
//
// docs/_ext/runner.py marks each doctest block (div.runner-block) and puts
// the blocks, as Sphinx's doctest runs them, in #runner-blocks. The Python
// runtime (docs/_runner, about 15 MB) is loaded on the first Run. The page
// keeps one Python namespace; running a block first runs the blocks above it
// that have not run. A block as the page prints it is compared with the page;
// an edited one shows what it prints. PAGE.html?autorun runs every block in
// order, then sets <body data-runner="done"> and #runner-summary.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("runner-blocks").textContent);
  const root = document.documentElement.dataset.content_root || "./";
  const elements = document.querySelectorAll("div.runner-block");
  if (elements.length !== data.blocks.length) {
    console.warn(`runner: ${elements.length} blocks on the page, ${data.blocks.length} in its data`);
    return;
  }
  const blocks = [...elements].map((element, i) => ({ element, ...data.blocks[i] }));
  let python = null;   // the runtime, a promise once the first block runs
  let queue = Promise.resolve();
  let busy = 0;        // runs queued or running
  let sessionEdited = false;  // an edited block has run in the page's Python
  let firstResult = null;
  const started = performance.now();

  // A slow block says beforehand how long it took in a browser when it was
  // measured (docs/_runner/browser-times.json, from docs/_tools/browser_times.py).
  function expected(block) {
    return block.seconds ? `takes about ${Math.round(block.seconds)} s in the browser` : "";
  }

  // What a reader typed: innerText, which turns the line breaks that Enter
  // inserts (<br> or <div>) into newlines; textContent drops them.
  function typed(block) {
    return block.element.querySelector("pre").innerText;
  }

  function setStatus(block, ...parts) {
    block.status.classList.remove("runner-ok", "runner-differs");
    block.status.replaceChildren(...parts);
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function unavailable() {
    if (location.protocol === "file:") {
      return "The examples run only from a web server, not from a file: " +
        "run `python3 -m http.server -d _build/html` and open http://localhost:8000/.";
    }
    if (!window.crossOriginIsolated) {
      return "This browser did not isolate the page (a service worker is needed); the examples cannot run here.";
    }
    return null;
  }

  function runtime() {
    python ??= new Promise((resolve, reject) => {
      const script = el("script");
      script.src = root + "_runner/runner-bundle.js";
      script.onload = () => window.mlpRunner.load({ packageUrl: root + "_runner/mlp.zip" }).then(resolve, reject);
      script.onerror = () => reject(new Error("the runtime could not be loaded"));
      document.head.append(script);
    }).then(async (py) => {
      await py.run("import pageblocks");
      info.textContent = ` ${py.version}, in this page.`;
      return py;
    });
    return python;
  }

  // The toolbar under each block: Run, Reset (once edited) and the status.
  for (const block of blocks) {
    const pre = block.element.querySelector("pre");
    block.original = pre.innerHTML;
    pre.spellcheck = false;
    pre.contentEditable = "plaintext-only";
    if (pre.contentEditable !== "plaintext-only") pre.contentEditable = "true";
    const bar = el("div", "runner-bar");
    const run = el("button", "runner-run", "Run");
    const reset = el("button", "runner-reset", "Reset");
    block.status = el("span", "runner-status");
    block.output = el("div", "runner-output");
    block.figures = el("div", "runner-figures");
    reset.hidden = true;
    setStatus(block, expected(block));
    bar.append(run, reset, block.status);
    block.element.after(bar, block.output, block.figures);
    pre.addEventListener("input", () => {
      block.edited = true;
      reset.hidden = false;
      setStatus(block, "edited: Run shows what it prints");
    });
    reset.onclick = () => {
      pre.innerHTML = block.original;
      block.edited = false;
      reset.hidden = true;
      block.output.replaceChildren();
      block.figures.replaceChildren();
      if (block.running) return;  // its run ends as it ends
      if (sessionEdited) {
        setStatus(block, "reset: the page's Python starts again from the first example at the next Run");
        restart();
      } else {
        setStatus(block, expected(block));
      }
      updateSummary();
    };
    run.onclick = () => runUpTo(blocks.indexOf(block));
  }

  // Above the first block: run them all, and how many match the page.
  const top = el("div", "runner-top");
  const all = el("button", "runner-run", "Run every example");
  const summary = el("span", "", "");
  summary.id = "runner-summary";
  const info = el("span", "runner-info", " Python runs in this page, offline; the first run loads it (about 15 MB).");
  top.append(all, " ", summary, info);
  (document.querySelector("article h1") || blocks[0].element).after(top);
  all.onclick = () => runUpTo(blocks.length - 1, true);

  function runUpTo(last, again = false) {
    busy += 1;
    all.disabled = true;  // one pass over the page at a time
    for (let i = 0; i <= last; i++) {
      const b = blocks[i];
      if (!b.running && (!b.ran || i === last || again)) setStatus(b, "waiting for the examples above…");
    }
    queue = queue.then(async () => {
      for (let i = 0; i <= last; i++) {
        if (!blocks[i].ran || i === last || again) await runBlock(blocks[i]);
      }
    }).catch((error) => console.error("runner:", error)).finally(() => {
      busy -= 1;
      all.disabled = busy > 0;
      updateSummary();
    });
    return queue;
  }

  // After Reset of an edited block: forget the page's namespace, so that
  // the next Run runs the page from its first block again.
  function restart() {
    queue = queue.then(async () => {
      if (python) await (await python).run(`pageblocks.forget(${JSON.stringify(data.page)})`);
      sessionEdited = false;
      for (const b of blocks) {
        b.ran = false;
        b.result = null;
      }
      updateSummary();
    }).catch((error) => console.error("runner:", error));  // the next Run still runs
  }

  // The status while a block runs: how long so far, and past a while, how
  // to stop a run that never ends (WebAssembly's Python cannot be interrupted).
  function running(block, t0) {
    const estimate = block.seconds ? ` (took about ${Math.round(block.seconds)} s when measured)` : "";
    setStatus(block, "running…" + estimate);
    return setInterval(() => {
      const s = Math.round((performance.now() - t0) / 1000);
      const stuck = s >= Math.max(30, 3 * (block.seconds || 0))
        ? "; if it never ends, reload the page to stop it" : "";
      if (s >= 5) setStatus(block, `running… ${s} s${estimate}${stuck}`);
    }, 1000);
  }

  async function runBlock(block) {
    const problem = unavailable();
    if (problem) {
      setStatus(block, problem);
      return;
    }
    setStatus(block, python ? "running…" : "starting Python in the page (once, about 15 MB)…");
    const edited = block.edited;
    const text = edited ? typed(block) : block.test;
    let result, t0, ticker;
    block.running = true;
    try {
      const py = await runtime();
      t0 = performance.now();
      ticker = running(block, t0);
      const call = `pageblocks.block(${JSON.stringify(data.page)}, ${JSON.stringify(text)}, ${JSON.stringify(block.flags)})`;
      const { stdout, stderr } = await py.run(call);
      const line = stdout.trim().split("\n").pop();
      if (!line || stderr) throw new Error(stderr || "the block printed no result");
      result = JSON.parse(line);
    } catch (error) {
      setStatus(block, "could not run: " + (error.message || error));
      block.ran = true;
      block.result = null;
      return;
    } finally {
      clearInterval(ticker);
      block.running = false;
    }
    firstResult ??= (performance.now() - started) / 1000;
    block.ran = true;
    block.result = edited ? null : result;
    sessionEdited ||= edited;
    const seconds = (performance.now() - t0) / 1000;
    block.element.dataset.seconds = seconds.toFixed(2);  // read by docs/_tools/browser_times.py
    show(block, result, seconds);
  }

  function show(block, result, seconds) {
    const took = seconds >= 1 ? ` (${seconds.toFixed(1)} s here)` : "";
    block.output.replaceChildren();
    block.element.querySelector("pre").scrollLeft = 0;
    // Line plots from the browser's stand-in for pyplot (docs/_runner/standin),
    // SVG whose text it escaped.
    block.figures.innerHTML = (result.figures || []).join("");
    if (result.needs) {
      const setup = el("a", "", "Set-up");
      setup.href = root + "setup.html#run-the-examples-in-the-page";
      setStatus(block, `This code needs ${result.needs}, which the browser's Python does not ` +
        "have: run it in a local install (see ", setup, ").");
      block.status.classList.add("runner-differs");
      return;
    }
    if (block.edited) {
      const printed = result.examples.some((x) => x.got);
      setStatus(block, (printed ? "what your edit prints" : "your edit ran and printed nothing") + took +
        (printed ? ":" : ""));
      const transcript = result.examples.map((x) => prompted(x.source) + x.got).join("");
      if (printed) block.output.append(el("pre", "runner-got", transcript));
      return;
    }
    const lines = result.lines === 1 ? "line" : "lines";
    const match = result.matched === 1 ? "matches" : "match";
    const why = !result.ok && sessionEdited
      ? " (an edited example ran before it in this page's Python: Reset that example to start again)" : "";
    setStatus(block, (result.lines
      ? `${result.matched} of ${result.lines} ${lines} ${match} the page${took}`
      : (result.ok ? `ran, printing nothing, as on the page${took}` : "did not run as on the page")) + why);
    block.status.classList.add(result.ok ? "runner-ok" : "runner-differs");
    for (const x of result.examples.filter((x) => !x.ok)) {
      block.output.append(el("pre", "runner-got",
        prompted(x.source) + "# the page:\n" + x.want + "# here:\n" + x.got));
    }
  }

  function prompted(source) {
    return source.replace(/\n$/, "").split("\n").map((l, i) => (i ? "... " : ">>> ") + l).join("\n") + "\n";
  }

  // "N of M blocks match the page", and, until every block has run as the
  // page prints it, how many have not run yet or were edited.
  function updateSummary() {
    const matching = blocks.filter((b) => b.result && b.result.ok).length;
    const notRun = blocks.filter((b) => !b.ran).length;
    const edited = blocks.filter((b) => b.edited).length;
    const notes = [notRun && `${notRun} not run yet`, edited && `${edited} edited`].filter(Boolean);
    summary.textContent = `${matching} of ${blocks.length} blocks match the page` +
      (notes.length ? ` (${notes.join(", ")})` : "");
    if (firstResult !== null) summary.title = `first result ${firstResult.toFixed(1)} s after the page opened`;
  }

  if (new URLSearchParams(location.search).has("autorun")) {
    // coi-serviceworker reloads the page once to isolate it; wait for that.
    const go = () => runUpTo(blocks.length - 1).then(() => { document.body.dataset.runner = "done"; });
    if (window.crossOriginIsolated || location.protocol === "file:") go();
    else setTimeout(go, 10000);
  }
})();
