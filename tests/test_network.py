import numpy as np
import pytest

import mlp
from mlp import Network, numerical_gradient
from tests.helpers import copies, copy_of, same_arrays


def lesson_net():
    """The lesson's 2-1-1 network: w = (0.4, -0.2) into the hidden unit, W = 0.1 out."""
    return Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])


def test_hand_worked_backprop_step():
    # x = (0.1, 0.3), y = 1, eta = 0.5, sigmoid everywhere, no biases.
    # h   = 0.4*0.1 - 0.2*0.3                    = -0.02
    # a   = sigmoid(-0.02) = 1 / (1 + e^0.02)      = 0.4950001666...
    # y^  = sigmoid(0.1 * a) = sigmoid(0.0495)    = 0.5123724...
    # d_o = (1 - y^) * y^ * (1 - y^)              = 0.1218322...
    # d_h = W * d_o * a * (1 - a)                = 0.1 * 0.12183 * 0.249975 = 0.0030455...
    # dW  = eta * d_o * a = 0.5 * 0.12183 * 0.495 = 0.0301535...
    # dw  = eta * d_h * x                         = (0.000152, 0.000457)
    net = lesson_net()
    x, y = np.array([0.1, 0.3]), 1.0
    record = net.forward(x)
    assert record.h[0][0] == pytest.approx(-0.02, abs=1e-15)
    assert round(float(record.a[1][0]), 3) == 0.495
    assert round(float(record.y_hat[0]), 3) == 0.512
    grads = net.backward(record, y, loss="sse")
    assert round(float(grads.delta[1][0]), 3) == 0.122
    assert round(float(grads.delta[0][0]), 7) == 0.0030455
    before = [W.copy() for W in net.weights]
    net.step(x, y, learn_rate=0.5, loss="sse")
    dW = net.weights[1] - before[1]
    dw = net.weights[0] - before[0]
    assert round(float(dW[0, 0]), 4) == 0.0302
    assert np.round(dw[:, 0], 6).tolist() == [0.000152, 0.000457]
    # The lesson printed (0.00015, 0.00045): it rounded d_h to 0.003 first.
    assert np.round(0.5 * 0.003 * x, 5).tolist() == [0.00015, 0.00045]


def test_notebook_one_step_multilayer_example():
    # Seed 002: x = (0.5, 0.1, -0.2), target 0.6, eta 0.5, 3-2-1, no biases.
    W_ih = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])
    W_ho = np.array([[0.1], [-0.3]])
    net = Network([W_ih, W_ho])
    net.step([0.5, 0.1, -0.2], 0.6, learn_rate=0.5, loss="sse")
    assert np.round(net.weights[1][:, 0] - W_ho[:, 0], 8).tolist() == [0.00804047, 0.00555918]
    expected_ih = [
        [1.77005547e-04, -5.11178506e-04],
        [3.54011093e-05, -1.02235701e-04],
        [-7.08022187e-05, 2.04471402e-04],
    ]
    assert np.allclose(net.weights[0] - W_ih, expected_ih, rtol=1e-8, atol=0)


def random_case(n_hidden, loss, bias, output, m, seed):
    rng = np.random.default_rng(seed)
    sizes = [3] + [4] * n_hidden + [2]
    net = Network.random(
        sizes, rng=rng, bias=bias, activation="tanh" if seed % 2 else "sigmoid",
        output_activation=output,
    )
    if bias:  # non-zero biases so their gradients are exercised
        net.biases = [rng.normal(size=b.shape) for b in net.biases]
    X = rng.normal(size=(m, 3))
    y = rng.uniform(size=(m, 2))
    return net, X, y


@pytest.mark.parametrize("n_hidden", [0, 1, 2, 3])
@pytest.mark.parametrize("loss", ["sse", "mse"])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("output", ["sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("m", [1, 5])
def test_backprop_matches_numerical_gradient(n_hidden, loss, bias, output, m):
    net, X, y = random_case(n_hidden, loss, bias, output, m, seed=n_hidden * 7 + m)
    exact = net.backward(net.forward(X), y, loss=loss)
    approx = numerical_gradient(net, X, y, loss=loss)
    pairs = list(zip(exact.dE_dW, approx.dE_dW))
    if bias:
        pairs += list(zip(exact.dE_db, approx.dE_db))
    else:
        assert exact.dE_db is None and approx.dE_db is None
    for g, n in pairs:
        assert g.shape == n.shape
        # Central differences with eps = 1e-6 are good to about 1e-9 here.
        assert np.allclose(g, n, rtol=1e-6, atol=1e-9)


def test_numerical_gradient_leaves_the_network_unchanged():
    net, X, y = random_case(2, "mse", True, "sigmoid", 4, seed=3)
    before = copies(net.parameters())
    numerical_gradient(net, X, y)
    assert same_arrays(net.parameters(), before)


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    # The oracle must be able to fail: break sigmoid's derivative and it does.
    net, X, y = random_case(1, "mse", False, "sigmoid", 3, seed=2)
    broken = mlp.Activation(mlp.sigmoid, mlp.sigmoid_prime, lambda a: a)
    monkeypatch.setitem(mlp.ACTIVATIONS, "sigmoid", broken)
    exact = net.backward(net.forward(X), y)
    approx = numerical_gradient(net, X, y)
    assert not np.allclose(exact.dE_dW[0], approx.dE_dW[0], rtol=1e-6, atol=1e-9)


def test_backward_changes_nothing():
    net, X, y = random_case(2, "mse", True, "sigmoid", 4, seed=5)
    before = copies(net.parameters())
    record = net.forward(X)
    saved = [a.copy() for a in record.a]
    net.backward(record, y)
    assert same_arrays(net.parameters(), before)
    assert all(np.array_equal(a, b) for a, b in zip(record.a, saved))


def test_full_batch_step_is_the_mean_of_per_record_gradients():
    net, X, y = random_case(2, "mse", True, "sigmoid", 6, seed=11)
    full = net.backward(net.forward(X), y, loss="mse")
    per_record = [net.backward(net.forward(X[i]), y[i], loss="mse") for i in range(6)]
    for l in range(3):
        mean_W = np.mean([g.dE_dW[l] for g in per_record], axis=0)
        mean_b = np.mean([g.dE_db[l] for g in per_record], axis=0)
        assert np.allclose(full.dE_dW[l], mean_W, rtol=1e-12, atol=1e-15)
        assert np.allclose(full.dE_db[l], mean_b, rtol=1e-12, atol=1e-15)
    # And sse is the sum, m times the mean.
    sse = net.backward(net.forward(X), y, loss="sse")
    assert np.allclose(sse.dE_dW[0], 6 * full.dE_dW[0], rtol=1e-12)


def test_batch_size_one_equals_a_per_record_loop():
    net, X, y = random_case(1, "mse", True, "sigmoid", 5, seed=4)
    looped = copy_of(net)
    net.fit(X, y, epochs=3, learn_rate=0.5, batch_size=1)
    for _ in range(3):
        for i in range(5):
            looped.step(X[i], y[i], learn_rate=0.5)
    for P, Q in zip(net.parameters(), looped.parameters()):
        assert np.allclose(P, Q, rtol=1e-13, atol=1e-15)


def test_mini_batches_cover_every_record_once_per_epoch():
    net, X, y = random_case(1, "sse", False, "sigmoid", 5, seed=8)
    looped = copy_of(net)
    net.fit(X, y, epochs=2, learn_rate=0.1, loss="sse", batch_size=2)
    for _ in range(2):
        for rows in (slice(0, 2), slice(2, 4), slice(4, 5)):
            looped.step(X[rows], y[rows], learn_rate=0.1, loss="sse")
    assert all(np.allclose(P, Q, rtol=1e-13) for P, Q in zip(net.weights, looped.weights))


def test_full_batch_fit_equals_repeated_steps_and_reports_loss_after_each_epoch():
    net, X, y = random_case(2, "mse", True, "tanh", 7, seed=9)
    stepped = copy_of(net)
    history = net.fit(X, y, epochs=4, learn_rate=0.3)
    losses = []
    for _ in range(4):
        stepped.step(X, y, learn_rate=0.3)
        losses.append(stepped.loss(X, y))
    assert np.allclose(history, losses, rtol=1e-13)
    assert history.shape == (4,)


def sequential_update(net, x, y, learn_rate):
    """The well-known bug: update the output layer, then backpropagate through it."""
    record = net.forward(x)
    a, W_ih, W_ho = record.a, net.weights[0], net.weights[1]
    y_hat = a[2]
    delta_o = (y - y_hat) * y_hat * (1 - y_hat)
    W_ho += learn_rate * np.outer(a[1], delta_o)
    delta_h = (delta_o @ W_ho.T) * a[1] * (1 - a[1])  # uses the *new* W_ho
    W_ih += learn_rate * np.outer(a[0], delta_h)


def test_step_uses_the_weights_from_before_the_update():
    net = lesson_net()
    x, y = np.array([0.1, 0.3]), 1.0
    textbook = lesson_net()
    record = textbook.forward(x)
    a = record.a
    delta_o = (y - a[2]) * a[2] * (1 - a[2])
    delta_h = (delta_o @ textbook.weights[1].T) * a[1] * (1 - a[1])
    expected_W_ih = textbook.weights[0] + 0.5 * np.outer(a[0], delta_h)
    expected_W_ho = textbook.weights[1] + 0.5 * np.outer(a[1], delta_o)

    net.step(x, y, learn_rate=0.5, loss="sse")
    assert np.allclose(net.weights[0], expected_W_ih, rtol=1e-15)
    assert np.allclose(net.weights[1], expected_W_ho, rtol=1e-15)

    buggy = lesson_net()
    sequential_update(buggy, x, y, 0.5)
    assert np.allclose(buggy.weights[1], net.weights[1], rtol=1e-15)
    assert not np.allclose(buggy.weights[0], net.weights[0], rtol=1e-9, atol=0)


def test_same_seed_same_network_and_history():
    X = np.random.default_rng(0).normal(size=(8, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)

    def run(seed):
        net = Network.random([2, 4, 1], rng=seed)
        history = net.fit(X, y, epochs=5, learn_rate=1.0, batch_size=3, shuffle=True, rng=seed)
        return net, history

    (n1, h1), (n2, h2), (n3, h3) = run(7), run(7), run(8)
    assert np.array_equal(h1, h2)
    assert all(np.array_equal(P, Q) for P, Q in zip(n1.weights, n2.weights))
    assert not np.array_equal(h1, h3)


def test_random_accepts_every_kind_of_rng():
    a = Network.random([3, 2, 1], rng=np.random.RandomState(21), bias=False, scale=3**-0.5)
    legacy = np.random.RandomState(21)
    assert np.array_equal(a.weights[0], legacy.normal(scale=3**-0.5, size=(3, 2)))
    assert np.array_equal(a.weights[1], legacy.normal(scale=3**-0.5, size=(2, 1)))
    b = Network.random([3, 2, 1], rng=np.random.default_rng(5))
    c = Network.random([3, 2, 1], rng=5)
    assert np.array_equal(b.weights[0], c.weights[0])


def test_fan_in_scale_and_unit_scale():
    big = [1000, 500, 400]
    fan_in = Network.random(big, rng=0)
    assert fan_in.weights[0].std() == pytest.approx(1000**-0.5, rel=0.02)
    assert fan_in.weights[1].std() == pytest.approx(500**-0.5, rel=0.02)
    unit = Network.random(big, rng=0, scale=1.0)
    assert unit.weights[1].std() == pytest.approx(1.0, rel=0.02)
    assert all(not b.any() for b in fan_in.biases)


def test_single_record_and_one_output_shapes():
    net = Network.random([3, 4, 1], rng=1)
    record = net.forward([1.0, 2.0, 3.0])
    assert [a.shape for a in record.a] == [(3,), (4,), (1,)]
    assert [h.shape for h in record.h] == [(4,), (1,)]
    grads = net.backward(record, 0.5)
    assert [d.shape for d in grads.delta] == [(4,), (1,)]
    assert [g.shape for g in grads.dE_dW] == [(3, 4), (4, 1)]
    X = np.ones((5, 3))
    assert net.predict(X).shape == (5, 1)
    assert net.predict(X[0]).shape == (1,)
    # Targets of shape (m,) and (m, 1) mean the same thing.
    y = np.linspace(0, 1, 5)
    assert net.loss(X, y) == net.loss(X, y[:, None])


def test_identity_output_is_allowed():
    net = Network([np.eye(2)], output_activation="identity")
    assert net.predict([[3.0, -4.0]]).tolist() == [[3.0, -4.0]]
    assert net.activation == "sigmoid" and net.output_activation == "identity"


def test_losses_are_half_the_sum_and_its_mean():
    net = Network([np.zeros((1, 1))], output_activation="identity")  # y_hat = 0
    X, y = np.ones((4, 1)), np.array([1.0, 2.0, 3.0, 4.0])
    # sse = 1/2 (1 + 4 + 9 + 16) = 15; mse = 15 / 4.
    assert net.loss(X, y, loss="sse") == 15.0
    assert net.loss(X, y, loss="mse") == 3.75


def test_constructor_copies_its_arrays():
    W = np.ones((2, 1))
    net = Network([W])
    net.step([1.0, 1.0], 0.0, learn_rate=1.0)
    assert W.tolist() == [[1.0], [1.0]]


def test_repr_names_the_architecture():
    assert repr(Network.random([2, 3, 1], rng=0, bias=False)) == (
        "Network(sizes=[2, 3, 1], activation='sigmoid', "
        "output_activation='sigmoid', bias=False, dtype=float64)"
    )


def test_shuffling_changes_only_the_order_of_the_batches():
    net, X, y = random_case(1, "mse", True, "sigmoid", 6, seed=2)
    trained = {}
    for seed in (0, 1):
        shuffled, in_order = copy_of(net), copy_of(net)
        shuffled.fit(X, y, epochs=1, learn_rate=0.5, batch_size=2, shuffle=True, rng=seed)
        # The same epoch, visiting the records in the order the seed draws.
        order = np.random.default_rng(seed).permutation(6)
        in_order.fit(X[order], y[order], epochs=1, learn_rate=0.5, batch_size=2)
        assert same_arrays(shuffled.parameters(), in_order.parameters())
        assert not np.array_equal(order, np.arange(6))
        trained[seed] = shuffled.parameters()
    assert not same_arrays(trained[0], trained[1])


@pytest.mark.parametrize("n_out", [1, 2])
def test_targets_of_shape_n_out_by_m_are_refused_not_reshaped(n_out):
    net = Network.random([2, 3, n_out], rng=0)
    X = np.ones((3, 2))
    y = np.zeros((n_out, 3))  # the column convention: one column per record
    wanted = r"\(3, 1\) or \(3,\)" if n_out == 1 else r"\(3, 2\)"
    for call in (lambda: net.fit(X, y, epochs=1, learn_rate=0.1), lambda: net.loss(X, y),
                 lambda: net.backward(net.forward(X), y), lambda: net.step(X, y, 0.1)):
        with pytest.raises(ValueError, match=rf"y has shape \({n_out}, 3\) .* "
                           rf"expected shape {wanted}$"):
            call()
