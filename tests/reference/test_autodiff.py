"""The autodiff reference agrees with direct evaluation, PyTorch autograd and central differences."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograder.reference import autodiff

torch.set_num_threads(1)

NODES = ("a", "b", "c", "d", "e", "f")
H = 1e-6

# No subnormal numbers: the graders' torch flushes them to zero, so autograd could not be the yardstick there.
moderate = st.floats(-3, 3, allow_nan=False, allow_infinity=False, allow_subnormal=False)
weights = st.lists(st.floats(-2, 2, allow_nan=False, allow_infinity=False, allow_subnormal=False),
                   min_size=1, max_size=12)
datasets = st.integers(1, 40).flatmap(
    lambda n: st.tuples(*(st.lists(moderate, min_size=n, max_size=n) for _ in range(2))))


def f_direct(x, y, z):
    return np.tanh(np.log(1 + z * 2 * x / np.sin(y)))


def in_domain(x, y, z):
    """Points where f is smooth and well conditioned: sin(y) away from 0 and 1 + d away from 0."""
    b = np.sin(y)
    return np.all(np.abs(b) > 0.2) and np.all(1 + z * 2 * x / b > 0.2)


def central_difference(fn, point, h=H):
    """The gradient of a scalar function of several floats by central differences."""
    point = np.asarray(point, dtype=np.float64)
    grad = np.empty_like(point)
    for i in range(point.size):
        step = np.zeros_like(point)
        step[i] = h
        grad[i] = (fn(*(point + step)) - fn(*(point - step))) / (2 * h)
    return grad


def autograd(loss_fn, params, *data):
    """The gradient of loss_fn(params, *data) by PyTorch autograd in float64."""
    params = torch.tensor(np.asarray(params, dtype=np.float64), requires_grad=True)
    loss_fn(params, *(torch.tensor(np.asarray(d, dtype=np.float64)) for d in data)).backward()
    return params.grad.numpy()


def f_torch(p):
    x, y, z = p
    return torch.tanh(torch.log(1 + z * 2 * x / torch.sin(y)))


def tanh_loss(p, x, y):
    return torch.mean((y - torch.tanh(p[0] * x + p[1])) ** 2)


def deep_narrow_loss(ws, x, y):
    return torch.mean((y - torch.prod(ws) * x) ** 2)


# make_narrow_data (given code)

def test_make_narrow_data_gives_noisy_samples_of_the_line_through_the_origin():
    x, y = autodiff.make_narrow_data(n=5000, slope=-1.5, noise=0.2, seed=4)
    assert x.dtype == y.dtype == np.float64 and x.shape == y.shape == (5000,)
    assert abs(np.std(x) - 1) < 0.05
    assert abs(np.std(y + 1.5 * x) - 0.2) < 0.01


def test_make_narrow_data_is_reproducible_per_seed():
    first, again, other = (autodiff.make_narrow_data(seed=s) for s in (0, 0, 1))
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


# forward_graph

@settings(max_examples=60, deadline=None)
@given(moderate, moderate, moderate)
def test_forward_graph_nodes_follow_their_definitions_and_end_at_f(x, y, z):
    assume(in_domain(x, y, z))
    nodes = autodiff.forward_graph(x, y, z)
    assert list(nodes) == list(NODES)
    assert all(type(v) is float for v in nodes.values())
    expected = {"a": 2 * x, "b": np.sin(y)}
    expected["c"] = expected["a"] / expected["b"]
    expected["d"] = z * expected["c"]
    expected["e"] = np.log(1 + expected["d"])
    expected["f"] = np.tanh(expected["e"])
    for name in NODES:
        assert nodes[name] == pytest.approx(expected[name], rel=1e-12, abs=1e-12), name
    assert nodes["f"] == pytest.approx(f_direct(x, y, z), rel=1e-12, abs=1e-12)


def test_forward_graph_is_elementwise_on_arrays_and_lists():
    x, y, z = np.array([0.5, -0.2, 2.0]), np.array([1.0, 2.0, -2.5]), np.array([0.3, 0.7, -1.1])
    nodes = autodiff.forward_graph(list(x), list(y), list(z))
    for name in NODES:
        assert isinstance(nodes[name], np.ndarray) and nodes[name].dtype == np.float64
        singles = [autodiff.forward_graph(*point)[name] for point in zip(x, y, z)]
        np.testing.assert_allclose(nodes[name], singles, rtol=1e-15)


# grad_f

@settings(max_examples=80, deadline=None)
@given(moderate, moderate, moderate)
def test_grad_f_matches_autograd_and_central_differences(x, y, z):
    assume(in_domain(x, y, z))
    grads = autodiff.grad_f(x, y, z)
    assert isinstance(grads, tuple) and all(type(g) is float for g in grads)
    np.testing.assert_allclose(grads, autograd(f_torch, [x, y, z]), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads, central_difference(f_direct, [x, y, z]), rtol=1e-5, atol=1e-7)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(moderate, moderate, moderate), min_size=1, max_size=10))
def test_grad_f_is_elementwise_on_arrays(points):
    points = [p for p in points if in_domain(*p)]
    assume(points)
    x, y, z = (np.array(column) for column in zip(*points))
    grads = autodiff.grad_f(x, y, z)
    for k, g in enumerate(grads):
        assert isinstance(g, np.ndarray) and g.dtype == np.float64 and g.shape == x.shape
        np.testing.assert_allclose(g, [autodiff.grad_f(*p)[k] for p in points], rtol=1e-15)
    np.testing.assert_allclose(np.array(grads).T, [autograd(f_torch, p) for p in points], rtol=1e-9, atol=1e-12)


def test_grad_f_at_a_worked_example_of_the_graph():
    df_dx, df_dy, df_dz = autodiff.grad_f(1.0, 2.0, 3.0)
    n = autodiff.forward_graph(1.0, 2.0, 3.0)
    assert df_dx == pytest.approx((1 - n["f"] ** 2) / (1 + n["d"]) * 3.0 / n["b"] * 2, rel=1e-14)
    assert df_dz == pytest.approx((1 - n["f"] ** 2) / (1 + n["d"]) * n["c"], rel=1e-14)
    assert df_dy == pytest.approx(-df_dx * n["a"] / 2 * np.cos(2.0) / n["b"], rel=1e-14)


def test_grad_f_does_not_mutate_its_inputs():
    x, y, z = np.array([0.5, 1.5]), np.array([1.0, 2.0]), np.array([0.2, 0.4])
    saved = x.copy(), y.copy(), z.copy()
    autodiff.grad_f(x, y, z)
    autodiff.forward_graph(x, y, z)
    for array, copy in zip((x, y, z), saved):
        np.testing.assert_array_equal(array, copy)


# grad_tanh_loss and autograd_tanh_loss

@settings(max_examples=60, deadline=None)
@given(moderate, moderate, datasets)
def test_grad_tanh_loss_matches_autograd_and_central_differences(w, b, data):
    x, y = (np.array(d) for d in data)
    grads = autodiff.grad_tanh_loss(w, b, x, y)
    assert isinstance(grads, tuple) and all(type(g) is float for g in grads)
    np.testing.assert_allclose(grads, autograd(tanh_loss, [w, b], x, y), rtol=1e-9, atol=1e-12)

    def loss(w_, b_):
        return np.mean((y - np.tanh(w_ * x + b_)) ** 2)

    np.testing.assert_allclose(grads, central_difference(loss, [w, b]), rtol=1e-5, atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(moderate, moderate, datasets)
def test_autograd_tanh_loss_returns_python_floats_equal_to_the_hand_gradient(w, b, data):
    x, y = (np.array(d) for d in data)
    grads = autodiff.autograd_tanh_loss(w, b, x, y)
    assert isinstance(grads, tuple) and all(type(g) is float for g in grads)
    np.testing.assert_allclose(grads, autodiff.grad_tanh_loss(w, b, x, y), rtol=1e-10, atol=1e-12)


def test_tanh_loss_gradients_accept_lists_and_leave_arrays_unchanged():
    x, y = autodiff.make_narrow_data(n=10)
    saved = x.copy(), y.copy()
    for grad_fn in (autodiff.grad_tanh_loss, autodiff.autograd_tanh_loss):
        from_arrays = grad_fn(0.7, -0.2, x, y)
        assert grad_fn(0.7, -0.2, list(x), list(y)) == from_arrays
        np.testing.assert_array_equal(x, saved[0])
        np.testing.assert_array_equal(y, saved[1])


# shallow_narrow_grads and train_shallow_narrow

def shallow_loss(p, x, y):
    return torch.mean((y - p[0] * p[1] * x) ** 2)


@settings(max_examples=60, deadline=None)
@given(moderate, moderate, datasets)
def test_shallow_narrow_grads_match_autograd_and_central_differences(w1, w2, data):
    x, y = (np.array(d) for d in data)
    grads = autodiff.shallow_narrow_grads(w1, w2, x, y)
    assert isinstance(grads, tuple) and all(type(g) is float for g in grads)
    np.testing.assert_allclose(grads, autograd(shallow_loss, [w1, w2], x, y), rtol=1e-9, atol=1e-12)

    def loss(a, b):
        return np.mean((y - a * b * x) ** 2)

    np.testing.assert_allclose(grads, central_difference(loss, [w1, w2]), rtol=1e-5, atol=1e-6)


def test_shallow_narrow_grads_vanish_at_the_saddle_and_on_the_valley():
    x, y = autodiff.make_narrow_data(n=50, noise=0.0, slope=2.0)
    assert autodiff.shallow_narrow_grads(0.0, 0.0, x, y) == (0.0, 0.0)
    np.testing.assert_allclose(autodiff.shallow_narrow_grads(4.0, 0.5, x, y), (0.0, 0.0), atol=1e-12)
    np.testing.assert_allclose(autodiff.shallow_narrow_grads(-1.0, -2.0, x, y), (0.0, 0.0), atol=1e-12)


def sgd_path(w1, w2, x, y, lr, steps):
    params = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in (w1, w2)]
    x, y = torch.tensor(x), torch.tensor(y)
    optimizer = torch.optim.SGD(params, lr=lr)
    path = [[w1, w2]]
    for _ in range(steps):
        optimizer.zero_grad()
        torch.mean((y - params[0] * params[1] * x) ** 2).backward()
        optimizer.step()
        path.append([p.item() for p in params])
    return np.array(path)


@settings(max_examples=25, deadline=None)
@given(moderate, moderate, st.sampled_from([0.001, 0.01, 0.03]), st.integers(0, 40), st.integers(0, 100))
def test_train_shallow_narrow_follows_torch_sgd(w1, w2, lr, steps, seed):
    x, y = autodiff.make_narrow_data(n=32, seed=seed)
    path = autodiff.train_shallow_narrow(w1, w2, x, y, lr, steps)
    assert path.dtype == np.float64 and path.shape == (steps + 1, 2)
    assert tuple(path[0]) == (w1, w2)
    np.testing.assert_allclose(path, sgd_path(w1, w2, x, y, lr, steps), rtol=1e-6, atol=1e-6)


def test_train_shallow_narrow_reaches_the_valley_and_stays_on_the_saddle_from_the_origin():
    x, y = autodiff.make_narrow_data(n=64, noise=0.0, slope=2.0)
    end = autodiff.train_shallow_narrow(0.5, 0.3, x, y, 0.05, 300)[-1]
    assert end[0] * end[1] == pytest.approx(2.0, rel=1e-6)
    np.testing.assert_array_equal(autodiff.train_shallow_narrow(0.0, 0.0, x, y, 0.05, 20), np.zeros((21, 2)))


def test_train_shallow_narrow_on_the_anti_diagonal_converges_to_the_saddle():
    x, y = autodiff.make_narrow_data(n=64, noise=0.0, slope=2.0)
    path = autodiff.train_shallow_narrow(1.0, -1.0, x, y, 0.02, 400)
    np.testing.assert_allclose(path[:, 0], -path[:, 1], rtol=1e-12)
    assert np.abs(path[-1]).max() < 1e-6


def test_train_shallow_narrow_runs_every_step_when_it_blows_up():
    x, y = autodiff.make_narrow_data(n=16)
    path = autodiff.train_shallow_narrow(3.0, 3.0, x, y, 5.0, 30)
    assert path.shape == (31, 2)
    assert not np.all(np.isfinite(path[-1]))


def test_train_shallow_narrow_accepts_lists_and_leaves_arrays_unchanged():
    x, y = autodiff.make_narrow_data(n=12)
    saved = x.copy(), y.copy()
    from_arrays = autodiff.train_shallow_narrow(0.2, 0.4, x, y, 0.1, 5)
    np.testing.assert_array_equal(autodiff.train_shallow_narrow(0.2, 0.4, list(x), list(y), 0.1, 5), from_arrays)
    np.testing.assert_array_equal(x, saved[0])
    np.testing.assert_array_equal(y, saved[1])


# deep_narrow_grads

@settings(max_examples=80, deadline=None)
@given(weights, datasets)
def test_deep_narrow_grads_match_autograd_and_central_differences(ws, data):
    x, y = (np.array(d) for d in data)
    grads = autodiff.deep_narrow_grads(ws, x, y)
    assert isinstance(grads, np.ndarray) and grads.dtype == np.float64 and grads.shape == (len(ws),)
    np.testing.assert_allclose(grads, autograd(deep_narrow_loss, ws, x, y), rtol=1e-9, atol=1e-12)

    def loss(*w):
        return np.mean((y - np.prod(w) * x) ** 2)

    scale = max(1.0, np.abs(grads).max())
    np.testing.assert_allclose(grads, central_difference(loss, ws), rtol=1e-4, atol=1e-5 * scale)


@pytest.mark.parametrize("ws", [[0.0], [1.5, 0.0, -2.0], [0.0, 0.0, 3.0], [0.0, 2.0, 0.5, 1.0]])
def test_deep_narrow_grads_are_correct_with_zero_weights(ws):
    x, y = autodiff.make_narrow_data(n=20)
    grads = autodiff.deep_narrow_grads(ws, x, y)
    assert np.all(np.isfinite(grads))
    np.testing.assert_allclose(grads, autograd(deep_narrow_loss, ws, x, y), rtol=1e-12, atol=1e-15)
    assert np.count_nonzero(grads) == (1 if ws.count(0.0) == 1 else 0)


def test_deep_narrow_grads_of_depth_one_is_the_gradient_of_a_linear_fit():
    x, y = autodiff.make_narrow_data(n=30)
    expected = -2 * np.mean((y - 0.7 * x) * x)
    np.testing.assert_allclose(autodiff.deep_narrow_grads([0.7], x, y), [expected], rtol=1e-14)


def test_deep_narrow_grads_shrink_and_grow_geometrically_with_depth():
    x, y = autodiff.make_narrow_data(n=20)
    for w in (0.9, 1.1):
        for depth in (10, 50):
            grads = autodiff.deep_narrow_grads([w] * depth, x, y)
            expected = -2 * np.mean((y - w ** depth * x) * x) * w ** (depth - 1)
            np.testing.assert_allclose(grads, np.full(depth, expected), rtol=1e-12)


def test_deep_narrow_grads_accept_lists_and_arrays_and_leave_them_unchanged():
    x, y = autodiff.make_narrow_data(n=15)
    ws = np.array([0.9, 1.2, -0.4])
    saved = ws.copy(), x.copy(), y.copy()
    from_arrays = autodiff.deep_narrow_grads(ws, x, y)
    np.testing.assert_array_equal(autodiff.deep_narrow_grads(list(ws), list(x), list(y)), from_arrays)
    np.testing.assert_array_equal(autodiff.deep_narrow_grads(tuple(ws), x, y), from_arrays)
    for array, copy in zip((ws, x, y), saved):
        np.testing.assert_array_equal(array, copy)
