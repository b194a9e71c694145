"""A stand-in for matplotlib in the browser's Python, which has none.

It draws what a learner draws first, line plots such as a loss curve, as
SVG for the page (:mod:`matplotlib.pyplot` here); anything else raises
:class:`NotInTheBrowser`, which the page reports as an example that needs
matplotlib in a local install. It is put into the browser's Python only
(``docs/_ext/runner.py``); mlp never imports it.
"""

__version__ = "0 (the browser's stand-in)"


class NotInTheBrowser(ModuleNotFoundError):
    """What the stand-in cannot draw: run the example where matplotlib is installed."""

    def __init__(self, what):
        super().__init__(f"{what} needs matplotlib, which the browser's Python does not have "
                         "(its stand-in draws line plots only): run this in a local install",
                         name="matplotlib")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise NotInTheBrowser(f"matplotlib.{name}")


def use(backend, **kwargs):
    """Backends mean nothing here: the stand-in draws SVG for the page."""
