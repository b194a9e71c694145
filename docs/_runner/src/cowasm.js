// The runtime behind the Run buttons, behind one small interface:
//
//   const py = await loadCowasm({ packageUrl });  // Python, NumPy and mlp, ready
//   const { stdout, stderr } = await py.run(code); // run source, capture output
//   py.version                                     // what runs, said on the page
//
// CoWasm (CPython 3.11 and NumPy 1.24 compiled to WASI) is the runtime that
// works offline today; a Pyodide runtime would implement the same two members.
// `packageUrl` is a zip of mlp's source files; it is unpacked into the
// in-memory file system and put on sys.path, so mlp runs as it is.
import { asyncKernel } from "@cowasm/kernel";
import { PythonWasmAsync } from "python-wasm/dist/common";
import pythonWasm from "python-wasm/dist/python.wasm";
import minimalZip from "python-wasm/dist/python-minimal.zip"; // the start-up modules, no readline
import stdlibZip from "python-wasm/dist/python-stdlib.zip";
import numpyTar from "python-wasm/dist/numpy.tar.xz";

const PYTHON = "/usr/lib/python.wasm";
const LIB = "/usr/lib/python3.11";
const HOME = "/home/mlp";

// Runs `code` with stdout and stderr captured; the result comes back as
// base64 of JSON, the one form repr() hands over without quoting rules.
const WRAP = `
def _mlp_runner_run(code):
    import base64, contextlib, io, json, traceback
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            exec(compile(code, "<block>", "exec"), globals())
        except BaseException:
            traceback.print_exc()
    result = json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue()})
    return base64.b64encode(result.encode()).decode()
`;

function decode(repr) {
  const bytes = Uint8Array.from(atob(repr.slice(1, -1)), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export async function loadCowasm({ packageUrl }) {
  const kernel = await asyncKernel({
    env: { PYTHONHOME: "/usr", PYTHONEXECUTABLE: PYTHON, HOME },
    fs: [
      { type: "zipurl", zipurl: minimalZip, mountpoint: LIB },
      { type: "dev" },
      { type: "zipurl", async: true, zipurl: stdlibZip, mountpoint: LIB },
    ],
  });
  await Promise.all([
    kernel.waitUntilFsLoaded(),
    kernel.fetch(pythonWasm, PYTHON),
    kernel.fetch(numpyTar, `${LIB}/numpy.tar.xz`),
    kernel.fetch(new URL(packageUrl, document.baseURI).href, "/tmp/mlp-package.zip"),
  ]);
  const python = new PythonWasmAsync(kernel, PYTHON);
  await python.init();
  await python.exec(
    `import os, sys, zipfile\n` +
      `os.makedirs("${HOME}", exist_ok=True)\n` +
      `zipfile.ZipFile("/tmp/mlp-package.zip").extractall("${HOME}")\n` +
      `sys.path.insert(0, "${HOME}")\nos.chdir("${HOME}")\n` +
      // NumPy's tofile and fromfile fail on CoWasm's file descriptors (OSError 0);
      // np.save and np.load use them for real files, and their stream path works.
      `import numpy.lib.format\nnumpy.lib.format.isfileobj = lambda f: False\n` + WRAP
  );
  const version = await python.repr(
    `(lambda numpy: f"CPython {sys.version.split()[0]} and NumPy {numpy.__version__} (CoWasm, WASI)")(__import__("numpy"))`
  );
  return {
    version: version.slice(1, -1),
    async run(code) {
      return decode(await python.repr(`_mlp_runner_run(${JSON.stringify(code)})`));
    },
  };
}
