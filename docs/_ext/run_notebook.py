"""Run a notebook's code cells in order and store what they show, as Jupyter would.

Usage: python -I docs/_ext/run_notebook.py IN.ipynb OUT.ipynb

The docs build runs every page's notebook with this script, in a fresh
interpreter of its own, so that the notebooks a reader downloads open with
their outputs and figures already in them. Each cell is run in one
namespace that starts empty, so a cell has only what earlier cells made.
A cell's outputs are the ones a Jupyter kernel gives: what it printed (a
``stream``), the value of its last line unless that is None or the line
ends with a semicolon (an ``execute_result``, shown with ``repr``), each figure it left open (a PNG
``display_data``; the figure is then closed, as matplotlib's inline backend
does) and an ``error`` naming the exception. ``tests/test_notebooks.py``
runs the same notebooks in a real Jupyter kernel and compares.

A cell tagged ``raises-exception`` must raise; any other cell must not. On
the first cell that breaks this, nothing is written, the exit status is 1
and the last line of stderr is ``FAILED CELL n`` (n counts the notebook's
cells from 1).
"""

import ast
import base64
import io
import json
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout


def _figures():
    """The open matplotlib figures as PNG outputs; then they are closed."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    outputs = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        png = io.BytesIO()
        figure.savefig(png, format="png", bbox_inches="tight")
        outputs.append({"output_type": "display_data", "metadata": {}, "data": {
            "image/png": base64.b64encode(png.getvalue()).decode("ascii"),
            "text/plain": repr(figure)}})
    plt.close("all")
    return outputs


def run_cell(source, namespace, count):
    """Run one cell's source; return its outputs and the exception it raised."""
    name = f"<cell {count}>"
    body = ast.parse(source, name).body
    shows = body and isinstance(body[-1], ast.Expr) and not source.rstrip().endswith(";")
    last = body.pop() if shows else None
    printed, warned, value, error = io.StringIO(), io.StringIO(), None, None
    with redirect_stdout(printed), redirect_stderr(warned):
        try:
            exec(compile(ast.Module(body, []), name, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
        except Exception as exc:  # the cell's own error, shown as Jupyter shows it
            error = exc
    outputs = [{"output_type": "stream", "name": stream, "text": text.getvalue()}
               for stream, text in (("stdout", printed), ("stderr", warned))
               if text.getvalue()]
    if value is not None:
        outputs.append({"output_type": "execute_result", "execution_count": count,
                        "metadata": {}, "data": {"text/plain": repr(value)}})
    outputs.extend(_figures())
    if error is not None:
        outputs.append({"output_type": "error", "ename": type(error).__name__,
                        "evalue": str(error),
                        "traceback": traceback.format_exception_only(error)})
    return outputs, error


def run(nb):
    """Run the code cells of notebook `nb` (a dict) in order, storing their
    outputs in it; return None, or the number and message of the cell that
    broke the rule on errors."""
    namespace, count = {"__name__": "__main__"}, 0
    for n, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        count += 1
        cell["outputs"], error = run_cell("".join(cell["source"]), namespace, count)
        cell["execution_count"] = count
        expected = "raises-exception" in cell["metadata"].get("tags", [])
        if error is not None and not expected:
            return n, "".join(traceback.format_exception(error))
        if error is None and expected:
            return n, f"cell {n} is tagged raises-exception but raised nothing\n"
    return None


def main(source, target):
    with open(source, encoding="utf-8") as f:
        nb = json.load(f)
    failed = run(nb)
    if failed:
        n, message = failed
        print(message + f"FAILED CELL {n}", file=sys.stderr)
        return 1
    with open(target, "w", encoding="utf-8") as f:
        f.write(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
