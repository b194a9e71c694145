"""The command line: ``mlp xor``, ``admissions``, ``digits``, ``mnist`` and ``check``.

``python -m mlp`` runs the same commands where the ``mlp`` script is not on
the PATH.

``xor``, ``admissions``, ``digits`` and ``mnist`` train the network of one tutorial
with the tutorial's settings as defaults, print the final loss and accuracy, and can
save the network and plot its loss curve. ``check FILE`` checks a learner's
own lesson functions (:mod:`mlp.check`). Mistakes in the arguments or a
missing data file end in a one-line message and exit status 2, never a
traceback.
"""

import argparse
import os
import sys
import time

import numpy as np

from . import __version__, _checks, check, datasets
from .network import Network

#: Exit status for a usage error or unusable input, as argparse uses.
EXIT_USAGE = 2
#: Exit status when training itself fails (the loss diverged).
EXIT_FAILED = 1


class _UsageError(Exception):
    """A problem with the arguments found after parsing them."""


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors take one line, with a pointer to --help."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (try: {self.prog} --help)\n")


def _argument(convert, accept, wanted):
    """An argparse type: `convert` the text, then insist that `accept` holds."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
        return value

    return parse


_positive_int = _argument(int, lambda n: n >= 1, "a positive integer")
_count = _argument(int, lambda n: n >= 0, "0 or a positive integer")
_positive_float = _argument(
    float, lambda x: x > 0 and np.isfinite(x), "a positive number"
)
_time_limit = _argument(float, lambda x: 0 < x <= check.MAX_TIME_LIMIT,
                        f"a number of seconds above 0 and at most {check.MAX_TIME_LIMIT:g}")
_seed = _argument(int, lambda n: 0 <= n < 2**32, "an integer from 0 to 2**32 - 1")


def _default(value, recipe=False):
    """How --help states a default: the value, or the recipe's where the recipe sets it."""
    return "the recipe's" if recipe else format(value, "g" if isinstance(value, float) else "")


def _common_options(hidden, epochs, learn_rate, seed, hidden_help, batch_size=None,
                    recipe=False):
    """Options every subcommand has, with that subcommand's defaults; with
    `recipe`, the first four training options default to None, for the
    chosen recipe to fill in."""
    p = _Parser(add_help=False)
    g = p.add_argument_group("training")
    g.add_argument("--hidden", type=_count, default=hidden, metavar="N",
                   help=f"{hidden_help} (default {_default(hidden, recipe)})")
    g.add_argument("--epochs", type=_positive_int, default=epochs, metavar="N",
                   help=f"passes over the training records (default {_default(epochs, recipe)})")
    g.add_argument("--learn-rate", "--learn_rate", dest="learn_rate",
                   type=_positive_float, default=learn_rate, metavar="ETA",
                   help=f"learning rate η (default {_default(learn_rate, recipe)})")
    batches = ("the recipe's" if recipe else "all of them, full batch"
               if batch_size is None else str(batch_size))
    g.add_argument("--batch-size", "--batch_size", dest="batch_size",
                   type=_positive_int, default=batch_size, metavar="N",
                   help=f"records per step (default: {batches}); 1 is stochastic "
                   "gradient descent")
    g.add_argument("--shuffle", action=argparse.BooleanOptionalAction, default=None,
                   help="visit the records in a new random order every epoch (default: "
                   + ("the recipe's" if recipe else "on with mini-batches, off with the "
                      "full batch") + ")")
    g.add_argument("--seed", type=_seed, default=seed,
                   help=f"seed of the legacy NumPy random stream (default {seed})")
    out = p.add_argument_group("output")
    out.add_argument("--save", metavar="MODEL.npz",
                     help="write the trained network to this file")
    out.add_argument("--plot", metavar="CURVE.png",
                     help="draw the loss after every epoch into this image "
                     "(needs matplotlib)")
    out.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show progress on one updating line of stderr "
                     "(default: only when stderr is a terminal)")
    return p


def build_parser(prog="python -m mlp"):
    """The parser of ``python -m mlp`` (or `prog`) and its subcommands."""
    parser = _Parser(prog=prog, description="Train the networks of the mlp tutorials, "
                     "or check your own code for the lessons' exercises.",
                     epilog=f"Run '{prog} COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action="version", version=f"mlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_Parser)
    for add in (_add_xor, _add_admissions, _add_digits, _add_mnist, _add_check):
        add(sub)
    return parser


def _add_xor(sub):
    """The ``xor`` subcommand: the XOR blog's network."""
    xor = sub.add_parser(
        "xor",
        parents=[_common_options(5, 20_000, 3.0, 0, "hidden sigmoid units")],
        help="the XOR blog's network on the four XOR records",
        description="Train a 3-5-1 sigmoid network on XOR as the XOR blog does: "
        "weights uniform on [0, 1), the bias folded in as a column of ones, "
        "summed squared error, learning rate 3, 20000 full-batch epochs.",
    )
    xor.add_argument("--init", choices=("uniform", "normal"), default="uniform",
                     help="starting weights: 'uniform' on [0, 1) like the blog, or "
                     "'normal' with standard deviation 1/√n_in (default uniform)")
    xor.add_argument("--bias", action="store_true",
                     help="give each layer a bias vector instead of the column of ones")
    xor.set_defaults(run=_run_xor, loss="sse", check_options=_check_training_options)


def _add_admissions(sub):
    """The ``admissions`` subcommand: the lesson's backpropagation exercise."""
    adm = sub.add_parser(
        "admissions",
        parents=[_common_options(
            2, 900, 0.005, 21, "hidden sigmoid units; 0 for one sigmoid unit")],
        help="the lesson's network on the UCLA graduate-school admissions",
        description="Train the lesson's backpropagation exercise on the UCLA "
        "admissions data: a 6-2-1 sigmoid network without biases, weights from "
        "N(0, 1/√6), mean squared error, learning rate 0.005, 900 full-batch "
        "epochs, trained on the lesson's 90% split. The lesson's "
        "gradient-descent exercise is --hidden 0 --epochs 1000 --learn-rate 0.5 "
        "--seed 42.",
    )
    adm.add_argument("--bias", action="store_true", help="give each layer a bias vector")
    adm.add_argument("--data", metavar="CSV",
                     help="read the records from this CSV file (columns admit, gre, "
                     "gpa, rank) instead of the copy that ships with mlp")
    adm.set_defaults(run=_run_admissions, loss="mse", check_options=_check_training_options)


def _add_digits(sub):
    """The ``digits`` subcommand: Nielsen's recipe on the shipped digits."""
    digits = sub.add_parser(
        "digits",
        parents=[_common_options(30, 30, 3.0, 0, "hidden sigmoid units", batch_size=10)],
        help="a network that reads the 1797 handwritten 8×8 digits",
        description="Train a 64-30-10 sigmoid network with biases on the 1797 "
        "handwritten digits that ship with mlp, with the recipe of Nielsen's "
        "first chapter: mean squared error on one-hot targets, learning rate 3, "
        "30 epochs of shuffled mini-batches of 10, on a seeded 80% of the "
        "digits; the weights start from N(0, 1/√n_in) and the biases at 0 "
        "(Nielsen draws both from N(0, 1)). It reports the accuracy on the other "
        "20%, which training never sees: a digit counts as read when its largest "
        "output is the right one.",
    )
    digits.set_defaults(run=_run_digits, loss="mse", check_options=_check_training_options)


#: The two MNIST recipes of the books: the network, the training, and how
#: each scales the grey levels (0 to 1) and sets the targets (off, on).
MNIST_RECIPES = {
    "nielsen": dict(hidden=30, epochs=30, learn_rate=3.0, batch_size=10, shuffle=True,
                    bias=True, inputs=(0.0, 1.0), targets=(0.0, 1.0)),
    "rashid": dict(hidden=200, epochs=5, learn_rate=0.1, batch_size=1, shuffle=False,
                   bias=False, inputs=(0.01, 1.0), targets=(0.01, 0.99)),
}


def _add_mnist(sub):
    """The ``mnist`` subcommand: Nielsen's or Rashid's recipe on MNIST."""
    mnist = sub.add_parser(
        "mnist",
        parents=[_common_options(None, None, None, 0, "hidden sigmoid units",
                                 recipe=True)],
        help="the books' networks on the 70,000 MNIST digits",
        description="Train on the 60,000 MNIST training digits and report the accuracy "
        "on the 10,000 test digits. --recipe nielsen (the default) is Nielsen's first "
        "chapter: 784-30-10 with biases, mean squared error on one-hot targets, "
        "learning rate 3, 30 epochs of shuffled mini-batches of 10. --recipe rashid is "
        "Rashid's book: 784-200-10 without biases, inputs scaled to [0.01, 1], targets "
        "0.01 and 0.99, learning rate 0.1, one record per step in the file's order, "
        "5 epochs. Weights start from N(0, 1/√n_in), biases at 0. The training options "
        "below change one part of the recipe. The four files come from --data, or from "
        "the cache folder that --download fills (mlp.datasets.fetch_mnist).",
    )
    mnist.add_argument("--recipe", choices=sorted(MNIST_RECIPES), default="nielsen",
                       help="whose recipe to follow (default nielsen)")
    mnist.add_argument("--data", metavar="FOLDER",
                       help="the folder that holds the four MNIST files, gzipped or not "
                       "(default: the cache folder of mlp.datasets.fetch_mnist)")
    mnist.add_argument("--download", action="store_true",
                       help="first download the four files into the folder and verify "
                       "their checksums (about 11 MB; a verified file is not fetched again)")
    mnist.set_defaults(run=_run_mnist, loss="mse", check_options=_check_training_options)


def _add_check(sub):
    """The ``check`` subcommand: a learner's own lesson functions against mlp."""
    chk = sub.add_parser(
        "check",
        help="check your own sigmoid, sigmoid_prime, gradient_step, forward_pass "
        "and backward_pass",
        description="Load the definitions of FILE (Python, or a Jupyter notebook) in "
        "a sandboxed Python process, and check each of the lessons' functions it "
        "defines (" + ", ".join(check.FUNCTIONS) + "), and each of the lessons' quiz "
        "scripts it holds, on the lessons' worked examples and on random records, "
        "against mlp's values. Loops and bare calls at the top level (training, "
        "printing, plotting) are not run. A wrong function is reported with its "
        "inputs, the expected and the received value, and the likely cause when the "
        "value is that of a known mistake. Exit status: 0 all right, including the "
        "network's step or a pass; 1 some wrong; 2 the file cannot be loaded, holds "
        "none of them, or only activation functions could be checked.",
    )
    chk.add_argument("file", metavar="FILE", help="the Python file or notebook to check")
    chk.add_argument("--time-limit", "--time_limit", dest="time_limit",
                     type=_time_limit, default=check.TIME_LIMIT, metavar="SECONDS",
                     help="seconds for loading the file, and then for each function "
                     f"(default {check.TIME_LIMIT:g})")
    chk.set_defaults(run=_run_check, check_options=lambda args: None)


class _Progress:
    """One line on stderr, rewritten in place as the epochs go by."""

    def __init__(self, enabled, total):
        self.enabled, self.total, self.width = enabled, total, 0

    def show(self, epoch, loss):
        if self.enabled:
            text = f"epoch {epoch}/{self.total}  loss {loss:.6g}"
            sys.stderr.write("\r" + text.ljust(self.width))
            sys.stderr.flush()
            self.width = len(text)

    def close(self):
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _train(net, X, y, args):
    """Fit in chunks so that progress can be shown; the result is the same
    as one fit call, since each chunk continues the same random stream."""
    shuffle = args.batch_size is not None if args.shuffle is None else args.shuffle
    progress = _Progress(
        sys.stderr.isatty() if args.progress is None else args.progress, args.epochs
    )
    chunk = max(1, args.epochs // 100)
    history, done, shown = [], 0, 0.0
    try:
        while done < args.epochs:
            n = min(chunk, args.epochs - done)
            # The loss after each epoch, as the lessons print it, with
            # mini-batches too: on the tutorials' data that costs little.
            history.append(net.fit(X, y, epochs=n, learn_rate=args.learn_rate,
                                   loss=args.loss, batch_size=args.batch_size,
                                   shuffle=shuffle, rng=args.rng, history="epoch"))
            done += n
            if time.monotonic() - shown > 0.1 or done == args.epochs:
                progress.show(done, history[-1][-1])
                shown = time.monotonic()
    finally:
        progress.close()
    return np.concatenate(history)


def _say(*lines):
    """Print `lines` to stdout. If the reader has gone (``mlp xor | head -1``),
    go on without output: the training and the saving still happen."""
    try:
        print(*lines, sep="\n", flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _accuracy(net, X, y):
    """The share of records classified right: by the side of ½ of the one
    output, or, with one output per class, by the largest output."""
    y_hat = net.predict(X)
    if y.ndim == 2:
        return float(np.mean(y_hat.argmax(axis=1) == y.argmax(axis=1)))
    return float(np.mean((y_hat[:, 0] > 0.5) == (y == 1)))


def _describe(net, args):
    batch = "full batch" if args.batch_size is None else f"batches of {args.batch_size}"
    sizes = "-".join(str(n) for n in net.sizes)
    bias = "with" if net.biases is not None else "no"
    return (f"{sizes} network, {bias} biases, {args.loss} loss, {args.epochs} epochs, "
            f"learn_rate {args.learn_rate:g}, {batch}, seed {args.seed}")


def _check_memory(args, n_in, m):
    """Refuse --hidden and --epochs whose arrays would not fit in memory:
    the weights and, per hidden unit, the forward and backward values of
    `m` records; one loss per epoch."""
    _checks.memory("--hidden", 8 * args.hidden * (n_in + 3 + 4 * m))
    _checks.memory("--epochs", 16 * args.epochs)


def _sizes(n_in, hidden, n_out):
    """The layer sizes of a command's network: one hidden layer, or none if
    `hidden` is 0."""
    return [n_in] + ([hidden] if hidden else []) + [n_out]


def _run_xor(args):
    args.rng = np.random.RandomState(args.seed)
    X, y = datasets.xor(bias_column=not args.bias)
    _check_memory(args, X.shape[1], len(y))
    sizes = _sizes(X.shape[1], args.hidden, 1)
    if args.init == "uniform":
        # Layer by layer, as the blog's np.random.random calls draw them.
        weights = [args.rng.random_sample((n_in, n_out))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        biases = [np.zeros(n) for n in sizes[1:]] if args.bias else None
        net = Network(weights, biases)
    else:
        net = Network.random(sizes, rng=args.rng, bias=args.bias)
    _say(_describe(net, args))
    history = _train(net, X, y, args)
    _say(f"final sse loss {history[-1]:.6g}",
         f"accuracy {_accuracy(net, X, y):.3f} on the 4 records",
         *(f"  x = {x[:2].astype(int).tolist()}  y = {target:.0f}  ŷ = {y_hat:.6f}"
           for x, target, y_hat in zip(X, y, net.predict(X)[:, 0])))
    return _finish(net, history, args)


def _run_admissions(args):
    data = datasets.load_admissions(args.data)
    features, targets = datasets.prepare_admissions(data)
    train, test = datasets.lesson_split(len(targets), args.seed)
    _check_memory(args, features.shape[1], len(train))
    args.rng = np.random.RandomState(args.seed)
    n_in = features.shape[1]
    sizes = _sizes(n_in, args.hidden, 1)
    # The lesson draws every layer with standard deviation 1/√n_features.
    net = Network.random(sizes, rng=args.rng, bias=args.bias, scale=n_in**-0.5)
    _say(_describe(net, args), f"{len(train)} training records, {len(test)} test records")
    history = _train(net, features[train], targets[train], args)
    _say(f"final training mse loss {history[-1]:.6g}",
         f"training accuracy {_accuracy(net, features[train], targets[train]):.3f}",
         f"test accuracy {_accuracy(net, features[test], targets[test]):.3f}")
    return _finish(net, history, args)


def _run_digits(args):
    data = datasets.load_digits()
    targets = datasets.one_hot(data.labels)
    train, test = datasets.lesson_split(len(targets), args.seed, train_fraction=0.8)
    _check_memory(args, data.X.shape[1], len(train))
    args.rng = np.random.RandomState(args.seed)
    sizes = _sizes(data.X.shape[1], args.hidden, 10)
    net = Network.random(sizes, rng=args.rng)
    _say(_describe(net, args), f"{len(train)} training digits, {len(test)} held-out digits")
    history = _train(net, data.X[train], targets[train], args)
    _say(f"final training mse loss {history[-1]:.6g}",
         f"training accuracy {_accuracy(net, data.X[train], targets[train]):.3f}",
         f"held-out accuracy {_accuracy(net, data.X[test], targets[test]):.3f} "
         f"on {len(test)} digits")
    return _finish(net, history, args)


def _mnist_data(args, recipe):
    """The MNIST training and test records of `args`, scaled as `recipe` says."""
    folder = args.data if args.data is not None else datasets._cache_folder()
    if args.download:
        folder = datasets.fetch_mnist(folder, progress=args.progress)
    parts = []
    for kind in ("train", "test"):
        try:
            part = datasets.load_mnist(folder, kind)
        except FileNotFoundError as exc:
            raise _UsageError(f"{exc}; download them with --download, or name the folder "
                              "that holds them with --data") from None
        low, high = recipe["inputs"]
        off, on = recipe["targets"]
        parts += [low + (high - low) * part.X,
                  off + (on - off) * datasets.one_hot(part.labels, 10)]
    return parts


def _run_mnist(args):
    recipe = MNIST_RECIPES[args.recipe]
    for name in ("hidden", "epochs", "learn_rate", "batch_size", "shuffle"):
        if getattr(args, name) is None:
            setattr(args, name, recipe[name])
    X, Y, X_test, Y_test = _mnist_data(args, recipe)
    _check_memory(args, X.shape[1], len(X))
    args.rng = np.random.RandomState(args.seed)
    net = Network.random(_sizes(X.shape[1], args.hidden, 10), rng=args.rng,
                         bias=recipe["bias"])
    _say(f"{args.recipe}'s recipe: " + _describe(net, args),
         f"{len(X)} training digits, {len(X_test)} test digits")
    history = _train(net, X, Y, args)
    _say(f"final training mse loss {history[-1]:.6g}",
         f"training accuracy {_accuracy(net, X, Y):.4f}",
         f"test accuracy {_accuracy(net, X_test, Y_test):.4f} on {len(X_test)} digits")
    return _finish(net, history, args)


def _run_check(args):
    """Check the learner's file; the report on stdout, or one line on stderr."""
    report = check.file(args.file, time_limit=args.time_limit, show=False)
    if report.error:
        print(f"{args.prog}: {report}", file=sys.stderr)
    else:
        _say(str(report))
    return report.status


def _finish(net, history, args):
    """Save the trained network and draw its loss curve, as asked."""
    if args.save is not None:
        try:
            net.save(args.save)
        except OSError as exc:
            raise _UsageError(f"--save: could not write {args.save} "
                              f"({exc.strerror or exc}); nothing was saved") from None
        args.saved = True
        _say(f"saved the network to {args.save}")
    if args.plot is not None:
        try:
            _plot(history, args.loss, args.plot, args.prog)
        except OSError as exc:
            raise _UsageError(f"--plot: could not write {args.plot} "
                              f"({exc.strerror or exc})") from None
        _say(f"drew the loss curve in {args.plot}")
    return 0


def _check_output(path, option):
    """Refuse an output `path` that cannot become a file, before training."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise _UsageError(f"{option}: no folder {folder} to write {path} into")
    if not os.access(folder, os.W_OK):
        raise _UsageError(f"{option}: cannot write into the folder {folder}")
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        example = os.path.join(path, "model.npz" if option == "--save" else "curve.png")
        raise _UsageError(f"{option}: {path} names a folder; name a file in it, "
                          f"such as {example}")
    if os.path.exists(path) and not os.path.isfile(path):
        raise _UsageError(f"{option}: {path} exists and is not a regular file")


def _check_plot(path):
    """Refuse --plot before training unless matplotlib is there and writes
    the format that the file's suffix names."""
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        raise _UsageError("--plot needs matplotlib, which is not installed "
                          "(pip install matplotlib)") from None
    formats = FigureCanvasBase.get_supported_filetypes()
    suffix = os.path.splitext(path)[1][1:].lower()
    if suffix not in formats:
        got = f"the suffix .{suffix}" if suffix else "no suffix"
        raise _UsageError(f"--plot: {path} has {got}; name the image with the suffix of "
                          f"a format matplotlib writes, such as .png, .pdf or .svg "
                          f"(all: {', '.join(sorted(formats))})")


def _check_training_options(args):
    """Everything about --save and --plot that can be known before training."""
    for path, option in ((args.save, "--save"), (args.plot, "--plot")):
        if path is not None:
            _check_output(path, option)
    if args.plot is not None:
        _check_plot(args.plot)
    if (args.save is not None and args.plot is not None
            and os.path.realpath(args.save) == os.path.realpath(args.plot)):
        raise _UsageError(f"--save and --plot both name {args.save}; the picture would "
                          "overwrite the network")


def _plot(history, loss, path, title):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(np.arange(1, len(history) + 1), history)
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"{loss} loss on the training records")
    ax.set_title(title)
    if history.min() > 0 and history.max() / history.min() > 100:
        ax.set_yscale("log")
    fig.tight_layout()
    try:
        fig.savefig(path)
    finally:
        plt.close(fig)


def _interrupted(args):
    """The line that says what Ctrl-C left behind."""
    line = f"\n{args.prog}: interrupted"
    if getattr(args, "save", None) is not None:
        line += (f"; the network was saved to {args.save}" if args.saved
                 else "; nothing was saved")
    return line


def main(argv=None, prog="python -m mlp"):
    """Run ``python -m mlp`` with `argv` (default: ``sys.argv[1:]``).

    `prog` is the name that usage and error messages give the command.

    Returns
    -------
    int
        The exit status: 0, or 2 for unusable arguments or input, or 1 if
        training diverged. For ``check``: 0 when every function found is
        right, 1 when any is wrong, 2 when the file cannot be loaded or
        defines none of the lessons' functions.
    """
    args = build_parser(prog).parse_args(argv)
    args.prog, args.saved = f"{prog} {args.command}", False
    try:
        args.check_options(args)
        return args.run(args)
    except (_UsageError, OSError, ValueError) as exc:
        print(f"{args.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FloatingPointError as exc:
        print(f"{args.prog}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(_interrupted(args), file=sys.stderr)
        return 130


def console():
    """The ``mlp`` command that ``pip install`` puts on the PATH."""
    sys.exit(main(prog="mlp"))
