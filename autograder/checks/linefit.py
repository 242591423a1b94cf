"""Hidden checks of linefit: the L1 loss, its hand gradient, grid search, the GD loop and gradient clipping.

Tolerances, measured against correct variants that order float32 operations differently:
`l1_loss` drifts up to 1.6e-7 relative (sum / N, F.l1_loss, numpy in float64); float32 inside
`l1_line_grads` up to 6.2e-7 absolute and inside `grid_search` (the Line model evaluated on
the grid) up to 1.8e-6 relative; `train_line` histories and parameters up to 2.5e-6 relative
(F.l1_loss, add_ with alpha, norms in float64 or by torch.cat, 70 runs of up to 20 steps);
`clip_grad_norm` up to 3.5e-7 relative (norms by math, numpy or torch, `if factor < 1`,
out-of-place scaling, 5,000 cases). Known mistakes differ by 1e-3 relative or more; scaling only when
total > max_norm shows with norms near 1e-5 and max_norm just above them, where torch's factor
max_norm / (total + 1e-6) is about 0.97.
"""
import functools
import math

import numpy as np
import pytest
import torch

from autograder.compare import against_reference, pasted, prediction
from autograder.feedback import (
    as_array,
    close,
    curves,
    expect,
    expect_close,
    fail,
    illustrated,
    picture,
    show,
)
from autograder.mistakes import outputs
from autograder.mistakes.linefit import (
    MISSING_GRAD_NOT_SKIPPED,
    NOT_DIFFERENTIABLE,
    SHARED_HISTORY,
    TENSORS_RECORDED,
)
from autograder.probes import linefit as probes
from autograder.sandbox.wire import Tensor
from autograder.subjects import StudentFailed

item, points, needs_values = pytest.mark.item, pytest.mark.points, pytest.mark.needs_values
A = "linefit"

LOSS_RTOL = 1e-5    # float32 variants of l1_loss: 1.6e-7
GRADS_ATOL = 1e-5   # float32 inside l1_line_grads: 6.2e-7; one point changing side moves a derivative by >= 1/N
GRID_RTOL = 1e-5    # float32 grid evaluation: 1.8e-6
TRAIN_RTOL = 1e-4   # float32 training loops: 2.5e-6 after 20 steps
TRAIN_ATOL = 1e-6   # parameters that pass near 0
CLIP_RTOL = 1e-5    # float32 norms and scaling: 3.5e-7
NEAR_LIMIT = 1.02   # max_norm / total in the case where only the 1e-6 makes the factor below 1


def variants(reference, name, run):
    """The outputs of the item's known mistakes, computed once and only when asked for."""
    return functools.cache(lambda: outputs(reference, A, name, run))


def picked(found, key):
    """A mistakes mapping reduced to one part of each output."""
    return lambda: {explanation: key(output) for explanation, output in found().items()}


# -- l1_loss --------------------------------------------------------------------------

def _pair(seed, shape):
    rng = np.random.default_rng(seed)
    return (rng.normal(0.0, 4.0, shape).astype(np.float32), rng.normal(0.0, 4.0, shape).astype(np.float32))


def pair_tensors_code(seed, shape, tracked=True):
    """Code the student can paste into the notebook to build the tensors y_hat (tracked by autograd, if
    `tracked`, as probes.l1_loss_backward does) and y of _pair(seed, shape)."""
    return "\n".join([f"rng = np.random.default_rng({seed})",
                      f"y_hat = torch.tensor(rng.normal(0.0, 4.0, {shape!r}), dtype=torch.float32)",
                      f"y = torch.tensor(rng.normal(0.0, 4.0, {shape!r}), dtype=torch.float32)"]
                     + (["y_hat.requires_grad_()"] if tracked else []))


@item("l1_loss")
@points(0.5)
def check_l1_loss_is_the_mean_absolute_error(student, reference):
    """is the mean absolute error of two float32 tensors, for columns and for flat tensors"""
    for seed, shape in [(0, (100, 1)), (1, (7,)), (2, (1, 1))]:
        y_hat, y = (torch.from_numpy(a) for a in _pair(seed, shape))
        against_reference(student, reference, A, "l1_loss", "l1_loss", y_hat, y, rtol=LOSS_RTOL, what="the loss",
                          call=f"{pair_tensors_code(seed, shape, tracked=False)}\nl1_loss(y_hat, y)")


@item("l1_loss")
@points(0.5)
def check_l1_loss_is_a_differentiable_scalar(student, reference):
    """returns a 0-d tensor through which autograd reaches y_hat"""
    y_hat, y = _pair(3, (40, 1))
    built = pair_tensors_code(3, (40, 1))
    call = f"{built}\nl1_loss(y_hat, y)"
    got = student.probe(probes.l1_loss_backward, y_hat, y, shown_as=call)
    want = reference.probe(probes.l1_loss_backward, y_hat, y)
    expect(got["type"] == "Tensor", f"{call} returned a {got['type']} ({show(got['value'])}), expected a 0-d "
                                    "tensor", NOT_DIFFERENTIABLE)
    expect(got["shape"] == [], f"{call} returned a tensor of shape {tuple(got['shape'])}, expected a 0-d "
                               "tensor (one number): average over all elements")
    expect(got["grad"] is not None, f"{call} returned {show(got['value'])}, but backward() on it gives y_hat no "
                                    "gradient", NOT_DIFFERENTIABLE)
    found = variants(reference, "l1_loss", lambda r: r.probe(probes.l1_loss_backward, y_hat, y))
    expect_close(got["grad"], want["grad"], f"{built}\nl1_loss(y_hat, y).backward()", "the gradient y_hat.grad",
                 rtol=LOSS_RTOL, mistakes=picked(found, lambda output: output["grad"]))


# -- l1_line_grads ----------------------------------------------------------------------

TEXTBOOK = "x, y, m, b = make_line_data()"
GRADS_AT = [(TEXTBOOK, "0.0, 0.0, x, y"), (TEXTBOOK, "-1.0, 2.0, x, y"), (TEXTBOOK, "3.0, -1.5, x, y"),
            (TEXTBOOK, "m + 0.02, b - 0.05, x, y"),
            ("x, y, _, _ = make_line_data(n=30, seed=2)", "0.3, -0.7, list(x), list(y)")]
ON_THE_LINE = [("x = np.arange(-3.0, 5.0)\ny = 2 * x + 1\ny[[1, 5, 6]] += [3.0, -2.0, 0.5]", "2.0, 1.0, x, y"),
               ("x = np.linspace(-4.0, 4.0, 9)", "-0.5, 0.25, x, -0.5 * x + 0.25")]


def _compare_grads(student, reference, code, arguments):
    call, args = pasted(reference, code, "l1_line_grads", arguments)
    against_reference(student, reference, A, "l1_line_grads", "l1_line_grads", *args, atol=GRADS_ATOL,
                      what="the gradient (dL_dm, dL_db)", call=call)


@item("l1_line_grads")
@points(1)
def check_line_grads_match_the_derivative(student, reference):
    """matches mean(sign(r)·x), mean(sign(r)) at lines on both sides of the data, also for lists"""
    for code, arguments in GRADS_AT:
        _compare_grads(student, reference, code, arguments)


@item("l1_line_grads")
@points(1)
def check_line_grads_take_sign_zero_on_the_line(student, reference):
    """counts points exactly on the line with sign(0) = 0"""
    for code, arguments in ON_THE_LINE:
        _compare_grads(student, reference, code, arguments)


# -- grid_search -------------------------------------------------------------------------

LOSS_GRIDS = [("x, y, _, _ = make_line_data(n=50, seed=3)\nms = np.linspace(-2.0, 2.5, 10)\n"
               "bs = np.linspace(-1.0, 1.5, 10)", "x, y, ms, bs"),
              ("x, y, _, _ = make_line_data(n=50, seed=3)", "x, y, [-1.0, 0.0, 0.5, 1.0, 2.0], [0.25, -0.5, 1.0]")]
MINIMUM_GRIDS = [("x, y, _, _ = make_line_data()\ngrid = np.linspace(-2.0, 2.0, 100)", "x, y, grid, grid"),
                 ("x, y, _, _ = make_line_data()", "x, y, np.linspace(-3.0, 3.0, 13), np.linspace(-1.5, 2.5, 9)"),
                 ("", "np.array([-1.0, 0.0, 1.0]), np.zeros(3), [1.0, -1.0, 2.0], [0.5, 0.0, -0.5]"),
                 ("", "np.array([0.0]), np.array([0.0]), [3.0, -2.0, 5.0], [2.0, 1.0, -1.0, 1.0]")]


def _search(student, reference, code, arguments):
    """The student's and the reference's (m_best, b_best, losses), the call, and the mistakes' outputs."""
    call, args = pasted(reference, code, "grid_search", arguments)
    got = student.call("grid_search", *args, shown_as=call)
    expect(isinstance(got, (tuple, list)) and len(got) == 3,
           f"{call} returned {show(got)}, expected a tuple (m_best, b_best, losses)")
    found = variants(reference, "grid_search", lambda r: r.grid_search(*args))
    return got, reference.grid_search(*args), call, found


@item("grid_search")
@points(1)
def check_grid_losses_are_indexed_by_m_then_b(student, reference):
    """computes losses[i, j], the L1 loss at (ms[i], bs[j]), for square and rectangular grids"""
    for code, arguments in LOSS_GRIDS:
        got, want, call, found = _search(student, reference, code, arguments)
        expect_close(got[2], want[2], call, "the losses", rtol=GRID_RTOL, mistakes=picked(found, lambda o: o[2]))


@item("grid_search")
@points(1)
def check_grid_finds_the_first_minimum(student, reference):
    """returns the grid point of least loss, ties going to the first in row-major order"""
    for code, arguments in MINIMUM_GRIDS:
        got, want, call, found = _search(student, reference, code, arguments)
        expect_close(got[:2], want[:2], call, "the best grid point (m_best, b_best)", rtol=1e-12,
                     mistakes=picked(found, lambda o: o[:2]))


# -- train_line --------------------------------------------------------------------------

LINE_RUNS = [(1, 0.01, 20), (4, 0.5, 8)]  # (parameter seed, lr, n_iter) on the textbook data
WIDE_RUN = (2, 0.05, 15)                  # on make_line_data(n=40, seed=1)
MODELS = {  # code that builds each model as probes.train does
    "line": "Line()",
    "wide": "nn.Sequential(nn.Linear(1, 4), nn.Tanh(), nn.Linear(4, 3), nn.Tanh(),\n"
            "                      nn.Linear(3, 1))",
}


def train_code(kind, seed, data, lr, n_iter):
    """Code the student can paste into the notebook to rerun a train_line case: the data from the line of code
    `data`, the model with its parameters drawn as probes.train draws them, then the call."""
    return "\n".join([data, f"model = {MODELS[kind]}", f"g = torch.Generator().manual_seed({seed})",
                      "with torch.no_grad():", "    for p in model.parameters():",
                      "        p.copy_(torch.randn(p.shape, generator=g))",
                      f"train_line(model, x, y, lr={lr!r}, n_iter={n_iter})"])


def _train(student, reference, kind, seed, data, lr, n_iter):
    """Run train_line on both sides; check the history's layout; return (got, want, call, mistakes)."""
    call = train_code(kind, seed, data[0], lr, n_iter)
    args = (kind, seed, data[1], data[2], lr, n_iter)
    got = student.probe(probes.train, *args, shown_as=call)
    history = got["history"]
    expect(isinstance(history, dict), f"{call} returned {show(history)}, expected a dict "
                                      "{'loss': [...], 'grad_norm': [...]}")
    for key in ("loss", "grad_norm"):
        expect(key in history, f"{call} returned a dict without the key {key!r} (keys: {sorted(history)})")
        expect(isinstance(history[key], (list, tuple)) and len(history[key]) == n_iter,
               f"{call} returned history[{key!r}] = {show(history[key])}, expected a list of {n_iter} "
               "values, one per iteration")
    found = variants(reference, "train_line", lambda r: r.probe(probes.train, *args))
    return got, reference.probe(probes.train, *args), call, found


def _compare_history(got, want, call, found, keys=("loss", "grad_norm")):
    for key in keys:
        expect_close(got["history"][key], want["history"][key], call, f"the recorded {key!r}", rtol=TRAIN_RTOL,
                     atol=TRAIN_ATOL, mistakes=picked(found, lambda o: o["history"][key]),
                     drawn=curves(f"history[{key!r}]: {call.splitlines()[-1]}", key, log=True))


def _compare_parameters(got, want, call, found):
    flat = lambda result: np.concatenate([np.ravel(p) for p in result["parameters"]])
    expect_close(flat(got), flat(want), call, "the model's parameters after training", rtol=TRAIN_RTOL,
                 atol=TRAIN_ATOL, mistakes=picked(found, flat))


def _textbook(reference, n=100, seed=0):
    x, y, _, _ = reference.make_line_data(n=n, seed=seed)
    return (f"x, y, _, _ = make_line_data(n={n}, seed={seed})", x, y)


@item("train_line")
@points(1)
def check_train_line_records_loss_and_grad_norm(student, reference):
    """records the loss and the gradient norm before each update, training a Line"""
    data = _textbook(reference)
    for seed, lr, n_iter in LINE_RUNS:
        _compare_history(*_train(student, reference, "line", seed, data, lr, n_iter))


@item("train_line")
@points(1)
def check_train_line_trains_several_multi_element_parameters(student, reference):
    """trains a network of several multi-element parameters with the L2 norm of the whole gradient"""
    got, want, call, found = _train(student, reference, "wide", WIDE_RUN[0], _textbook(reference, 40, 1),
                                    *WIDE_RUN[1:])
    _compare_history(got, want, call, found)
    _compare_parameters(got, want, call, found)


@item("train_line")
@points(1)
@needs_values
def check_train_line_updates_in_place_and_returns_floats(student, reference):
    """updates the model in place, records Python floats, keeps x and y, and fits the textbook line"""
    data = _textbook(reference)
    got, want, call, found = _train(student, reference, "line", 1, data, 0.01, 20)
    _compare_parameters(got, want, call, found)
    for key in ("loss", "grad_norm"):
        value = got["history"][key][0]
        expect(isinstance(value, float), f"{call} recorded history[{key!r}][0] = {show(value)} of type "
                                         f"{_kind(value)}, expected a Python float (use .item())",
               TENSORS_RECORDED if isinstance(value, Tensor) and key == "loss" else None)
    expect(got["data_unchanged"], f"{call} changed the caller's arrays x or y: leave the inputs unchanged")
    got, want, call, found = _train(student, reference, "line", 1, data, 0.01, 100)
    _compare_history(got, want, call, found, keys=("loss",))


def _kind(value):
    return "tensor" if isinstance(value, Tensor) else type(value).__name__


# -- clip_grad_norm ------------------------------------------------------------------------

SHAPES = [[3], [2, 2], [4, 1], []]


def _parameter(kind, shapes, j):
    return "the tensor" if kind == "tensor" else f"params[{j}] (shape {tuple(shapes[j])})"


def _expect_each(got, want, calls, whats, found):
    """got[i] (what calls[i] gave) matches want[i] for every i; the first that does not fails, naming a known
    mistake only when that mistake's output (found() maps explanations to lists like got) matches got everywhere."""
    def everywhere(output):
        return len(output) == len(got) and all(close(o, g, CLIP_RTOL) for o, g in zip(output, got))
    for value, call, what in zip(got, calls, whats):
        as_array(value, call, what)
    for i, (call, what) in enumerate(zip(calls, whats)):
        expect_close(got[i], want[i], call, what, rtol=CLIP_RTOL,
                     mistakes=lambda: {e: o[i] for e, o in found().items() if everywhere(o)})


def _expect_same_grads(got, want, calls, found):
    """After each call (text, kind, shapes), every parameter passed has the reference's gradient, or none
    where the reference has none; a difference is named by call and parameter index."""
    texts, whats, entries = [], [], []
    for k, (text, kind, shapes) in enumerate(calls):
        expect(isinstance(got[k], list), f"{text}: the gradients could not be read back ({show(got[k])})")
        for j in range(1 if kind == "tensor" else len(shapes)):
            which = _parameter(kind, shapes, j)
            if (got[k][j] is None) != (want[k][j] is None):
                fail(f"{text} " + (f"gave a gradient to {which}, which had none" if want[k][j] is None
                                   else f"removed the gradient of {which}") + ": leave parameters without a "
                     "gradient untouched")
            if want[k][j] is not None:
                texts.append(text)
                whats.append(f"gradient of {which} after the call")
                entries.append((k, j))
    pick = lambda grads: [grads[k][j] for k, j in entries]
    _expect_each(pick(got), pick(want), texts, whats, lambda: {
        e: pick(o) for e, o in found().items() if _same_layout(o, want, entries)})


def _same_layout(grads, want, entries):
    return all(grads[k][j] is not None and np.shape(grads[k][j]) == np.shape(want[k][j]) for k, j in entries)


def _clip_total(reference, kind, shapes, scale, seed):
    """The total gradient norm of a clip_grad_norm case, as the reference computes it."""
    return reference.probe(probes.clip, kind, shapes, scale, seed, math.inf)["total"]


PASSED = {"list": "params", "generator": "(p for p in params)", "tensor": "params[0]"}  # how each kind is passed


def _built(shapes, without_grad, scale, seed):
    """Lines of code that build parameters as probes.clip and probes.autoclip do, with `scale` and `seed` given
    as code; short enough to stay whole in the feedback, so the student can paste them."""
    lines = [f"params = [nn.Parameter(torch.zeros(s)) for s in [{', '.join(repr(tuple(s)) for s in shapes)}]]"]
    with_grad = [k for k in range(len(shapes)) if k not in without_grad]
    if with_grad:
        which = "params" if len(with_grad) == len(shapes) else f"[{', '.join(f'params[{k}]' for k in with_grad)}]"
        lines += [f"g = torch.Generator().manual_seed({seed})",
                  f"for p in {which}:", f"    p.grad = {scale} * torch.randn(p.shape, generator=g)"]
    return lines


def clip_code(kind, shapes, scale, seed, max_norm, without_grad=()):
    """Code the student can paste into the notebook to rerun a clip_grad_norm case."""
    return "\n".join(_built(shapes, without_grad, repr(scale), seed)
                     + [f"clip_grad_norm({PASSED[kind]}, max_norm={max_norm!r})"])


def autoclip_code(calls, percentile):
    """Code the student can paste into the notebook to rerun an AutoClip case: one AutoClip called on the
    parameters of each call in turn, call k built from seed k (as _calls makes them)."""
    _, shapes, _, _, without_grad = calls[0]
    cases = ", ".join(f"({scale!r}, {kind!r})" for kind, _, scale, _, _ in calls)
    passed = ", ".join(f"{kind!r}: {PASSED[kind]}" for kind in dict.fromkeys(kind for kind, *_ in calls))
    body = _built(shapes, without_grad, "scale", "seed") + [f"passed = {{{passed}}}[kind]",
                                                           "print(f'call {seed}:', clipper(passed))"]
    return "\n".join([f"clipper = AutoClip({'' if percentile is None else f'percentile={percentile!r}'})",
                      f"for seed, (scale, kind) in enumerate([{cases}]):"] + ["    " + line for line in body])


def _run_clip(student, reference, kind, shapes, scale, seed, max_norm, without_grad=()):
    """clip_grad_norm on both sides; checks the gradients it leaves; returns (got, want, call, mistakes)."""
    args = (kind, shapes, scale, seed, max_norm, without_grad)
    want = reference.probe(probes.clip, *args)
    call = clip_code(*args)
    try:
        got = student.probe(probes.clip, *args, shown_as=call)
    except StudentFailed as exc:
        fail(str(exc), MISSING_GRAD_NOT_SKIPPED if "NoneType" in str(exc) else None)
    found = variants(reference, "clip_grad_norm", lambda r: r.probe(probes.clip, *args))
    before = reference.probe(probes.clip, kind, shapes, scale, seed, math.inf, without_grad)["grads"]
    with illustrated(lambda: picture(f"gradient norm per parameter: {call.splitlines()[-1]}", {
            "before clipping": _norms(before), "yours": _norms(got["grads"]), "reference": _norms(want["grads"])},
            "parameter", "gradient norm", log=True, ticks=[f"params[{j}]" for j in range(len(before))])):
        expect_close(got["total"], want["total"], call, "the returned total norm", rtol=CLIP_RTOL,
                     mistakes=picked(found, lambda o: o["total"]))
        _expect_same_grads([got["grads"]], [want["grads"]], [(call, kind, shapes)],
                           picked(found, lambda o: [o["grads"]]))
    return got


def _norms(grads):
    return [np.nan if g is None else float(np.linalg.norm(np.asarray(g, dtype=np.float64))) for g in grads]


@item("clip_grad_norm")
@points(0.5)
def check_clip_scales_all_gradients_by_the_total_norm(student, reference):
    """scales all gradients by max_norm / (total + 1e-6) above the limit, for lists and generators"""
    for kind in ("list", "generator"):
        _run_clip(student, reference, kind, SHAPES, 1.0, 0, 1.0)
        _run_clip(student, reference, kind, SHAPES, 10.0, 1, 5.0)


@item("clip_grad_norm")
@points(0.5)
def check_clip_skips_parameters_without_gradient(student, reference):
    """skips parameters without a gradient in the norm and in the scaling"""
    _run_clip(student, reference, "list", SHAPES, 2.0, 6, 1.0, without_grad=(1, 3))
    _run_clip(student, reference, "generator", SHAPES, 2.0, 7, 1.0, without_grad=(0,))
    _run_clip(student, reference, "list", SHAPES[:2], 1.0, 8, 1.0, without_grad=(0, 1))


@item("clip_grad_norm")
@points(0.5)
def check_clip_keeps_the_1e_6_for_tiny_gradients(student, reference):
    """scales by max_norm / (total + 1e-6) for tiny gradients, also when total is just below max_norm"""
    _run_clip(student, reference, "list", SHAPES, 1e-4, 9, 1e-5)
    for kind, seed in (("list", 10), ("generator", 11)):
        _run_clip(student, reference, kind, SHAPES, 1e-5, seed,
                  float(f"{NEAR_LIMIT * _clip_total(reference, kind, SHAPES, 1e-5, seed):.4g}"))


@item("clip_grad_norm")
@points(0.5)
@needs_values
def check_clip_keeps_small_gradients_takes_one_tensor_and_returns_a_float(student, reference):
    """leaves gradients far below the limit unchanged, accepts a single tensor and returns a Python float"""
    _run_clip(student, reference, "list", SHAPES, 1.0, 2, 100.0)
    _run_clip(student, reference, "generator", SHAPES, 0.1, 3, 100.0)
    _run_clip(student, reference, "tensor", [[3, 2]], 1.0, 4, 100.0)
    got = _run_clip(student, reference, "tensor", [[3, 2]], 1.0, 5, 0.5)
    expect(isinstance(got["total"], float), f"clip_grad_norm returned {show(got['total'])} of type "
                                            f"{_kind(got['total'])}, expected a Python float (use .item())")


# -- AutoClip ----------------------------------------------------------------------------------

def _calls(kinds, scales, without_grad=()):
    return [(kind, SHAPES, scale, seed, without_grad) for seed, (kind, scale) in enumerate(zip(kinds, scales))]


def pair_code(first_scales, second_scale, shapes):
    """Code the student can paste into the notebook to rerun probes.autoclip_pair: a first AutoClip called
    once per scale of first_scales, then a second one called once, each on the parameters of the next seed."""
    last = len(first_scales)
    body = _built(shapes, (), "scale", "seed") + [f"value = (first if seed < {last} else second)(params)"]
    return "\n".join(["first, second = AutoClip(), AutoClip()",
                      f"for seed, scale in enumerate({[*first_scales, second_scale]!r}):"]
                     + ["    " + line for line in body])


def _run_autoclip(student, reference, calls, percentile):
    """One AutoClip called on each case of `calls` on both sides: clip values and gradients are compared
    call by call, a difference named by call index, kind of argument and parameter index."""
    code = autoclip_code(calls, percentile)
    want = reference.probe(probes.autoclip, calls, percentile)
    got = student.probe(probes.autoclip, calls, percentile, shown_as=code)
    texts = [f"{code}\ncall {k}" for k in range(len(calls))]
    found = variants(reference, "autoclip", lambda r: r.probe(probes.autoclip, calls, percentile))
    expect(isinstance(got["clip"], list) and len(got["clip"]) == len(calls),
           f"{code}\nthe clip values could not be read back ({show(got['clip'])})")
    _expect_each(got["clip"], want["clip"], texts, ["the returned clip value"] * len(texts),
                 picked(found, lambda o: o["clip"]))
    _expect_same_grads(got["grads"], want["grads"], [(text, kind, shapes) for text, (kind, shapes, *_) in
                                                      zip(texts, calls)], picked(found, lambda o: o["grads"]))
    return got


@item("autoclip")
@points(1)
def check_autoclip_clips_to_the_percentile_of_the_history(student, reference):
    """clips to the percentile of all norms so far, the current one included, also for tiny gradients"""
    calls = _calls(["list", "generator"] * 3, [1.0, 10.0, 0.1, 3.0, 100.0, 0.5])
    _run_autoclip(student, reference, calls, 25.0)
    _run_autoclip(student, reference, _calls(["list", "generator", "list"], [1e-5, 3e-6, 2e-5]), 50.0)


@item("autoclip")
@points(0.5)
def check_autoclip_defaults_to_ten_and_takes_any_parameters(student, reference):
    """uses the 10th percentile by default, accepts single tensors and skips missing gradients"""
    calls = _calls(["tensor", "list", "tensor", "generator", "list"], [2.0, 0.5, 8.0, 1.0, 4.0],
                   without_grad=(2,))
    got = _run_autoclip(student, reference, calls, None)
    expect(all(isinstance(v, float) for v in got["clip"]),
           f"AutoClip() returned {show(got['clip'])}, expected Python floats")


@item("autoclip")
@points(0.5)
@needs_values
def check_autoclip_instances_keep_their_own_history(student, reference):
    """keeps a separate history in each instance"""
    args = ([50.0, 80.0, 120.0], 1.0, SHAPES)
    code = pair_code(*args)
    got = student.probe(probes.autoclip_pair, *args, shown_as=code)
    want = reference.probe(probes.autoclip_pair, *args)
    shared = np.percentile(want["norms"], 10.0)
    expect_close(got["value"], want["value"], f"{code}\nthe call second(params), in the last round,",
                 "the clip value", rtol=CLIP_RTOL, mistakes={SHARED_HISTORY: shared})


# -- predictions -------------------------------------------------------------------


@item("predict_l1_gradient_at_fit")
@points(1)
def check_predict_l1_gradient_at_fit(student, reference):
    """predicts what the L1 gradient norm does once the line fits"""
    prediction(student, reference, A, "predict_l1_gradient_at_fit",
               "Each point contributes sign(r_i) x_i to dL/dm, of the same size however small its residual r_i "
               "is, so the L1 gradient keeps its order of magnitude near the fit (here it falls from about 5 to "
               "about 3) and each step overshoots the corner at the minimum a little.")


@item("predict_too_large_rates")
@points(1)
def check_predict_too_large_rates(student, reference):
    """predicts which learning rates are too large"""
    prediction(student, reference, A, "predict_too_large_rates",
               "A step moves the slope by up to lr * 5. At 1.0 and 0.5 the first step throws it far past 1.76 "
               "and back forever; at 0.1 each step still moves it by about 0.5, far more than the valley is "
               "wide, so the loss stalls around 1.3. Only from 0.01 down do the steps fit into the valley.")
