"""Fixtures several test files share: mlp built as a wheel, once per run; and
the notebook runs of tests/test_jupyter.py, started in the background."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from envs import ENV, build_wheels, mlp_wheel as wheel_in

NOTEBOOK_RUNS = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def wheels(tmp_path_factory):
    """A folder with mlp's wheel and the wheels it depends on (NumPy)."""
    return build_wheels(tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="session")
def mlp_wheel(wheels):
    """The path of mlp's own wheel."""
    return wheel_in(wheels)


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(config, items):
    """If the notebook tests are to run, start their runs now (they take half
    a minute), and put those tests last, so that the others run meanwhile."""
    jupyter = [item for item in items if item.path.name == "test_jupyter.py"]
    if not jupyter:
        return
    items[:] = [item for item in items if item.path.name != "test_jupyter.py"] + jupyter
    folder = Path(tempfile.mkdtemp(prefix="mlp-notebook-runs-"))
    log = open(folder / "log.txt", "w+", encoding="utf-8")
    script = Path(__file__).with_name("notebook_runs.py")
    process = subprocess.Popen([sys.executable, script, folder / "out"], env=ENV, stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    config.stash[NOTEBOOK_RUNS] = (process, folder, log)


def pytest_unconfigure(config):
    process, folder, log = config.stash.get(NOTEBOOK_RUNS, (None, None, None))
    if process is not None:
        process.kill()
        process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def notebook_runs(request):
    """The folder of what tests/notebook_runs.py wrote, once it has finished."""
    process, folder, log = request.config.stash[NOTEBOOK_RUNS]
    if process.wait(timeout=1800) != 0:
        log.seek(0)
        pytest.fail(f"tests/notebook_runs.py failed:\n{log.read()}", pytrace=False)
    return folder / "out"
