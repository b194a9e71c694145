"""How many random starts learn XOR? The table of docs/xor-training.md.

Trains the XOR blog's network (5 hidden sigmoid units, learning rate 3,
20000 full-batch epochs of the summed squared error) from seeds 0..99 in
each of three settings, and prints how many seeds learn XOR and which fail.
About 5 minutes on one core:

    .venv/bin/python docs/_scripts/xor_seeds.py

The page's doctest imports `start` and `learns` from here and recomputes a
few seeds, so the recorded table and this code cannot drift apart unseen.
"""

import sys

import numpy as np

from mlp import Network
from mlp.datasets import xor

SETTINGS = ("blog", "fan_in", "bias")
EPOCHS = 20_000
LEARN_RATE = 3.0
HIDDEN = 5


def start(setting, seed):
    """The untrained network and the inputs it takes, for one setting.

    ``"blog"``: weights uniform on [0, 1), as ``np.random.random`` draws
    them, and the bias folded in as a column of ones. ``"fan_in"``: the same
    folded column, weights from N(0, 1/√n_in). ``"bias"``: no column; each
    layer has a bias vector started at zero, weights from N(0, 1/√n_in).
    """
    rng = np.random.RandomState(seed)
    if setting == "blog":
        X, _ = xor(bias_column=True)
        sizes = [X.shape[1], HIDDEN, 1]
        # Drawn layer by layer, like the blog's two np.random.random calls.
        weights = [rng.random_sample((n_in, n_out))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        return Network(weights), X
    if setting == "fan_in":
        X, _ = xor(bias_column=True)
        return Network.random([3, HIDDEN, 1], rng=rng, bias=False), X
    if setting == "bias":
        X, _ = xor()
        return Network.random([2, HIDDEN, 1], rng=rng, bias=True), X
    raise ValueError(f"setting must be one of {SETTINGS}, got {setting!r}")


def learns(setting, seed):
    """Train one start; True if every output lands on the right side of ½."""
    net, X = start(setting, seed)
    _, y = xor()
    net.fit(X, y, epochs=EPOCHS, learn_rate=LEARN_RATE, loss="sse")
    return bool(np.all((net.predict(X)[:, 0] > 0.5) == (y == 1)))


def main(n_seeds=100):
    for setting in SETTINGS:
        failed = [s for s in range(n_seeds) if not learns(setting, s)]
        print(f"{setting}: {n_seeds - len(failed)} of {n_seeds} learn XOR; "
              f"failing seeds {failed}", flush=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
