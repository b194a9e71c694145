"""What ``pip install .`` gives a user: NumPy and nothing else, the data, the command.

The wheel is built with ``pip wheel .``, which also fetches the wheels it
depends on (from pip's cache or the index); a fresh virtual environment then
installs from that folder alone (``--no-index``), so nothing can come from
the environment that runs the tests. Every check runs from an empty folder,
so the mlp in this checkout cannot be imported by mistake.
"""

import subprocess
import zipfile
from pathlib import Path

import pytest
from envs import BIN, ENV, new_venv, pip_install, run


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheels):
    """A fresh virtual environment with mlp installed from its wheel."""
    root = tmp_path_factory.mktemp("wheel")
    empty = root / "empty"
    empty.mkdir()
    python = new_venv(root / "env")
    pip_install(python, "--no-index", "--find-links", wheels, "mlp-teach", cwd=empty)
    return {"wheels": wheels, "env": root / "env", "python": python, "cwd": empty}


def test_the_wheel_depends_on_numpy_alone(installed, mlp_wheel):
    wheels = sorted(p.name.split("-")[0].lower() for p in installed["wheels"].iterdir())
    assert wheels == ["mlp_teach", "numpy"]
    with zipfile.ZipFile(mlp_wheel) as z:
        names = z.namelist()
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    assert {"mlp/data/admissions.csv", "mlp/data/digits.csv.gz", "mlp/data/README.md"} <= set(names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    required = [line.split(":", 1)[1].strip() for line in metadata.decode().splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert required == ["numpy>=2.0"]


def test_the_environment_holds_mlp_and_numpy_only(installed):
    code = ("import importlib.metadata as m; "
            "print(sorted(d.metadata['Name'].lower() for d in m.distributions()))")
    names = eval(run([installed["python"], "-c", code], cwd=installed["cwd"]))
    assert set(names) == {"mlp-teach", "numpy"}


def test_load_digits_reads_the_shipped_digits(installed):
    code = ("from mlp.datasets import load_digits; d = load_digits(); "
            "print(d.X.shape, d.labels[:5].tolist())")
    out = run([installed["python"], "-c", code], cwd=installed["cwd"])
    assert out == "(1797, 64) [0, 1, 2, 3, 4]\n"


def test_load_admissions_reads_the_shipped_records(installed):
    code = ("import mlp, numpy as np; from mlp.datasets import load_admissions; "
            "d = load_admissions(); print(mlp.__file__); "
            "print(len(d), np.bincount(d.admit).tolist(), d.gre[:3].tolist())")
    where, numbers = run([installed["python"], "-c", code],
                          cwd=installed["cwd"]).splitlines()
    assert Path(where).is_relative_to(installed["env"])
    assert numbers == "400 [273, 127] [380.0, 660.0, 800.0]"


@pytest.mark.parametrize("command", [["python", "-m", "mlp"], ["mlp"]])
def test_the_admissions_command_runs(installed, command):
    program = [installed["env"] / BIN / command[0]] + command[1:]
    out = run(program + ["admissions", "--epochs", "10"], cwd=installed["cwd"])
    assert "360 training records, 40 test records" in out
    assert "test accuracy " in out
    usage = run(program + ["--help"], cwd=installed["cwd"])
    assert usage.startswith(f"usage: {' '.join(command)} ")


def test_plot_without_matplotlib_is_refused_in_one_line(installed, tmp_path):
    result = subprocess.run(
        [installed["env"] / BIN / "mlp", "xor", "--epochs", "5", "--plot",
         tmp_path / "c.png"], cwd=installed["cwd"], capture_output=True, text=True,
        timeout=120, env=ENV)
    assert result.returncode == 2
    assert result.stderr == ("mlp xor: error: --plot needs matplotlib, which is not "
                             "installed (pip install matplotlib)\n")
