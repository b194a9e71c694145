"""Line plots as SVG, for the browser's Python: the part of pyplot that a
loss curve needs (figure, subplots with one Axes, plot, labels, title,
legend, log scales, show and savefig to .svg).

A figure is drawn onto the page when ``show()`` is called, or at the end of
the example that made it, as in a notebook. Text and axes are drawn in the
page's own text colour, so that a figure reads in dark mode too.
"""

import html
import math

import numpy as np

from . import NotInTheBrowser

#: matplotlib's first colours, in its order.
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
_LETTERS = {"b": "#1f77b4", "g": "#2ca02c", "r": "#d62728", "c": "#17becf",
            "m": "#9467bd", "y": "#bcbd22", "k": "currentColor"}
WIDTH, HEIGHT = 560, 380
LEFT, RIGHT, TOP, BOTTOM = 84, 16, 38, 56

_figures = []  # open figures, the current one last
_drawn = []    # SVG drawn for the page and not yet collected


class Line2D(dict):
    """One drawn line: its data and style, shown as matplotlib shows a line."""

    def __repr__(self):
        return "<matplotlib.lines.Line2D object>"


class Axes:
    """One Axes: its lines, labels and scales."""

    def __init__(self):
        self.lines, self.xlabel, self.ylabel, self.title = [], "", "", ""
        self.scale = {"x": "linear", "y": "linear"}
        self.show_legend = False

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise NotInTheBrowser(f"Axes.{name}")

    def plot(self, *args, label=None, color=None, linestyle=None, **ignored):
        """Lines from plot(y), plot(x, y) or either with a format string."""
        fmt = args[-1] if args and isinstance(args[-1], str) else ""
        data = [np.asarray(a, dtype=float) for a in args[: len(args) - bool(fmt)]]
        if len(data) not in (1, 2):
            raise NotInTheBrowser("plot with more than one pair of x and y")
        y = data[-1].reshape(len(data[-1]), -1)
        x = data[0].reshape(-1) if len(data) == 2 else np.arange(len(y), dtype=float)
        if len(x) != len(y):
            raise ValueError(f"x and y must have same first dimension, but have shapes "
                             f"{x.shape} and {data[-1].shape}")
        letter = next((c for c in fmt if c in _LETTERS), None)
        dash = "6 4" if "--" in (fmt + (linestyle or "")) else ("2 3" if ":" in fmt else None)
        for column in y.T:
            colour = color or _LETTERS.get(letter) or COLOURS[len(self.lines) % len(COLOURS)]
            self.lines.append(Line2D(x=x, y=column, label=label, colour=colour, dash=dash))
        return self.lines[-y.shape[1]:]

    def set_xlabel(self, text, **ignored):
        self.xlabel = str(text)

    def set_ylabel(self, text, **ignored):
        self.ylabel = str(text)

    def set_title(self, text, **ignored):
        self.title = str(text)

    def set_xscale(self, scale, **ignored):
        self._set_scale("x", scale)

    def set_yscale(self, scale, **ignored):
        self._set_scale("y", scale)

    def _set_scale(self, axis, scale):
        if scale not in ("linear", "log"):
            raise NotInTheBrowser(f"the {scale!r} scale")
        self.scale[axis] = scale

    def legend(self, *args, **ignored):
        self.show_legend = True

    def grid(self, *args, **ignored):
        """Grid lines are not drawn; the ticks carry the values."""


class Figure:
    def __init__(self):
        self.ax = Axes()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise NotInTheBrowser(f"Figure.{name}")

    def savefig(self, fname, **ignored):
        if not str(fname).lower().endswith(".svg"):
            raise NotInTheBrowser(f"savefig({str(fname)!r}) (the stand-in writes .svg only)")
        with open(fname, "w", encoding="utf-8") as f:
            f.write(svg(self))


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise NotInTheBrowser(f"plt.{name}")


def figure(*args, **ignored):
    _figures.append(Figure())
    return _figures[-1]


def subplots(nrows=1, ncols=1, **ignored):
    if (nrows, ncols) != (1, 1):
        raise NotInTheBrowser("subplots with more than one Axes")
    fig = figure()
    return fig, fig.ax


def gcf():
    return _figures[-1] if _figures else figure()


def gca():
    return gcf().ax


def plot(*args, **kwargs):
    return gca().plot(*args, **kwargs)


def xlabel(text, **kwargs):
    gca().set_xlabel(text)


def ylabel(text, **kwargs):
    gca().set_ylabel(text)


def title(text, **kwargs):
    gca().set_title(text)


def xscale(scale, **kwargs):
    gca().set_xscale(scale)


def yscale(scale, **kwargs):
    gca().set_yscale(scale)


def legend(*args, **kwargs):
    gca().legend()


def grid(*args, **kwargs):
    gca().grid()


def savefig(fname, **kwargs):
    gcf().savefig(fname)


def show(*args, **kwargs):
    """Draw every open figure onto the page, and close them."""
    _drawn.extend(svg(f) for f in _figures if f.ax.lines)
    close("all")


def close(fig=None):
    if fig == "all":
        _figures.clear()
    elif _figures:
        _figures.remove(fig if isinstance(fig, Figure) else _figures[-1])


def for_the_page():
    """The SVG of the figures drawn since the last call, the open ones
    included (a notebook shows a cell's figures at its end)."""
    show()
    drawn = list(_drawn)
    _drawn.clear()
    return drawn


# -- drawing ------------------------------------------------------------------------


def _ticks(low, high, log):
    """About five round values from low to high: on a log scale (low and high
    are then powers of ten), the powers of ten in between, or 1, 2 and 5
    times them, or every digit times them, whichever first gives two or more."""
    if not log:
        step = 10 ** math.floor(math.log10((high - low) / 5))
        step *= next(m for m in (1, 2, 5, 10) if (high - low) / (step * m) <= 6)
        return [k * step for k in range(math.ceil(low / step - 1e-9),
                                        math.floor(high / step + 1e-9) + 1)]
    for digits in ((1,), (1, 2, 5), range(1, 10)):
        ticks = [m * 10.0 ** k for k in range(math.floor(low) - 1, math.ceil(high) + 1)
                 for m in digits if low <= math.log10(m) + k <= high]
        if len(ticks) >= 2:
            return ticks
    return ticks


def _limits(values, log):
    """The drawn range of `values`, in the axis' own units (log10 on a log scale)."""
    values = values[np.isfinite(values) & ((values > 0) if log else True)]
    if values.size == 0:
        return 0.0, 1.0
    low, high = (np.log10(values.min()), np.log10(values.max())) if log else (values.min(), values.max())
    if high == low:
        low, high = low - 0.5, high + 0.5
    margin = 0.05 * (high - low)
    return float(low - margin), float(high + margin)


def _text(x, y, text, anchor="middle", extra=""):
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>'
            f"{html.escape(text)}</text>")


def _legend(labelled, lines, px, py, box):
    """The legend, in the corner of the Axes that the fewest points pass through."""
    left, top, width, height = box
    w, h = 40 + 9 * max(len(line["label"]) for line in labelled), 22 * len(labelled) + 6
    points = [(px(x), py(y)) for line in lines for x, y in zip(line["x"], line["y"])]
    corners = [(left + width - w - 6, top + 6), (left + 6, top + 6),
               (left + width - w - 6, top + height - h - 6), (left + 6, top + height - h - 6)]
    x0, y0 = min(corners, key=lambda c: sum(c[0] <= x <= c[0] + w and c[1] <= y <= c[1] + h
                                            for x, y in points))
    parts = []
    for i, line in enumerate(labelled):
        y = y0 + 20 + 22 * i
        parts.append(f'<line x1="{x0 + 4}" y1="{y - 5}" x2="{x0 + 30}" y2="{y - 5}" '
                     f'stroke="{line["colour"]}" stroke-width="2.5"/>')
        parts.append(_text(x0 + 36, y, line["label"], "start"))
    return parts


def _polyline(line, px, py, log):
    """A line's finite points (and positive ones on a log scale), drawn."""
    keep = np.isfinite(line["x"]) & np.isfinite(line["y"])
    for a in "xy":
        keep &= (line[a] > 0) if log[a] else True
    points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(line["x"][keep], line["y"][keep]))
    dash = f' stroke-dasharray="{line["dash"]}"' if line["dash"] else ""
    return (f'<polyline points="{points}" fill="none" stroke="{line["colour"]}" '
            f'stroke-width="2"{dash}/>')


def svg(fig):
    """The figure as an SVG element sized to the column it is put in."""
    ax, parts = fig.ax, []
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    log = {a: ax.scale[a] == "log" for a in "xy"}
    xs = np.concatenate([line["x"] for line in ax.lines]) if ax.lines else np.zeros(1)
    ys = np.concatenate([line["y"] for line in ax.lines]) if ax.lines else np.zeros(1)
    (x0, x1), (y0, y1) = _limits(xs, log["x"]), _limits(ys, log["y"])

    def px(v):
        return LEFT + width * ((np.log10(v) if log["x"] else v) - x0) / (x1 - x0)

    def py(v):
        return TOP + height * (1 - ((np.log10(v) if log["y"] else v) - y0) / (y1 - y0))

    parts.append(f'<rect x="{LEFT}" y="{TOP}" width="{width}" height="{height}" fill="none" '
                 'stroke="currentColor"/>')
    bottom = TOP + height
    for t in _ticks(x0, x1, log["x"]):
        parts.append(f'<path d="M{px(t):.1f} {bottom}v5" stroke="currentColor"/>')
        parts.append(_text(px(t), bottom + 22, f"{t:g}"))
    for t in _ticks(y0, y1, log["y"]):
        parts.append(f'<path d="M{LEFT} {py(t):.1f}h-5" stroke="currentColor"/>')
        parts.append(_text(LEFT - 8, py(t) + 6, f"{t:g}", "end"))
    parts.extend(_polyline(line, px, py, log) for line in ax.lines)
    parts.append(_text(LEFT + width / 2, HEIGHT - 10, ax.xlabel))
    parts.append(_text(18, TOP + height / 2, ax.ylabel,
                       extra=f'transform="rotate(-90 18 {TOP + height / 2})"'))
    parts.append(_text(LEFT + width / 2, 25, ax.title))
    labelled = [line for line in ax.lines if line["label"]] if ax.show_legend else []
    if labelled:
        parts.extend(_legend(labelled, ax.lines, px, py, (LEFT, TOP, width, height)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            'class="runner-figure" font-size="17" fill="currentColor" font-family="sans-serif">'
            + "".join(parts) + "</svg>")
