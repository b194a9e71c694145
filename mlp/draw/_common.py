"""What every drawing shares: matplotlib on demand, an Axes, numbers as drawn."""

import numpy as np

#: Colour and line style of a positive and a negative weight: the style
#: keeps the sign readable in grey print and for colour-blind readers.
POSITIVE = {"color": "tab:blue", "linestyle": "-"}
NEGATIVE = {"color": "tab:red", "linestyle": (0, (4, 2))}


def _pyplot():
    """matplotlib.pyplot, or an ImportError that says what to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "mlp.draw needs matplotlib, which is not installed; install it "
            "with `pip install matplotlib` (mlp itself needs only NumPy)"
        ) from exc
    return plt


def _axes(ax, figsize):
    """The Axes to draw on: `ax`, or one on a new figure of `figsize`."""
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _fmt(value, fmt):
    """A number as drawn: `fmt` applied, with a true minus sign."""
    return format(float(value), fmt).replace("-", "−")


def _one_record(net, X, what):
    """X as one checked record of the network's inputs (a 1-D array).

    `what` names the drawing that needs it in the messages, "graph" say.
    """
    if X is None:
        raise ValueError(f"{what} needs the record X whose values to draw")
    X = np.asarray(X, dtype=float)
    if X.ndim == 2 and X.shape[0] == 1:
        X = X[0]
    if X.ndim != 1:
        raise ValueError(
            f"{what} draws the values of one record, so X must be 1-D "
            f"(or one row); got shape {X.shape}"
        )
    net.forward(X)  # the network's own checks, with its own messages
    return X
