"""The benchmark script runs end to end on tiny sizes, so it cannot rot.

It times nothing that is asserted: only that every peer present ran and
agreed with mlp, and that its comparisons notice a peer that trained
differently. scikit-learn and PyTorch are used when installed.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    """benchmarks/bench.py as a module."""
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_runs_on_tiny_sizes():
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--tiny", "--repeats", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "DISAGREE" not in out and "DIFFERENT" not in out
    headers = re.findall(r"^workload .* records, ", out, flags=re.MULTILINE)
    assert out.count("(reference)") == len(headers) >= 8
    for name in ("1 xor", "1 xor, sigmoid output", "2 digits",
                 "2 digits, sigmoid output (Nielsen's recipe)", "3 synthetic float32",
                 "3 synthetic float32, sigmoid output",
                 "3 synthetic float64, sigmoid output (Nielsen's recipe)"):
        assert f"workload {name}: " in out
    assert "numpy loop" in out and "same weights" in out
    # The network.py way runs on the three float64 sigmoid-output workloads.
    assert out.count("agree (weights only)") == 3
    assert out.count("as fast as the network.py way") == 3
    assert "of the measured float32 matmul rate" in out
    # One thread where threadpoolctl (the bench extra) can set it; the test
    # environment may not have it, and the run says so.
    assert ("float32 matmul bound, 1 thread:" in out
            or "float32 matmul bound, BLAS threads not limited (threadpoolctl is not installed)"
            in out)
    if "scikit-learn: not installed" not in out:
        assert out.count("scikit-learn: left out") == 4


def sigmoid_digits(bench, records=60, epochs=2):
    """The sigmoid-output digits workload, small enough for a test."""
    wl = next(w for w in bench.make_workloads(tiny=True, only=["2"]) if w.output == "sigmoid")
    wl.X, wl.y, wl.epochs = wl.X[:records], wl.y[:records], epochs
    return wl


def final_weights(peer, wl, Ws, bs):
    peer.prepare(wl, Ws, bs)
    peer.run(wl)
    return [np.asarray(P) for P in peer.result()[0] + peer.result()[1]]


def test_the_network_py_way_agrees_with_fit_and_the_check_notices_a_lost_step(bench):
    wl = sigmoid_digits(bench)
    Ws, bs = bench.initial_parameters(wl)
    peers = {p.name: p for p in (bench.MlpPeer(), bench.NetworkPyPeer())}
    finals = {name: (final_weights(p, wl, Ws, bs), None) for name, p in peers.items()}
    what, ok = bench.check(wl, "network.py way", finals)
    assert ok and what.endswith("agree (weights only)")
    assert bench.max_difference(finals["mlp"][0], finals["network.py way"][0]) > 0
    # One step fewer (its last batch left out) is far outside the bound.
    wl.X, wl.y = wl.X[:-wl.batch_size], wl.y[:-wl.batch_size]
    finals["network.py way"] = final_weights(peers["network.py way"], wl, Ws, bs), None
    what, ok = bench.check(wl, "network.py way", finals)
    assert not ok and "DISAGREE" in what


def test_the_numpy_loop_with_a_sigmoid_output_agrees_and_without_it_does_not(bench):
    wl = sigmoid_digits(bench)
    Ws, bs = bench.initial_parameters(wl)
    mlp_weights = final_weights(bench.MlpPeer(), wl, Ws, bs)
    loop = final_weights(bench.NumpyPeer(), wl, Ws, bs)
    assert bench.max_difference(mlp_weights, loop) <= bench.TOLERANCE["float64"]
    wl.output = "identity"  # the loop's delta without a(1 − a)
    assert bench.max_difference(mlp_weights, final_weights(bench.NumpyPeer(), wl, Ws, bs)) > 1e-3


def met(bench, wl, times):
    return {what: ok for what, ok, measured in bench.targets_of(wl, times, [], 1)}


def test_targets_read_the_ratios_the_right_way_round(bench):
    wl = sigmoid_digits(bench)
    ms = {"mlp": [1.0, 1.0, 1.0], "numpy loop": [1.05, 0.8, 1.0]}
    fast = dict(ms, **{"network.py way": [12.0, 9.0, 11.0]})
    slow = dict(ms, **{"network.py way": [9.0, 9.5, 11.0]})
    within, ten = (f"workload {wl.name}: mlp within 1.1× of the numpy loop",
                   f"workload {wl.name}: mlp 10× or more as fast as the network.py way")
    assert met(bench, wl, fast) == {within: True, ten: True}
    assert not met(bench, wl, slow)[ten]
    ms["numpy loop"] = [0.9, 0.9, 0.95]
    assert not met(bench, wl, ms)[within]
