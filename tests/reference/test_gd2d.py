"""The gd2d reference agrees with PyTorch's autograd and SGD, with finite differences and with the seed's scenarios."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference import gd2d

torch.set_num_threads(1)

MINIMUM_1 = np.array([2.0, 1 + 2 ** -0.5])
MINIMUM_2 = np.array([2.0, 1 - 2 ** -0.5])
SADDLE = np.array([2.0, 1.0])

coordinate = st.floats(-4, 6, allow_nan=False, allow_infinity=False)
points = st.tuples(coordinate, coordinate)
seeds = st.integers(0, 2 ** 32 - 1)


def torch_loss_2d(b):
    return (b[0] - 2) ** 2 + (b[1] - 1) ** 4 - (b[1] - 1) ** 2


def torch_pathological_loss(w):
    return torch.tanh(w[0]) ** 2 + 0.01 * torch.abs(w[1]) + torch.sigmoid(w[1])


def autograd_gradient(loss, point):
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    loss(x).backward()
    return x.grad.numpy()


def central_differences(f, point, h=1e-6):
    """Derivative of f along each coordinate; f maps a (n,) array to a number or an array."""
    point = np.asarray(point, dtype=np.float64)
    columns = []
    for e in np.eye(point.size):
        columns.append((np.asarray(f(point + h * e)) - np.asarray(f(point - h * e))) / (2 * h))
    return np.stack(columns, axis=-1)


def random_orthogonal(n, seed):
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def symmetric_with_eigenvalues(eigenvalues, seed):
    q = random_orthogonal(len(eigenvalues), seed)
    matrix = q @ np.diag(eigenvalues) @ q.T
    return (matrix + matrix.T) / 2


# loss_2d and the pathological loss (given code)

def test_loss_2d_has_its_minima_at_minus_a_quarter_and_the_saddle_at_zero():
    assert gd2d.loss_2d(MINIMUM_1) == pytest.approx(-0.25, abs=1e-15)
    assert gd2d.loss_2d(MINIMUM_2) == pytest.approx(-0.25, abs=1e-15)
    assert gd2d.loss_2d(SADDLE) == 0.0
    assert gd2d.loss_2d([4, 1]) == 4.0


def test_loss_2d_evaluates_a_grid_elementwise():
    b1, b2 = np.meshgrid(np.linspace(0, 4, 7), np.linspace(-0.5, 2.5, 5))
    grid = gd2d.loss_2d((b1, b2))
    assert grid.shape == (5, 7)
    assert grid[2, 3] == gd2d.loss_2d([b1[2, 3], b2[2, 3]])


@settings(max_examples=50, deadline=None)
@given(points)
def test_pathological_gradient_equals_autograd(point):
    np.testing.assert_allclose(gd2d.grad_pathological_loss(point),
                               autograd_gradient(torch_pathological_loss, point), rtol=1e-12, atol=1e-15)
    assert gd2d.pathological_loss(point) == pytest.approx(
        torch_pathological_loss(torch.tensor(point, dtype=torch.float64)).item(), rel=1e-12)


def test_pathological_gradient_takes_sign_zero_on_the_kink_as_autograd_does():
    np.testing.assert_allclose(gd2d.grad_pathological_loss([0.0, 0.0]),
                               autograd_gradient(torch_pathological_loss, (0.0, 0.0)))


# grad_loss_2d

@settings(max_examples=60, deadline=None)
@given(points)
def test_gradient_equals_autograd_and_central_differences_of_the_loss(point):
    gradient = gd2d.grad_loss_2d(point)
    assert gradient.shape == (2,) and gradient.dtype == np.float64
    np.testing.assert_allclose(gradient, autograd_gradient(torch_loss_2d, point), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gradient, central_differences(gd2d.loss_2d, point), rtol=1e-6, atol=1e-6)


def test_gradient_vanishes_exactly_at_the_three_critical_points():
    for point in (MINIMUM_1, MINIMUM_2, SADDLE):
        np.testing.assert_allclose(gd2d.grad_loss_2d(point), [0.0, 0.0], atol=1e-15)


def test_gradient_accepts_lists_tuples_and_integers():
    expected = np.array([4.0, 10.5])
    for beta in ([4, 2.5], (4.0, 2.5), np.array([4.0, 2.5], dtype=np.float32)):
        np.testing.assert_array_equal(gd2d.grad_loss_2d(beta), expected)


# hessian_loss_2d

@settings(max_examples=60, deadline=None)
@given(points)
def test_hessian_equals_autograd_and_central_differences_of_the_gradient(point):
    hessian = gd2d.hessian_loss_2d(point)
    assert hessian.shape == (2, 2) and hessian.dtype == np.float64
    expected = torch.autograd.functional.hessian(torch_loss_2d, torch.tensor(point, dtype=torch.float64))
    np.testing.assert_allclose(hessian, expected.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(hessian, central_differences(gd2d.grad_loss_2d, point), rtol=1e-6, atol=1e-5)


def test_hessian_at_the_critical_points():
    np.testing.assert_allclose(gd2d.hessian_loss_2d(MINIMUM_1), [[2.0, 0.0], [0.0, 4.0]])
    np.testing.assert_allclose(gd2d.hessian_loss_2d(MINIMUM_2), [[2.0, 0.0], [0.0, 4.0]])
    np.testing.assert_array_equal(gd2d.hessian_loss_2d([2, 1]), [[2.0, 0.0], [0.0, -2.0]])


# classify_critical_point

def expected_label(eigenvalues):
    signs = {0 if abs(v) <= 1e-10 else int(np.sign(v)) for v in eigenvalues}
    if {1, -1} <= signs:
        return "saddle"
    if 0 in signs:
        return "degenerate"
    return "minimum" if signs == {1} else "maximum"


clear_eigenvalue = st.one_of(
    st.floats(1e-8, 50), st.floats(-50, -1e-8),  # far from the tolerance
    st.floats(-5e-11, 5e-11), st.sampled_from([0.0, 1e-10 / 2, -1e-10 / 2]),  # counted as zero
)


@settings(max_examples=150, deadline=None)
@given(st.lists(clear_eigenvalue, min_size=1, max_size=6), seeds)
def test_classification_follows_the_signs_of_the_eigenvalues_in_any_basis(eigenvalues, seed):
    hessian = symmetric_with_eigenvalues(eigenvalues, seed)
    assert gd2d.classify_critical_point(hessian) == expected_label(eigenvalues)


@pytest.mark.parametrize("eigenvalues, label", [
    ([2.0, 4.0], "minimum"), ([1.0, 0.5, 3.0], "minimum"), ([1e-9, 2.0], "minimum"),
    ([-1.0, -4.0], "maximum"), ([-2.0, -3.0, -0.1, -7.0], "maximum"),
    ([2.0, -2.0], "saddle"), ([1.0, 0.0, -1.0], "saddle"), ([1e-3, -1e-3], "saddle"), ([5e-11, 3.0, -3.0], "saddle"),
    ([0.0, 2.0], "degenerate"), ([0.0, -2.0], "degenerate"), ([0.0, 0.0], "degenerate"),
    ([1e-12, 3.0], "degenerate"), ([-5e-11, -1.0, -2.0], "degenerate"), ([9e-11], "degenerate"),
])
def test_classification_examples_including_eigenvalues_within_the_zero_tolerance(eigenvalues, label):
    assert gd2d.classify_critical_point(symmetric_with_eigenvalues(eigenvalues, seed=len(eigenvalues))) == label


def test_classifies_the_critical_points_of_the_loss_and_accepts_nested_lists():
    assert gd2d.classify_critical_point(gd2d.hessian_loss_2d(MINIMUM_1)) == "minimum"
    assert gd2d.classify_critical_point(gd2d.hessian_loss_2d(MINIMUM_2)) == "minimum"
    assert gd2d.classify_critical_point(gd2d.hessian_loss_2d(SADDLE)) == "saddle"
    assert gd2d.classify_critical_point([[2, 0], [0, 3]]) == "minimum"


# gd_step

@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=5), st.floats(0, 2))
def test_step_moves_against_the_gradient_into_a_new_array(pairs, step_size):
    beta, grad = (np.array(column) for column in zip(*pairs))
    kept_beta, kept_grad = beta.copy(), grad.copy()
    new = gd2d.gd_step(beta, grad, step_size)
    assert new is not beta and new.dtype == np.float64
    np.testing.assert_array_equal(new, kept_beta - step_size * kept_grad)
    np.testing.assert_array_equal(beta, kept_beta)
    np.testing.assert_array_equal(grad, kept_grad)


def test_step_accepts_lists():
    np.testing.assert_allclose(gd2d.gd_step([4, 1], [4, 0], 1.0), [0.0, 1.0])


# gradient_descent

def sgd_path(loss, beta0, step_size, steps):
    """The iterates of torch.optim.SGD minimising loss from beta0, in float64."""
    p = torch.tensor(beta0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=step_size)
    path = [p.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss(p).backward()
        optimizer.step()
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


def bowl(curvatures):
    """A convex loss in any dimension: a quadratic bowl plus a quartic term."""
    weights = torch.tensor(curvatures, dtype=torch.float64)
    return lambda x: torch.sum(weights * (x - 0.5) ** 2) + 0.05 * torch.sum(x ** 4)


def numpy_gradient(loss):
    return lambda beta: autograd_gradient(loss, beta)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-2, 2), min_size=n, max_size=n), st.lists(st.floats(0.1, 3), min_size=n, max_size=n))),
    st.floats(0.001, 0.15), st.integers(0, 30), st.booleans())
def test_path_equals_torch_sgd_in_any_dimension(start_and_curvatures, step_size, steps, as_list):
    beta0, curvatures = start_and_curvatures
    loss = bowl(curvatures)
    start = beta0 if as_list else np.array(beta0)
    path = gd2d.gradient_descent(numpy_gradient(loss), start, step_size, steps)
    assert path.shape == (steps + 1, len(beta0)) and path.dtype == np.float64
    np.testing.assert_array_equal(path[0], beta0)
    np.testing.assert_allclose(path, sgd_path(loss, beta0, step_size, steps), rtol=1e-6, atol=1e-6)


SCENARIOS = [((4.0, 1.075), 0.2, 32), ((0.0, -0.5), 0.02, 64), ((4.0, 0.9999), 0.1, 64),
             ((4.0, 1.0), 0.1, 64), ((4.0, 1.0), 1.0, 8), ((4.0, 2.5), 0.28, 40)]


@pytest.mark.parametrize("beta0, step_size, steps", SCENARIOS)
def test_path_on_the_2d_loss_equals_torch_sgd(beta0, step_size, steps):
    path = gd2d.gradient_descent(gd2d.grad_loss_2d, list(beta0), step_size, steps)
    np.testing.assert_allclose(path, sgd_path(torch_loss_2d, beta0, step_size, steps), rtol=1e-6, atol=1e-6)


def test_blow_up_keeps_inf_and_nan_without_raising():
    with np.errstate(all="raise"):
        path = gd2d.gradient_descent(gd2d.grad_loss_2d, [4.0, 2.5], 0.29, 40)
    assert path.shape == (41, 2)
    assert np.isnan(path[-1, 1]) and not np.isfinite(path[:, 1]).all()
    finite = np.isfinite(path[:, 1]).sum()
    assert not np.isfinite(path[finite:, 1]).any()
    assert np.all(np.diff(np.abs(path[:finite, 1] - 1)) > 0)
    np.testing.assert_allclose(path[:6], sgd_path(torch_loss_2d, (4.0, 2.5), 0.29, 5), rtol=1e-6)


def test_path_does_not_change_its_start():
    beta0 = np.array([4.0, 1.075])
    gd2d.gradient_descent(gd2d.grad_loss_2d, beta0, 0.2, 5)
    np.testing.assert_array_equal(beta0, [4.0, 1.075])


def test_zero_steps_give_the_start_alone():
    np.testing.assert_array_equal(gd2d.gradient_descent(gd2d.grad_loss_2d, [1, 2], 0.1, 0), [[1.0, 2.0]])


# the six scenarios of the seed notebook

def run(beta0, step_size, steps):
    return gd2d.gradient_descent(gd2d.grad_loss_2d, beta0, step_size, steps)


def test_scenario_good_start_finds_minimum_1():
    np.testing.assert_allclose(run([4.0, 1.075], 0.2, 32)[-1], MINIMUM_1, atol=1e-6)


def test_scenario_small_step_heads_towards_minimum_2_without_reaching_it():
    path = run([0.0, -0.5], 0.02, 64)
    distances = np.linalg.norm(path - MINIMUM_2, axis=1)
    assert np.all(np.diff(distances) < 0)
    assert 0.05 < distances[-1] < np.linalg.norm(path[-1] - MINIMUM_1)
    assert np.all(np.diff(gd2d.loss_2d(path.T)) < 0)


def test_scenario_just_below_the_ridge_leaves_it_for_minimum_2():
    path = run([4.0, 0.9999], 0.1, 64)
    assert np.linalg.norm(path[-1] - MINIMUM_2) < 1e-3
    assert abs(path[10, 1] - 1) < 0.01


def test_scenario_on_the_ridge_stalls_on_the_saddle():
    path = run([4.0, 1.0], 0.1, 64)
    np.testing.assert_array_equal(path[:, 1], 1.0)
    np.testing.assert_allclose(path[-1], SADDLE, atol=1e-5)


def test_scenario_step_size_one_oscillates_between_two_points():
    path = run([4.0, 1.0], 1.0, 8)
    np.testing.assert_array_equal(path[0::2], np.tile([4.0, 1.0], (5, 1)))
    np.testing.assert_array_equal(path[1::2], np.tile([0.0, 1.0], (4, 1)))


def test_scenario_high_start_explodes_at_0_29_and_converges_at_0_28():
    exploding = run([4.0, 2.5], 0.29, 40)
    assert not np.isfinite(exploding[-1]).all()
    assert np.abs(exploding[8, 1]) > 1e100
    np.testing.assert_allclose(run([4.0, 2.5], 0.28, 40)[-1], MINIMUM_1, atol=1e-6)


# max_stable_step_size

def converges_on_quadratic(hessian, step_size, steps=400):
    """Whether GD on 0.5 xᵀHx shrinks the start (every eigen-direction present) to below 1e-6."""
    eigenvalues, vectors = np.linalg.eigh(hessian)
    start = vectors.sum(axis=1)
    path = gd2d.gradient_descent(lambda x: hessian @ x, start, step_size, steps)
    top = np.abs(path[-1] @ vectors[:, -1])
    return top < 1e-6 and np.linalg.norm(path[-1]) < np.linalg.norm(start)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.05, 20), min_size=1, max_size=5), seeds)
def test_stable_step_size_separates_convergence_from_divergence(eigenvalues, seed):
    hessian = symmetric_with_eigenvalues(eigenvalues, seed)
    limit = gd2d.max_stable_step_size(hessian)
    assert isinstance(limit, float)
    assert limit == pytest.approx(2 / max(eigenvalues), rel=1e-10)
    assert converges_on_quadratic(hessian, 0.98 * limit)
    assert not converges_on_quadratic(hessian, 1.02 * limit)


def test_stable_step_size_at_the_minima_is_one_half_and_rules_gd_near_them():
    assert gd2d.max_stable_step_size(gd2d.hessian_loss_2d(MINIMUM_1)) == pytest.approx(0.5)
    nearby = MINIMUM_1 + [0.0, 1e-3]
    np.testing.assert_allclose(run(nearby, 0.49, 200)[-1], MINIMUM_1, atol=1e-6)
    assert np.abs(run(nearby, 0.51, 200)[-1] - MINIMUM_1).max() > 1e-2


def test_stable_step_size_accepts_nested_lists_and_keeps_its_input():
    hessian = np.array([[3.0, 1.0], [1.0, 3.0]])
    assert gd2d.max_stable_step_size(hessian.tolist()) == pytest.approx(0.5)
    np.testing.assert_array_equal(hessian, [[3.0, 1.0], [1.0, 3.0]])
