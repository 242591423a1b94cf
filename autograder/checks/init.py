"""Hidden checks of init: layer statistics, an initialisation that trains, and isometric initialisation.

Tolerances and bands, measured:
- layer_stats, relative tolerance 5%: correct variants (population std, numpy in float64, gradients reset to
  None) stay within 1.3% of the reference on the MLP and 2.2% on the Tower (population std of 24 entries);
  the known mistakes that change the numbers are 44% off or more in at least one of the cases below.
- good_init_, activation scale: the factor by which each layer changes the std of the activations, as a
  geometric mean over 4 seeds, lies in 0.23..4.0 for PyTorch's default, Xavier, He (fan-in and fan-out),
  orthogonal and std-1 weights (100 groups of seeds; single seeds reach 0.13..7.2), hence the band [1/8, 8];
  std 10 gives 12..40, std 0.01 about 0.01, the constant 0.5 gives 10 at the output layer.
- good_init_, training: 100 Adam steps (lr 0.01, batches of 256) from the bad ramp and then the
  initialisation; the mean loss of the last 10 steps over 3 seeds, relative to the bad ramp alone, is
  0.44..0.64 for the same correct initialisations (10 groups of seeds; single seeds 0.37..0.70), hence the
  bound 0.8; zeros give 1.5, the constant 0.5 1.08, std 0.01 0.93, an unchanged network 1.0, std 10 over 500.
- isometric_init: the product of 100 weights with sigma 0.01 lies in 0.65..1.41 over 10,000 seeds (numpy
  and torch generators), hence [0.5, 2]; the sample std of 400 weights is 0.87..1.11 times sigma over 2,000
  seeds, hence [0.75, 1.25]; their mean stays within 3.6 sigma / sqrt(depth) of 1, hence 6.
"""
import functools

import numpy as np
import pytest

from autograder.compare import prediction
from autograder.feedback import as_array, curves, describe_call, expect, expect_close, fail, picture, show
from autograder.mistakes import outputs
from autograder.mistakes.init import (
    CONSTANT,
    HOOKS_LEFT,
    LAYER_SKIPPED,
    NO_NOISE,
    NO_ONE,
    SEED_IGNORED,
    SIGMA_IGNORED,
    SIGMA_SQUARED,
    TENSOR_RETURNED,
    TENSORS_RETURNED,
    TOO_LARGE,
    TOO_SMALL,
    UNCHANGED,
    ZEROS,
)
from autograder.probes import init as probes
from autograder.sandbox.wire import Tensor

item, points, needs_values = pytest.mark.item, pytest.mark.points, pytest.mark.needs_values
A = "init"

STATS_RTOL = 0.05   # population std: 1.3% (MLP), 2.2% (Tower); known mistakes: 44% or more
STATS_ATOL = 1e-9   # gradients that are exactly 0 (the layers behind the bad ramp's zero output weights)
SCALE_BAND = (1 / 8, 8)
TRAINING_BOUND = 0.8
PRODUCT_BAND = (0.5, 2.0)
SPREAD_BAND = (0.75, 1.25)
MEAN_SIGMAS = 6


# -- layer_stats ---------------------------------------------------------------------

MLP_CASES = [("default", 0, 10), ("default", 1, 11), ("bad ramp", 0, 1), ("bad ramp", 3, 2)]
TOWER_CASE = ("tower", 0, 3)
NETWORKS = {  # code that builds each network as probes.stats does (the tower: the layers of probes.Tower)
    "default": "torch.manual_seed({seed}); net = make_mlp()",
    "bad ramp": "torch.manual_seed({seed}); net = make_mlp(); bad_init_(net)",
    "tower": "torch.manual_seed({seed})\nnet = nn.Sequential(nn.Linear(2, 16), nn.Tanh(),\n"
             "                    nn.Sequential(nn.Linear(16, 8), nn.Tanh()), nn.Linear(8, 3))",
}


def stats_code(network, seed, batch_seed, calls=1):
    """Code the student can paste into the notebook to rerun a layer_stats case: the network and the batch
    as probes.stats builds them, then `calls` calls."""
    return "\n".join([NETWORKS[network].format(seed=seed),
                      f"x, target = sample_batch(256, torch.Generator().manual_seed({batch_seed}))",
                      "; ".join(["layer_stats(net, x, target)"] * calls)])


def _stats(student, reference, network, seed, batch_seed):
    """layer_stats called twice on both sides: (got, want, call, the known mistakes' outputs)."""
    call = stats_code(network, seed, batch_seed)
    args = (network, seed, batch_seed)
    found = functools.cache(lambda: outputs(reference, A, "layer_stats", lambda r: r.probe(probes.stats, *args)))
    return student.probe(probes.stats, *args, shown_as=call), reference.probe(probes.stats, *args), call, found


def _entries(result, k, call, count):
    stats = result["calls"][k]
    expect(isinstance(stats, list) and all(isinstance(s, dict) for s in stats),
           f"{call} returned {show(stats)}, expected a list with one dict per nn.Linear")
    expect(len(stats) == count, f"{call} returned {len(stats)} dicts, expected {count}, one per nn.Linear")
    return stats


def _values(result, k, key, call, count):
    """The `key` of every dict the k-th call returned, or a failure saying what is wrong with them."""
    stats = _entries(result, k, call, count)
    for s in stats:
        expect(key in s, f"{call} returned a dict without the key {key!r} (keys: {sorted(s)})")
    return [s[key] for s in stats]


def _numbers(result, k, key):
    """As _values, for a known mistake's output: None where that output cannot be read."""
    try:
        return [float(np.asarray(s[key])) for s in result["calls"][k]]
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _compare_stats(student, reference, key, k=0):
    for case in MLP_CASES:
        got, want, call, found = _stats(student, reference, *case)
        count = len(want["calls"][k])
        names = [s["name"] for s in want["calls"][k]]
        what = f"the {key} of each nn.Linear ({', '.join(names)})"
        if k:
            call, what = stats_code(*case, calls=2), f"{what} returned by the second call"
        expect_close(_values(got, k, key, call, count), _values(want, k, key, call, count), call, what,
                     rtol=STATS_RTOL, atol=STATS_ATOL,
                     mistakes=lambda: {e: _numbers(o, k, key) for e, o in found().items()},
                     drawn=curves(f"{key} per nn.Linear: {call.splitlines()[-1]}", key, "nn.Linear", names))


@item("layer_stats")
@points(0.5)
@needs_values
def check_layer_stats_names_every_linear_with_floats(student, reference):
    """returns one dict per nn.Linear, named as in named_modules(), with Python floats, also for another network"""
    for case in (MLP_CASES[0], TOWER_CASE):
        got, want, call, _ = _stats(student, reference, *case)
        expected = [s["name"] for s in want["calls"][0]]
        stats = _entries(got, 0, call, len(expected))
        names = [s.get("name") for s in stats]
        expect(names == expected, f"{call} returned the names {show(names)}, expected {show(expected)}: one dict "
                                  "per nn.Linear, in the order of net.named_modules() and named as there")
        for s in stats:
            for key in ("act_std", "grad_std"):
                value = s.get(key)
                expect(isinstance(value, float),
                       f"{call} returned {key} = {show(value)} for {s['name']}, expected a Python float (use .item())",
                       TENSORS_RETURNED if isinstance(value, Tensor) else None)


@item("layer_stats")
@points(1)
def check_layer_stats_act_std_before_the_activation(student, reference):
    """act_std is the std of each nn.Linear's own output, before the activation (default and bad ramp MLPs)"""
    _compare_stats(student, reference, "act_std")


@item("layer_stats")
@points(0.75)
def check_layer_stats_grad_std_of_the_weight_gradient(student, reference):
    """grad_std is the std of each nn.Linear's weight gradient (default and bad ramp MLPs)"""
    _compare_stats(student, reference, "grad_std")


@item("layer_stats")
@points(0.5)
def check_layer_stats_zeroes_the_gradients_first(student, reference):
    """zeroes the gradients first: a second call on the same network gives the same grad_std"""
    _compare_stats(student, reference, "grad_std", k=1)


@item("layer_stats")
@points(0.25)
@needs_values
def check_layer_stats_removes_its_hooks(student, reference):
    """leaves no hooks on the network"""
    got, _, _, _ = _stats(student, reference, *MLP_CASES[0])
    expect(got["hooks"] == 0, f"{stats_code(*MLP_CASES[0], calls=2)} left {got['hooks']} hooks on the network, "
                              "expected none", HOOKS_LEFT)


# -- good_init_ ----------------------------------------------------------------------

INIT_SEEDS = (0, 1, 2, 3)
TRAINING_SEEDS, TRAINING_STEPS = (0, 1, 2), 100


BAD_RAMP = "torch.manual_seed({seed}); mlp = make_mlp(); bad_init_(mlp)"  # as probes.initialised builds it
SCALE_BATCH = "x, _ = sample_batch(1000, torch.Generator().manual_seed(0))"   # as probes.initialised draws it


def init_code(seed):
    """Code the student can paste into the notebook to rerun good_init_ on the network of probes.initialised."""
    return f"{BAD_RAMP.format(seed=seed)}\ngood_init_(mlp)"


def scale_code(seeds):
    """Code the student can paste into the notebook to rebuild the batch and the networks of the activation
    scale check, one network per seed."""
    return "\n".join([SCALE_BATCH, f"for s in {list(seeds)!r}:", f"    {BAD_RAMP.format(seed='s')}",
                      "    good_init_(mlp)"])


def _layers(student, seed):
    """What good_init_ left in each nn.Linear, with float64 weights: a list of dicts (see probes.initialised)."""
    call = init_code(seed)
    result = student.probe(probes.initialised, seed, shown_as=call)
    layers = [dict(layer, weight=as_array(layer["weight"], call, "the weights"),
                   weight_before=np.asarray(layer["weight_before"], dtype=np.float64)) for layer in result["layers"]]
    return layers, result["input_std"], call


def _duplicate_rows(weight):
    """(i, j) of the first two identical rows of a matrix, or None."""
    _, first, inverse = np.unique(weight, axis=0, return_index=True, return_inverse=True)
    for j, group in enumerate(inverse.ravel()):
        if first[group] != j:
            return int(first[group]), j
    return None


def _plainly_random(layers):
    """Every layer has new weights and distinct units: what is left to judge is their scale."""
    return all(not np.array_equal(layer["weight"], layer["weight_before"]) and _duplicate_rows(layer["weight"]) is None
               for layer in layers)


@item("good_init")
@points(0.5)
@needs_values
def check_good_init_gives_every_linear_new_weights(student, reference):
    """gives every nn.Linear new weights, in place (the network starts from the bad ramp)"""
    layers, _, call = _layers(student, 0)
    kept = [layer["name"] for layer in layers if np.array_equal(layer["weight"], layer["weight_before"])]
    if len(kept) == len(layers):
        hint = UNCHANGED
    else:
        hint = ZEROS if not any(layer["weight"].any() for layer in layers) else LAYER_SKIPPED
    expect(not kept, f"{call} left the weights of {', '.join(kept)} as they were (the bad ramp), expected new "
                     "weights in every nn.Linear", hint)


@item("good_init")
@points(0.5)
def check_good_init_breaks_the_symmetry(student, reference):
    """breaks the symmetry: no two units of a layer get the same weights (4 seeds)"""
    for seed in INIT_SEEDS:
        layers, _, call = _layers(student, seed)
        for layer in layers:
            weight = layer["weight"]
            pair = _duplicate_rows(weight)
            if pair is None:
                continue
            kept = np.array_equal(weight, layer["weight_before"])
            hint = None if kept or np.any(weight != weight.flat[0]) else ZEROS if not weight.any() else CONSTANT
            fail(f"{call} left units {pair[0]} and {pair[1]} of {layer['name']} with the same weights "
                 f"{show(weight[pair[0]])}" + (" (those of the bad ramp)" if kept else "") + ": they compute the "
                 "same output and get the same gradient, so training cannot tell them apart", hint)


@item("good_init")
@points(0.5)
def check_good_init_keeps_the_activation_scale(student, reference):
    """keeps the activation std within a factor 8 from layer to layer (geometric mean over 4 seeds)"""
    runs = [_layers(student, seed) for seed in INIT_SEEDS]
    names = [layer["name"] for layer in runs[0][0]]
    scales = _scales(runs)
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.exp(np.mean(np.log(scales[:, 1:] / scales[:, :-1]), axis=0))
    low, high = SCALE_BAND
    for k, factor in enumerate(factors):
        if low <= factor <= high:
            continue
        hint = None
        if all(_plainly_random(layers) for layers, _, _ in runs) and factor > 0:
            hint = TOO_LARGE if factor > high else TOO_SMALL
        before = "the input batch" if k == 0 else f"{names[k - 1]}'s output"
        fail(f"{scale_code(INIT_SEEDS)}\nthen, on x, the std of {names[k]}'s output (before the activation) is "
             f"{factor:.3g} times the std of {before} (geometric mean over the seeds), expected a factor between "
             f"1/8 and 8\n  std of the input batch and of each nn.Linear's output, averaged over the seeds: "
             f"{show(scales.mean(axis=0))}", hint,
             picture=picture("std of the input and of each nn.Linear's output after good_init_ (mean over seeds)",
                             {"yours": scales.mean(axis=0),
                              "reference": _scales([_layers(reference, s) for s in INIT_SEEDS]).mean(axis=0)},
                             "the input, then the output of each nn.Linear", "std", log=True,
                             ticks=["input"] + names))


def _scales(runs):
    """Per seed, the std of the input batch and of each nn.Linear's output."""
    return np.array([[input_std] + [layer["act_std"] for layer in layers] for layers, input_std, _ in runs])


@item("good_init")
@points(0.5)
def check_good_init_trains_better_than_the_bad_ramp(student, reference):
    """trains clearly better than the bad ramp: after 100 Adam steps the loss is below 0.8 times the bad ramp's"""
    args = (TRAINING_SEEDS, TRAINING_STEPS)
    call = training_code(TRAINING_SEEDS, TRAINING_STEPS)
    got = as_array(student.probe(probes.training, "good_init_", *args, shown_as=call), call, "the losses")
    bad = np.asarray(reference.probe(probes.training, "bad_init_", *args))
    final, bound = float(np.mean(got[:, -10:])), TRAINING_BOUND * float(np.mean(bad[:, -10:]))
    expect(final < bound, f"{call}\nprints losses of the last 10 steps of {final:.4g} on average over the seeds, "
                          f"expected below {bound:.4g} ({TRAINING_BOUND} times the {bound / TRAINING_BOUND:.4g} "
                          "of init=bad_init_, the bad ramp alone)")


def training_code(seeds, steps):
    """Code the student can paste into the notebook to rerun the training of probes.training: the notebook's
    run_training with Adam, good_init_ applied after the bad ramp."""
    return "\n".join(["def bad_then_good(mlp):", "    bad_init_(mlp)", "    good_init_(mlp)",
                      f"for s in {list(seeds)!r}:",
                      f"    losses, _ = run_training(torch.optim.Adam, 0.01, steps={steps}, batch_size=256, seed=s,",
                      "                             init=bad_then_good)",
                      "    print(np.mean(losses[-10:]))"])


# -- isometric_init ---------------------------------------------------------------------

SPREAD_CASES = [(400, {}), (1000, {"sigma": 0.05, "seed": 1}), (500, {"sigma": 0.2, "seed": 2}),
                (400, {"sigma": 0.1, "seed": 7})]


def _weights(student, depth, **kwargs):
    """(the student's weights as float64, the call) for isometric_init(depth, **kwargs)."""
    call = describe_call("isometric_init", (depth,), kwargs)
    weights = as_array(student.call("isometric_init", depth, **kwargs), call, "the weights")
    expect(weights.shape == (depth,), f"{call} returned weights of shape {weights.shape}, expected ({depth},)")
    return weights, call


def _fits(weights, sigma):
    """Which known mistake the weights' mean and spread fit, if any."""
    spread, mean = float(np.std(weights)), float(np.mean(weights))
    if spread == 0:
        return NO_NOISE
    for explanation, expected in ((SIGMA_IGNORED, 1.0), (SIGMA_SQUARED, sigma ** 2)):
        if expected != sigma and SPREAD_BAND[0] <= spread / expected <= SPREAD_BAND[1]:
            return explanation
    return NO_ONE if abs(mean) < 0.5 else None


@item("isometric_init")
@points(0.25)
@needs_values
def check_isometric_init_returns_a_float64_array(student, reference):
    """returns a float64 numpy array of shape (depth,)"""
    for depth in (1, 7, 100):
        call = describe_call("isometric_init", (depth,))
        weights = student.call("isometric_init", depth)
        expect(not isinstance(weights, Tensor), f"{call} returned a torch tensor {show(weights)}, expected a float64 "
                                                "numpy array", TENSOR_RETURNED)
        expect(isinstance(weights, np.ndarray), f"{call} returned {show(weights)}, expected a numpy array")
        expect(weights.dtype == np.float64 and weights.shape == (depth,),
               f"{call} returned an array of dtype {weights.dtype} and shape {weights.shape}, expected float64 "
               f"and shape ({depth},)")


@item("isometric_init")
@points(0.25)
def check_isometric_init_spreads_by_sigma_around_one(student, reference):
    """spreads the weights around 1 with std sigma (0.01 by default), and gives exactly 1 for sigma = 0"""
    for depth, kwargs in SPREAD_CASES:
        weights, call = _weights(student, depth, **kwargs)
        sigma = kwargs.get("sigma", 0.01)
        spread, mean = float(np.std(weights)), float(np.mean(weights))
        low, high = (sigma * bound for bound in SPREAD_BAND)
        expect(low <= spread <= high, f"{call} returned weights {show(weights)} of std {spread:.4g}, expected "
                                      f"about sigma = {sigma:g} (between {low:.4g} and {high:.4g})",
               _fits(weights, sigma))
        margin = MEAN_SIGMAS * sigma / np.sqrt(depth)
        expect(abs(mean - 1) <= margin, f"{call} returned weights {show(weights)} of mean {mean:.6g}, expected 1 "
                                        f"within {margin:.3g}", _fits(weights, sigma))
    weights, call = _weights(student, 50, sigma=0.0, seed=3)
    expect_close(weights, np.ones(50), call, "the weights", rtol=0, atol=1e-12)


@item("isometric_init")
@points(0.25)
@needs_values
def check_isometric_init_keeps_the_product_near_one(student, reference):
    """keeps the product of 100 weights between 0.5 and 2 (5 seeds)"""
    for seed in range(5):
        weights, call = _weights(student, 100, seed=seed)
        product = float(np.prod(weights))
        expect(PRODUCT_BAND[0] <= product <= PRODUCT_BAND[1],
               f"np.prod({call}) = {product:.4g}, expected between {PRODUCT_BAND[0]:g} and {PRODUCT_BAND[1]:g}: "
               "weights of 1 + 0.01·noise keep the product of 100 layers near 1", _fits(weights, 0.01))


@item("isometric_init")
@points(0.25)
def check_isometric_init_follows_its_seed(student, reference):
    """gives the same weights for the same seed and other weights for another seed"""
    first, call = _weights(student, 200, sigma=0.05, seed=3)
    again, _ = _weights(student, 200, sigma=0.05, seed=3)
    expect(np.array_equal(first, again), f"{call} called twice returned different weights: first "
                                         f"{show(first)}, then {show(again)}", SEED_IGNORED)
    other, other_call = _weights(student, 200, sigma=0.05, seed=4)
    expect(not np.array_equal(first, other), f"{call} and {other_call} returned the same weights {show(first)}",
           NO_NOISE if np.std(first) == 0 else SEED_IGNORED)


# -- predictions -------------------------------------------------------------------


@item("predict_bad_init_learners")
@points(1)
def check_predict_bad_init_learners(student, reference):
    """predicts which layers of the bad ramp get a gradient"""
    prediction(student, reference, A, "predict_bad_init_learners",
               "The error signal reaches a hidden layer only through the weights of the layers above it, and "
               "the output weights are all zero, so layer1.0 and layer2.0 get exactly zero gradient. The output "
               "layer's own weight gradient is the error times the second layer's activations, which are not "
               "zero: only layer3.0 learns.")


@item("predict_deeper_rate")
@points(1)
def check_predict_deeper_rate(student, reference):
    """predicts how the fastest learning rate changes with depth"""
    prediction(student, reference, A, "predict_deeper_rate",
               "All D weights move the product in the same direction at each step, so one step changes the "
               "product about D times as much as one weight would: the effective step grows with depth, and the "
               "fastest stable rate falls (here from about 0.07 at depth 10 to about 0.01 at depth 60).")
