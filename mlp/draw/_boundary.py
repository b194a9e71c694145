"""A two-input network's output over a square, with its decision boundary."""

import numpy as np

from ._common import _axes


def boundary(net, X=None, y=None, ax=None, *, bias_column=False, lim=(-0.25, 1.25),
             resolution=121, inputs=("$x_0$", "$x_1$"), colorbar=True, figsize=(4.6, 3.8)):
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
