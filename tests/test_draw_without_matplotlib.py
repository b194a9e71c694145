"""mlp and mlp.draw import with NumPy alone; drawing then says what to install."""

import subprocess
import sys


def test_import_works_without_matplotlib_and_drawing_says_what_to_install():
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import numpy as np, mlp, mlp.draw\n"
        "net = mlp.Network([np.ones((2, 1))])\n"
        "for draw in (mlp.draw.network, mlp.draw.graph, mlp.draw.boundary):\n"
        "    try:\n"
        "        draw() if draw is mlp.draw.graph else draw(net)\n"
        "    except ImportError as exc:\n"
        "        print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert len(out) == 3
    assert all("pip install matplotlib" in line for line in out)
