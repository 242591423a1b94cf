"""Hidden checks of optimizers: moving averages, GD, Momentum, RMSProp and Adam on the pathological loss, the 2D
loss, the line fit, parameters of several shapes and the MLP task, the training loop train_network, and the
predictions."""
import numpy as np
import pytest
import torch

from autograder.compare import against_reference, prediction
from autograder.feedback import (
    as_array,
    contours,
    curves,
    diagnose,
    expect,
    expect_close,
    fail,
    picture,
    show,
)
from autograder.mistakes import outputs
from autograder.mistakes.optimizers import EMA_WRITES_INPUT, SLICE_ASSIGNED
from autograder.probes import optimizers as probes
from autograder.reference.optimizers import make_mlp, sample_batch
from autograder.sandbox.wire import Tensor
from autograder.subjects import StudentFailed

item, points, needs_values = pytest.mark.item, pytest.mark.points, pytest.mark.needs_values
A = "optimizers"

# Tolerances, measured against correct variants run in the sandbox (ten steps unless said otherwise):
# - float64 tasks (2D loss, line fit, several shapes): variants that keep their state in float32
#   (torch.zeros(p.shape)) drift at most 1.3e-7 from the reference, variants that only order the
#   operations differently (addcdiv_, lerp_, torch.optim's arrangement of Adam) at most 1e-15; the
#   closest mistake (Adam's step counter one ahead, 2D loss, default settings) is 7e-4 away.
FLOAT64 = {"rtol": 1e-6, "atol": 1e-6}
# - the MLP in float32: correct variants drift at most 1e-6 (RMSProp, lr 0.03, gradient components
#   near eps amplify rounding), 3e-7 for Adam and 1e-7 for Momentum; mistakes are 3e-4 away or more.
MLP = {"rtol": 2e-5, "atol": 2e-5}
# - the loss over a 40-step run on the MLP: correct variants drift at most 7e-7 (losses near 0.5);
#   mistakes 2.8e-4 or more with the settings used here (Adam with eps added to the uncorrected root).
LOSSES = {"rtol": 2e-5, "atol": 1e-6}
# - the pathological loss in float32, as the notebook's trajectory runs it (its start (-3, 5) and rates, 30
#   steps): correct variants drift at most 7.2e-7 (Momentum's float32 state updated with lerp_), mistakes
#   1.5e-5 or more (Adam with eps added to the uncorrected root, from step 1).
PATHOLOGICAL = {"rtol": 1e-6, "atol": 3e-6}
# - moving averages in float64: a loop, a list, torch's lerp and a running power of beta agree with
#   the reference to 4e-16 relative.
EMA = {"rtol": 1e-9, "atol": 1e-12}

STEPS, MLP_STEPS, TRAINING_STEPS, PATHOLOGICAL_STEPS = 10, 8, 40, 30

LATE = probes.LATE
PARAMETER_NAMES = {
    "2d": ["the parameter w = (b1, b2)"],
    "pathological": ["the parameter w = (w0, w1)"],
    "line": ["weight", "bias"],
    "shapes": ["params[0] (shape (3,))", "params[1] (shape (2, 4))", "params[2] (shape (2, 1, 3))",
               "params[3] (0-d, shape ())",
               f"params[4] (it joins the loss after {LATE} steps: its grad is None until then)",
               "params[5] (it never gets a gradient: it must stay unchanged)"],
    "mlp": [f"mlp.layer{n}[0].{kind}" for n in (1, 2, 3) for kind in ("weight", "bias")],
}

# Each task as code, as autograder.probes.optimizers builds it: the lines that build the parameters, the
# parameters passed to the optimizer, and the lines of a step's loss (which may use `step`).
LINE_CODE = (["x = torch.linspace(-10, 10, 40, dtype=torch.float64).reshape(-1, 1)",
              "y = 1.5 * x - 0.7 + torch.tensor(np.random.default_rng(0).normal(0, 0.5, (40, 1)))",
              "weight = nn.Parameter(torch.tensor([[0.5]], dtype=torch.float64))",
              "bias = nn.Parameter(torch.tensor([2.0], dtype=torch.float64))"],
             "[weight, bias]", ["(nn.functional.linear(x, weight, bias) - y).abs().mean().backward()"])
SHAPES_CODE = (["def quartic(k, p):",
                "    return (k + 1) * ((p - 0.3 * k) ** 2).sum() + 0.1 * (p ** 4).sum()",
                "g = torch.Generator().manual_seed(0)",
                "shapes = [(3,), (2, 4), (2, 1, 3), (), (2,), (2, 2)]",
                "params = [nn.Parameter(torch.randn(s, generator=g, dtype=torch.float64)) for s in shapes]"],
               "params", [f"active = params[:5] if step >= {LATE} else params[:4]",
                          "sum(quartic(k, p) for k, p in enumerate(active)).backward()"])
MLP_CODE = (["torch.manual_seed(0)", "mlp = make_mlp()", "generator = torch.Generator().manual_seed(0)"],
            "list(mlp.parameters())", ["inputs, targets = sample_batch(128, generator)",
                                       "cross_entropy(mlp(inputs), targets).backward()"])
TASK_CODE = {"line": LINE_CODE, "shapes": SHAPES_CODE, "mlp": MLP_CODE}


def _code_2d(start=(4.0, 1.075), scale=None):
    """The 2D loss as code, like LINE_CODE; `scale` multiplies the loss (tiny gradients)."""
    loss = "(w[0] - 2) ** 2 + (w[1] - 1) ** 4 - (w[1] - 1) ** 2"
    return ([f"w = nn.Parameter(torch.tensor({list(start)!r}, dtype=torch.float64))"], "[w]",
            [f"({loss}).backward()" if scale is None else f"({scale!r} * ({loss})).backward()"])


def run_code(optimizer, hyper, task, options, steps):
    """Code the student can paste into the notebook to rerun a run of `follow`: the task's parameters as the
    probe builds them, then the steps of probes.path; on the pathological loss, the notebook's trajectory call."""
    if task == "pathological":
        parts = [optimizer, show(list(options.get("start", (-3.0, 5.0)))), str(steps)]
        return f"trajectory({', '.join(parts + [f'{k}={v!r}' for k, v in hyper.items()])})"
    setup, passed, loss = _code_2d(**options) if task == "2d" else TASK_CODE[task]
    return "\n".join([*setup, f"optimizer = {_constructor(optimizer, hyper, passed)}", f"for step in range({steps}):",
                      "    optimizer.zero_grad()", *(f"    {line}" for line in loss), "    optimizer.step()"])


def _title(optimizer, hyper, task, options, steps):
    """The title of a run's picture (only the losses of two numbers are drawn)."""
    if task == "pathological":
        return run_code(optimizer, hyper, task, options, steps)
    scaled = f", scaled by {options['scale']:g}" if "scale" in options else ""
    start = show(tuple(options.get("start", (4.0, 1.075))))
    return f"{_constructor(optimizer, hyper, '[w]')} on the 2D loss from {start}{scaled}, {steps} steps"


def _constructor(optimizer, hyper, params):
    return f"{optimizer}({', '.join([params] + [f'{k}={v!r}' for k, v in hyper.items()])})"


# -- optimizers ------------------------------------------------------------------

def follow(student, reference, optimizer, task, runs, steps=STEPS):
    """Each run (hyper-parameters, task options) follows the reference path step by step."""
    tolerance = {"mlp": MLP, "pathological": PATHOLOGICAL}.get(task, FLOAT64)
    for hyper, options in runs:
        args = (optimizer, hyper, task, steps)
        call = run_code(optimizer, hyper, task, options, steps)
        got = _student_path(student, call, args, options)
        want = reference.probe(probes.path, *args, **options)
        shapes = [tuple(p.shape) for p in probes.build_task(reference.namespace, task, **options)[0]]
        _expect_same_path(got, want, call, PARAMETER_NAMES[task], shapes, tolerance, mistakes=lambda: outputs(
            reference, A, optimizer.lower(), lambda r: r.probe(probes.path, *args, **options)),
            drawn=_paths_on_the_loss(_title(*args[:3], options, steps), task, options))


def pathological(student, reference, optimizer, hyper):
    """The notebook's trajectory(optimizer, [-3.0, 5.0], 30, **hyper) follows the reference.

    It shares a check with the 2D loss: a check of its own would cost a sandbox worker, 25 ms, per optimizer."""
    follow(student, reference, optimizer, "pathological", [(hyper, {})], PATHOLOGICAL_STEPS)


def _pathological_loss(w):
    return np.tanh(w[0]) ** 2 + 0.01 * np.abs(w[1]) + 1 / (1 + np.exp(-w[1]))


def _paths_on_the_loss(call, task, options):
    """A `drawn` of the paths on the contours of the 2D loss (around its critical points) or of the pathological
    loss (the box of the notebook's plot_paths); None on tasks of more than two numbers."""
    if task == "2d":
        scale = options.get("scale", 1.0)
        loss, axes = contours(lambda w: scale * probes.loss_2d(w), (-0.5, 5.0), (-0.5, 2.7)), ("b1", "b2")
    elif task == "pathological":
        loss, axes = contours(_pathological_loss, (-5.0, 5.0), (-8.0, 8.0)), ("w0", "w1")
    else:
        return None
    return lambda got, want: picture(call, {"yours": got, "reference": want}, *axes, kind="paths", contours=loss)


def _student_path(student, call, args, options):
    """The student's path; a failure is told as `call`, naming a slice assignment that fails on the 0-d parameter."""
    try:
        return student.probe(probes.path, *args, shown_as=call, **options)
    except StudentFailed as exc:
        if "0-dim" in str(exc):
            fail(str(exc), SLICE_ASSIGNED)
        raise


def _expect_same_path(got, want, call, names, shapes, tolerance, mistakes, drawn=None):
    """Fail at the first step where a parameter leaves the reference path, naming the parameter."""
    got = as_array(got, call, "the parameters")
    want = np.asarray(want, dtype=np.float64)
    expect(got.shape == want.shape, f"{call} gave a path of shape {got.shape}, expected {want.shape}")
    bad = ~np.isclose(got, want, equal_nan=True, **tolerance)
    if not bad.any():
        return
    step, column = (int(i) for i in np.argwhere(bad)[0])
    ends = np.cumsum([int(np.prod(s)) for s in shapes])
    k = int(np.searchsorted(ends, column, side="right"))
    entry = np.unravel_index(column - (ends[k] - int(np.prod(shapes[k]))), shapes[k])
    when = f"after step {step}" if step else "before the first step (the constructor changed it)"
    message = (f"{call}\nthe parameters leave the reference path {when}"
               + (f" (steps 1 to {step - 1} matched)" if step > 1 else "")
               + f"\n  {names[k]} {when}, from its entry {tuple(int(i) for i in entry)} on:"
               f"\n    got:      {show(got[step, column:ends[k]])}"
               f"\n    expected: {show(want[step, column:ends[k]])}")
    fail(message, diagnose(got, mistakes(), **tolerance), drawn(got, want) if drawn else None)


def trains_the_mlp(student, reference, optimizer, lr, steps=TRAINING_STEPS):
    """A short training run on the MLP task, the notebook's run_training, has the reference's loss at every step."""
    args = (optimizer, lr, steps)
    call = f"losses, _ = run_training({optimizer}, {lr!r}, steps={steps}, batch_size=128)"
    got = student.probe(probes.mlp_losses, *args, shown_as=call)
    want = reference.probe(probes.mlp_losses, *args)
    expect_close(got, want, call, "the losses", **LOSSES,
                 drawn=curves(f"{optimizer}(params, lr={lr!r}) training the MLP task for {steps} steps", "loss"),
                 mistakes=lambda: outputs(reference, A, optimizer.lower(), lambda r: r.probe(probes.mlp_losses, *args)))


# GD and Momentum meet the notebook's pathological loss first (GD at lr 1; Momentum at lr 3, where GD bounced),
# RMSProp and Adam the 2D loss, on which eps and the betas are varied.

# GD

@item("gd")
@points(0.2)
def check_gd_on_the_pathological_and_2d_losses(student, reference):
    """follows the reference on the pathological loss, and on the 2D loss (two step sizes and starts)"""
    pathological(student, reference, "GD", {"lr": 1.0})
    follow(student, reference, "GD", "2d", [({"lr": 0.1}, {}), ({"lr": 0.02}, {"start": (0.0, -0.5)})])


@item("gd")
@points(0.2)
def check_gd_on_the_line_fit(student, reference):
    """follows the reference on the line fit"""
    follow(student, reference, "GD", "line", [({"lr": 0.05}, {})])


@item("gd")
@points(0.2)
def check_gd_on_parameters_of_several_shapes(student, reference):
    """updates parameters of several shapes (a 0-d one too) and skips those without a gradient"""
    follow(student, reference, "GD", "shapes", [({"lr": 0.02}, {})])


@item("gd")
@points(0.2)
def check_gd_on_the_mlp(student, reference):
    """follows the reference on the MLP task, step by step"""
    follow(student, reference, "GD", "mlp", [({"lr": 0.5}, {})], MLP_STEPS)


@item("gd")
@points(0.2)
def check_gd_trains_the_mlp(student, reference):
    """trains the MLP like the reference in a short run"""
    trains_the_mlp(student, reference, "GD", 0.5)


# Momentum

@item("momentum")
@points(0.5)
def check_momentum_on_the_pathological_and_2d_losses(student, reference):
    """follows the reference on the pathological loss, and on the 2D loss for several beta (0.9 by default)"""
    pathological(student, reference, "Momentum", {"lr": 3.0, "beta": 0.9})
    follow(student, reference, "Momentum", "2d", [({"lr": 0.1, "beta": 0.9}, {}),
                                                  ({"lr": 0.05, "beta": 0.5}, {"start": (0.0, -0.5)}),
                                                  ({"lr": 0.1}, {})])


@item("momentum")
@points(0.25)
def check_momentum_on_the_line_fit(student, reference):
    """follows the reference on the line fit"""
    follow(student, reference, "Momentum", "line", [({"lr": 0.5, "beta": 0.9}, {})])


@item("momentum")
@points(0.5)
def check_momentum_on_parameters_of_several_shapes(student, reference):
    """keeps a velocity per parameter, for several shapes (a 0-d one too), and skips parameters without a gradient"""
    follow(student, reference, "Momentum", "shapes", [({"lr": 0.05, "beta": 0.8}, {})])


@item("momentum")
@points(0.5)
def check_momentum_on_the_mlp(student, reference):
    """follows the reference on the MLP task, step by step"""
    follow(student, reference, "Momentum", "mlp", [({"lr": 0.5, "beta": 0.9}, {})], MLP_STEPS)


@item("momentum")
@points(0.25)
def check_momentum_trains_the_mlp(student, reference):
    """trains the MLP like the reference in a short run"""
    trains_the_mlp(student, reference, "Momentum", 0.5)


# RMSProp

@item("rmsprop")
@points(0.5)
def check_rmsprop_on_the_2d_and_pathological_losses(student, reference):
    """follows the reference on the 2D loss with other lr, alpha and eps too, and on the pathological loss"""
    follow(student, reference, "RMSProp", "2d", [({}, {}), ({"lr": 0.01, "alpha": 0.9}, {}),
                                                 ({"lr": 0.05, "alpha": 0.5, "eps": 1e-3}, {})])
    pathological(student, reference, "RMSProp", {"lr": 0.1})


@item("rmsprop")
@points(0.5)
def check_rmsprop_on_the_line_fit(student, reference):
    """follows the reference on the line fit"""
    follow(student, reference, "RMSProp", "line", [({"lr": 0.05}, {})])


@item("rmsprop")
@points(0.5)
def check_rmsprop_on_parameters_of_several_shapes(student, reference):
    """keeps a mean square per parameter, for several shapes (a 0-d one too), and skips parameters without a gradient"""
    follow(student, reference, "RMSProp", "shapes", [({"lr": 0.02, "alpha": 0.9}, {})])


@item("rmsprop")
@points(0.5)
def check_rmsprop_with_tiny_gradients_and_large_eps(student, reference):
    """adds eps after the square root: tiny gradients, and a large eps"""
    follow(student, reference, "RMSProp", "2d", [({}, {"scale": 1e-6}), ({"lr": 0.05, "eps": 1.0}, {})], 6)


@item("rmsprop")
@points(0.5)
def check_rmsprop_on_the_mlp(student, reference):
    """follows the reference on the MLP task, step by step"""
    follow(student, reference, "RMSProp", "mlp", [({"lr": 0.01}, {})], MLP_STEPS)


@item("rmsprop")
@points(0.5)
def check_rmsprop_trains_the_mlp(student, reference):
    """trains the MLP like the reference in a short run"""
    trains_the_mlp(student, reference, "RMSProp", 0.01)


# Adam

@item("adam")
@points(0.5)
def check_adam_on_the_2d_and_pathological_losses(student, reference):
    """follows the reference on the 2D loss with other lr and betas (a tuple or a list), and the pathological loss"""
    follow(student, reference, "Adam", "2d", [({}, {}), ({"lr": 0.05, "betas": (0.8, 0.99)}, {}),
                                              ({"lr": 0.01, "betas": [0.0, 0.9]}, {"start": (0.0, -0.5)})])
    pathological(student, reference, "Adam", {"lr": 0.1})


@item("adam")
@points(0.5)
def check_adam_on_the_line_fit(student, reference):
    """follows the reference on the line fit (two parameters)"""
    follow(student, reference, "Adam", "line", [({"lr": 0.1}, {})])


@item("adam")
@points(1)
def check_adam_counts_steps_per_parameter(student, reference):
    """keeps its state and step counter per parameter: several shapes, 0-d too, one joining late, one without grad"""
    follow(student, reference, "Adam", "shapes", [({"lr": 0.05}, {})])


@item("adam")
@points(1)
def check_adam_with_tiny_gradients_and_large_eps(student, reference):
    """adds eps after the square root of the corrected v: tiny gradients, and a large eps"""
    follow(student, reference, "Adam", "2d", [({"lr": 0.01}, {"scale": 1e-6}), ({"lr": 0.05, "eps": 0.5}, {})], 6)


@item("adam")
@points(0.5)
def check_adam_on_the_mlp(student, reference):
    """follows the reference on the MLP task, step by step"""
    follow(student, reference, "Adam", "mlp", [({"lr": 0.01}, {})], MLP_STEPS)


@item("adam")
@points(0.5)
def check_adam_trains_the_mlp(student, reference):
    """trains the MLP like the reference in a short run"""
    trains_the_mlp(student, reference, "Adam", 0.01)


# -- moving averages ------------------------------------------------------------------

FIRST_VALUES = [([4.0, 2.0, 0.0], 0.9), ([1.0, 1.0, 1.0], 0.5), ([10.0, -10.0, 5.0, 2.5], 0.99),
                ([-3.0, 4.0], 0.0)]
RANDOM_TEXT = "np.random.default_rng(11).normal(1.0, 3.0, 30).round(3)"  # how the student builds RANDOM
RANDOM = np.random.default_rng(11).normal(1.0, 3.0, 30).round(3)
INPUT_KINDS = [((3, -1, 2, 0, 5), None), ([2, 4, 8], None), (np.arange(6), "np.arange(6)")]  # values, their code


def compare(student, reference, name, values, beta, values_text=None):
    """name(values, beta) matches the reference; `values_text` is code that builds the values (default: their repr)."""
    against_reference(student, reference, A, name, name, values, beta, what="the averages", **EMA,
                      drawn=curves(f"{name}(values, beta={beta:g})", "average"),
                      call=f"{name}({values_text or repr(values)}, {beta!r})")


def first_values(student, reference, name):
    for values, beta in FIRST_VALUES:
        compare(student, reference, name, values, beta)


def random_values(student, reference, name):
    for beta in (0.0, 0.5, 0.9, 0.99):
        compare(student, reference, name, RANDOM, beta, RANDOM_TEXT)
        compare(student, reference, name, RANDOM.tolist(), beta, RANDOM_TEXT + ".tolist()")


def input_kinds(student, reference, name, extra=()):
    for values, text in [*INPUT_KINDS, *extra]:
        call = f"{name}({text or repr(values)}, 0.8)"
        result = student.call(name, values, 0.8, shown_as=call)
        expect(not isinstance(result, Tensor), f"{call} returned a torch tensor; return a numpy array")
        expect(isinstance(result, np.ndarray), f"{call} returned {show(result)}, which is not a numpy array")
        expect(result.dtype == np.float64 and result.shape == (len(values),),
               f"{call} returned an array of dtype {result.dtype} and shape {result.shape}; expected float64 "
               f"and one average per value, shape ({len(values)},)"
               + (" (np.zeros_like of integer values makes an integer array)" if result.dtype.kind in "iu" else ""))
        compare(student, reference, name, values, 0.8, text)


def keeps_input(student, name):
    for values, text in ((RANDOM.copy(), RANDOM_TEXT), (RANDOM.tolist(), RANDOM_TEXT + ".tolist()")):
        call = f"values = {text}\n{name}(values, 0.9)"
        _, mutated = student.call_mutating(name, values, 0.9, shown_as=call)
        if mutated:
            fail(f"{call}\nchanged its argument values in place: return the averages in a new array",
                 EMA_WRITES_INPUT)


# ema

@item("ema")
@points(0.5)
def check_ema_starts_from_zero(student, reference):
    """starts from 0: the first average is (1 - beta) times the first value"""
    first_values(student, reference, "ema")


@item("ema")
@points(0.5)
def check_ema_matches_reference(student, reference):
    """matches the reference on 30 values for beta 0, 0.5, 0.9 and 0.99, as a list and as an array"""
    random_values(student, reference, "ema")


@item("ema")
@points(0.5)
@needs_values
def check_ema_takes_array_likes(student, reference):
    """returns a float64 array with one average per value, for tuples, lists of ints, arrays and []"""
    input_kinds(student, reference, "ema", extra=(([], None),))


@item("ema")
@points(0.5)
@needs_values
def check_ema_keeps_its_input(student, reference):
    """leaves its input unchanged"""
    keeps_input(student, "ema")


# ema_debiased

@item("ema_debiased")
@points(0.5)
def check_ema_debiased_removes_the_bias_at_the_start(student, reference):
    """removes the bias: the first average is the first value, a constant stays constant"""
    first_values(student, reference, "ema_debiased")
    compare(student, reference, "ema_debiased", [2.5] * 12, 0.9, "[2.5] * 12")


@item("ema_debiased")
@points(0.5)
def check_ema_debiased_matches_reference(student, reference):
    """matches the reference on 30 values for beta 0, 0.5, 0.9 and 0.99, as a list and as an array"""
    random_values(student, reference, "ema_debiased")


@item("ema_debiased")
@points(0.5)
@needs_values
def check_ema_debiased_takes_array_likes(student, reference):
    """returns a float64 array with one average per value, for tuples, lists of ints and arrays"""
    input_kinds(student, reference, "ema_debiased")


@item("ema_debiased")
@points(0.5)
@needs_values
def check_ema_debiased_keeps_its_input(student, reference):
    """leaves its input unchanged"""
    keeps_input(student, "ema_debiased")


# ema_rms

@item("ema_rms")
@points(0.25)
def check_ema_rms_first_values(student, reference):
    """starts at the size of the first value, and a constant or a flipping sign keeps its size"""
    first_values(student, reference, "ema_rms")
    compare(student, reference, "ema_rms", [-2.0, 2.0] * 5, 0.9, "[-2.0, 2.0] * 5")


@item("ema_rms")
@points(0.25)
def check_ema_rms_matches_reference(student, reference):
    """matches the reference on 30 values for beta 0, 0.5, 0.9 and 0.99, as a list and as an array"""
    random_values(student, reference, "ema_rms")


@item("ema_rms")
@points(0.25)
@needs_values
def check_ema_rms_takes_array_likes(student, reference):
    """returns a float64 array with one value per input, for tuples, lists of ints and arrays"""
    input_kinds(student, reference, "ema_rms")


@item("ema_rms")
@points(0.25)
@needs_values
def check_ema_rms_keeps_its_input(student, reference):
    """leaves its input unchanged"""
    keeps_input(student, "ema_rms")


# -- predictions -------------------------------------------------------------------


@item("predict_momentum_on_slope")
@points(1)
def check_predict_momentum_on_slope(student, reference):
    """predicts how fast Momentum moves on a steady slope"""
    prediction(student, reference, A, "predict_momentum_on_slope",
               "With a constant gradient g, m = (1 - beta^t) g tends to g itself: an average of equal numbers "
               "is that number, so after the first steps Momentum moves exactly as fast as GD. Its gain is that "
               "it damps gradients that change sign, so it tolerates larger rates. (PyTorch's form, without 1 - "
               "beta, is 1 / (1 - beta) times faster.)")


@item("predict_adam_first_step")
@points(1)
def check_predict_adam_first_step(student, reference):
    """predicts the length of Adam's first step, within 1%"""
    prediction(student, reference, A, "predict_adam_first_step",
               r"At $t = 1$ the corrected averages are $\hat m = g$ and $\hat v = g^2$, so the step is "
               r"$\mathrm{lr} \cdot g / (|g| + \epsilon)$, which is lr = 0.01 whatever the size of g: Adam's first "
               "step has the length of the learning rate.")


# train_network

# The reference loop from seeds 0 to 4 with the reference Adam (lr 0.01, 300 steps, batch 256) reaches
# 96.5% to 98.1% accuracy on 10,000 fresh points; without training the MLP is near 50%.
TRAINING = {"optimizer": "Adam", "lr": 0.01, "steps": 300, "batch_size": 256}
TRAINING_SEEDS, ACCURACY_FLOOR = (0, 1, 2), 0.93
SGD_RUN = {"optimizer": "SGD", "lr": 0.2, "steps": 12, "batch_size": 64, "seed": 3}


def accuracy(params):
    """Accuracy of the MLP with these parameters on 10,000 fresh points, measured by the grader."""
    model = make_mlp()
    with torch.no_grad():
        for p, value in zip(model.parameters(), params):
            p.copy_(torch.as_tensor(np.asarray(value, dtype=np.float32)).reshape(p.shape))
        inputs, targets = sample_batch(10_000, torch.Generator().manual_seed(1234))
        return (model(inputs).argmax(1) == targets).float().mean().item()


def training_code(optimizer, lr, steps, batch_size, seed):
    """Code the student can paste into the notebook to rerun probes.trained_network: a new MLP seeded as the
    probe seeds it, the optimizer built as the probe builds it ("SGD" for torch's), then train_network."""
    built = "torch.optim.SGD(model.parameters()" if optimizer == "SGD" else f"{optimizer}(list(model.parameters())"
    return "\n".join([f"torch.manual_seed({seed})", "model = make_mlp()", f"optimizer = {built}, lr={lr!r})",
                      f"losses = train_network(model, optimizer, {steps}, batch_size={batch_size}, seed={seed})"])


ACCURACY_CODE = ("inputs, targets = sample_batch(10_000, torch.Generator().manual_seed(1234))\n"
                 "print((model(inputs).argmax(1) == targets).float().mean().item())")  # as `accuracy` measures it


@item("train_network")
@points(1)
def check_train_network_follows_the_canonical_loop(student, reference):
    """with torch's SGD, has the reference's loss at every step and ends with its parameters"""
    call = training_code(**SGD_RUN)
    got = student.probe(probes.trained_network, **SGD_RUN, shown_as=call)
    want = reference.probe(probes.trained_network, **SGD_RUN)

    def known(part):
        runs = outputs(reference, A, "train_network", lambda r: r.probe(probes.trained_network, **SGD_RUN))
        return {explanation: part(run) for explanation, run in runs.items()}
    expect_close(got["losses"], want["losses"], call, "the losses", **LOSSES, mistakes=lambda: known(
        lambda run: run["losses"]))
    for k, (mine, theirs) in enumerate(zip(got["params"], want["params"])):
        expect_close(mine, theirs, call, f"list(model.parameters())[{k}] after training", **MLP,
                     mistakes=lambda k=k: known(lambda run: run["params"][k]))


@item("train_network")
@points(1)
def check_train_network_trains_the_mlp_with_your_adam(student, reference):
    """with your Adam (lr 0.01, 300 steps, batch 256) reaches 93% accuracy from seeds 0, 1 and 2"""
    for seed in TRAINING_SEEDS:
        call = training_code(**TRAINING, seed=seed)
        run = student.probe(probes.trained_network, **TRAINING, seed=seed, shown_as=call)
        reached = accuracy(run["params"])
        expect(reached >= ACCURACY_FLOOR,
               f"{call}\n{ACCURACY_CODE}\nprints {reached}: the MLP is left at {reached:.1%} accuracy on fresh "
               f"points, expected at least {ACCURACY_FLOOR:.0%} (the reference reaches 96.5% or more); check the "
               "loop, and your Adam, which this run uses")
