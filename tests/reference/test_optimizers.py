"""The optimizers reference agrees with torch.optim and with the defining recurrences."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference import optimizers

SHAPES = [(3,), (2, 4), (1,), (2, 1, 3)]
STEPS = 60

values_lists = st.lists(st.floats(-1e3, 1e3, allow_nan=False), max_size=40)
betas = st.floats(0.0, 0.99)


def quartic_loss(params):
    """A loss whose gradient changes along the way and differs between parameters."""
    return sum((k + 1) * ((p - 0.3 * k) ** 2).sum() + 0.1 * (p ** 4).sum() for k, p in enumerate(params))


def make_params(seed=0, shapes=SHAPES):
    generator = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(torch.randn(shape, generator=generator, dtype=torch.float64)) for shape in shapes]


def run(optimizer, params, steps=STEPS, late=0):
    """Minimise quartic_loss with `optimizer`; return all parameters after every step.

    The last parameter joins the loss only after `late` steps, so until then its grad is None.
    """
    history = []
    for step in range(steps):
        optimizer.zero_grad()
        quartic_loss(params if step >= late else params[:-1]).backward()
        optimizer.step()
        history.append([p.detach().clone() for p in params])
    return history


def assert_same_paths(ours, theirs, tol=1e-6):
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        for p, q in zip(a, b, strict=True):
            assert torch.allclose(p, q, rtol=0, atol=tol), f"after step {step + 1}: {p} differs from {q}"


def assert_matches_torch(ours_cls, torch_cls, hyper, late=0):
    ours, theirs = make_params(), make_params()
    assert_same_paths(run(ours_cls(ours, **hyper), ours, late=late),
                      run(torch_cls(theirs, **hyper), theirs, late=late))


def momentum_by_recurrence(params, lr, beta, late=0):
    """Momentum written out directly: m <- beta m + (1 - beta) g from m = 0, p <- p - lr m."""
    velocities = [torch.zeros_like(p) for p in params]
    history = []
    for step in range(STEPS):
        active = params if step >= late else params[:-1]
        grads = torch.autograd.grad(quartic_loss(active), active)
        with torch.no_grad():
            for p, m, g in zip(active, velocities, grads):
                m.copy_(beta * m + (1 - beta) * g)
                p.copy_(p - lr * m)
        history.append([p.detach().clone() for p in params])
    return history


def ema_closed_form(values, beta):
    """e_t = (1 - beta) * sum over k <= t of beta^(t - k) x_k."""
    return np.array([(1 - beta) * sum(beta ** (t - k) * x for k, x in enumerate(values[:t + 1]))
                     for t in range(len(values))])


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-8)


# --- optimizers against torch.optim and the recurrences ------------------------

@pytest.mark.parametrize("lr", [1e-3, 0.01, 0.05])
def test_gd_follows_torch_sgd(lr):
    assert_matches_torch(optimizers.GD, torch.optim.SGD, {"lr": lr})


@pytest.mark.parametrize("hyper", [
    {},
    {"lr": 1e-3, "alpha": 0.9},
    {"lr": 0.05, "alpha": 0.5, "eps": 1e-3},
    {"lr": 0.01, "alpha": 0.99, "eps": 1.0},
])
def test_rmsprop_follows_torch_rmsprop(hyper):
    assert_matches_torch(optimizers.RMSProp, torch.optim.RMSprop, hyper)


@pytest.mark.parametrize("hyper", [
    {},
    {"lr": 0.05, "betas": (0.8, 0.99)},
    {"lr": 0.01, "betas": [0.0, 0.9]},
    {"lr": 0.02, "betas": (0.9, 0.999), "eps": 0.5},
])
def test_adam_follows_torch_adam(hyper):
    assert_matches_torch(optimizers.Adam, torch.optim.Adam, hyper)


@pytest.mark.parametrize("lr, beta", [(0.01, 0.9), (0.05, 0.5), (0.002, 0.99), (0.03, 0.0)])
def test_momentum_follows_its_recurrence_from_zero(lr, beta):
    ours, direct = make_params(), make_params()
    assert_same_paths(run(optimizers.Momentum(ours, lr=lr, beta=beta), ours),
                      momentum_by_recurrence(direct, lr, beta))


@pytest.mark.parametrize("lr, beta", [(0.01, 0.9), (0.05, 0.5)])
def test_momentum_is_torch_sgd_momentum_with_lr_scaled_by_one_minus_beta(lr, beta):
    ours, theirs = make_params(), make_params()
    assert_same_paths(run(optimizers.Momentum(ours, lr=lr, beta=beta), ours),
                      run(torch.optim.SGD(theirs, lr=lr * (1 - beta), momentum=beta), theirs))


def test_momentum_defaults_to_beta_09():
    ours, direct = make_params(), make_params()
    assert_same_paths(run(optimizers.Momentum(ours, lr=0.01), ours), momentum_by_recurrence(direct, 0.01, 0.9))


@pytest.mark.parametrize("ours_cls, torch_cls, hyper", [
    (optimizers.GD, torch.optim.SGD, {"lr": 0.01}),
    (optimizers.RMSProp, torch.optim.RMSprop, {"lr": 0.01}),
    (optimizers.Adam, torch.optim.Adam, {"lr": 0.05}),
])
def test_a_parameter_without_grad_is_skipped_and_later_starts_its_own_step_count(ours_cls, torch_cls, hyper):
    assert_matches_torch(ours_cls, torch_cls, hyper, late=7)


def test_momentum_of_a_late_parameter_starts_from_zero():
    ours, direct = make_params(), make_params()
    assert_same_paths(run(optimizers.Momentum(ours, lr=0.02, beta=0.8), ours, late=7),
                      momentum_by_recurrence(direct, 0.02, 0.8, late=7))


@pytest.mark.parametrize("make_optimizer", [
    lambda ps: optimizers.GD(ps, lr=0.1),
    lambda ps: optimizers.Momentum(ps, lr=0.1),
    lambda ps: optimizers.RMSProp(ps),
    lambda ps: optimizers.Adam(ps),
])
def test_parameters_that_never_get_a_gradient_stay_unchanged(make_optimizer):
    used, unused = make_params(1, [(3,)]) + make_params(2, [(2, 2)])
    frozen = torch.ones(4, dtype=torch.float64)
    before = unused.detach().clone()
    optimizer = make_optimizer([used, unused, frozen])
    for _ in range(5):
        optimizer.zero_grad()
        quartic_loss([used]).backward()
        optimizer.step()
    assert unused.grad is None and torch.equal(unused, before)
    assert torch.equal(frozen, torch.ones(4, dtype=torch.float64))


def test_adam_first_step_moves_every_component_by_lr_whatever_the_gradient_scale():
    scales = torch.tensor([1e-2, 1.0, 1e4], dtype=torch.float64)
    w = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    optimizer = optimizers.Adam([w], lr=0.1)
    (scales * w).sum().backward()
    optimizer.step()
    assert torch.allclose(w, torch.full((3,), -0.1, dtype=torch.float64), atol=1e-6)


def test_optimizers_accept_a_generator_of_parameters_and_keep_float32():
    model = torch.nn.Linear(3, 2)
    optimizer = optimizers.Adam(model.parameters(), lr=0.01)
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(2):
        optimizer.zero_grad()
        model(torch.ones(4, 3)).pow(2).mean().backward()
        optimizer.step()
    assert isinstance(optimizer.params, list) and len(optimizer.params) == 2
    assert all(p.dtype == torch.float32 and not torch.equal(p, b) for p, b in zip(model.parameters(), before))


def test_zero_grad_zeroes_existing_gradients_in_place():
    w = torch.nn.Parameter(torch.ones(2))
    (3 * w).sum().backward()
    grad = w.grad
    optimizers.GD([w], lr=0.1).zero_grad()
    assert w.grad is grad and torch.equal(grad, torch.zeros(2))


def test_the_template_leaves_update_param_to_subclasses():
    w = torch.nn.Parameter(torch.ones(2))
    w.sum().backward()
    with pytest.raises(NotImplementedError):
        optimizers.OptimizerBase([w], lr=0.1).step()


# --- moving averages ----------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(values_lists, betas)
def test_ema_follows_its_closed_form_starting_from_zero(values, beta):
    result = optimizers.ema(values, beta)
    assert isinstance(result, np.ndarray) and result.dtype == np.float64 and result.shape == (len(values),)
    assert_close(result, ema_closed_form(values, beta))


@settings(max_examples=60, deadline=None)
@given(values_lists, betas)
def test_ema_debiased_divides_by_one_minus_beta_to_the_t(values, beta):
    expected = ema_closed_form(values, beta) / (1 - beta ** np.arange(1, len(values) + 1))
    result = optimizers.ema_debiased(values, beta)
    assert result.dtype == np.float64
    assert_close(result, expected)


@settings(max_examples=60, deadline=None)
@given(values_lists, betas)
def test_ema_rms_is_the_root_of_the_debiased_mean_square(values, beta):
    squares = [x * x for x in values]
    expected = np.sqrt(ema_closed_form(squares, beta) / (1 - beta ** np.arange(1, len(values) + 1)))
    result = optimizers.ema_rms(values, beta)
    assert result.dtype == np.float64
    assert_close(result, expected)


@settings(max_examples=40, deadline=None)
@given(st.floats(-1e3, 1e3), st.integers(1, 50), st.floats(0.0, 0.999))
def test_debiased_ema_of_a_constant_is_the_constant_and_the_naive_one_is_pulled_to_zero(c, n, beta):
    assert_close(optimizers.ema_debiased([c] * n, beta), np.full(n, c))
    assert_close(optimizers.ema_rms([c] * n, beta), np.full(n, abs(c)))
    assert_close(optimizers.ema([c] * n, beta), c * (1 - beta ** np.arange(1, n + 1)))


def test_ema_of_an_empty_sequence_is_empty():
    for function in (optimizers.ema, optimizers.ema_debiased, optimizers.ema_rms):
        assert function([], 0.9).shape == (0,)


@pytest.mark.parametrize("function", [optimizers.ema, optimizers.ema_debiased, optimizers.ema_rms])
def test_emas_take_lists_tuples_and_arrays_alike_and_leave_them_unchanged(function):
    values = [3, -1.5, 2.0, 0.25, 8]
    array = np.array(values, dtype=np.float64)
    expected = function(values, 0.7)
    for same in (tuple(values), array, array.astype(np.float32)):
        np.testing.assert_array_equal(function(same, 0.7), expected)
    assert values == [3, -1.5, 2.0, 0.25, 8]
    np.testing.assert_array_equal(array, [3, -1.5, 2.0, 0.25, 8])


# --- given code ---------------------------------------------------------------

def test_pathological_loss_is_tanh_squared_plus_a_small_v_plus_a_sigmoid():
    w0, w1 = torch.tensor(0.7), torch.tensor(-3.0)
    expected = math.tanh(0.7) ** 2 + 0.03 + 1 / (1 + math.exp(3.0))
    assert optimizers.pathological_loss(w0, w1).item() == pytest.approx(expected, rel=1e-6)


def test_trajectory_starts_at_w_init_and_takes_one_row_per_step():
    path = optimizers.trajectory(optimizers.GD, [-3.0, 5.0], 20, lr=1.0)
    assert path.shape == (21, 2) and path.dtype == np.float64
    np.testing.assert_array_equal(path[0], [-3.0, 5.0])
    w = torch.tensor([-3.0, 5.0], requires_grad=True)
    optimizers.pathological_loss(w[0], w[1]).backward()
    np.testing.assert_allclose(path[1], (w - w.grad).detach().numpy(), rtol=1e-6)


def test_run_training_returns_a_loss_per_step_and_an_accuracy():
    losses, accuracy = optimizers.run_training(optimizers.Adam, lr=0.01, steps=60, batch_size=200, seed=1)
    assert len(losses) == 60 and all(isinstance(loss, float) for loss in losses)
    assert 0.0 <= accuracy <= 1.0
    assert np.mean(losses[-10:]) < np.mean(losses[:10])


def test_run_training_is_reproducible_for_a_seed():
    first = optimizers.run_training(optimizers.GD, lr=0.1, steps=10, batch_size=100, seed=3)
    assert optimizers.run_training(optimizers.GD, lr=0.1, steps=10, batch_size=100, seed=3) == first


def test_gradient_scales_trains_as_run_training_and_measures_each_layer_at_every_step():
    losses, accuracy, grads, steps = optimizers.gradient_scales(optimizers.GD, 0.1, steps=12, batch_size=100, seed=2)
    assert (losses, accuracy) == optimizers.run_training(optimizers.GD, 0.1, steps=12, batch_size=100, seed=2)
    assert list(grads) == list(steps) == ["layer1.0", "layer2.0", "layer3.0"]
    assert all(values.shape == (12,) and np.all(values > 0) for values in [*grads.values(), *steps.values()])
    for name in grads:  # GD's step is the learning rate times the gradient
        np.testing.assert_allclose(steps[name], 0.1 * grads[name], rtol=1e-3)


def test_gradient_scales_sees_no_gradient_in_the_hidden_layers_of_the_bad_ramp_at_first():
    _, _, grads, steps = optimizers.gradient_scales(optimizers.Adam, 0.03, init=optimizers.bad_init_, steps=3,
                                                    batch_size=100)
    assert grads["layer1.0"][0] == grads["layer2.0"][0] == 0.0 < grads["layer3.0"][0]
    assert steps["layer2.0"][0] == 0.0 and steps["layer3.0"][0] == pytest.approx(0.03, rel=1e-3)
