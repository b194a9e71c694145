"""A network's units in layers and every weight as a signed line."""

import numpy as np

from ..core import Forward, Gradients
from ._common import NEGATIVE, POSITIVE, _axes, _fmt, _one_record

_DX = 2.8  # horizontal distance between layers, in units of the unit spacing
_RADIUS = 0.28
_STEP_VALUES = 1.3  # distance between units that carry two rows of values beneath
_SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "identity": "id"}
# A white rounded box behind a label, so that no line runs through its text.
_MASK = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none"}
_FILL = {"input": "0.92", "hidden": "#dbe9f6", "output": "#fde3c8", "bias": "white"}


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
    """"inputs", "hidden" (with its l when there are several), "output"."""
    if c == 0:
        return "input" if n_units == 1 else "inputs"
    if c == n_layers - 1:
        return "output" if n_units == 1 else "outputs"
    return "hidden" if n_layers == 3 else f"hidden, l = {c - 1}"


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


def network(net, ax=None, *, X=None, y=None, record=None, grads=None, show="weights",
            labels="weights", loss="mse", inputs=None, scale=None, fmt=".3g", fontsize=8, legend=True,
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
        The one record whose values `show` draws; not needed with `record`.
    y : array_like, shape (n_out,), or a number for one output, optional
        Its target; needed for ``show="backward"``, and for
        ``labels="gradients"`` without `grads`.
    record : Forward, optional
        What ``net.forward(X)`` returned for one record, to draw instead of
        running the forward pass again.
    grads : Gradients, optional
        What ``net.backward(record, y, loss)`` returned for it, to draw
        instead of running the backward pass again.
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
        The names written in the input units; ``$x_0$``, ``$x_1$``, ... (as
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
    :meth:`mlp.Network.backward` for the record, the caller's own when
    `record` and `grads` are given: with ``h = a W + b``,
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
    from .._checks import choice

    show = choice("show", show, ("weights", "forward", "backward"))
    if labels is not None:
        labels = choice("labels", labels, ("weights", "gradients"))
    record, grads = _passes(net, X, y, record, grads, show, labels, loss)
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
        inputs = [f"$x_{{{i}}}$" for i in range(sizes[0])]
    _units(ax, net, units, biases, inputs, fontsize)
    if show == "forward":
        _forward_values(ax, units, record, fmt, fontsize)
    elif show == "backward":
        _backward_values(ax, units, record, grads, np.ravel(y), fmt, fontsize)
    what = "gradient" if labels == "gradients" else "weight"
    _finish(ax, units, biases, fontsize, legend, 0 if show == "weights" else 2, what)
    return ax


def _passes(net, X, y, record, grads, show, labels, loss):
    """The forward record and gradients to draw: the caller's, or computed once."""
    needs_grads = show == "backward" or labels == "gradients"
    if show == "backward" and y is None:
        raise ValueError("y (the target of the record) is needed to draw a backward pass")
    if show == "weights" and not needs_grads:
        return None, None
    if record is None:
        what = f"show={show!r}" if show != "weights" else "labels='gradients'"
        record = net.forward(_one_record(net, X, what))
    elif X is not None:
        raise ValueError("give the record X or its forward record, not both")
    elif not (isinstance(record, Forward) and record.a[0].ndim == 1
              and [a.shape[0] for a in record.a] == net.sizes):
        raise ValueError(f"record must be net.forward of one record of {net.sizes[0]} "
                         "inputs (1-D arrays)")
    if not needs_grads:
        return record, None
    if grads is None:
        if y is None:
            raise ValueError("y (the target of the record) is needed to draw its gradients")
        return record, net.backward(record, y, loss)
    if not isinstance(grads, Gradients) or [g.shape for g in grads.dE_dW] != \
            [W.shape for W in net.weights]:
        raise ValueError("grads must be net.backward of the record, shaped like the weights")
    if show == "backward" and grads.delta is None:
        raise ValueError("show='backward' draws the error terms δ, which these grads do "
                         "not have (they were not found by backpropagation)")
    return record, grads
