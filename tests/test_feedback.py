"""The feedback a student reads in a minute: points first, the known mistake once, then the evidence in lines
of at most 100 characters, with arrays up to 4x4 in full and a picture where one shows the mistake."""
import base64
import collections
import importlib
import json
import re
import textwrap

import nbformat
import numpy as np
import pytest
import torch

from autograder import feedback_page, notebook, pictures, result_text
from autograder.engine import Grader
from autograder.feedback import CheckFailed, expect_close, picture, show
from autograder.nbgrader_plugin import write_results
from autograder.registry import assignments
from autograder.results import Check, Item, Submission
from autograder.subjects import Reference, StudentFailed, explain_error
from tests.grading import release

MISTAKE = "the bias correction is left out, so the first steps are far too small for a long while"
PATHS = picture("Adam(params) on the 2D loss", {"yours": [[4, 1], [3.9, 1.1], [3.7, 1.2]],
                                                  "reference": [[4, 1], [3.5, 1.3], [3.0, 1.4]]},
                "b1", "b2", kind="paths")
CURVES = picture("ema(values, beta=0.9)", {"yours": np.linspace(0, 1, 30), "reference": np.linspace(0, 2, 30)},
                 "index", "average")


def failed(name, mistake=MISTAKE, drawn=None):
    return Check(name, False, 1.0, f"{name}(...) gave the wrong path " + "x" * 150, mistake=mistake, picture=drawn)


def test_a_mistake_shared_by_several_checks_is_said_once_after_the_points():
    item = Item("adam", 1.5, 3.0, [failed("on the 2D loss"), failed("on the line fit"), Check("ok", True, 1.5)])
    lines = result_text.feedback(item).splitlines()
    assert lines[0] == "adam: points: 1.5 / 3"
    assert lines[1].startswith("This is what happens when the bias correction")
    assert result_text.feedback(item).count("This is what happens") == 1


def test_no_line_is_longer_than_100_characters():
    item = Item("adam", 0.0, 3.0, [failed("on the 2D loss"), failed("on the MLP", mistake=None)])
    assert max(len(line) for line in result_text.feedback(item).splitlines()) <= 100


def test_arrays_up_to_4x4_are_shown_in_full():
    matrix = np.array([[2.0, 0.0, 1.0, 3.0], [0.0, 4.0, 5.0, 6.0], [1, 2, 3, 4], [5, 6, 7, 8]])
    assert show(matrix).count(",") == 15 and "..." not in show(matrix)
    with pytest.raises(CheckFailed) as failure:
        expect_close(matrix[:2, :2], np.eye(2), "hessian_loss_2d(array([2., 1.]))", "the Hessian")
    assert "[0., 4.]" in str(failure.value) and "[0., 1.]" in str(failure.value)


def test_larger_arrays_show_their_shape_and_first_differences():
    want = np.zeros((10, 10))
    got = want.copy()
    got[3, 7] = 1.0
    with pytest.raises(CheckFailed) as failure:
        expect_close(got, want, "f()", "the values")
    assert "shape (10, 10)" in str(failure.value) and "at (3, 7): got 1.0, expected 0.0" in str(failure.value)


def test_a_failed_items_picture_is_a_small_png_and_an_item_at_full_marks_has_none():
    item = Item("adam", 1.0, 3.0, [failed("a", drawn=PATHS), failed("b", drawn=CURVES)])
    assert item.picture() == PATHS
    data = pictures.png(item.picture())
    assert data.startswith(b"\x89PNG") and len(data) <= pictures.MAX_BYTES
    assert Item("adam", 3.0, 3.0, [Check("a", True, 3.0, picture=PATHS)]).picture() is None


def test_every_kind_of_picture_draws_also_a_blow_up_and_is_plain_json():
    contours = {"x": [0.0, 1.0], "y": [0.0, 1.0], "z": [[0.0, 1.0], [1.0, 2.0]]}
    series = {"yours": [1.0, 1e10, np.inf, np.nan], "reference": [1.0, 0.5, 0.2, 0.1]}
    blow_up = picture("gradient_descent(...)", series, log=True)
    for drawn in (PATHS, CURVES, {**PATHS, "contours": contours}, blow_up):
        assert len(pictures.png(drawn)) <= pictures.MAX_BYTES
        json.dumps(drawn, allow_nan=False)


def graded_notebook(item):
    cell = nbformat.v4.new_code_cell("", metadata={"nbgrader": {"grade": True, "grade_id": item.id, "points": 3,
                                                               "solution": False, "locked": True}})
    nb = nbformat.v4.new_notebook(cells=[cell])
    write_results(nb, Submission("nb.ipynb", "optimizers", item.score, item.max_score, items=[item]))
    return cell.outputs


def test_nbgrader_cells_get_the_text_the_picture_and_the_score_last():
    outputs = graded_notebook(Item("adam", 1.0, 3.0, [failed("a", drawn=PATHS)]))
    assert [o.output_type for o in outputs] == ["stream", "display_data", "execute_result"]
    assert base64.b64decode(outputs[1].data["image/png"]).startswith(b"\x89PNG")
    assert outputs[2].data["text/plain"] == "1.0"
    full = graded_notebook(Item("adam", 3.0, 3.0, [Check("a", True, 3.0)]))
    assert [o.output_type for o in full] == ["stream", "execute_result"]


def test_the_html_page_holds_the_same_text_and_picture():
    item = Item("adam", 1.0, 3.0, [failed("a", drawn=PATHS)])
    html = feedback_page.page(Submission("sub/nb.ipynb", "optimizers", 1.0, 3.0, items=[item]))
    assert "adam: points: 1 / 3" in html and html.count("data:image/png;base64,") == 1
    assert "optimizers: points: 1 / 3" in html


def test_the_html_page_carries_mathjax_exactly_when_its_text_has_a_formula():
    plain = Item("adam", 1.0, 3.0, [failed("a")])
    formula = Item("adam", 1.0, 3.0, [Check("a", False, 3.0, r"the step is $\mathrm{lr} \cdot g / (|g| + \epsilon)$")])
    for item, typeset in ((plain, False), (formula, True)):
        page = feedback_page.page(Submission("nb.ipynb", "optimizers", 1.0, 3.0, items=[item]))
        assert ("window.MathJax" in page) == typeset and "<script src=" not in page  # inlined: no network


def test_a_call_on_long_generated_values_shows_the_code_that_builds_them():
    from autograder.checks import optimizers
    reference = Reference.of("autograder.reference.optimizers")
    swapped = reference.replaced(ema=lambda values, beta: reference.namespace["ema"](values, 1 - beta))
    with pytest.raises(CheckFailed) as failure:
        optimizers.random_values(swapped, reference, "ema")
    assert str(failure.value).startswith(f"ema({optimizers.RANDOM_TEXT}, 0.0) gave the wrong averages")
    assert np.array_equal(eval(optimizers.RANDOM_TEXT, {"np": np}), optimizers.RANDOM)  # noqa: S307 (our text)


def failure_of(assignment, check, **wrong):
    """How a check of the assignment fails when the reference, with the names `wrong` swapped in, is graded."""
    reference = Reference.of(f"autograder.reference.{assignment}")
    with pytest.raises(CheckFailed) as failure:
        getattr(importlib.import_module(f"autograder.checks.{assignment}"), check)(reference.replaced(**wrong),
                                                                                    reference)
    return failure


def as_copied(message):
    """A failure's message as a student copies it from the feedback of its item: wrapped, then dedented."""
    text = result_text.feedback(Item("item", 0.0, 1.0, [Check("check", False, 1.0, message)]))
    return textwrap.dedent("\n".join(text.splitlines()[2:]))


def copied_code(failure, said):
    """The code a failure shows, as the student copies it from the feedback: all before what it says of it."""
    copied = as_copied(str(failure.value))
    assert said in copied
    return copied[:copied.index(said)]


def given_code(assignment):
    """The names an assignment's setup cells define, as the notebook has them."""
    return vars(importlib.import_module(f"autograder.reference.given.{assignment}"))


def run_pasted(code, given, **names):
    """Run code shown in feedback as the notebook would, the assignment's given code defined and `names` added;
    returns the notebook's names afterwards."""
    namespace = {**given_code(given), **names}
    exec(code, namespace)  # noqa: S102 (our own text)
    return namespace


def rerun(code, given, recorded):
    """Run code shown in feedback with the student's function `recorded` replaced by one that keeps its
    arguments; returns them, one tuple per call."""
    seen = []

    def record(*args, **kwargs):  # returns itself, so that an instance it "makes" records its calls too
        seen.append((*args, *kwargs.values()))
        return record
    run_pasted(code, given, **{recorded: record})
    return seen


def same_parameters(passed, expected):
    """The parameters passed (a list, a generator or one tensor) are those expected, values and gradients."""
    assert type(passed) is type(expected)
    if isinstance(expected, torch.Tensor):
        passed, expected = [passed], [expected]
    for p, q in zip(list(passed), list(expected), strict=True):
        assert torch.equal(p, q) and (p.grad is None) == (q.grad is None)
        assert p.grad is None or torch.equal(p.grad, q.grad)


CLIP_CASES = [("list", [[3], [2, 2], [4, 1], []], 10.0, 1, 5.0, ()),
              ("generator", [[3], [2, 2], [4, 1], []], 2.0, 7, 1.0, (0,)),
              ("list", [[3], [2, 2]], 1.0, 8, 1.0, (0, 1)),
              ("tensor", [[3, 2]], 1.0, 5, 0.5, ())]


@pytest.mark.parametrize("case", CLIP_CASES, ids=lambda case: f"{case[0]}-{case[3]}")
def test_a_clipping_call_shows_code_that_builds_the_same_parameters(case):
    from autograder.checks import linefit
    from autograder.probes.linefit import _parameters, _passed_as
    reference = Reference.of("autograder.reference.linefit")
    with pytest.raises(CheckFailed) as failure:
        linefit._run_clip(reference.replaced(clip_grad_norm=lambda parameters, max_norm: -1.0), reference, *case)
    code = copied_code(failure, " gave the wrong returned total norm")
    assert code.split() == linefit.clip_code(*case).split()
    kind, shapes, scale, seed, max_norm, without_grad = case
    assert failure.value.picture["ticks"] == [f"params[{j}]" for j in range(len(shapes))]  # named as in the code
    [(passed, shown_max_norm)] = rerun(code, "linefit", "clip_grad_norm")
    assert shown_max_norm == max_norm
    same_parameters(passed, _passed_as(kind, _parameters(shapes, scale, seed, without_grad)))


AUTOCLIP_CASES = [(["list", "generator", "list"], [1e-5, 3e-6, 2e-5], (), 50.0),
                  (["tensor", "list", "tensor", "generator", "list"], [2.0, 0.5, 8.0, 1.0, 4.0], (2,), None)]


@pytest.mark.parametrize("case", AUTOCLIP_CASES, ids=["percentile", "default"])
def test_an_autoclip_call_shows_code_that_builds_the_same_parameters_call_by_call(case):
    from autograder.checks import linefit
    from autograder.probes.linefit import _parameters, _passed_as
    kinds, scales, without_grad, percentile = case
    calls = linefit._calls(kinds, scales, without_grad)
    reference = Reference.of("autograder.reference.linefit")

    def halved(*args):
        clipper = reference.namespace["AutoClip"](*args)
        return lambda parameters: 0.5 * clipper(parameters)
    with pytest.raises(CheckFailed) as failure:
        linefit._run_autoclip(reference.replaced(AutoClip=halved), reference, calls, percentile)
    code = copied_code(failure, "\ncall 0 gave the wrong returned clip value")
    assert code.split() == linefit.autoclip_code(calls, percentile).split()
    made, *called = rerun(code, "linefit", "AutoClip")
    assert made == (() if percentile is None else (percentile,)) and len(called) == len(calls)
    for (passed,), (kind, shapes, scale, seed, without_grad) in zip(called, calls):
        same_parameters(passed, _passed_as(kind, _parameters(shapes, scale, seed, without_grad)))


LAYER_STATS_CASES = [("default", 0, 10), ("bad ramp", 3, 2), ("tower", 0, 3)]


def test_a_layer_stats_call_shows_the_code_that_builds_its_network_and_batch():
    from autograder.checks import init
    reference = Reference.of("autograder.reference.init")
    with pytest.raises(CheckFailed) as failure:
        init.check_layer_stats_act_std_before_the_activation(reference.replaced(layer_stats=lambda *_: []), reference)
    assert as_copied(str(failure.value)).startswith(f"{init.stats_code(*init.MLP_CASES[0])} returned 0 dicts")


@pytest.mark.parametrize("case", LAYER_STATS_CASES, ids=lambda case: case[0])
def test_the_shown_layer_stats_code_builds_the_network_and_batch_of_the_check(case):
    from autograder.checks import init
    from autograder.probes.init import _batch, _network
    given = given_code("init")
    network, seed, batch_seed = case
    first, second = rerun(init.stats_code(*case, calls=2), "init", "layer_stats")
    assert first[0] is second[0] and first[1] is second[1]
    net, x, target = first
    expected, (expected_x, expected_target) = _network(given, network, seed), _batch(given, 256, batch_seed)
    layers = lambda module: [(name, type(m)) for name, m in module.named_modules()][1:]  # the tower's own class aside
    assert layers(net) == layers(expected)
    weights = zip(net.state_dict().values(), expected.state_dict().values(), strict=True)
    assert all(torch.equal(p, q) for p, q in weights)
    assert torch.equal(x, expected_x) and torch.equal(target, expected_target)


def test_layer_stats_are_drawn_per_named_nn_linear_and_moving_averages_per_step():
    from autograder.checks import init, optimizers
    reference = Reference.of("autograder.reference.init")
    doubled = lambda *args: [dict(s, act_std=2 * s["act_std"]) for s in reference.namespace["layer_stats"](*args)]
    with pytest.raises(CheckFailed) as failure:
        init.check_layer_stats_act_std_before_the_activation(reference.replaced(layer_stats=doubled), reference)
    names = ["layer1.0", "layer2.0", "layer3.0"]
    assert failure.value.picture["xlabel"] == "nn.Linear" and failure.value.picture["ticks"] == names
    assert drawn_ticks(failure.value.picture) == (list(range(3)), names)
    reference = Reference.of("autograder.reference.optimizers")
    swapped = reference.replaced(ema=lambda values, beta: reference.namespace["ema"](values, 1 - beta))
    with pytest.raises(CheckFailed) as failure:
        optimizers.random_values(swapped, reference, "ema")
    assert failure.value.picture["xlabel"] == "step"
    positions, _ = drawn_ticks(failure.value.picture)
    assert all(float(p).is_integer() for p in positions) and len(positions) > 2


def drawn_ticks(drawn):
    """The x positions of a picture's figure that carry a tick within the curves, and their labels."""
    figure = pictures.drawn(drawn)
    try:
        axes = figure.axes[0]
        low, high = axes.get_xlim()
        ticks = [(p, t.get_text()) for p, t in zip(axes.get_xticks(), axes.get_xticklabels()) if low <= p <= high]
        return [p for p, _ in ticks], [t for _, t in ticks]
    finally:
        pictures.plt.close(figure)


def test_the_autoclip_history_call_shows_code_that_builds_the_same_parameters_round_by_round():
    from autograder.checks import linefit
    from autograder.probes.linefit import _parameters
    reference = Reference.of("autograder.reference.linefit")
    history = []

    class Shared(reference.namespace["AutoClip"]):
        def __init__(self):
            super().__init__()
            self.history = history
    with pytest.raises(CheckFailed) as failure:
        linefit.check_autoclip_instances_keep_their_own_history(reference.replaced(AutoClip=Shared), reference)
    code = copied_code(failure, "\nthe call second(params), in the last round, gave the wrong clip value")
    first, second, *called = rerun(code, "linefit", "AutoClip")
    assert first == second == () and len(called) == 4
    for seed, ((passed,), scale) in enumerate(zip(called, [50.0, 80.0, 120.0, 1.0])):
        same_parameters(passed, _parameters(linefit.SHAPES, scale, seed, ()))


def same_module(module, expected, x):
    """Two models hold equal parameters, in the same order, and compute the same outputs on x."""
    pairs = zip(module.parameters(), expected.parameters(), strict=True)
    assert all(p.shape == q.shape and torch.equal(p, q) for p, q in pairs)
    with torch.no_grad():
        assert torch.equal(module(x), expected(x))


L1_LOSS_CASES = [("check_l1_loss_is_a_differentiable_scalar", ".backward() gave the wrong gradient y_hat.grad", 3,
                  (40, 1), True),
                 ("check_l1_loss_is_the_mean_absolute_error", " gave the wrong loss", 0, (100, 1), False)]


@pytest.mark.parametrize("check, said, seed, shape, tracked", L1_LOSS_CASES, ids=["backward", "mean"])
def test_an_l1_loss_call_shows_code_that_builds_the_same_tensors(check, said, seed, shape, tracked):
    from autograder.checks import linefit
    reference = Reference.of("autograder.reference.linefit")
    doubled = lambda y_hat, y: 2 * reference.namespace["l1_loss"](y_hat, y)
    code = copied_code(failure_of("linefit", check, l1_loss=doubled), said)
    assert code.split() == (linefit.pair_tensors_code(seed, shape, tracked=tracked) + "\nl1_loss(y_hat, y)").split()
    [(y_hat, y)] = rerun(code, "linefit", "l1_loss")
    expected_y_hat, expected_y = linefit._pair(seed, shape)
    assert y_hat.requires_grad == tracked and not y.requires_grad and y_hat.dtype == y.dtype == torch.float32
    assert torch.equal(y_hat, torch.from_numpy(expected_y_hat)) and torch.equal(y, torch.from_numpy(expected_y))


TRAIN_CASES = [("check_train_line_records_loss_and_grad_norm", "line", 1, (100, 0), 0.01, 20),
               ("check_train_line_trains_several_multi_element_parameters", "wide", 2, (40, 1), 0.05, 15)]


@pytest.mark.parametrize("case", TRAIN_CASES, ids=lambda case: case[1])
def test_a_train_line_call_shows_code_that_builds_the_same_model_and_data(case):
    from autograder.checks import linefit
    from autograder.probes.linefit import _model
    check, kind, seed, (n, data_seed), lr, n_iter = case
    reference = Reference.of("autograder.reference.linefit")

    def doubled(*args):
        history = reference.namespace["train_line"](*args)
        return dict(history, loss=[2 * value for value in history["loss"]])
    with pytest.raises(CheckFailed) as failure:
        getattr(linefit, check)(reference.replaced(train_line=doubled), reference)
    code = copied_code(failure, " gave the wrong recorded 'loss'")
    assert code.strip().splitlines()[-1] == f"train_line(model, x, y, lr={lr}, n_iter={n_iter})"
    assert failure.value.picture["title"].endswith(f"train_line(model, x, y, lr={lr}, n_iter={n_iter})")
    [(model, x, y, shown_lr, shown_n_iter)] = rerun(code, "linefit", "train_line")
    given = given_code("linefit")
    expected_x, expected_y, _, _ = given["make_line_data"](n=n, seed=data_seed)
    assert np.array_equal(x, expected_x) and np.array_equal(y, expected_y)
    assert (shown_lr, shown_n_iter) == (lr, n_iter)
    same_module(model, _model(given, kind, seed), given["as_column"](x))


def test_a_good_init_call_shows_code_that_builds_the_same_bad_ramp():
    from autograder.checks import init
    from autograder.probes.init import _network
    failure = failure_of("init", "check_good_init_gives_every_linear_new_weights", good_init_=lambda mlp: None)
    code = copied_code(failure, " left the weights of layer1.0, layer2.0, layer3.0 as they were")
    assert code.split() == init.init_code(0).split()
    [(mlp,)] = rerun(code, "init", "good_init_")
    given = given_code("init")
    same_module(mlp, _network(given, "bad ramp", 0), torch.randn(5, 2))


def test_the_activation_scale_check_shows_code_that_builds_the_same_batch_and_networks():
    from autograder.checks import init
    from autograder.probes.init import _batch, _network
    reference = Reference.of("autograder.reference.init")

    def scaled_up(mlp):
        reference.namespace["good_init_"](mlp)
        with torch.no_grad():
            for p in mlp.parameters():
                p.mul_(40.0)
    with pytest.raises(CheckFailed) as failure:
        init.check_good_init_keeps_the_activation_scale(reference.replaced(good_init_=scaled_up), reference)
    code = copied_code(failure, "\nthen, on x, the std of layer")
    assert code.split() == init.scale_code(init.INIT_SEEDS).split()
    seen = []
    notebook = run_pasted(code, "init", good_init_=seen.append)
    given = given_code("init")
    x, _ = _batch(given, 1000, 0)
    assert torch.equal(notebook["x"], x) and len(seen) == len(init.INIT_SEEDS)
    for mlp, seed in zip(seen, init.INIT_SEEDS):
        same_module(mlp, _network(given, "bad ramp", seed), x)


def test_the_training_check_shows_code_that_trains_as_the_check_does():
    from autograder.checks import init
    from autograder.probes.init import training
    reference = Reference.of("autograder.reference.init")
    failure = failure_of("init", "check_good_init_trains_better_than_the_bad_ramp", good_init_=lambda mlp: None)
    code = copied_code(failure, "\nprints losses of the last 10 steps")
    assert code.split() == init.training_code(init.TRAINING_SEEDS, init.TRAINING_STEPS).split()
    given = given_code("init")
    runs = []

    def run_training(*args, **kwargs):
        runs.append(given["run_training"](*args, **kwargs)[0])
        return runs[-1], None
    run_pasted(code, "init", run_training=run_training, good_init_=reference.namespace["good_init_"])
    checked = training(reference.namespace, "good_init_", init.TRAINING_SEEDS, init.TRAINING_STEPS)
    assert np.array_equal(np.array(runs), checked)


@pytest.fixture(scope="module")
def grader():
    with Grader() as grader:
        yield grader


def stubs(assignment):
    """The notebook's names as a student who has written nothing has them: the given code, then the release's
    solution cells, whose functions raise NotImplementedError."""
    namespace = dict(given_code(assignment))
    for cell in release(assignment).cells:
        if notebook.is_solution(cell):
            exec(cell.source, namespace)  # noqa: S102 (the release's own cells)
    return namespace


@pytest.mark.parametrize("assignment", assignments())
def test_a_call_that_raises_is_shown_as_code_that_raises_the_same_in_the_notebook(grader, assignment):
    result = grader.grade(release(assignment), assignment, f"assignments/{assignment}")
    raised = " raised NotImplementedError"
    shown = [as_copied(c.message) for i in result.items for c in i.checks if raised in c.message]
    assert len(shown) >= len(result.items)
    for text in shown:
        code = text[:re.search(r"\s+raised\s+NotImplementedError", text).start()]
        with pytest.raises(NotImplementedError):
            exec(code, stubs(assignment))  # noqa: S102 (our own text)


def same_arguments(passed, expected):
    assert len(passed) == len(expected)
    for p, q in zip(passed, expected):
        assert type(p) is type(q) and np.array_equal(np.asarray(p), np.asarray(q))


@pytest.mark.parametrize("name, cases", [("l1_line_grads", "GRADS_AT ON_THE_LINE"),
                                         ("grid_search", "LOSS_GRIDS MINIMUM_GRIDS")])
def test_data_built_from_shown_code_is_the_same_in_the_notebook(name, cases):
    from autograder.checks import linefit
    from autograder.compare import pasted
    reference = Reference.of("autograder.reference.linefit")
    for code, arguments in sum((getattr(linefit, c) for c in cases.split()), []):
        call, args = pasted(reference, code, name, arguments)
        [seen] = rerun(call, "linefit", name)
        same_arguments(seen, args)


def test_a_grid_search_failure_shows_the_code_of_its_data():
    from autograder.checks import linefit
    reference = Reference.of("autograder.reference.linefit")
    shifted = lambda x, y, ms, bs: (*reference.namespace["grid_search"](x, y, ms, bs)[:2],
                                    reference.namespace["grid_search"](x, y, bs, ms)[2])
    with pytest.raises(CheckFailed) as failure:
        linefit.check_grid_losses_are_indexed_by_m_then_b(reference.replaced(grid_search=shifted), reference)
    code = copied_code(failure, " gave the wrong losses")
    assert code == "x, y, _, _ = make_line_data(n=50, seed=3)\nms = np.linspace(-2.0, 2.5, 10)\n" \
                   "bs = np.linspace(-1.0, 1.5, 10)\ngrid_search(x, y, ms, bs)"


def test_numerical_gradient_is_shown_applied_to_code_for_the_very_functions_checked():
    from autograder.checks import gd2d
    from autograder.probes.gd2d import FUNCTIONS
    points = np.random.default_rng(0).normal(size=(20, 3))
    for function, code in gd2d.FUNCTION_CODE.items():
        shown = eval(code, given_code("gd2d"))  # noqa: S307 (our own text)
        dimensions = 2 if function == "loss_2d" else 3
        assert all(shown(p[:dimensions]) == FUNCTIONS[function](p[:dimensions]) for p in points)
    reference = Reference.of("autograder.reference.gd2d")
    forward = lambda f, x, h=1e-5: (np.array([f(np.asarray(x) + h * e) for e in np.eye(len(x))]) - f(np.asarray(x))) / h
    with pytest.raises(CheckFailed) as failure:
        gd2d.check_numerical_gradient_is_close_to_the_exact_gradient(reference.replaced(numerical_gradient=forward),
                                                                     reference)
    [(function, x)] = rerun(copied_code(failure, " gave the wrong gradient"), "gd2d", "numerical_gradient")
    assert function is given_code("gd2d")["loss_2d"] and x == [4.0, 2.5]


def test_a_classification_failure_shows_the_matrix_as_code_with_its_eigenvalues():
    from autograder.checks import gd2d
    reference = Reference.of("autograder.reference.gd2d")
    with pytest.raises(CheckFailed) as failure:
        gd2d.check_classifies_definite_matrices(reference.replaced(classify_critical_point=lambda h: "saddle"),
                                                reference)
    assert "eigenvalues 2.0, 8.0." in str(failure.value)
    [(matrix,)] = rerun(copied_code(failure, " returned 'saddle'"), "gd2d", "classify_critical_point")
    assert np.array_equal(matrix, gd2d._symmetric([2.0, 8.0], seed=0))


FOLLOW_CASES = [("GD", {"lr": 0.05}, "line", {}, 10),
                ("RMSProp", {}, "2d", {"scale": 1e-6}, 6),
                ("Momentum", {"lr": 0.05, "beta": 0.5}, "2d", {"start": (0.0, -0.5)}, 10),
                ("Adam", {"lr": 0.05}, "shapes", {}, 10),
                ("Momentum", {"lr": 0.5, "beta": 0.9}, "mlp", {}, 8)]


def twice(optimizer):
    """A known-wrong variant of an optimizer class: every step updates each parameter twice."""
    class Twice(optimizer):
        def update_param(self, p):
            super().update_param(p)
            super().update_param(p)
    return Twice


def recording(optimizer, made, rows):
    """An optimizer class that keeps what it was made with (copies of the parameters, the hyper-parameters)
    and the parameters, flattened to float64, at its start and after each step."""
    def flat(params):
        return torch.cat([p.detach().reshape(-1) for p in params]).double().numpy()

    class Recording(optimizer):
        def __init__(self, params, **hyper):
            super().__init__(params, **hyper)
            made.append((type(params), [p.detach().clone() for p in params], hyper))
            rows.append(flat(self.params))

        def step(self):
            super().step()
            rows.append(flat(self.params))
    return Recording


@pytest.mark.parametrize("case", FOLLOW_CASES, ids=lambda case: f"{case[0]}-{case[2]}-{len(case[3])}")
def test_an_optimizer_run_shows_code_that_takes_the_checks_steps_on_its_parameters(case):
    from autograder.checks import optimizers
    from autograder.probes.optimizers import build_task, path
    optimizer, hyper, task, options, steps = case
    reference = Reference.of("autograder.reference.optimizers")
    wrong = reference.replaced(**{optimizer: twice(reference.namespace[optimizer])})
    with pytest.raises(CheckFailed) as failure:
        optimizers.follow(wrong, reference, optimizer, task, [(hyper, options)], steps)
    code = copied_code(failure, "\nthe parameters leave the reference path after step 1")
    assert code == optimizers.run_code(optimizer, hyper, task, options, steps)  # no line was wrapped
    made, rows = [], []
    run_pasted(code, "optimizers", **{optimizer: recording(reference.namespace[optimizer], made, rows)})
    [(kind, passed, shown_hyper)] = made
    expected, _ = build_task(reference.namespace, task, **options)
    assert kind is list and shown_hyper == hyper
    for p, q in zip(passed, expected, strict=True):
        assert p.dtype == q.dtype and p.shape == q.shape and torch.equal(p, q.detach())
    assert np.array_equal(np.stack(rows), reference.probe(path, optimizer, hyper, task, steps, **options))


@pytest.mark.parametrize("task", ["line", "shapes", "mlp"])
def test_the_parameters_a_failure_names_are_those_the_shown_code_passes_in_order(task):
    from autograder.checks import optimizers
    reference = Reference.of("autograder.reference.optimizers")
    with pytest.raises(CheckFailed) as failure:
        optimizers.follow(reference.replaced(GD=twice(reference.namespace["GD"])), reference, "GD", task,
                          [({"lr": 0.01}, {})], 1)
    code = copied_code(failure, "\nthe parameters leave the reference path after step 1")
    names = [name.split(" (")[0] for name in optimizers.PARAMETER_NAMES[task]]
    assert str(failure.value).splitlines()[len(code.splitlines()) + 1].split()[0] == names[0]
    passed = []

    class Kept(reference.namespace["GD"]):
        def __init__(self, params, **hyper):
            super().__init__(params, **hyper)
            passed.extend(params)
    notebook = run_pasted(code, "optimizers", GD=Kept)
    shown = [eval(name, notebook) for name in names]  # noqa: S307 (our own text)
    assert len(shown) == len(passed) and all(p is q for p, q in zip(shown, passed))


def test_the_mlp_training_run_shows_the_notebooks_run_training_as_the_check_runs_it():
    from autograder.checks import optimizers
    from autograder.probes.optimizers import mlp_losses
    reference = Reference.of("autograder.reference.optimizers")
    wrong = reference.replaced(RMSProp=twice(reference.namespace["RMSProp"]))
    with pytest.raises(CheckFailed) as failure:
        optimizers.check_rmsprop_trains_the_mlp(wrong, reference)
    code = copied_code(failure, " gave the wrong losses")
    assert code == "losses, _ = run_training(RMSProp, 0.01, steps=40, batch_size=128)"
    notebook = run_pasted(code, "optimizers", RMSProp=reference.namespace["RMSProp"])
    want = reference.probe(mlp_losses, "RMSProp", 0.01, optimizers.TRAINING_STEPS)
    assert np.array_equal(np.array(notebook["losses"]), want)


def trained_as_shown(code, reference):
    """Run a train_network failure's code with the reference's train_network and Adam: the notebook's names."""
    return run_pasted(code, "optimizers", train_network=reference.namespace["train_network"],
                      Adam=reference.namespace["Adam"])


def same_training(notebook, want):
    """The notebook's losses and model are those of a run of probes.trained_network, bit for bit."""
    assert notebook["losses"] == want["losses"]
    for p, q in zip(notebook["model"].parameters(), want["params"], strict=True):
        assert p.dtype == torch.float32 and np.array_equal(p.detach().numpy(), q)


def test_the_train_network_loop_check_shows_code_that_trains_the_same_network():
    from autograder.checks import optimizers
    from autograder.probes.optimizers import trained_network
    reference = Reference.of("autograder.reference.optimizers")

    def doubled(*args, **kwargs):
        return [2 * loss for loss in reference.namespace["train_network"](*args, **kwargs)]
    with pytest.raises(CheckFailed) as failure:
        optimizers.check_train_network_follows_the_canonical_loop(reference.replaced(train_network=doubled),
                                                                   reference)
    code = copied_code(failure, " gave the wrong losses")
    assert code == optimizers.training_code(**optimizers.SGD_RUN)
    same_training(trained_as_shown(code, reference), reference.probe(trained_network, **optimizers.SGD_RUN))


def test_the_train_network_accuracy_check_shows_code_that_trains_the_same_network_and_prints_the_accuracy(capsys):
    from autograder.checks import optimizers
    from autograder.probes.optimizers import trained_network
    reference = Reference.of("autograder.reference.optimizers")
    with pytest.raises(CheckFailed) as failure:
        optimizers.check_train_network_trains_the_mlp_with_your_adam(
            reference.replaced(train_network=lambda *args, **kwargs: []), reference)
    code = copied_code(failure, "\nprints ")
    said = as_copied(str(failure.value))[len(code):].split()[1].removesuffix(":")
    run_pasted(code, "optimizers", train_network=lambda *args, **kwargs: [], Adam=reference.namespace["Adam"])
    assert capsys.readouterr().out == said + "\n"
    seed = optimizers.TRAINING_SEEDS[0]
    same_training(trained_as_shown(code, reference), reference.probe(trained_network, **optimizers.TRAINING,
                                                                     seed=seed))


def test_moving_average_calls_show_their_values_whole_as_code():
    from autograder.checks import optimizers
    reference = Reference.of("autograder.reference.optimizers")
    ema = reference.namespace["ema"]
    for values, _ in optimizers.INPUT_KINDS:
        wrong_here = lambda v, beta, values=values: ema(v, 1 - beta if np.array_equal(v, values) else beta)
        with pytest.raises(CheckFailed) as failure:
            optimizers.check_ema_takes_array_likes(reference.replaced(ema=wrong_here), reference)
        [(shown, beta)] = rerun(copied_code(failure, " gave the wrong averages"), "optimizers", "ema")
        assert beta == 0.8 and type(shown) is type(values) and np.array_equal(shown, values)
    swapped = reference.replaced(ema=lambda values, beta: ema(values, 1 - beta))
    with pytest.raises(CheckFailed) as failure:
        optimizers.check_ema_takes_array_likes(swapped, reference)
    assert copied_code(failure, " gave the wrong averages") == "ema((3, -1, 2, 0, 5), 0.8)"


class Mutating:
    """A student whose every call changes its first argument."""

    def call_mutating(self, name, *args, shown_as=None):
        return None, [0]


def test_a_moving_average_that_changes_its_input_shows_code_that_passes_the_same_values():
    from autograder.checks import optimizers
    with pytest.raises(CheckFailed) as failure:
        optimizers.check_ema_keeps_its_input(Mutating(), None)
    code = copied_code(failure, "\nchanged its argument values in place")
    [(values, beta)] = rerun(code, "optimizers", "ema")
    assert beta == 0.9 and type(values) is np.ndarray and np.array_equal(values, optimizers.RANDOM)


def same_calls(passed, expected):
    """The calls passed the arguments expected: same types, arrays of the same dtype and values, exactly."""
    assert len(passed) == len(expected)
    for args, expected_args in zip(passed, expected):
        for value, expected_value in zip(args, expected_args, strict=True):
            assert type(value) is type(expected_value)
            if isinstance(value, np.ndarray):
                assert value.dtype == expected_value.dtype and np.array_equal(value, expected_value)
            else:
                assert value == expected_value
                assert [type(v) for v in np.ravel(value)] == [type(v) for v in np.ravel(expected_value)]


class NotImplementedStudent(Reference):
    """A student whose functions all raise NotImplementedError, told as the check shows the call; `calls` keeps
    the arguments of each call that the check's probe makes of them (run as if they returned None)."""

    def __init__(self):
        super().__init__(collections.defaultdict(lambda: lambda *args: self.calls.append(args)))
        self.calls = []

    def probe(self, function, *args, shown_as=None, **kwargs):
        super().probe(function, *args, **kwargs)
        raise StudentFailed(explain_error(shown_as, {"type": "NotImplementedError", "message": "", "frames": []}))


AUTODIFF_BATCHES = [("check_forward_graph_nodes_at_points", "forward_graph"), ("check_grad_f_df_dy", "grad_f"),
                    ("check_forward_graph_works_elementwise_on_arrays", "forward_graph"),
                    ("check_grad_f_works_elementwise_on_arrays", "grad_f"),
                    ("check_grad_tanh_loss_db", "grad_tanh_loss"),
                    ("check_autograd_tanh_loss_matches_the_gradient", "autograd_tanh_loss"),
                    ("check_shallow_narrow_grads_at_many_points", "shallow_narrow_grads"),
                    ("check_shallow_narrow_grads_at_special_points", "shallow_narrow_grads"),
                    ("check_train_shallow_narrow_path_layout", "train_shallow_narrow"),
                    ("check_deep_narrow_grads_with_nonzero_weights", "deep_narrow_grads")]


@pytest.mark.parametrize("check, name", AUTODIFF_BATCHES, ids=[check for check, _ in AUTODIFF_BATCHES])
def test_an_autodiff_call_that_raises_shows_code_that_makes_the_checks_calls(check, name):
    from autograder.checks import autodiff
    student = NotImplementedStudent()
    with pytest.raises(StudentFailed) as failure:
        getattr(autodiff, check)(student, Reference.of("autograder.reference.autodiff"))
    same_calls(rerun(copied_code(failure, " raised NotImplementedError"), "autodiff", name), student.calls)


def test_the_arrays_point_by_point_and_each_point_alone_are_shown_as_code_that_passes_them():
    from autograder.checks import autodiff
    code = autodiff.arrays_code("grad_f", one_by_one=True)
    same_calls(rerun(code, "autodiff", "grad_f"), autodiff.ARRAY_POINTS)
    for point in autodiff.POINTS + autodiff.ARRAY_POINTS:
        same_calls(rerun(autodiff.point_call("grad_f", point), "autodiff", "grad_f"), [point])
    assert len(autodiff.ARRAY_POINTS) == 25 and len(autodiff.POINTS) == 40


def reversed_arrays(function):
    """A variant of `function` that gives each array result back to front: right point by point only."""
    def variant(*args):
        result = function(*args)
        values = result.values() if isinstance(result, dict) else result
        backwards = [v[::-1] if np.ndim(v) else v for v in values]
        return dict(zip(result, backwards)) if isinstance(result, dict) else tuple(backwards)
    return variant


def doubled(function):
    """A variant of `function` that gives each number of its results twice over."""
    def variant(*args):
        result = function(*args)
        return 2 * result if isinstance(result, np.ndarray) else tuple(2 * v for v in result)
    return variant


def doubled_lr(function):
    """A variant of train_shallow_narrow that steps with twice the learning rate."""
    return lambda w1, w2, x, y, lr, steps: function(w1, w2, x, y, 2 * lr, steps)


AUTODIFF_WRONG = [("check_forward_graph_works_elementwise_on_arrays", "forward_graph", reversed_arrays,
                   " gave the wrong node 'a'"),
                  ("check_grad_f_works_elementwise_on_arrays", "grad_f", reversed_arrays, " gave the wrong df/dx"),
                  ("check_grad_f_df_dz", "grad_f", doubled, " gave the wrong df/dz"),
                  ("check_grad_tanh_loss_dw", "grad_tanh_loss", doubled, " gave the wrong dL/dw"),
                  ("check_shallow_narrow_grads_at_many_points", "shallow_narrow_grads", doubled,
                   " gave the wrong gradient"),
                  ("check_deep_narrow_grads_with_nonzero_weights", "deep_narrow_grads", doubled,
                   " gave the wrong gradient"),
                  ("check_train_shallow_narrow_updates_both_weights_together", "train_shallow_narrow", doubled_lr,
                   " gave the wrong path")]


@pytest.mark.parametrize("case", AUTODIFF_WRONG, ids=lambda case: case[0])
def test_a_wrong_autodiff_result_shows_code_that_makes_the_failing_call_again(case):
    from autograder.checks import autodiff
    check, name, variant, said = case
    reference, calls = Reference.of("autograder.reference.autodiff"), []
    wrong = variant(reference.namespace[name])

    def recorded(*args):  # the first call is the one that fails
        calls.append(args)
        return wrong(*args)
    with pytest.raises(CheckFailed) as failure:
        getattr(autodiff, check)(reference.replaced(**{name: recorded}), reference)
    same_calls(rerun(copied_code(failure, said), "autodiff", name), calls[:1])


def test_every_deep_narrow_case_is_shown_as_code_that_builds_its_weights_and_data():
    from autograder.checks import autodiff
    for ws, (code, x, y) in autodiff.DEEP_NONZERO + autodiff.DEEP_ONE_ZERO + autodiff.DEEP_TWO_ZEROS:
        shown = as_copied(autodiff.deep_code(ws, code))  # up to 20 weights: wrapped within the brackets
        same_calls(rerun(shown, "autodiff", "deep_narrow_grads"), [(ws, x, y)])
