"""The benchmark script runs end to end on tiny sizes, so it cannot rot.

It times nothing that is asserted: only that every peer present ran and
agreed with mlp. scikit-learn and PyTorch are used when installed.
"""

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


def test_bench_runs_on_tiny_sizes():
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--tiny", "--repeats", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "DISAGREE" not in out and "DIFFERENT" not in out
    headers = re.findall(r"^workload .* records, ", out, flags=re.MULTILINE)
    assert out.count("(reference)") == len(headers) >= 3
    assert "workload 1 xor" in out and "workload 3 synthetic float32" in out
    assert "numpy loop" in out and "same weights" in out
    assert "of the measured float32 matmul rate" in out
