"""The computational graph of a network with one hidden and one output unit."""

import numpy as np

from ._common import _axes, _fmt, _one_record


_GX = 2.9  # horizontal distance between the graph's columns
_ROW = 1.6  # vertical distance between the graph's inputs
_NODE = 0.4  # radius of a node

# name: (column, row, label in the circle)
_NODES = {
    "h_h": (1.3, 0, "$h_h$"), "a_h": (2.3, 0, "$a_h$"), "W": (3.3, 3.2, "$W$"),
    "h_o": (3.3, 0, "$h_o$"), "y_hat": (4.3, 0, r"$\hat y$"), "y": (5.3, 2.4, "$y$"),
    "E": (5.3, 0, "$E$"),
}
# (from, to, the local derivative ∂to/∂from as drawn, or None for no label).
# The arrow says which derivative it is, so the label is its formula alone.
_EDGES = [
    ("h_h", "a_h", r"$a_h(1-a_h)$"),
    ("a_h", "h_o", r"$W$"),
    ("W", "h_o", r"$a_h$"),
    ("h_o", "y_hat", r"$\hat y(1-\hat y)$"),
    ("y_hat", "E", r"$-(y-\hat y)$"),
    ("y", "E", None),
]


def _graph_numbers(net, x, y):
    """Values, local derivatives and ∂E/∂(value) of every node, by the chain rule."""
    w, W = net.weights[0][:, 0], float(net.weights[1][0, 0])
    h_h = float(x @ w)
    a_h = 1 / (1 + np.exp(-h_h))
    h_o = W * a_h
    y_hat = 1 / (1 + np.exp(-h_o))
    value = {"h_h": h_h, "a_h": a_h, "W": W, "h_o": h_o, "y_hat": y_hat, "y": y,
             "E": 0.5 * (y - y_hat) ** 2}
    local = {("h_h", "a_h"): a_h * (1 - a_h), ("a_h", "h_o"): W, ("W", "h_o"): a_h,
             ("h_o", "y_hat"): y_hat * (1 - y_hat), ("y_hat", "E"): -(y - y_hat)}
    # Each gradient is the local derivative times the gradient downstream.
    grad = {"y_hat": local[("y_hat", "E")]}
    grad["h_o"] = local[("h_o", "y_hat")] * grad["y_hat"]
    grad["a_h"] = local[("a_h", "h_o")] * grad["h_o"]
    grad["W"] = local[("W", "h_o")] * grad["h_o"]
    grad["h_h"] = local[("h_h", "a_h")] * grad["a_h"]
    for i, (x_i, w_i) in enumerate(zip(x, w)):
        value[f"x[{i}]"], value[f"w[{i}]"] = float(x_i), float(w_i)
        local[(f"w[{i}]", "h_h")] = float(x_i)
        grad[f"w[{i}]"] = float(x_i) * grad["h_h"]
    return value, local, grad


def _graph_layout(n_in):
    """Node centres and labels: the inputs above their weights, left of h."""
    nodes = {k: (c * _GX, r, label) for k, (c, r, label) in _NODES.items()}
    for i in range(n_in):
        # The inputs above, the weights below, with room between the two
        # groups for the labels of the weights' arrows.
        nodes[f"x[{i}]"] = (0, _ROW * (n_in - i), f"$x_{{{i}}}$")
        nodes[f"w[{i}]"] = (0, -_ROW * (1 + i), f"$w_{{{i}}}$")
    edges = [(f"x[{i}]", "h_h", None) for i in range(n_in)]
    edges += [(f"w[{i}]", "h_h", rf"$x_{i}$")
              for i in range(n_in)]
    return nodes, edges + _EDGES


def _graph_edge(ax, start, end, formula, number, gid, fontsize):
    """An arrow between two nodes, labelled with its local derivative and its value."""
    (x0, y0), (x1, y1) = start[:2], end[:2]
    length = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length * _NODE, (y1 - y0) / length * _NODE
    ax.annotate("", xy=(x1 - ux, y1 - uy), xytext=(x0 + ux, y0 + uy), zorder=1,
                arrowprops={"arrowstyle": "-|>", "color": "0.3", "lw": 1.1,
                            "shrinkA": 1, "shrinkB": 1})
    if formula is None:
        return
    style = {"fontsize": fontsize, "color": "tab:green", "zorder": 3}
    if x0 == x1:  # upright: the formula to the right, the value to the left
        # near the top node, clear of the two-line labels of the level arrows below
        y = y0 + 0.3 * (y1 - y0)
        ax.text(x0 + 0.15, y, formula, gid=f"{gid}:formula", ha="left", va="center", **style)
        if number is not None:
            ax.text(x0 - 0.15, y, number, gid=gid, ha="right", va="center", **style)
        return
    if y0 == y1:  # level: the value just above the arrow, its formula above that
        x = (x0 + x1) / 2
        ax.annotate(formula, (x, y0), xytext=(0, 3 + 1.25 * fontsize * (number is not None)),
                    textcoords="offset points", gid=f"{gid}:formula", ha="center",
                    va="bottom", **style)
        if number is not None:
            ax.annotate(number, (x, y0), xytext=(0, 2), textcoords="offset points",
                        gid=gid, ha="center", va="bottom", **style)
        return
    # From a weight w_i: formula and value along the arrow, from its start,
    # where the arrows that converge on h_h are still apart; above the top
    # weight's arrow (below it, the arrows of the other weights), below the rest.
    above = gid.endswith("w[0]")
    side = 1 if above else -1
    t = (_NODE + 0.12) / length
    text = formula if number is None else f"{formula} = {number}"
    ax.text(x0 + t * (x1 - x0) - side * (y1 - y0) / length * 0.06,
            y0 + t * (y1 - y0) + side * (x1 - x0) / length * 0.06, text,
            gid=f"{gid}:formula" if number is None else gid, ha="left",
            va="bottom" if above else "top", linespacing=1.4,
            rotation=np.degrees(np.arctan2(y1 - y0, x1 - x0)), rotation_mode="anchor",
            transform_rotates_text=True, **style)


def _graph_node(ax, name, node, value, grad, fmt, fontsize):
    """A node: its symbol in a circle, its value and ∂E/∂(it) beside it."""
    from matplotlib.patches import Circle

    x, y, label = node
    given = name.startswith(("x[", "w[")) or name in ("W", "y")
    ax.add_patch(Circle((x, y), _NODE, fc="0.92" if given else "#dbe9f6", ec="0.2",
                        zorder=4))
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize + 1, zorder=5)
    if name.startswith(("x[", "w[")):  # to the left: the value, under it ∂E/∂w
        where, ha = (x - _NODE - 0.12, y), "right"
        at = [(0, 0, "center"), (0, -0.7 * fontsize, "top")]
    elif name in ("W", "y"):  # above: the value over ∂E/∂W
        where, ha = (x, y + _NODE), "center"
        at = [(0, 3 + 1.3 * fontsize * (grad is not None), "bottom"), (0, 2, "bottom")]
    else:  # beneath, from the node's left edge on: the weights' arrows come in
        # from the left of h_h, and each row stays left of the next node's
        where, ha = (x - _NODE, y - _NODE), "left"
        at = [(0, -2, "top"), (0, -3 - 1.2 * fontsize, "top")]
    style = {"textcoords": "offset points", "ha": ha, "fontsize": fontsize, "zorder": 5}
    if value is not None:
        ax.annotate(_fmt(value, fmt), where, xytext=at[0][:2], va=at[0][2], gid=name, **style)
    if grad is not None:
        ax.annotate(_fmt(grad, fmt), where, xytext=at[1][:2], va=at[1][2],
                    gid=f"dE/d{name}", color="tab:purple", **style)


def graph(net=None, x=None, y=None, ax=None, *, fmt=".3g", fontsize=9, figsize=(5.6, 3.2)):
    """Draw the computational graph of a network with one hidden and one output unit.

    The nodes are the values of the forward pass, from the inputs x_i and
    the weights w_i, W through h_h = Σ w_i x_i, a_h = σ(h_h), h_o = W a_h
    and ŷ = σ(h_o) to the loss E = ½(y − ŷ)²; each arrow is labelled with the
    local derivative of the node it enters with respect to the node it
    leaves, as a formula (the arrow says which derivative it is). Given a
    network and a record, each arrow's label also carries its value, and
    every node shows its value and, in purple, ∂E/∂(node): the local derivative times ∂E/∂ of the node
    downstream, which is backpropagation in the order it is computed.

    Parameters
    ----------
    net : Network, optional
        A sigmoid network of sizes [n, 1, 1] without biases, such as the
        lesson's 2-1-1. None draws the symbols only (for two inputs).
    x : array_like, shape (n,), optional
        The record; needed with `net`.
    y : float, optional
        Its target; needed with `net`.
    ax : matplotlib.axes.Axes, optional
    fmt : str, optional
        Format spec of every number drawn.
    fontsize : float, optional
    figsize : (float, float), optional
        Size of the new figure when `ax` is None.

    Returns
    -------
    matplotlib.axes.Axes
        Each number is a text whose gid names it: ``"h_h"`` for a node's
        value, ``"dE/dh_h"`` for its gradient, ``"da_h/dh_h"`` for a local
        derivative; the inputs and their weights count from 0, in the
        drawing as in the arrays (``"w[0]"``, ``"dE/dw[0]"``, ``"dh_h/dw[0]"``
        are w₀'s).

    Examples
    --------
    >>> import numpy as np
    >>> import mlp, mlp.draw
    >>> net = mlp.Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])
    >>> ax = mlp.draw.graph(net, [0.1, 0.3], 1.0)
    >>> texts = {t.get_gid(): t.get_text() for t in ax.texts}
    >>> texts["da_h/dh_h"], texts["dh_h/dw[0]"].split("= ")[-1]
    ('0.25', '0.1')
    >>> texts["dE/dW"]
    '−0.0603'
    """
    n_in, numbers = 2, None
    if net is not None:
        n_in, x, y = _graph_record(net, x, y)
        numbers = _graph_numbers(net, x, y)
    value, local, grad = numbers or ({}, {}, {})
    nodes, edges = _graph_layout(n_in)
    ax = _axes(ax, figsize)
    for start, end, formula in edges:
        number = local.get((start, end))
        gid = f"d{end}/d{start}"
        _graph_edge(ax, nodes[start], nodes[end], formula,
                    None if number is None else _fmt(number, fmt), gid, fontsize)
    for name, node in nodes.items():
        _graph_node(ax, name, node, value.get(name), grad.get(name), fmt, fontsize)
    ax.set_xlim(-2.2, _NODES["E"][0] * _GX + 1.4)
    ax.set_ylim(-_ROW * n_in - 0.7, max(4.8, _ROW * n_in + 0.5))
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _graph_record(net, x, y):
    """The number of inputs, x and y, checked for :func:`graph`."""
    if net.sizes[1:] != [1, 1] or net.biases is not None or \
            {net.activation, net.output_activation} != {"sigmoid"}:
        raise ValueError(
            "graph draws a sigmoid network of sizes [n, 1, 1] without biases, "
            f"got {net!r}"
        )
    if x is None or y is None:
        raise ValueError("graph needs the record x and its target y with a network")
    x = _one_record(net, x, "graph")
    return x.shape[0], x, float(np.ravel(y)[0])
