"""The init reference: layer statistics, initialisations judged by their properties, the deep narrow network."""
import math

import matplotlib
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import pyplot as plt
from torch import nn
from torch.nn.functional import cross_entropy, relu

from autograder.reference import init

matplotlib.use("Agg")
torch.set_num_threads(1)

SEEDS = range(5)
RATIO_BAND = (1 / 8, 8)


def seeded_mlp(seed, init_fn=None):
    torch.manual_seed(seed)
    mlp = init.make_mlp()
    if init_fn is not None:
        init_fn(mlp)
    return mlp


def batch(size=500, seed=123):
    return init.sample_batch(size, torch.Generator().manual_seed(seed))


# --- initialisations to judge ---------------------------------------------------

def each_linear(weight_init):
    """An init function applying `weight_init` to every weight, with zero biases."""
    def apply(mlp):
        for module in mlp.modules():
            if isinstance(module, nn.Linear):
                weight_init(module.weight)
                nn.init.zeros_(module.bias)
    return apply


SOUND = {
    "reference": init.good_init_,
    "pytorch default": lambda mlp: None,
    "xavier": each_linear(nn.init.xavier_normal_),
    "he": each_linear(lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu")),
}
CONSTANT = each_linear(lambda w: nn.init.constant_(w, 0.5))
STD_10 = each_linear(lambda w: nn.init.normal_(w, std=10.0))


# --- the properties the hidden checks measure -------------------------------------

def units_distinct(mlp):
    """True when no two output units of any nn.Linear have the same incoming weights."""
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            w = module.weight.detach()
            distances = torch.cdist(w, w).fill_diagonal_(math.inf)
            if distances.min() <= 1e-6 * w.abs().max().clamp(min=1e-12):
                return False
    return True


def activation_ratios(init_fn):
    """Geometric mean over SEEDS of act_std(layer k) / act_std(layer k - 1), the input counting as layer 0."""
    x, target = batch(1000)
    logs = []
    for seed in SEEDS:
        stds = [x.std().item()] + [s["act_std"] for s in init.layer_stats(seeded_mlp(seed, init_fn), x, target)]
        logs.append(np.diff(np.log(stds)))
    return np.exp(np.mean(logs, axis=0))


def short_run_loss(init_fn):
    """Mean over three seeds of the last ten losses of 100 Adam steps (lr 0.01, batch 256)."""
    return np.mean([np.mean(init.run_training(torch.optim.Adam, 0.01, steps=100, batch_size=256, seed=seed,
                                              init=init_fn)[0][-10:]) for seed in range(3)])


@pytest.fixture(scope="module")
def bad_init_loss():
    return short_run_loss(init.bad_init_)


# --- layer_stats ---------------------------------------------------------------

def direct_stats(mlp, x, target):
    """The statistics computed layer by layer, without hooks, from a fresh graph."""
    linears = [mlp.layer1[0], mlp.layer2[0], mlp.layer3[0]]
    pre1 = linears[0](x)
    pre2 = linears[1](relu(pre1))
    pre3 = linears[2](relu(pre2))
    grads = torch.autograd.grad(cross_entropy(pre3, target), [m.weight for m in linears])
    return [(pre.std().item(), g.std().item()) for pre, g in zip([pre1, pre2, pre3], grads)]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(2, 300))
def test_layer_stats_matches_a_direct_layer_by_layer_computation(seed, size):
    mlp = seeded_mlp(seed)
    x, target = batch(size, seed)
    stats = init.layer_stats(mlp, x, target)
    assert [s["name"] for s in stats] == ["layer1.0", "layer2.0", "layer3.0"]
    for s, (act_std, grad_std) in zip(stats, direct_stats(mlp, x, target), strict=True):
        assert s["act_std"] == pytest.approx(act_std, rel=1e-5, abs=1e-8)
        assert s["grad_std"] == pytest.approx(grad_std, rel=1e-5, abs=1e-8)


def test_layer_stats_returns_python_floats():
    for s in init.layer_stats(seeded_mlp(0), *batch()):
        assert set(s) == {"name", "act_std", "grad_std"}
        assert type(s["act_std"]) is float and type(s["grad_std"]) is float


def test_layer_stats_zeroes_stale_gradients_so_repeated_calls_agree():
    mlp = seeded_mlp(1)
    x, target = batch()
    first = init.layer_stats(mlp, x, target)
    cross_entropy(mlp(x), target).backward()
    assert init.layer_stats(mlp, x, target) == first


def test_layer_stats_removes_its_hooks_and_leaves_the_weights_alone():
    mlp = seeded_mlp(2)
    before = [p.detach().clone() for p in mlp.parameters()]
    init.layer_stats(mlp, *batch())
    assert all(not m._forward_hooks for m in mlp.modules())
    assert all(torch.equal(p, q) for p, q in zip(mlp.parameters(), before))


def test_layer_stats_follows_named_modules_of_any_network():
    torch.manual_seed(3)
    net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 8), nn.Linear(8, 3))
    x = torch.randn(64, 2)
    target = torch.randint(0, 3, (64,))
    stats = init.layer_stats(net, x, target)
    assert [s["name"] for s in stats] == ["0", "2", "4", "5"]
    assert stats[-1]["act_std"] == pytest.approx(net(x).std().item(), rel=1e-6)


def test_bad_init_sends_gradient_only_to_the_last_layer():
    stats = init.layer_stats(seeded_mlp(0, init.bad_init_), *batch())
    assert [s["grad_std"] for s in stats[:2]] == [0.0, 0.0]
    assert stats[2]["grad_std"] > 0.1


# --- good_init_ --------------------------------------------------------------------

def test_good_init_works_in_place_and_returns_none():
    mlp = seeded_mlp(0)
    assert init.good_init_(mlp) is None
    assert all(torch.all(m.bias == 0) for m in mlp.modules() if isinstance(m, nn.Linear))


def test_good_init_draws_new_weights_from_the_global_seed():
    first, again, other = seeded_mlp(4, init.good_init_), seeded_mlp(4, init.good_init_), seeded_mlp(5, init.good_init_)
    assert all(torch.equal(p, q) for p, q in zip(first.parameters(), again.parameters()))
    assert not torch.equal(first.layer2[0].weight, other.layer2[0].weight)


@pytest.mark.parametrize("name", SOUND)
def test_sound_initialisations_break_symmetry(name):
    assert all(units_distinct(seeded_mlp(seed, SOUND[name])) for seed in SEEDS)


@pytest.mark.parametrize("name", SOUND)
def test_sound_initialisations_keep_activation_scale_within_the_band(name):
    ratios = activation_ratios(SOUND[name])
    assert np.all((RATIO_BAND[0] < ratios) & (ratios < RATIO_BAND[1])), ratios


@pytest.mark.parametrize("name", SOUND)
def test_sound_initialisations_train_better_than_the_bad_one(name, bad_init_loss):
    assert short_run_loss(SOUND[name]) < 0.8 * bad_init_loss


def test_constant_weights_leave_units_identical():
    assert not units_distinct(seeded_mlp(0, CONSTANT))


def test_std_10_blows_up_the_activation_scale():
    assert units_distinct(seeded_mlp(0, STD_10))
    assert activation_ratios(STD_10).max() > RATIO_BAND[1]


def test_bad_ramp_leaves_the_output_units_identical():
    assert not units_distinct(seeded_mlp(0, init.bad_init_))


# --- isometric_init --------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(depth=st.integers(0, 500), sigma=st.floats(0.0, 0.05), seed=st.integers(0, 2**31))
def test_isometric_init_has_one_float64_weight_per_layer(depth, sigma, seed):
    ws = init.isometric_init(depth, sigma, seed)
    assert ws.shape == (depth,) and ws.dtype == np.float64
    assert np.all(np.abs(ws - 1) <= 7 * sigma)


@settings(max_examples=30, deadline=None)
@given(depth=st.integers(100, 1000), sigma=st.floats(0.001, 0.05), seed=st.integers(0, 2**31))
def test_isometric_init_has_mean_one_and_spread_sigma(depth, sigma, seed):
    ws = init.isometric_init(depth, sigma, seed)
    assert abs(ws.mean() - 1) < 5 * sigma / math.sqrt(depth)
    assert 0.7 * sigma < ws.std() < 1.3 * sigma


def test_isometric_product_over_100_layers_neither_vanishes_nor_explodes():
    products = [np.prod(init.isometric_init(100, seed=seed)) for seed in range(200)]
    assert 0.6 < min(products) and max(products) < 1.6


def test_isometric_init_is_reproducible_from_its_seed():
    assert np.array_equal(init.isometric_init(50, seed=7), init.isometric_init(np.int64(50), seed=7))
    assert not np.array_equal(init.isometric_init(50, seed=7), init.isometric_init(50, seed=8))
    assert np.array_equal(init.isometric_init(20, sigma=0.0), np.ones(20))


# --- the deep narrow linear network ------------------------------------------------

def test_deep_narrow_data_lies_on_the_line():
    x, y = init.deep_narrow_data(n=30, slope=-1.5, seed=4)
    assert x.shape == y.shape == (30,) and x.dtype == np.float64
    assert np.all(np.abs(x) <= 1) and np.allclose(y, -1.5 * x)


@given(ws=st.lists(st.floats(-2, 2), min_size=1, max_size=8))
def test_deep_narrow_loss_is_the_mse_of_the_product(ws):
    x, y = init.deep_narrow_data(n=20)
    assert init.deep_narrow_loss(ws, x, y) == pytest.approx(np.mean((y - math.prod(ws) * x) ** 2), rel=1e-12,
                                                             abs=1e-12)


def gd_by_hand(ws, x, y, lr, steps):
    """GD with dL/dw_i = -2·mean(x·(y - a·x))·prod_{j≠i} w_j, a = prod w."""
    ws = np.array(ws, dtype=np.float64)
    products = [np.prod(ws)]
    for _ in range(steps):
        a = np.prod(ws)
        others = np.array([np.prod(np.delete(ws, i)) for i in range(len(ws))])
        ws = ws - lr * (-2 * np.mean(x * (y - a * x)) * others)
        products.append(np.prod(ws))
    return np.array(products)


@settings(max_examples=20, deadline=None)
@given(ws=st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=6), lr=st.floats(0.0, 0.05),
       steps=st.integers(0, 20))
def test_train_deep_narrow_follows_gradient_descent_on_every_layer(ws, lr, steps):
    x, y = init.deep_narrow_data(n=20)
    original = list(ws)
    losses, products = init.train_deep_narrow(ws, x, y, lr, steps)
    assert ws == original
    assert losses.shape == products.shape == (steps + 1,)
    assert np.allclose(products, gd_by_hand(ws, x, y, lr, steps), rtol=1e-10, atol=1e-12)
    assert np.allclose(losses, [np.mean((y - a * x) ** 2) for a in products], rtol=1e-10, atol=1e-12)


def test_train_deep_narrow_records_a_blow_up_without_raising():
    x, y = init.deep_narrow_data()
    losses, _ = init.train_deep_narrow(np.full(100, 1.1), x, y, 0.01, 30)
    assert not np.isfinite(losses[-1])


def test_deeper_networks_need_smaller_learning_rates():
    x, y = init.deep_narrow_data()
    converges = [init.train_deep_narrow(np.full(depth, 0.9), x, y, 0.04, 300)[0][-1] < 1e-2 for depth in (10, 30)]
    assert converges == [True, False]


# --- plot helpers ---------------------------------------------------------------

def test_plot_grad_hist_draws_one_histogram_per_layer_with_exact_zeros_at_1e_12():
    mlp = seeded_mlp(0, init.bad_init_)
    x, target = batch()
    cross_entropy(mlp(x), target).backward()
    ax = init.plot_grad_hist(mlp, plt.figure().gca())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["layer1.0", "layer2.0", "layer3.0"]
    outlines = [patch.get_xy() for patch in ax.patches]
    assert [xy[:, 1].max() for xy in outlines[:2]] == [20 * 2 + 20, 20 * 20 + 20]
    peak = outlines[0][np.argmax(outlines[0][:, 1]), 0]
    assert 10 ** -12.5 <= peak <= 10 ** -11.5
    plt.close("all")


def test_plot_prediction_shows_target_and_network_probability():
    axes = init.plot_prediction(seeded_mlp(0))
    target, probability = (ax.get_images()[0].get_array() for ax in axes)
    assert target.shape == probability.shape == (100, 100)
    assert 0 <= probability.min() and probability.max() <= 1
    plt.close("all")


@pytest.mark.parametrize("losses, expected", [
    ([0.5, 0.02, 0.005, 0.001], 2),
    ([0.005, 0.001], 0),
    ([0.5, 0.005, 0.02, 0.001], 3),
    ([0.5, 0.005, 0.02], None),
    ([0.5, 0.005, np.nan], None),
])
def test_learning_time_is_the_first_step_from_which_the_loss_stays_below_the_threshold(losses, expected):
    assert init.learning_time(np.array(losses)) == expected
