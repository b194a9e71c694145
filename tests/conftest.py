"""Fixtures several test files share: mlp built as a wheel, once per run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = "Scripts" if sys.platform == "win32" else "bin"
#: What the wheel is built from: the files pyproject.toml names, nothing else.
SOURCES = ("pyproject.toml", "README.md", "LICENSE")
#: Nothing from the environment that runs the tests may reach a new one.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def run(command, cwd, timeout=600):
    """Run `command` in folder `cwd`; fail the test with its output if it fails."""
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True,
                            text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=ENV)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def new_venv(folder):
    """A fresh virtual environment in `folder`; its Python."""
    run([sys.executable, "-m", "venv", folder], cwd=Path(folder).parent)
    return Path(folder) / BIN / "python"


@pytest.fixture(scope="session")
def wheels(tmp_path_factory):
    """A folder with mlp's wheel and the wheels it depends on (NumPy), made
    by ``pip wheel`` as a user would make them."""
    root = tmp_path_factory.mktemp("wheels")
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


@pytest.fixture(scope="session")
def mlp_wheel(wheels):
    """The path of mlp's own wheel."""
    (wheel,) = wheels.glob("mlp_teach-*.whl")
    return wheel
