"""Pictures of a network, drawn from a :class:`mlp.Network` with matplotlib.

matplotlib is imported inside the functions that draw, so ``import mlp``
and ``import mlp.draw`` need NumPy alone. Every function draws on the Axes
it is given (or on a new figure) and returns that Axes.

Each drawn number is one matplotlib artist whose ``gid`` names the value in
the pages' symbols and Python's indexing: the line of weight ``W[l][i, j]``
and its label have gid ``"W[l][i,j]"``, a bias line ``"b[l][j]"``, the
values on a unit ``"a[l][i]"``, ``"h[l][j]"`` and ``"delta[l][j]"``, exactly
as in the records of :meth:`mlp.Network.forward` and
:meth:`mlp.Network.backward`. So a picture can be checked against the
numbers it shows.
"""

import numpy as np

__all__ = ["boundary", "digits", "graph", "network"]

#: Colour and line style of a positive and a negative weight: the style
#: keeps the sign readable in grey print and for colour-blind readers.
POSITIVE = {"color": "tab:blue", "linestyle": "-"}
NEGATIVE = {"color": "tab:red", "linestyle": (0, (4, 2))}

_DX = 2.8  # horizontal distance between layers, in units of the unit spacing
_RADIUS = 0.28
_STEP_VALUES = 1.3  # distance between units that carry two rows of values beneath
_SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "identity": "id"}
# A white rounded box behind a label, so that no line runs through its text.
_MASK = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none"}
_FILL = {"input": "0.92", "hidden": "#dbe9f6", "output": "#fde3c8", "bias": "white"}


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
    """X as one checked record of the network's inputs (a 1-D array)."""
    if X is None:
        raise ValueError(f"show={what!r} needs the record X whose values to draw")
    X = np.asarray(X, dtype=float)
    if X.ndim == 2 and X.shape[0] == 1:
        X = X[0]
    if X.ndim != 1:
        raise ValueError(
            f"show={what!r} draws the values of one record, so X must be 1-D "
            f"(or one row); got shape {X.shape}"
        )
    net.forward(X)  # the network's own checks, with its own messages
    return X


# -- the network ---------------------------------------------------------------


def _layout(sizes, bias, step=1.0):
    """Centre of every unit per layer, and of each layer's bias unit.

    Units of a layer are `step` apart. A bias unit sits one step above the
    top unit of the layer it belongs to, so that it is drawn as one more
    input of the next layer.
    """
    units = [[(c * _DX, step * ((n - 1) / 2 - i)) for i in range(n)]
             for c, n in enumerate(sizes)]
    biases = ([(c * _DX, step * ((n - 1) / 2 + 1)) for c, n in enumerate(sizes[:-1])]
              if bias else [])
    return units, biases


def _label_at(n_src, n_out):
    """Where on the lines from n_src sources to n_out units the labels sit, from 0 to 1.

    With sources and units one step apart, the labels at t = 1/(n_out + 1)
    from the sources (or as far from the units, if there are fewer sources)
    fall on one vertical line, evenly spaced, one per line: none overlaps.
    """
    if n_out <= n_src:
        return 1 / (n_out + 1)
    return 1 - 1 / (n_src + 1)


def _line(ax, start, end, value, scale, gid, t, fmt, fontsize):
    """One weight: a line from `start` to `end`, styled by sign, labelled."""
    style = POSITIVE if value >= 0 else NEGATIVE
    width = 0.6 + 3.0 * abs(value) / scale
    ax.plot(*zip(start, end), linewidth=width, gid=gid, zorder=1,
            solid_capstyle="butt", **style)
    if fmt is None:
        return
    # Upright labels: along a line, a minus sign would vanish into the dashes.
    x, y = (1 - t) * np.asarray(start) + t * np.asarray(end)
    ax.text(x, y, _fmt(value, fmt), gid=gid, ha="center", va="center", fontsize=fontsize,
            color=style["color"], zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})


def _lines(ax, units, biases, values, scale, fmt, fontsize):
    """Every weight and bias (or `values` shaped like them) as a line."""
    Ws, bs = values
    if scale is None:
        scale = max(float(np.abs(P).max()) for P in Ws + (bs or [])) or 1.0
    for l, W in enumerate(Ws):
        n_in, n_out = W.shape
        rows = [(units[l][i], W[i], f"W[{l}][{i},") for i in range(n_in)]
        if bs is not None:  # the bias unit is the top source
            rows.insert(0, (biases[l], bs[l], f"b[{l}]["))
        t = _label_at(len(rows), n_out)
        for start, row, gid in rows:
            for j in range(n_out):
                _line(ax, start, units[l + 1][j], row[j], scale, f"{gid}{j}]", t, fmt,
                      fontsize)


def _units(ax, net, units, biases, inputs, fontsize):
    """Circles for the units (inputs, hidden, output), squares for biases."""
    from matplotlib.patches import Circle, Rectangle

    last = len(units) - 1
    for c, column in enumerate(units):
        kind = "input" if c == 0 else "output" if c == last else "hidden"
        name = net.output_activation if c == last else net.activation
        for i, (x, y) in enumerate(column):
            ax.add_patch(Circle((x, y), _RADIUS, fc=_FILL[kind], ec="0.2", zorder=4))
            symbol = inputs[i] if c == 0 else _SYMBOL.get(name, name)
            ax.text(x, y, symbol, ha="center", va="center", fontsize=fontsize + 1, zorder=5)
    for x, y in biases:
        ax.add_patch(Rectangle((x - 0.18, y - 0.18), 0.36, 0.36, fc=_FILL["bias"],
                               ec="0.2", zorder=4))
        ax.text(x, y, "1", ha="center", va="center", fontsize=fontsize + 1, zorder=5)


def _values(ax, x, y, rows, fontsize):
    """Rows of (text, gid, colour) under the point (x, y), spaced in points, not data.

    One white box behind all rows hides the lines that cross them; it sits
    under the unit's circle, so it reads as a tag hanging from the unit.
    """
    style = {"textcoords": "offset points", "ha": "center", "va": "top",
             "fontsize": fontsize}
    ax.annotate("\n".join(text for text, _, _ in rows), (x, y), xytext=(0, 0.25 * fontsize),
                color="none", linespacing=1.3, zorder=3, bbox=_MASK, **style)
    for row, (text, gid, color) in enumerate(rows):
        ax.annotate(text, (x, y), xytext=(0, -1.3 * fontsize * row), gid=gid, color=color,
                    zorder=6, **style)


def _forward_values(ax, units, record, fmt, fontsize):
    """x under each input; h and a under every other unit."""
    for i, (x, y) in enumerate(units[0]):
        _values(ax, x, y - _RADIUS, [(f"x = {_fmt(record.a[0][i], fmt)}", f"a[0][{i}]",
                                      "0.1")], fontsize)
    for l, column in enumerate(units[1:]):
        a = "ŷ" if l == len(units) - 2 else "a"  # the output's a is the network's ŷ
        for j, (x, y) in enumerate(column):
            _values(ax, x, y - _RADIUS,
                    [(f"h = {_fmt(record.h[l][j], fmt)}", f"h[{l}][{j}]", "0.1"),
                     (f"{a} = {_fmt(record.a[l + 1][j], fmt)}", f"a[{l + 1}][{j}]", "0.1")],
                    fontsize)


def _backward_values(ax, units, record, grads, y, fmt, fontsize):
    """x under each input; a and δ under every other unit; the targets."""
    for i, (x, yy) in enumerate(units[0]):
        _values(ax, x, yy - _RADIUS, [(f"x = {_fmt(record.a[0][i], fmt)}", f"a[0][{i}]",
                                       "0.1")], fontsize)
    for l, column in enumerate(units[1:]):
        a = "ŷ" if l == len(units) - 2 else "a"
        for j, (x, yy) in enumerate(column):
            _values(ax, x, yy - _RADIUS,
                    [(f"{a} = {_fmt(record.a[l + 1][j], fmt)}", f"a[{l + 1}][{j}]", "0.1"),
                     (f"δ = {_fmt(grads.delta[l][j], fmt)}", f"delta[{l}][{j}]",
                      "tab:purple")], fontsize)
    for k, (x, yy) in enumerate(units[-1]):
        ax.text(x + _RADIUS + 0.1, yy, f"y = {_fmt(y[k], fmt)}", gid=f"y[{k}]",
                ha="left", va="center", fontsize=fontsize)


def _layer_name(c, n_units, n_layers):
    """"inputs", "hidden" (numbered when there are several), "output"."""
    if c == 0:
        return "input" if n_units == 1 else "inputs"
    if c == n_layers - 1:
        return "output" if n_units == 1 else "outputs"
    return "hidden" if n_layers == 3 else f"hidden {c}"


def _room_below(ax, width, height, fontsize, rows, legend):
    """Data units to keep under the lowest unit for its values, names and key.

    They are written in points, so the room depends on how many points a
    data unit gets, which the size of the Axes and the data limits decide.
    """
    w, h = ax.get_position().size * ax.figure.get_size_inches() * 72
    points = 6 + 1.3 * fontsize * (rows + 1) + (2.2 * fontsize if legend else 0)
    per_unit = min(w / width, max(h - points, h / 3) / height)
    return points / per_unit


def _finish(ax, units, biases, fontsize, legend, rows, what):
    """Layer names under the values, limits, no frame, a key to the lines."""
    from matplotlib.lines import Line2D

    low = min(y for column in units for _, y in column) - _RADIUS
    for c, column in enumerate(units):
        ax.annotate(_layer_name(c, len(column), len(units)), (column[0][0], low),
                    xytext=(0, -6 - 1.3 * fontsize * rows), textcoords="offset points",
                    ha="center", va="top", fontsize=fontsize, color="0.35")
    top = max([y for column in units for _, y in column] + [y for _, y in biases]) + 0.35
    left, right = -0.8, (len(units) - 1) * _DX + 1.0
    below = _room_below(ax, right - left, top - low, fontsize, rows, legend)
    ax.set_xlim(left, right)
    ax.set_ylim(low - below, top)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if legend:
        handles = [Line2D([], [], label=f"positive {what}", **POSITIVE),
                   Line2D([], [], label=f"negative {what}", **NEGATIVE)]
        ax.legend(handles=handles, loc="lower center", ncol=2, fontsize=fontsize,
                  frameon=False, handlelength=2.5, borderaxespad=0)


def network(net, ax=None, *, X=None, y=None, show="weights", labels="weights",
            loss="mse", inputs=None, scale=None, fmt=".3g", fontsize=8, legend=True,
            figsize=None):
    """Draw a network: its units in layers and every weight as a signed line.

    Parameters
    ----------
    net : Network
        The network to draw. A network with biases gets one bias unit per
        layer, a square holding the constant input 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    X : array_like, shape (n_in,) or (1, n_in), optional
        The one record whose values `show` draws.
    y : array_like, shape (n_out,), or a number for one output, optional
        Its target; needed for ``show="backward"`` and ``labels="gradients"``.
    show : {"weights", "forward", "backward"}, optional
        What the units carry: nothing but their activation (``"weights"``),
        the input x and every unit's h and a, called ŷ at the output
        (``"forward"``), or the input x, every unit's a and error term δ,
        and the targets (``"backward"``).
    labels : {"weights", "gradients"} or None, optional
        What the lines are labelled with: the weights, the gradients
        ∂E/∂W of `loss` for the record (widths and colours follow the
        gradients then), or nothing.
    loss : {"mse", "sse", "cross_entropy"}, optional
        The loss whose gradients ``labels="gradients"`` shows.
    inputs : sequence of str, optional
        The names written in the input units; ``$x_1$``, ``$x_2$``, ... (as
        the pages count) when None.
    scale : float, optional
        The magnitude drawn with the widest line; the largest one drawn
        when None. Give two drawings the same `scale` to compare them.
    fmt : str, optional
        Format spec of every number drawn.
    fontsize : float, optional
    legend : bool, optional
        Show the key to the colours and line styles.
    figsize : (float, float), optional
        Size of the new figure; from the network's size when None.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines`` holds one line per weight and bias, nothing else; each
        line and its label have the gid of the parameter (``"W[l][i,j]"``,
        ``"b[l][j]"``). Positive weights are solid blue lines, negative
        ones dashed red lines, and the width grows with the magnitude.

    Notes
    -----
    The values shown are those of :meth:`mlp.Network.forward` and
    :meth:`mlp.Network.backward` for the record: with ``h = a W + b``,
    the label on the line from unit i of layer l to unit j of the next
    is ``W[l][i, j]``.

    Examples
    --------
    >>> import numpy as np
    >>> import mlp, mlp.draw
    >>> net = mlp.Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])
    >>> ax = mlp.draw.network(net, X=[0.1, 0.3], show="forward")
    >>> len(ax.lines)  # one line per weight
    3
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "W[0][1,0]"]
    ['−0.2']
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "a[1][0]"]
    ['a = 0.495']
    """
    from ._checks import choice

    show = choice("show", show, ("weights", "forward", "backward"))
    if labels is not None:
        labels = choice("labels", labels, ("weights", "gradients"))
    record = None if show == "weights" else net.forward(_one_record(net, X, show))
    grads = None
    if show == "backward" or labels == "gradients":
        if y is None:
            raise ValueError("y (the target of X) is needed to draw a backward pass")
        record = record or net.forward(_one_record(net, X, "backward"))
        grads = net.backward(record, y, loss)
    sizes = net.sizes
    # Values under the units need the room between them that lines cross least.
    step = 1.0 if show == "weights" else _STEP_VALUES
    if figsize is None:
        tall = step * (max(sizes) + 0.6 * (net.biases is not None)) + 1.6
        figsize = (0.8 * ((len(sizes) - 1) * _DX + 1.8), 0.8 * tall)
    ax = _axes(ax, figsize)
    units, biases = _layout(sizes, net.biases is not None, step)
    values = (grads.dE_dW, grads.dE_db) if labels == "gradients" else (net.weights, net.biases)
    _lines(ax, units, biases, values, scale, None if labels is None else fmt, fontsize)
    if inputs is None:
        inputs = [f"$x_{{{i + 1}}}$" for i in range(sizes[0])]
    _units(ax, net, units, biases, inputs, fontsize)
    if show == "forward":
        _forward_values(ax, units, record, fmt, fontsize)
    elif show == "backward":
        _backward_values(ax, units, record, grads, np.ravel(y), fmt, fontsize)
    what = "gradient" if labels == "gradients" else "weight"
    _finish(ax, units, biases, fontsize, legend, 0 if show == "weights" else 2, what)
    return ax


# -- the computational graph of the 2-1-1 network ------------------------------

_GX = 3.0  # horizontal distance between the graph's columns
_ROW = 1.6  # vertical distance between the graph's inputs
_NODE = 0.36  # radius of a node

# name: (column, row, label in the circle)
_NODES = {
    "h_h": (1.6, 0, "$h_h$"), "a_h": (2.6, 0, "$a_h$"), "W": (3.6, 3.0, "$W$"),
    "h_o": (3.6, 0, "$h_o$"), "y_hat": (4.6, 0, r"$\hat y$"), "y": (5.6, 2.0, "$y$"),
    "E": (5.6, 0, "$E$"),
}
# (from, to, the local derivative ∂to/∂from as drawn, or None for no label)
_EDGES = [
    ("h_h", "a_h", r"$\partial a_h/\partial h_h$" "\n" r"$= a_h(1-a_h)$"),
    ("a_h", "h_o", r"$\partial h_o/\partial a_h$" "\n" r"$= W$"),
    ("W", "h_o", r"$\partial h_o/\partial W = a_h$"),
    ("h_o", "y_hat", r"$\partial \hat y/\partial h_o$" "\n" r"$= \hat y(1-\hat y)$"),
    ("y_hat", "E", r"$\partial E/\partial \hat y$" "\n" r"$= -(y-\hat y)$"),
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
        nodes[f"x[{i}]"] = (0, _ROW * (n_in - i), f"$x_{{{i + 1}}}$")
        nodes[f"w[{i}]"] = (0, -_ROW * (1 + i), f"$w_{{{i + 1}}}$")
    edges = [(f"x[{i}]", "h_h", None) for i in range(n_in)]
    edges += [(f"w[{i}]", "h_h", rf"$\partial h_h/\partial w_{i + 1} = x_{i + 1}$")
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
        # high enough to clear the two-line labels of the level arrows below
        y = y0 + 0.3 * (y1 - y0)
        ax.text(x0 + 0.15, y, formula, gid=f"{gid}:formula", ha="left", va="center", **style)
        if number is not None:
            ax.text(x0 - 0.15, y, number, gid=gid, ha="right", va="center", **style)
        return
    if y0 == y1:  # level: the formula above the nodes' tops, the value below
        x = (x0 + x1) / 2
        ax.text(x, y0 + _NODE - 0.05, formula, gid=f"{gid}:formula", ha="center",
                va="bottom", linespacing=1.4, **style)
        if number is not None:
            ax.text(x, y0 - 0.07, number, gid=gid, ha="center", va="top", **style)
        return
    # From a weight w_i: formula and value along the arrow, from its start,
    # where the arrows that converge on h_h are still apart; above the top
    # weight's arrow (below it, the arrows of the other weights), below the rest.
    above = gid.endswith("w[0]")
    side = 1 if above else -1
    t = (_NODE + 0.12) / length
    text = formula if number is None else f"{formula}\n= {number}"
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
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize + 2, zorder=5)
    dE = rf"$\partial E/\partial {label[1:-1]}$"
    if name.startswith(("x[", "w[")):  # to the left: the value, under it ∂E/∂w
        where, ha, gap = (x - _NODE - 0.08, y), "right", " = "
        at = [(0, 0, "center"), (0, -0.7 * fontsize, "top")]
    elif name in ("W", "y"):  # above: the value over ∂E/∂W
        where, ha, gap = (x, y + _NODE), "center", "\n= "
        at = [(0, 4 + 2.6 * fontsize * (grad is not None), "bottom"), (0, 2, "bottom")]
    else:  # beneath: the value, then ∂E/∂ on two lines
        where, ha, gap = (x, y - _NODE), "center", "\n= "
        at = [(0, -2, "top"), (0, -3 - 1.3 * fontsize, "top")]
    style = {"textcoords": "offset points", "ha": ha, "fontsize": fontsize, "zorder": 5}
    if value is not None:
        ax.annotate(_fmt(value, fmt), where, xytext=at[0][:2], va=at[0][2], gid=name, **style)
    if grad is not None:
        ax.annotate(f"{dE}{gap}{_fmt(grad, fmt)}", where, xytext=at[1][:2], va=at[1][2],
                    gid=f"dE/d{name}", color="tab:purple", linespacing=1.2, **style)


def graph(net=None, x=None, y=None, ax=None, *, fmt=".3g", fontsize=9, figsize=(7.2, 3.3)):
    """Draw the computational graph of a network with one hidden and one output unit.

    The nodes are the values of the forward pass, from the inputs x_i and
    the weights w_i, W through h_h = Σ w_i x_i, a_h = σ(h_h), h_o = W a_h
    and ŷ = σ(h_o) to the loss E = ½(y − ŷ)²; each arrow is labelled with the
    local derivative of the node it enters with respect to the node it
    leaves. Given a network and a record, every node also shows its value
    and, in purple, ∂E/∂(node): the local derivative times ∂E/∂ of the node
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
        derivative; the inputs and their weights count from 0, as the
        arrays do (``"w[0]"``, ``"dE/dw[0]"``, ``"dh_h/dw[0]"`` are w₁'s).

    Examples
    --------
    >>> import numpy as np
    >>> import mlp, mlp.draw
    >>> net = mlp.Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])
    >>> ax = mlp.draw.graph(net, [0.1, 0.3], 1.0)
    >>> texts = {t.get_gid(): t.get_text() for t in ax.texts}
    >>> texts["da_h/dh_h"], texts["dh_h/dw[0]"].split("= ")[-1]
    ('0.25', '0.1')
    >>> texts["dE/dW"].split("= ")[-1]
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
    ax.set_xlim(-4.6, _NODES["E"][0] * _GX + 0.5)
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


# -- the decision boundary of a network with two inputs ------------------------


def boundary(net, X=None, y=None, ax=None, *, bias_column=False, lim=(-0.25, 1.25),
             resolution=121, inputs=("$x_1$", "$x_2$"), colorbar=True, figsize=(4.6, 3.8)):
    """Draw a two-input network's output over a square, with its ½ contour.

    Parameters
    ----------
    net : Network
        A network with one output and two inputs, or three when
        `bias_column` is True.
    X : array_like, shape (m, 2) or (m, 3), optional
        Records to mark: circles for target 0, crosses for target 1.
    y : array_like, shape (m,), optional
        Their targets; needed with `X`.
    ax : matplotlib.axes.Axes, optional
    bias_column : bool, optional
        The network's third input is a constant 1 (the blog's XOR records).
    lim : (float, float), optional
        The range of both inputs.
    resolution : int, optional
        Grid points per side.
    inputs : (str, str), optional
        The names of the two inputs, for the axes.
    colorbar : bool, optional
        Add a colour bar for the output beside the Axes.
    figsize : (float, float), optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` is the mesh of outputs: its ``get_array()``
        holds ``net.predict`` on the grid, row by row of x₁.

    Examples
    --------
    >>> import mlp, mlp.draw
    >>> from mlp.datasets import xor
    >>> X, y = xor(bias_column=True)
    >>> net = mlp.Network.random([3, 4, 1], rng=0, bias=False)
    >>> ax = mlp.draw.boundary(net, X, y, bias_column=True, resolution=5)
    >>> ax.collections[0].get_array().shape
    (5, 5)
    """
    n_in = 3 if bias_column else 2
    if net.sizes[0] != n_in or net.sizes[-1] != 1:
        raise ValueError(
            f"boundary draws a network of {n_in} inputs and one output "
            f"(bias_column={bias_column}), got sizes {net.sizes}"
        )
    g = np.linspace(*lim, resolution)
    x0, x1 = np.meshgrid(g, g)
    grid = np.column_stack([x0.ravel(), x1.ravel()] + [np.ones(x0.size)] * bias_column)
    out = net.predict(grid)[:, 0].reshape(x0.shape)
    ax = _axes(ax, figsize)
    mesh = ax.pcolormesh(x0, x1, out, cmap="RdBu_r", vmin=0, vmax=1, shading="nearest")
    ax.contour(x0, x1, out, levels=[0.5], colors="k", linewidths=1.5)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label="network output")
    if X is not None:
        X, y = np.asarray(X, dtype=float), np.ravel(y)
        for target, marker in [(0, "o"), (1, "X")]:
            rows = y == target
            ax.scatter(X[rows, 0], X[rows, 1], marker=marker, s=90, c="w", edgecolors="k",
                       label=f"target {target}", zorder=3)
    ax.set_xlabel(inputs[0])
    ax.set_ylabel(inputs[1])
    ax.set_aspect("equal")
    ax.grid(False)
    return ax


def digits(images, titles=None, ax=None, *, ncols=10, figsize=None):
    """Draw digit images in a grid, dark ink on white, each with a title.

    Parameters
    ----------
    images : array_like, shape (n, rows, cols)
        Grey levels, 0 for the paper and the largest value for the ink, as
        :func:`mlp.datasets.load_digits` and :func:`mlp.datasets.load_mnist`
        give them.
    titles : sequence of str, optional
        One short title per image, drawn above it.
    ax : matplotlib.axes.Axes, optional
    ncols : int, optional
        Images per row.
    figsize : (float, float), optional
        By default about 0.62 inch per image across.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0].get_array()`` is the mosaic: the images scaled to
        [0, 1], a column of paper between them and, with titles, a third of
        an image's height above each; ``ax.texts`` the titles, in order.

    Examples
    --------
    >>> import mlp.draw
    >>> from mlp.datasets import load_digits
    >>> d = load_digits()
    >>> ax = mlp.draw.digits(d.images[:4], [str(k) for k in d.labels[:4]], ncols=2)
    >>> ax.images[0].get_array().shape, [t.get_text() for t in ax.texts]
    ((24, 17), ['0', '1', '2', '3'])
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n, rows, cols), got {images.shape}")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"titles has {len(titles)} entries for {len(images)} images")
    n, h, w = images.shape
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    gap = 1 + (titles is not None) * -(-h // 3)  # rows of paper above each image
    mosaic = np.zeros((nrows * (h + gap), ncols * (w + 1) - 1))
    top = float(images.max()) or 1.0
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        y0, x0 = r * (h + gap) + gap, c * (w + 1)
        mosaic[y0 : y0 + h, x0 : x0 + w] = image / top
    ax = _axes(ax, figsize or (0.62 * ncols, 0.8 * nrows))
    ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    for i, title in enumerate(titles or []):
        r, c = divmod(i, ncols)
        ax.text(c * (w + 1) + (w - 1) / 2, r * (h + gap) + gap - 0.7, title,
                ha="center", va="bottom", fontsize=10)
    ax.set_axis_off()
    return ax
