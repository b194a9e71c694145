"""The pictures of mlp.draw show the network's own numbers, and only those."""

import numpy as np
import pytest

import mlp
import mlp.draw
from mlp.datasets import xor

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def lesson_net():
    return mlp.Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])


def notebook_net(bias=False):
    W = [np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]), np.array([[0.1], [-0.3]])]
    b = [np.array([0.05, -0.15]), np.array([0.0])] if bias else None
    return mlp.Network(W, b)


def drawn(value, fmt=".3g"):
    """A number as a reader should see it: 3 significant digits, a true minus."""
    return format(float(value), fmt).replace("-", "\N{MINUS SIGN}")


def by_gid(ax):
    return {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}


def test_one_line_per_weight_and_bias():
    net = mlp.Network.random([4, 3, 2], rng=0)
    ax = mlp.draw.network(net)
    n_weights = sum(W.size for W in net.weights) + sum(b.size for b in net.biases)
    assert len(ax.lines) == n_weights == 4 * 3 + 3 * 2 + 3 + 2
    gids = {line.get_gid() for line in ax.lines}
    assert "W[0][3,2]" in gids and "W[1][2,1]" in gids and "b[1][1]" in gids
    assert len(gids) == n_weights


def test_no_bias_no_bias_lines():
    ax = mlp.draw.network(notebook_net())
    assert len(ax.lines) == 3 * 2 + 2
    assert not any(line.get_gid().startswith("b") for line in ax.lines)


@pytest.mark.parametrize("bias", [False, True])
def test_labels_are_the_weights_and_style_follows_sign(bias):
    net = notebook_net(bias)
    ax = mlp.draw.network(net)
    texts = by_gid(ax)
    lines = {line.get_gid(): line for line in ax.lines}
    params = [(f"W[{l}][{i},{j}]", W[i, j]) for l, W in enumerate(net.weights)
              for i in range(W.shape[0]) for j in range(W.shape[1])]
    if bias:
        params += [(f"b[{l}][{j}]", b[j]) for l, b in enumerate(net.biases)
                   for j in range(b.size)]
    biggest = max(abs(v) for _, v in params)
    for gid, value in params:
        assert texts[gid] == drawn(value)
        line = lines[gid]
        if value >= 0:
            assert line.get_linestyle() == "-"
            assert matplotlib.colors.same_color(line.get_color(), "tab:blue")
        else:
            assert line.get_linestyle() == "--"
            assert matplotlib.colors.same_color(line.get_color(), "tab:red")
        if abs(value) == biggest:
            assert line.get_linewidth() == max(l.get_linewidth() for l in ax.lines)
    # The widest line is the largest weight: 0.7 from input 2 to hidden unit 1.
    widest = max(ax.lines, key=lambda line: line.get_linewidth())
    assert widest.get_gid() == "W[0][2,1]"


def test_lines_join_the_units_they_connect():
    ax = mlp.draw.network(notebook_net())
    # input 0 sits above input 2; hidden unit 0 above hidden unit 1
    (x0, x1), (y0, y1) = dict((l.get_gid(), l) for l in ax.lines)["W[0][0,1]"].get_data()
    (u0, u1), (v0, v1) = dict((l.get_gid(), l) for l in ax.lines)["W[0][2,0]"].get_data()
    assert x0 == u0 < x1 == u1
    assert y0 > v0 and y1 < v1


def test_forward_values_are_the_forward_pass():
    net, x = notebook_net(bias=True), np.array([0.5, 0.1, -0.2])
    record = net.forward(x)
    texts = by_gid(mlp.draw.network(net, X=x, show="forward"))
    for i, value in enumerate(x):
        assert texts[f"a[0][{i}]"] == f"x = {drawn(value)}"
    for l, h in enumerate(record.h):
        for j in range(h.size):
            assert texts[f"h[{l}][{j}]"] == f"h = {drawn(h[j])}"
            a = "ŷ" if l == len(record.h) - 1 else "a"
            assert texts[f"a[{l + 1}][{j}]"] == f"{a} = {drawn(record.a[l + 1][j])}"
    assert not any(gid.startswith("delta") for gid in texts)


def test_lesson_forward_numbers():
    texts = by_gid(mlp.draw.network(lesson_net(), X=[0.1, 0.3], show="forward"))
    # The backprop page's numbers: h = -0.02, a = 0.49500017, y_hat = 0.51237248.
    assert texts["h[0][0]"] == "h = \N{MINUS SIGN}0.02"
    assert texts["a[1][0]"] == "a = 0.495"
    assert texts["a[2][0]"] == "ŷ = 0.512"


def test_backward_values_are_the_deltas():
    net, x, y = notebook_net(), np.array([0.5, 0.1, -0.2]), 0.6
    grads = net.backward(net.forward(x), y)
    texts = by_gid(mlp.draw.network(net, X=x, y=y, show="backward"))
    for l, delta in enumerate(grads.delta):
        for j in range(delta.size):
            assert texts[f"delta[{l}][{j}]"] == f"δ = {drawn(delta[j])}"
    record = net.forward(x)
    for l in range(len(record.h)):
        for j in range(record.h[l].size):
            assert texts[f"a[{l + 1}][{j}]"].endswith(f" = {drawn(record.a[l + 1][j])}")
    assert texts["a[0][1]"] == "x = 0.1"
    assert texts["y[0]"] == "y = 0.6"
    lesson = by_gid(mlp.draw.network(lesson_net(), X=[0.1, 0.3], y=1.0, show="backward"))
    # delta_o = 0.12183224 and delta_h = 0.0030455 on the backprop page.
    assert lesson["delta[1][0]"] == "δ = 0.122"
    assert lesson["delta[0][0]"] == "δ = 0.00305"


def test_draws_the_callers_record_and_gradients_without_recomputing(monkeypatch):
    net, x, y = notebook_net(bias=True), np.array([0.5, 0.1, -0.2]), 0.6
    record = net.forward(x)
    grads = net.backward(record, y, "sse")
    expected = by_gid(mlp.draw.network(net, X=x, y=y, show="backward", labels="gradients",
                                       loss="sse"))

    def refuse(*args, **kwargs):
        raise AssertionError("mlp.draw recomputed a pass it was given")

    monkeypatch.setattr(net, "forward", refuse)
    monkeypatch.setattr(net, "backward", refuse)
    given = by_gid(mlp.draw.network(net, record=record, grads=grads, y=y, show="backward",
                                    labels="gradients"))
    assert given == expected
    # The caller's numbers are drawn, whatever they are: a record of another
    # input shows that input.
    other = notebook_net(bias=True).forward([0.9, 0.1, -0.2])
    assert by_gid(mlp.draw.network(net, record=other, show="forward"))["a[0][0]"] == "x = 0.9"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"record": "forward", "show": "forward"}, "record must be net.forward of one record"),
        ({"record": np.ones(3), "show": "forward"}, "record must be net.forward of one record"),
        ({"X": [0.5, 0.1, -0.2], "record": True, "show": "forward"}, "not both"),
        ({"record": "batch", "show": "forward"}, "record must be net.forward of one record"),
        ({"record": "one", "grads": "numerical", "y": 0.6, "show": "backward"},
         "which these grads do not have"),
        ({"record": "one", "grads": "wrong shape", "labels": "gradients"},
         "shaped like the weights"),
        ({"record": "one", "labels": "gradients"}, "needed to draw its gradients"),
    ],
)
def test_a_bad_record_or_gradients_says_what_is_wrong(kwargs, message):
    net = notebook_net(bias=True)
    x = np.array([0.5, 0.1, -0.2])
    records = {"one": net.forward(x), True: net.forward(x), "batch": net.forward([x, x])}
    grads = {"numerical": mlp.numerical_gradient(net, x, 0.6),
             "wrong shape": lesson_net().backward(lesson_net().forward([0.1, 0.3]), 1.0)}
    if isinstance(kwargs.get("record"), (str, bool)) and kwargs["record"] in records:
        kwargs["record"] = records[kwargs["record"]]
    if "grads" in kwargs:
        kwargs["grads"] = grads[kwargs["grads"]]
    with pytest.raises(ValueError, match=message):
        mlp.draw.network(net, **kwargs)


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_gradient_labels_are_dE_dW(loss):
    net, X, y = notebook_net(bias=True), np.array([[0.5, 0.1, -0.2]]), np.array([[0.6]])
    grads = net.backward(net.forward(X), y, loss)
    texts = by_gid(mlp.draw.network(net, X=X, y=y, labels="gradients", loss=loss))
    assert texts["W[0][0,1]"] == drawn(grads.dE_dW[0][0, 1])
    assert texts["W[1][1,0]"] == drawn(grads.dE_dW[1][1, 0])
    assert texts["b[0][1]"] == drawn(grads.dE_db[0][1])


def test_no_labels_and_other_formats():
    net = notebook_net()
    ax = mlp.draw.network(net, labels=None, legend=False)
    assert len(ax.lines) == 8 and not any(t.get_gid() for t in ax.texts)
    assert ax.get_legend() is None
    texts = by_gid(mlp.draw.network(net, fmt=".2f"))
    assert texts["W[1][1,0]"] == "\N{MINUS SIGN}0.30"


def test_scale_sets_the_widest_line():
    net = notebook_net()
    own = {l.get_gid(): l.get_linewidth() for l in mlp.draw.network(net).lines}
    shared = {l.get_gid(): l.get_linewidth() for l in mlp.draw.network(net, scale=1.4).lines}
    assert max(own, key=own.get) == max(shared, key=shared.get) == "W[0][2,1]"
    # the largest weight, 0.7, is half of 1.4: its line is narrower than its own widest
    assert shared["W[0][2,1]"] < own["W[0][2,1]"]
    assert shared["W[0][0,0]"] / shared["W[0][2,1]"] != own["W[0][0,0]"] / own["W[0][2,1]"]


def test_input_names():
    ax = mlp.draw.network(notebook_net())
    names = [t.get_text() for t in ax.texts if t.get_text().startswith("$x_")]
    assert names == ["$x_{0}$", "$x_{1}$", "$x_{2}$"]
    ax = mlp.draw.network(notebook_net(), inputs=["GRE", "GPA", "1"])
    assert {"GRE", "GPA", "1"} <= {t.get_text() for t in ax.texts}


def test_draws_on_the_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert mlp.draw.network(lesson_net(), right) is right
    assert len(right.lines) == 3 and len(left.lines) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"show": "values"}, "show must be one of 'weights', 'forward', 'backward'"),
        ({"show": "forward"}, "show='forward' needs the record X"),
        ({"show": "forward", "X": np.ones((2, 2))}, "X must be 1-D (or one row)"),
        ({"show": "backward", "X": [0.1, 0.3]}, "y (the target of the record) is needed"),
        ({"labels": "deltas"}, "labels must be one of 'weights', 'gradients'"),
        ({"show": "forward", "X": [0.1, 0.3, 0.5]}, "X has 3 entries but the first layer"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mlp.draw.network(lesson_net(), **kwargs)


def test_graph_numbers_are_the_chain_rule_and_backward():
    net, x, y = lesson_net(), np.array([0.1, 0.3]), 1.0
    record = net.forward(x)
    grads = net.backward(record, y, "sse")
    texts = by_gid(mlp.draw.graph(net, x, y))
    a, y_hat = record.a[1][0], record.y_hat[0]
    # values of the nodes
    assert texts["h_h"] == drawn(record.h[0][0])
    assert texts["a_h"] == drawn(a)
    assert texts["h_o"] == drawn(record.h[1][0])
    assert texts["y_hat"] == drawn(y_hat)
    assert texts["E"] == drawn(net.loss(x, y, "sse"))
    # local derivatives on the arrows
    assert texts["da_h/dh_h"] == drawn(a * (1 - a))
    assert texts["dh_o/da_h"] == drawn(0.1)
    assert texts["dh_o/dW"] == drawn(a)
    assert texts["w[1]"] == drawn(-0.2) and texts["x[1]"] == drawn(0.3)
    assert texts["dy_hat/dh_o"] == drawn(y_hat * (1 - y_hat))
    assert texts["dE/dy_hat"] == drawn(-(y - y_hat))
    assert texts["dh_h/dw[0]"] == "$x_0$ = 0.1" and texts["dh_h/dw[1]"] == "$x_1$ = 0.3"
    # ∂E/∂ of every node, against backward (and so the page's deltas)
    assert texts["dE/dh_h"] == drawn(-grads.delta[0][0])
    assert texts["dE/dh_o"] == drawn(-grads.delta[1][0])
    assert texts["dE/dW"] == drawn(grads.dE_dW[1][0, 0])
    for i in range(2):
        assert texts[f"dE/dw[{i}]"] == drawn(grads.dE_dW[0][i, 0])
    numeric = mlp.numerical_gradient(net, x, y, loss="sse").dE_dW
    assert texts["dE/dw[1]"] == drawn(numeric[0][1, 0])


def test_graph_symbols_only_and_refusals():
    texts = by_gid(mlp.draw.graph())
    assert "da_h/dh_h:formula" in texts and "da_h/dh_h" not in texts
    assert not any(gid.startswith("dE/d") for gid in texts if not gid.endswith(":formula"))
    with pytest.raises(ValueError, match=r"sizes \[n, 1, 1\] without biases"):
        mlp.draw.graph(notebook_net(), [0.5, 0.1, -0.2], 0.6)
    with pytest.raises(ValueError, match="needs the record x and its target y"):
        mlp.draw.graph(lesson_net())


def test_boundary_mesh_is_the_network_output():
    X, y = xor(bias_column=True)
    net = mlp.Network.random([3, 4, 1], rng=0, bias=False)
    ax = mlp.draw.boundary(net, X, y, bias_column=True, resolution=7)
    mesh = ax.collections[0].get_array()
    g = np.linspace(-0.25, 1.25, 7)
    # row r of the mesh is x1 = g[r], column c is x0 = g[c]
    expected = [[net.predict([g[c], g[r], 1.0])[0] for c in range(7)] for r in range(7)]
    np.testing.assert_allclose(mesh, expected, rtol=1e-12)
    with pytest.raises(ValueError, match="3 inputs and one output"):
        mlp.draw.boundary(lesson_net(), bias_column=True)


def _extents(ax):
    """Window extent of every text drawn on `ax` that shows something."""
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.canvas.draw()
    return [(t, t.get_window_extent(renderer)) for t in ax.texts
            if t.get_text() and t.get_color() != "none"]


def test_graph_labels_do_not_overlap():
    ax = mlp.draw.graph(lesson_net(), [0.1, 0.3], 1.0)
    upright = [(t, box) for t, box in _extents(ax) if t.get_rotation() == 0]
    clashes = []
    for k, (t, box) in enumerate(upright):
        for u, other in upright[k + 1:]:
            both = matplotlib.transforms.Bbox.intersection(box, other)
            # extents include the fonts' leading: a corner touch of a few pixels is no clash
            if both is not None and both.width * both.height > 12:
                clashes.append((t.get_text(), u.get_text()))
    assert clashes == []


def test_values_sit_on_a_white_box_above_the_lines():
    net = mlp.Network([np.ones((3, 5)), np.ones((5, 1))])
    ax = mlp.draw.network(net, X=[1, 0, 1], y=1.0, show="backward", labels=None)
    texts = _extents(ax)
    renderer = ax.figure.canvas.get_renderer()
    masks = [(t, t.get_bbox_patch().get_window_extent(renderer)) for t in ax.texts
             if t.get_bbox_patch() is not None]
    top_line = max(line.get_zorder() for line in ax.lines)
    values = [(t, box) for t, box in texts
              if t.get_gid() and t.get_gid().startswith(("a[", "delta["))]
    assert len(values) == 3 + 2 * 6
    for t, box in values:
        under = [m for m, patch in masks if patch.contains(box.x0 + 0.5, box.y0 + 0.5)
                 and patch.contains(box.x1 - 0.5, box.y1 - 0.5)]
        assert under and all(top_line < m.get_zorder() < t.get_zorder() for m in under), \
            t.get_gid()
