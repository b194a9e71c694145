"""Training speed of mlp beside a hand-written NumPy loop, network.py's way, scikit-learn and PyTorch.

Every implementation trains the same network (sigmoid hidden layers, and
an identity or a sigmoid output), from the same initial weights, on the
same batches in the same order, by plain gradient descent on mlp's
``"mse"`` loss. Each one's final weights and per-epoch losses are
compared with mlp's, so a fast peer that did less work shows up as a
disagreement rather than as a win. scikit-learn's MLPRegressor has only a
linear output, so it is left out of the sigmoid-output workloads, and
says so; the way Nielsen's network.py computes (one record at a time,
gradients summed per mini-batch) runs on the float64 sigmoid-output ones.

Run it with ``make bench`` (or ``python benchmarks/bench.py --help``).
scikit-learn and PyTorch are optional: a peer that is not installed is
skipped and says so.

Conventions the peers are matched to:

* mlp's ``"mse"`` is E = ½ Σ (y − ŷ)² / m: summed over outputs, averaged
  over the m records of a batch. scikit-learn's squared loss *reports*
  ½ · mean over records and outputs (so its ``loss_curve_`` is mlp's loss
  ÷ n_out), but its gradient is (1/m) aᵀ(ŷ − y), which is mlp's, not
  divided by n_out. Its ``learning_rate_init`` is therefore η unchanged.
* PyTorch is given mlp's loss exactly, ½ · sum / m, so ``lr`` is η.
* mlp runs with the defaults users get: ``fit`` without a ``history``
  argument. Every other peer records the loss of each epoch the way
  scikit-learn does, as the running sum of its batch losses, and so does
  mlp's default with several batches; with one batch mlp's default
  records the loss after each epoch, which costs nothing there. The
  histories are compared with ``fit(history="batches")``, which records
  what the peers record; ``history="epoch"`` (a forward pass over X more
  per epoch with several batches) has a row of its own.
* Speed is a ratio to the hand-written NumPy loop, paired: in every repeat
  each peer runs once, next to the others, and the ratio of its time to the
  loop's in that repeat is taken; the median of those ratios is reported.
* Every peer gets the same number of threads: one on workloads 1 and 2
  and on workload 3's sigmoid-output runs, BLAS's default on workload 3's
  identity-output runs, where the matrix products dominate (``--threads``
  sets one number for all). Workload 3 also reports how close each peer
  comes to the machine's float32 (or float64) matrix-multiply bound: an
  epoch's matrix-product FLOPs at the rate of a 1024×1024 product,
  measured with the same threads in the same repeat, so one thread's
  bound where the workload runs on one thread.
"""

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np

import mlp
import mlp.datasets


@dataclass
class Workload:
    name: str
    sizes: list
    X: np.ndarray
    y: np.ndarray
    epochs: int
    batch_size: int  # the full batch is batch_size == m
    learn_rate: float
    dtype: str
    output: str = "identity"  # the output layer's activation
    threads: int | None = 1  # BLAS threads; None for BLAS's default

    @property
    def number(self):
        return self.name.split()[0]

    @property
    def m(self):
        return self.X.shape[0]

    def matmul_flops(self):
        """Floating-point operations of the matrix products in one epoch.

        Per record: the forward product of every layer, the weight gradient
        aᵀδ of every layer, and δ Wᵀ of every layer but the first (nothing
        needs ∂E/∂X); each product of an (r, p) by (p, q) matrix counts
        2 r p q. This is the work of every peer that records the loss from
        its batches; mlp's ``history="epoch"`` adds a forward pass.
        """
        pq = [p * q for p, q in zip(self.sizes[:-1], self.sizes[1:])]
        return 2 * self.m * (2 * sum(pq) + sum(pq[1:]))


def _one_hot(labels, k, dtype):
    out = np.zeros((labels.size, k), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def make_workloads(tiny=False, only=None):
    """The benchmark's workloads; `tiny` shrinks every one to a smoke test."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    # The XOR lesson folds a constant input of 1 into each record: 3 inputs.
    wls = [Workload(f"1 xor{suffix}", [3, 5, 1], X, y, 200 if tiny else 20000, 4, 0.5,
                    "float64", output)
           for output, suffix in (("identity", ""), ("sigmoid", ", sigmoid output"))]

    digits = mlp.datasets.load_digits()
    X, labels = digits.X, digits.labels
    if tiny:
        X, labels = X[:100], labels[:100]
    y = mlp.datasets.one_hot(labels, 10)
    wls.append(Workload("2 digits", [64, 32, 10], X, y, 2 if tiny else 50, 32, 0.1, "float64"))
    # Nielsen's recipe (network.py, chapter 1): sigmoid everywhere, the
    # quadratic cost, mini-batches of 10, η = 3; on the digits, 64-30-10.
    wls.append(Workload("2 digits, sigmoid output (Nielsen's recipe)", [64, 30, 10], X, y,
                        2 if tiny else 10, 10, 3.0, "float64", "sigmoid"))

    m, n_in, n_hidden = (300, 20, 8) if tiny else (60000, 784, 128)
    rng = np.random.default_rng(0)
    X = rng.random((m, n_in))  # pixel-like intensities in [0, 1)
    # Labels from a random linear teacher, so there is something to learn.
    labels = np.argmax(X @ rng.normal(size=(n_in, 10)), axis=1)
    y = _one_hot(labels, 10, float)
    epochs = 1 if tiny else 3
    for dt in ("float64", "float32"):
        wls.append(Workload(f"3 synthetic {dt}", [n_in, n_hidden, 10],
                            X.astype(dt), y.astype(dt), epochs, 128, 0.05, dt, threads=None))
    # One thread, so that the bound is one core's: the target's.
    wls.append(Workload("3 synthetic float32, sigmoid output", [n_in, n_hidden, 10],
                        X.astype("float32"), y.astype("float32"), epochs, 128, 0.05,
                        "float32", "sigmoid", threads=1))
    # Nielsen's recipe on MNIST-size records: 784-30-10, the network.py way
    # beside it. On 10000 of these random records: at η = 3 the differences
    # in rounding between two ways of computing grow without bound after
    # about 1500 steps, and the comparison of weights would compare chaos.
    n = m // 6
    wls.append(Workload("3 synthetic float64, sigmoid output (Nielsen's recipe)",
                        [n_in, 30, 10], X[:n], y[:n], 1, 10, 3.0, "float64", "sigmoid",
                        threads=1))
    if only:
        wls = [w for w in wls if w.number in only]
    return wls


def initial_parameters(wl, seed=0):
    net = mlp.Network.random(wl.sizes, rng=seed, output_activation=wl.output, dtype=wl.dtype)
    return net.weights, net.biases


# -- the peers: each trains from copies of (Ws, bs) and returns its final
#    weights and biases; `prepare` does the untimed set-up, `run` is timed.


class MlpPeer:
    """mlp's fit with its defaults, or with the `history` given."""

    def __init__(self, history=None):
        self.options = {} if history is None else {"history": history}
        self.name = "mlp" if history is None else f"mlp, {history}"

    def prepare(self, wl, Ws, bs):
        self.net = mlp.Network(Ws, bs, activation="sigmoid",
                               output_activation=wl.output, dtype=wl.dtype)

    def run(self, wl):
        self.history = self.net.fit(wl.X, wl.y, epochs=wl.epochs, learn_rate=wl.learn_rate,
                                    batch_size=wl.batch_size, **self.options)

    def result(self):
        return self.net.weights, self.net.biases


class NumpyPeer:
    """The floor: the shortest loop a NumPy programmer would write for this."""

    name = "numpy loop"

    def prepare(self, wl, Ws, bs):
        self.Ws = [W.copy() for W in Ws]
        self.bs = [b.copy() for b in bs]

    def run(self, wl):
        Ws, bs, X, y = self.Ws, self.bs, wl.X, wl.y
        eta, m, size = wl.learn_rate, wl.m, wl.batch_size
        L, sigmoid_output = len(Ws), wl.output == "sigmoid"
        history = np.empty(wl.epochs)
        with np.errstate(over="ignore"):  # exp(-h) → inf gives σ = 0: fine
            for epoch in range(wl.epochs):
                seen = 0.0
                for start in range(0, m, size):
                    xb, yb = X[start:start + size], y[start:start + size]
                    a = [xb]
                    for l in range(L):
                        h = a[-1] @ Ws[l] + bs[l]
                        a.append(h if l == L - 1 and not sigmoid_output
                                 else 1 / (1 + np.exp(-h)))
                    delta = yb - a[-1]
                    seen += 0.5 * np.sum(delta * delta)
                    if sigmoid_output:
                        delta = delta * a[-1] * (1 - a[-1])
                    scale = eta / xb.shape[0]
                    for l in range(L - 1, -1, -1):
                        back = delta @ Ws[l].T if l else None
                        Ws[l] += scale * (a[l].T @ delta)
                        bs[l] += scale * delta.sum(axis=0)
                        if l:
                            delta = back * a[l] * (1 - a[l])
                history[epoch] = seen / m
        self.history = history

    def result(self):
        return self.Ws, self.bs


class NetworkPyPeer:
    """The way Nielsen's network.py computes a step, written anew for this benchmark.

    Column vectors: layer l's weights are (n_out, n_in), mlp's ``W[l]``
    transposed, and its biases (n_out, 1). Every record of a mini-batch is
    backpropagated on its own, its gradients are added to the batch's sums
    ∇w and ∇b, and then w ← w − (η/m)·∇w and b ← b − (η/m)·∇b: sigmoid in
    every layer, the quadratic cost ½‖y − a‖², and σ′(z) computed as
    σ(z)(1 − σ(z)) from z, as network.py does. Like network.py it records no
    loss, so only its final weights are compared with mlp's. Its products
    are ``np.dot``, as network.py's are (on these small arrays a little
    quicker than ``@``).
    """

    name = "network.py way"

    def prepare(self, wl, Ws, bs):
        self.w = [W.T.copy() for W in Ws]
        self.b = [b.reshape(-1, 1).copy() for b in bs]
        # The data as network.py takes it: a list of (x, y) column vectors.
        self.data = [(x.reshape(-1, 1), t.reshape(-1, 1)) for x, t in zip(wl.X, wl.y)]
        self.history = None

    def run(self, wl):
        size = wl.batch_size
        with np.errstate(over="ignore"):  # exp(-z) → inf gives σ = 0: fine
            for epoch in range(wl.epochs):
                for start in range(0, len(self.data), size):
                    self.update(self.data[start:start + size], wl.learn_rate)

    def update(self, batch, eta):
        """One step from the gradients of `batch`'s records, summed."""
        sum_w = [np.zeros(w.shape) for w in self.w]
        sum_b = [np.zeros(b.shape) for b in self.b]
        for x, y in batch:
            grad_w, grad_b = self.gradients(x, y)
            sum_w = [s + g for s, g in zip(sum_w, grad_w)]
            sum_b = [s + g for s, g in zip(sum_b, grad_b)]
        rate = eta / len(batch)
        self.w = [w - rate * s for w, s in zip(self.w, sum_w)]
        self.b = [b - rate * s for b, s in zip(self.b, sum_b)]

    def gradients(self, x, y):
        """∂C/∂w and ∂C/∂b of one record's cost, by backpropagation."""
        a, z = [x], []
        for w, b in zip(self.w, self.b):
            z.append(np.dot(w, a[-1]) + b)
            a.append(_sigmoid(z[-1]))
        L = len(self.w)
        grad_w, grad_b = [None] * L, [None] * L
        delta = (a[-1] - y) * _sigmoid_prime(z[-1])
        for l in range(L - 1, -1, -1):
            grad_w[l], grad_b[l] = np.dot(delta, a[l].T), delta
            if l:
                delta = np.dot(self.w[l].T, delta) * _sigmoid_prime(z[l - 1])
        return grad_w, grad_b

    def result(self):
        return [w.T for w in self.w], [b.ravel() for b in self.b]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z):
    return _sigmoid(z) * (1 - _sigmoid(z))


class SklearnPeer:
    name = "scikit-learn"
    outputs = ("identity",)  # MLPRegressor's output layer is linear

    def prepare(self, wl, Ws, bs):
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPRegressor

        self.warning = ConvergenceWarning
        self.reg = MLPRegressor(
            hidden_layer_sizes=tuple(wl.sizes[1:-1]),
            activation="logistic",
            solver="sgd",
            alpha=0.0,
            batch_size=wl.batch_size,
            learning_rate="constant",
            learning_rate_init=wl.learn_rate,
            momentum=0.0,
            nesterovs_momentum=False,
            shuffle=False,
            early_stopping=False,
            # Without this, a loss that stops falling ends training early.
            n_iter_no_change=wl.epochs + 1,
            tol=0.0,
            max_iter=1,
            warm_start=True,
        )
        # scikit-learn draws its own initial weights; a one-epoch fit on one
        # batch creates its attributes, which are then replaced by ours, and
        # warm_start keeps them for the timed fit.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            y = wl.y[:, 0] if wl.y.shape[1] == 1 else wl.y
            self.reg.fit(wl.X[: wl.batch_size], y[: wl.batch_size])
        self.reg.coefs_ = [W.copy() for W in Ws]
        self.reg.intercepts_ = [b.copy() for b in bs]
        self.reg.max_iter = self.epochs = wl.epochs

    def run(self, wl):
        # For one output scikit-learn wants y of shape (m,), as mlp allows too.
        y = wl.y[:, 0] if wl.y.shape[1] == 1 else wl.y
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", self.warning)
            self.reg.fit(wl.X, y)

    def result(self):
        return self.reg.coefs_, self.reg.intercepts_

    @property
    def history(self):
        # Its loss is ½ · mean over records *and outputs*: × n_out is mlp's.
        return np.array(self.reg.loss_curve_[-self.epochs:]) * self.reg.n_outputs_


class TorchPeer:
    name = "pytorch"

    def prepare(self, wl, Ws, bs):
        import torch

        self.torch = torch
        dt = getattr(torch, wl.dtype)
        layers = []
        for l, (W, b) in enumerate(zip(Ws, bs)):
            lin = torch.nn.Linear(*W.shape, dtype=dt)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W.T))  # torch keeps W as (n_out, n_in)
                lin.bias.copy_(torch.from_numpy(b))
            layers.append(lin)
            if l < len(Ws) - 1 or wl.output == "sigmoid":
                layers.append(torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*layers)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=wl.learn_rate)
        self.X, self.y = torch.from_numpy(wl.X), torch.from_numpy(wl.y)

    def run(self, wl):
        torch, model, opt = self.torch, self.model, self.opt
        X, y, m, size = self.X, self.y, wl.m, wl.batch_size
        history = np.empty(wl.epochs)
        for epoch in range(wl.epochs):
            seen = 0.0
            for start in range(0, m, size):
                xb, yb = X[start:start + size], y[start:start + size]
                opt.zero_grad()
                # mlp's "mse": ½ Σ over outputs, averaged over the batch.
                E = 0.5 * torch.nn.functional.mse_loss(model(xb), yb, reduction="sum") / xb.shape[0]
                E.backward()
                opt.step()
                seen += E.item() * xb.shape[0]
            history[epoch] = seen / m
        self.history = history

    def result(self):
        lins = [mod for mod in self.model if isinstance(mod, self.torch.nn.Linear)]
        return ([lin.weight.detach().numpy().T for lin in lins],
                [lin.bias.detach().numpy() for lin in lins])


def available_peers():
    peers = [MlpPeer(), NumpyPeer(), MlpPeer("batches"), MlpPeer("epoch"), NetworkPyPeer()]
    missing = []
    for cls, module in ((SklearnPeer, "sklearn"), (TorchPeer, "torch")):
        try:
            __import__(module)
        except ImportError:
            missing.append(cls.name)
        else:
            peers.append(cls())
    return peers, missing


def peers_for(wl, peers):
    """The peers that can train `wl`, and a note on each one left out."""
    kept, notes = [], []
    for p in peers:
        if isinstance(p, NetworkPyPeer) and (wl.output != "sigmoid" or wl.dtype != "float64"):
            continue  # network.py's way is float64 sigmoids: only those workloads have it
        if wl.output not in getattr(p, "outputs", (wl.output,)):
            notes.append(f"{p.name}: left out, it has only an identity (linear) output")
            continue
        kept.append(p)
    return kept, notes


# -- measurements --------------------------------------------------------


def matmul_rate(dtype, n=1024, repeats=7):
    """Best GFLOP/s of an n×n by n×n product through NumPy's BLAS."""
    rng = np.random.default_rng(1)
    A = rng.random((n, n)).astype(dtype)
    B = rng.random((n, n)).astype(dtype)
    A @ B
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def max_difference(a, b):
    """Largest |a − b| over all parameters, relative to the largest |a|."""
    diff = max(float(np.max(np.abs(np.asarray(p) - np.asarray(q)))) for p, q in zip(a, b))
    size = max(float(np.max(np.abs(p))) for p in a)
    return diff / size


# Differences in the order of floating-point sums are all that may separate
# the peers; these bounds are far above what that gives (the run prints the
# measured value) and far below what a skipped or extra step gives.
TOLERANCE = {"float64": 1e-8, "float32": 1e-3}
NETWORK_PY_TOLERANCE = 1e-9  # the network.py way: its weights only, float64


def limit_threads(n):
    """Let NumPy's BLAS (so mlp, the loop and scikit-learn) and PyTorch use n threads.

    n None gives each library its default. Returns a description, or None
    if BLAS could not be limited: threadpoolctl, which scikit-learn brings,
    does that.
    """
    try:
        import torch
    except ImportError:
        pass
    else:
        DEFAULT_THREADS.setdefault("torch", torch.get_num_threads())
        torch.set_num_threads(n or DEFAULT_THREADS["torch"])
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return None
    DEFAULT_THREADS.setdefault("blas", max(
        [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] or [1]))
    default, n = n is None, n or DEFAULT_THREADS["blas"]
    threadpool_limits(limits=n, user_api="blas")
    return f"{n} thread{'s' if n > 1 else ''}" + (", BLAS's default" if default else "")


DEFAULT_THREADS = {}  # each library's own, read before the first limit


def bench(wl, peers, repeats, rate_of=None):
    """Every peer's seconds per epoch in each repeat, and what each one computed.

    With `rate_of` (a dtype), the matmul rate is measured in every repeat
    too, just before the peers run.
    """
    Ws0, bs0 = initial_parameters(wl)
    times = {p.name: [] for p in peers}
    rates, finals = [], {}
    for p in peers:  # once untimed, so that first-call costs fall on no one
        p.prepare(wl, Ws0, bs0)
        p.run(wl)
    for r in range(repeats):
        if rate_of:
            rates.append(matmul_rate(rate_of, n=128 if wl.m < 1000 else 1024))
        # Rotate the order each repeat so that no peer always runs first.
        for p in peers[r % len(peers):] + peers[: r % len(peers)]:
            p.prepare(wl, Ws0, bs0)
            times[p.name].append(_timed(lambda: p.run(wl)) / wl.epochs)
            finals[p.name] = list(p.result()[0]) + list(p.result()[1]), np.asarray(p.history)
    return times, rates, finals


def paired(times, name, base="numpy loop"):
    """Median over the repeats of `name`'s time ÷ `base`'s in the same repeat."""
    return statistics.median(t / u for t, u in zip(times[name], times[base]))


def bound_share(wl, times, rates, name):
    """Median over the repeats of the share of the matmul bound `name` reached."""
    return statistics.median(wl.matmul_flops() / t / 1e9 / rate
                             for t, rate in zip(times[name], rates))


def check(wl, name, finals):
    """How `name`'s final weights and losses compare with mlp's; and whether they agree."""
    params, history = finals[name]
    if name == "mlp":
        return "(reference)", True
    if name.startswith("mlp"):
        same = all(np.array_equal(P, Q) for P, Q in zip(finals["mlp"][0], params))
        return ("same weights" if same else "DIFFERENT"), same
    d = max_difference(finals["mlp"][0], params)
    if name == NetworkPyPeer.name:  # no losses recorded, and a tighter bound
        ok = d <= NETWORK_PY_TOLERANCE
        return f"{d:.1e} {'agree' if ok else 'DISAGREE'} (weights only)", ok
    # The peers record what history="batches" records.
    d = max(d, max_difference([finals["mlp, batches"][1]], [history]))
    ok = d <= TOLERANCE[wl.dtype]
    return f"{d:.1e} {'agree' if ok else 'DISAGREE'}", ok


def report(wl, peers, times, rates, finals, threads, notes=()):
    """Print one workload's table; return whether all agree."""
    batches = "full batch" if wl.batch_size >= wl.m else f"batch {wl.batch_size}"
    print()
    print(f"workload {wl.name}: {'-'.join(map(str, wl.sizes))}, {wl.m} records, "
          f"{batches}, {wl.epochs} epoch{'s' if wl.epochs != 1 else ''}, learn_rate {wl.learn_rate}, {wl.dtype}, "
          f"{wl.output} output, {threads}")
    print(f"  {'peer':<16}{'ms/epoch':>10}{'(min-max)':>20}{'÷ loop':>8}   vs mlp: weights, losses")
    all_agree = True
    for p in peers:
        t = times[p.name]
        what, ok = check(wl, p.name, finals)
        all_agree &= ok
        spread = f"({min(t) * 1e3:.3g}-{max(t) * 1e3:.3g})"
        print(f"  {p.name:<16}{statistics.median(t) * 1e3:>10.4g}{spread:>20}"
              f"{paired(times, p.name):>8.2f}   {what}")
    for note in notes:
        print(f"  {note}")
    if NetworkPyPeer.name in times:
        print(f"  mlp is {paired(times, NetworkPyPeer.name, 'mlp'):.1f}× as fast as the "
              f"network.py way (its time ÷ mlp's, paired)")
    if rates:
        print(f"  {wl.dtype} matmul bound, {threads}: {statistics.median(rates):.1f} GFLOP/s "
              f"(best 1024×1024 product, median over the repeats); of it, in an epoch's "
              f"matrix products:")
        for name in ("mlp", "numpy loop"):
            print(f"    {name} reaches {100 * bound_share(wl, times, rates, name):.1f}% "
                  f"of the measured {wl.dtype} matmul rate")
    return all_agree


def targets_of(wl, times, rates, n_threads):
    """The project's targets that workload `wl` measures: (what, met, measured)."""
    where, targets = f"workload {wl.name}", []
    if wl.number in ("1", "2") or (wl.output == "sigmoid" and wl.dtype == "float32"):
        r = paired(times, "mlp")
        targets.append((f"{where}: mlp within 1.1× of the numpy loop", r <= 1.1, f"{r:.2f}×"))
    if NetworkPyPeer.name in times and wl.batch_size == 10:
        r = paired(times, NetworkPyPeer.name, "mlp")
        targets.append((f"{where}: mlp 10× or more as fast as the network.py way", r >= 10,
                        f"{r:.1f}×"))
    for peer in ("scikit-learn", "pytorch"):
        if peer in times:
            r = paired(times, "mlp", peer)
            targets.append((f"{where}: mlp faster than {peer}", r < 1, f"{r:.2f}×"))
    if rates and wl.dtype == "float32" and n_threads == 1:
        r = bound_share(wl, times, rates, "mlp")
        targets.append((f"{where}, one thread: mlp at 55% or more of the one-thread matmul rate",
                        r >= 0.55, f"{100 * r:.1f}%"))
    return targets


def describe_machine():
    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, mlp {mlp.__version__}",
        f"machine: {platform.machine()}, {os.cpu_count()} logical CPUs, {platform.platform()}",
    ]
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        lines.append(f"numpy BLAS: {blas.get('name')} {blas.get('version')}")
    except Exception:  # the layout of show_config is NumPy's business
        pass
    for mod in ("sklearn", "torch"):
        try:
            m = __import__(mod)
        except ImportError:
            continue
        lines.append(f"{'scikit-learn' if mod == 'sklearn' else 'pytorch'} {m.__version__}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: a smoke test, not a measurement")
    parser.add_argument("--repeats", type=int, default=5, help="repeats per peer (default 5)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for BLAS and PyTorch, the same for every peer (default: "
                             "1 on workloads 1 and 2, BLAS's default on workload 3)")
    parser.add_argument("--workloads", nargs="*", default=None, metavar="N",
                        help="workload numbers to run, e.g. 1 3 (default: all)")
    args = parser.parse_args(argv)

    print(f"mlp benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for line in describe_machine():
        print("  " + line)
    peers, missing = available_peers()
    for name in missing:
        print(f"  {name}: not installed, skipped")

    all_agree, targets = True, []
    for wl in make_workloads(args.tiny, args.workloads):
        n_threads = args.threads or wl.threads
        threads = limit_threads(n_threads)
        if threads is None:
            threads, n_threads = "BLAS threads not limited (threadpoolctl is not installed)", None
        else:
            n_threads = n_threads or DEFAULT_THREADS["blas"]
        wl_peers, notes = peers_for(wl, peers)
        times, rates, finals = bench(wl, wl_peers, args.repeats,
                                     wl.dtype if wl.number == "3" else None)
        all_agree &= report(wl, wl_peers, times, rates, finals, threads, notes)
        targets += targets_of(wl, times, rates, n_threads)
    print()
    print("÷ loop: a peer's time ÷ the numpy loop's in the same repeat, median over the repeats")
    print("vs mlp: largest difference from mlp's final weights and per-epoch losses, relative to their size")
    print(f"ms/epoch: median over {args.repeats} repeats; the machine may be shared, so compare within one run")
    if targets and not args.tiny:
        print()
        print("targets (from one run; timings are noisy on a shared machine):")
        for what, met, measured in targets:
            print(f"  {'met    ' if met else 'NOT MET'}  {what} ({measured})")
    if not all_agree:
        print("FAILED: some final weights disagree with mlp's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
