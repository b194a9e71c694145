"""Fresh virtual environments and mlp's wheel, for the tests that install mlp
as a user would (tests/test_wheel.py, tests/test_jupyter.py)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = "Scripts" if sys.platform == "win32" else "bin"
#: What the wheel is built from: the files pyproject.toml names, nothing else.
SOURCES = ("pyproject.toml", "README.md", "LICENSE")
#: Nothing from the environment that runs the tests may reach a new one.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def run(command, cwd, timeout=600):
    """Run `command` in folder `cwd`; fail with its output if it fails."""
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True,
                            text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=ENV)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def new_venv(folder):
    """A fresh virtual environment in `folder`; its Python. It is made without
    pip of its own (which takes seconds to install); `pip_install` installs
    into it with the pip that runs the tests."""
    run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=Path(folder).parent)
    return Path(folder) / BIN / "python"


def pip_install(python, *requirements, cwd):
    """Install `requirements` into the environment of `python`."""
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
         "--no-compile", *requirements], cwd=cwd)


def build_wheels(root):
    """Build mlp's wheel with ``pip wheel``, as a user would, into folder
    ``root/wheels`` with the wheels it depends on (NumPy); return that folder."""
    root = Path(root)
    source, folder = root / "src", root / "wheels"
    # A copy of what the wheel is built from, so that no build/ folder left
    # in the checkout by an earlier build can slip stale files into it.
    shutil.copytree(REPO / "mlp", source / "mlp",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in SOURCES:
        shutil.copy2(REPO / name, source / name)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", folder, source],
        cwd=root)
    return folder


def mlp_wheel(folder):
    """The path of mlp's own wheel in `folder`."""
    (wheel,) = Path(folder).glob("mlp_teach-*.whl")
    return wheel
