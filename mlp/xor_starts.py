"""How many random starts learn XOR? The table of docs/xor-training.md.

Trains the XOR blog's network (sigmoid units, learning rate 3, 20000
full-batch epochs of the summed squared error) from seeds 0..99 in each of
three settings, with the blog's 5 hidden units and with 2, and prints how
many seeds learn XOR, how fast, and which fail. About 10 minutes on one
core:

    .venv/bin/python -m mlp.xor_starts

It ships inside the package so that the page's doctest, and the page's
notebook run from an installed wheel, can import `train` and recompute the
first seeds of every cell: the recorded table and this code cannot drift
apart unseen.
"""

import sys

import numpy as np

from .datasets import xor
from .network import Network

SETTINGS = ("blog", "fan_in", "bias")
HIDDEN = (5, 2)
EPOCHS = 20_000
LEARN_RATE = 3.0
#: A run counts as fast as the first epoch after which E < TARGET_LOSS; then
#: every |y − ŷ| < √(2 · 0.01) < ½, so every record is already classified.
TARGET_LOSS = 0.01


def start(setting, seed, hidden=5):
    """The untrained network and the inputs it takes, for one setting.

    ``"blog"``: weights uniform on [0, 1), as ``np.random.random`` draws
    them, and the bias folded in as a column of ones. ``"fan_in"``: the same
    folded column, weights from N(0, 1/√n_in). ``"bias"``: no column; each
    layer has a bias vector started at zero, weights from N(0, 1/√n_in).
    """
    rng = np.random.RandomState(seed)
    if setting == "blog":
        X, _ = xor(bias_column=True)
        sizes = [X.shape[1], hidden, 1]
        # Drawn layer by layer, like the blog's two np.random.random calls.
        weights = [rng.random_sample((n_in, n_out))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        return Network(weights), X
    if setting == "fan_in":
        X, _ = xor(bias_column=True)
        return Network.random([3, hidden, 1], rng=rng, bias=False), X
    if setting == "bias":
        X, _ = xor()
        return Network.random([2, hidden, 1], rng=rng, bias=True), X
    raise ValueError(f"setting must be one of {SETTINGS}, got {setting!r}")


def train(setting, seed, hidden=5):
    """Train one start.

    Returns
    -------
    learned : bool
        Every output lands on the right side of ½ after the last epoch.
    epochs : int or None
        The first epoch (counted from 1) after which E < TARGET_LOSS, or
        None if E never got there.
    """
    net, X = start(setting, seed, hidden)
    _, y = xor()
    history = net.fit(X, y, epochs=EPOCHS, learn_rate=LEARN_RATE, loss="sse")
    learned = bool(np.all((net.predict(X)[:, 0] > 0.5) == (y == 1)))
    below = np.flatnonzero(history < TARGET_LOSS)
    return learned, int(below[0]) + 1 if below.size else None


def main(n_seeds=100):
    for hidden in HIDDEN:
        for setting in SETTINGS:
            runs = [train(setting, s, hidden) for s in range(n_seeds)]
            failed = [s for s, (ok, _) in enumerate(runs) if not ok]
            fast = [e for _, e in runs if e is not None]
            median = f"{np.median(fast):.0f}" if fast else "-"
            print(f"hidden {hidden}, {setting}: {n_seeds - len(failed)} of {n_seeds} "
                  f"learn XOR; median epochs to E < {TARGET_LOSS}: {median} "
                  f"({len(fast)} runs); failing seeds {failed}", flush=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
