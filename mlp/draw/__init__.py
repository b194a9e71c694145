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


from ._boundary import boundary
from ._common import NEGATIVE, POSITIVE
from ._digits import digits
from ._graph import graph
from ._network import network

__all__ = ["boundary", "digits", "graph", "network"]
