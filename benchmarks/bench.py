"""Training speed of mlp beside a hand-written NumPy loop, scikit-learn and PyTorch.

Every implementation trains the same network (sigmoid hidden layers, an
identity output, because scikit-learn's MLPRegressor has only a linear
output), from the same initial weights, on the same batches in the same
order, by plain gradient descent on mlp's ``"mse"`` loss. Each one's final
weights are compared with mlp's, so a fast peer that did less work shows
up as a disagreement rather than as a win.

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
* ``fit`` returns the loss over all X after every epoch, so every peer
  except scikit-learn (which records its own mean batch loss instead and
  cannot be told otherwise) computes that too. With one batch per epoch,
  the next epoch's forward pass already gives the previous epoch's loss,
  and every peer that computes it uses that (one extra forward at the end).
"""

import argparse
import contextlib
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np

import mlp


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
    threads: int | None  # BLAS and PyTorch threads for every peer; None: all

    @property
    def m(self):
        return self.X.shape[0]

    def matmul_flops(self):
        """Floating-point operations of the matrix products in one epoch.

        Per batch of r records: the forward product of every layer, the
        weight gradient aᵀδ of every layer, and δ W^T of every layer but the
        first (nothing needs ∂E/∂X); per epoch, one more forward pass over
        all m records for the loss that fit returns (none with one batch,
        where the next forward pass gives it). Each product of an (r, p)
        by (p, q) matrix counts 2 r p q.
        """
        pq = [p * q for p, q in zip(self.sizes[:-1], self.sizes[1:])]
        train = 2 * self.m * (2 * sum(pq) + sum(pq[1:]))
        evaluate = 0 if self.batch_size >= self.m else 2 * self.m * sum(pq)
        return train + evaluate


def _one_hot(labels, k, dtype):
    out = np.zeros((labels.size, k), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def make_workloads(tiny=False, only=None):
    """The benchmark's workloads; `tiny` shrinks every one to a smoke test."""
    wls = []
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    # The XOR lesson folds a constant input of 1 into each record: 3 inputs.
    wls.append(Workload("1 xor", [3, 5, 1], X, y, 200 if tiny else 20000, 4, 0.5, "float64", 1))

    try:
        from sklearn.datasets import load_digits
    except ImportError:
        print("workload 2 skipped: scikit-learn (which ships the digits) is not installed")
    else:
        digits = load_digits()
        X, labels = digits.data / 16.0, digits.target
        if tiny:
            X, labels = X[:100], labels[:100]
        wls.append(Workload("2 digits", [64, 32, 10], X, _one_hot(labels, 10, float),
                            2 if tiny else 50, 32, 0.1, "float64", 1))

    m, n_in, n_hidden = (300, 20, 8) if tiny else (60000, 784, 128)
    rng = np.random.default_rng(0)
    X = rng.random((m, n_in))  # pixel-like intensities in [0, 1)
    # Labels from a random linear teacher, so there is something to learn.
    labels = np.argmax(X @ rng.normal(size=(n_in, 10)), axis=1)
    y = _one_hot(labels, 10, float)
    for dt in ("float64", "float32"):
        wls.append(Workload(f"3 synthetic {dt}", [n_in, n_hidden, 10],
                            X.astype(dt), y.astype(dt), 1 if tiny else 3, 128, 0.05, dt, None))
    if only:
        wls = [w for w in wls if w.name.split()[0] in only]
    return wls


def initial_parameters(wl, seed=0):
    net = mlp.Network.random(wl.sizes, rng=seed, output_activation="identity", dtype=wl.dtype)
    return net.weights, net.biases


# -- the peers: each trains from copies of (Ws, bs) and returns its final
#    weights and biases; `prepare` does the untimed set-up, `run` is timed.


class MlpPeer:
    name = "mlp"

    def prepare(self, wl, Ws, bs):
        self.net = mlp.Network(Ws, bs, activation="sigmoid",
                               output_activation="identity", dtype=wl.dtype)

    def run(self, wl):
        self.net.fit(wl.X, wl.y, epochs=wl.epochs, learn_rate=wl.learn_rate,
                     batch_size=wl.batch_size)

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
        L = len(Ws)

        def forward(x):
            a = [x]
            for l in range(L):
                h = a[-1] @ Ws[l] + bs[l]
                a.append(h if l == L - 1 else 1 / (1 + np.exp(-h)))
            return a

        history = np.empty(wl.epochs)
        with np.errstate(over="ignore"):  # exp(-h) → inf gives σ = 0: fine
            for epoch in range(wl.epochs):
                for start in range(0, m, size):
                    xb, yb = X[start:start + size], y[start:start + size]
                    a = forward(xb)
                    delta = yb - a[-1]
                    if size >= m and epoch:
                        history[epoch - 1] = 0.5 * np.sum(delta * delta) / m
                    scale = eta / xb.shape[0]
                    for l in range(L - 1, -1, -1):
                        back = delta @ Ws[l].T if l else None
                        Ws[l] += scale * (a[l].T @ delta)
                        bs[l] += scale * delta.sum(axis=0)
                        if l:
                            delta = back * a[l] * (1 - a[l])
                if size < m or epoch == wl.epochs - 1:
                    d = y - forward(X)[-1]
                    history[epoch] = 0.5 * np.sum(d * d) / m
        self.history = history

    def result(self):
        return self.Ws, self.bs


class SklearnPeer:
    name = "scikit-learn"

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
        self.reg.max_iter = wl.epochs

    def run(self, wl):
        # For one output scikit-learn wants y of shape (m,), as mlp allows too.
        y = wl.y[:, 0] if wl.y.shape[1] == 1 else wl.y
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", self.warning)
            self.reg.fit(wl.X, y)

    def result(self):
        return self.reg.coefs_, self.reg.intercepts_


class TorchPeer:
    name = "pytorch"

    def prepare(self, wl, Ws, bs):
        import torch

        self.torch = torch
        if not hasattr(TorchPeer, "default_threads"):
            TorchPeer.default_threads = torch.get_num_threads()
        torch.set_num_threads(wl.threads or TorchPeer.default_threads)
        dt = getattr(torch, wl.dtype)
        layers = []
        for l, (W, b) in enumerate(zip(Ws, bs)):
            lin = torch.nn.Linear(*W.shape, dtype=dt)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W.T))  # torch keeps W as (n_out, n_in)
                lin.bias.copy_(torch.from_numpy(b))
            layers.append(lin)
            if l < len(Ws) - 1:
                layers.append(torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*layers)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=wl.learn_rate)
        self.X, self.y = torch.from_numpy(wl.X), torch.from_numpy(wl.y)

    def run(self, wl):
        torch, model, opt = self.torch, self.model, self.opt
        X, y, m, size = self.X, self.y, wl.m, wl.batch_size
        history = np.empty(wl.epochs)
        for epoch in range(wl.epochs):
            for start in range(0, m, size):
                xb, yb = X[start:start + size], y[start:start + size]
                opt.zero_grad()
                # mlp's "mse": ½ Σ over outputs, averaged over the batch.
                E = 0.5 * torch.nn.functional.mse_loss(model(xb), yb, reduction="sum") / xb.shape[0]
                E.backward()
                if size >= m and epoch:
                    history[epoch - 1] = E.item()
                opt.step()
            if size < m or epoch == wl.epochs - 1:
                with torch.no_grad():
                    history[epoch] = 0.5 * torch.nn.functional.mse_loss(model(X), y, reduction="sum").item() / m
        self.history = history

    def result(self):
        lins = [mod for mod in self.model if isinstance(mod, self.torch.nn.Linear)]
        return ([lin.weight.detach().numpy().T for lin in lins],
                [lin.bias.detach().numpy() for lin in lins])


def available_peers():
    peers, missing = [MlpPeer(), NumpyPeer()], []
    for cls, module in ((SklearnPeer, "sklearn"), (TorchPeer, "torch")):
        try:
            __import__(module)
        except ImportError:
            missing.append(cls.name)
        else:
            peers.append(cls())
    return peers, missing


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


def blas_threads(n):
    """A context in which NumPy's BLAS uses n threads (None: its default)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with scikit-learn; without it, the default
        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


def bench(wl, peers, repeats):
    with blas_threads(wl.threads):
        return _bench(wl, peers, repeats)


def _bench(wl, peers, repeats):
    Ws0, bs0 = initial_parameters(wl)
    times = {p.name: [] for p in peers}
    finals = {}
    for r in range(repeats):
        # Rotate the order each repeat so that no peer always runs first.
        for p in peers[r % len(peers):] + peers[: r % len(peers)]:
            p.prepare(wl, Ws0, bs0)
            times[p.name].append(_timed(lambda: p.run(wl)) / wl.epochs)
            finals[p.name] = p.result()
    return {name: statistics.median(t) for name, t in times.items()}, times, finals


def describe_machine():
    import os

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
        extra = f" ({m.get_num_threads()} threads)" if mod == "torch" else ""
        lines.append(f"{'scikit-learn' if mod == 'sklearn' else 'pytorch'} {m.__version__}{extra}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: a smoke test, not a measurement")
    parser.add_argument("--repeats", type=int, default=5, help="repeats per peer (default 5)")
    parser.add_argument("--workloads", nargs="*", default=None, metavar="N",
                        help="workload numbers to run, e.g. 1 3 (default: all)")
    args = parser.parse_args(argv)

    print(f"mlp benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for line in describe_machine():
        print("  " + line)
    peers, missing = available_peers()
    for name in missing:
        print(f"  {name}: not installed, skipped")

    # Measured with the threads workload 3 uses: all of them.
    rates = {dt: matmul_rate(dt, n=128 if args.tiny else 1024) for dt in ("float64", "float32")}
    print("matmul rate (best 1024×1024 product, all threads): " +
          ", ".join(f"{dt} {r:.1f} GFLOP/s" for dt, r in rates.items()))

    all_agree = True
    for wl in make_workloads(args.tiny, args.workloads):
        medians, times, finals = bench(wl, peers, args.repeats)
        batches = "full batch" if wl.batch_size >= wl.m else f"batch {wl.batch_size}"
        print()
        threads = f"{wl.threads} thread" if wl.threads else "all threads"
        print(f"workload {wl.name}: {'-'.join(map(str, wl.sizes))}, {wl.m} records, "
              f"{batches}, {wl.epochs} epochs, learn_rate {wl.learn_rate}, {wl.dtype}, {threads}")
        print(f"  {'peer':<14}{'ms/epoch':>12}{'(min-max)':>20}{'÷ mlp':>8}   final weights vs mlp")
        ref = finals["mlp"]
        for p in peers:
            t = times[p.name]
            med = medians[p.name]
            ratio = med / medians["mlp"]
            if p.name == "mlp":
                check = "(reference)"
            else:
                d = max_difference(ref[0] + ref[1], list(finals[p.name][0]) + list(finals[p.name][1]))
                ok = d <= TOLERANCE[wl.dtype]
                all_agree &= ok
                check = f"max rel. diff {d:.1e} {'agree' if ok else 'DISAGREE'} (tol {TOLERANCE[wl.dtype]:.0e})"
            spread = f"({min(t) * 1e3:.3g}-{max(t) * 1e3:.3g})"
            print(f"  {p.name:<14}{med * 1e3:>12.4g}{spread:>20}{ratio:>8.2f}   {check}")
        if wl.name.startswith("3"):
            gflops = wl.matmul_flops() / medians["mlp"] / 1e9
            print(f"  mlp reaches {gflops:.1f} GFLOP/s in its matrix products: "
                  f"{100 * gflops / rates[wl.dtype]:.0f}% of the measured {wl.dtype} matmul rate")
    print()
    print("÷ mlp: a peer's median time per epoch divided by mlp's (above 1: mlp is faster)")
    print(f"median over {args.repeats} repeats; the machine may be shared, so compare within one run")
    if not all_agree:
        print("FAILED: some final weights disagree with mlp's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
