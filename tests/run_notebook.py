"""Run a notebook's code cells in order, as Jupyter would, in this process.

Usage: python -I tests/run_notebook.py NOTEBOOK.ipynb

No kernel: each cell is compiled and run in one namespace that starts
empty, so a cell has only what earlier cells made. A cell tagged
``raises-exception`` must raise; any other cell must not. On the first
cell that breaks this, the exit status is 1 and the last line of stderr is
``FAILED CELL n`` (n counts the notebook's cells from 1).
"""

import json
import sys
import traceback


def main(path):
    with open(path, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    namespace = {"__name__": "__main__"}
    for n, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        expected = "raises-exception" in cell["metadata"].get("tags", [])
        code = compile("".join(cell["source"]), f"<cell {n}>", "exec")
        try:
            exec(code, namespace)
        except Exception:
            if not expected:
                traceback.print_exc()
                print(f"FAILED CELL {n}", file=sys.stderr)
                return 1
        else:
            if expected:
                print(f"cell {n} is tagged raises-exception but raised nothing",
                      file=sys.stderr)
                print(f"FAILED CELL {n}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
