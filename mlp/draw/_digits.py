"""Digit images in a grid, each with its title."""

import numpy as np

from ._common import _axes


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
