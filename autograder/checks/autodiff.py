"""Hidden checks of autodiff: a computational graph by hand, a tanh neuron by hand and by autograd,
shallow and deep narrow linear networks.

One tolerance, TOL (rtol 1e-5, atol 1e-6), measured against correct variants on the inputs of
these checks: float64 variants (math with log1p, np.vectorize, torch, Python loops, a double loop
over the layers, products by np.delete, dL/dp expanded as 2(p·mean(x²) - mean(x·y))) stay within
3e-10 of it; float32 variants use at most a fifth of it: relative errors of 1.2e-5 in
forward_graph (on nodes near 1e-3, inside the absolute floor), 4.8e-6 in grad_f, 1.7e-6 in
grad_tanh_loss, 1.3e-6 in autograd_tanh_loss, 6.4e-7 in shallow_narrow_grads (1.9e-7 absolute on
the minimum), 2.6e-7 along train_shallow_narrow paths stored in float32 and 3.6e-7 in deep_narrow_grads. Known
mistakes exceed it 5e4-fold or more (the closest: grad_tanh_loss without the factor 2). Two
mistakes give the right numbers (no autograd, tensors returned): the checks name them on their own.
"""
import functools

import numpy as np
import pytest

from autograder.compare import prediction
from autograder.feedback import as_array, close, expect, expect_close, fail, run_shown, show
from autograder.mistakes import outputs
from autograder.mistakes.autodiff import NOT_AUTOGRAD, PATH_WITHOUT_START, TENSORS_RETURNED
from autograder.probes import autodiff as probes
from autograder.reference.given import autodiff as given
from autograder.sandbox.wire import Tensor

item, points, needs_values = pytest.mark.item, pytest.mark.points, pytest.mark.needs_values
A = "autodiff"

TOL = {"rtol": 1e-5, "atol": 1e-6}
EXACT = {"rtol": 1e-12, "atol": 0.0}

NODES = "abcdef"
PARTIALS = ("df/dx", "df/dy", "df/dz")


def variants(reference, item_name, run):
    """The outputs of the item's known mistakes, computed once and only when asked for."""
    return functools.cache(lambda: outputs(reference, A, item_name, run))


def expect_cases(got, want, calls, what, found, part):
    """Each case's part of `got` matches that of `want`; the first that does not fails, naming a known
    mistake only when that mistake gives the student's results in every case."""
    got, want = [part(g) for g in got], [part(w) for w in want]
    for call, g in zip(calls, got):
        as_array(g, call, what)
    for i, (call, g, w) in enumerate(zip(calls, got, want)):
        if not close(g, w, **TOL):
            expect_close(g, w, call, what, **TOL, mistakes=lambda: {
                explanation: part(output[i]) for explanation, output in found().items()
                if all(close(a, part(b), **TOL) for a, b in zip(got, output))})


def _floats(values, call, what):
    """Fail unless every value is a Python float (numpy float64 counts as one)."""
    for value in values:
        if not isinstance(value, float):
            kind = "tensor" if isinstance(value, Tensor) else type(value).__name__
            fail(f"{call} returned {what} {show(value)} of type {kind}, expected a Python float (float(...) or "
                 ".item())")


def _tuples(results, calls, what):
    """Fail unless each result is a tuple of single numbers, as many as `what` names."""
    size = what.count(",") + 1
    for call, result in zip(calls, results):
        expect(isinstance(result, (tuple, list)) and len(result) == size,
               f"{call} returned {show(result)}, expected a tuple {what}")
        for value in result:
            expect(as_array(value, call, what).size == 1, f"{call} returned {show(result)}, expected a tuple {what} "
                                                          "of single numbers")


def _flat(result):
    """A tuple of single numbers (floats, 0-d arrays or tensors) as one float64 array."""
    return np.concatenate([np.ravel(np.asarray(value, dtype=np.float64)) for value in result])


# -- code shown to the student --------------------------------------------------------

GIVEN = vars(given)  # the names the notebook's setup cells define: shown code runs after them


def data(code):
    """(code, x, y): the data set x, y that `code` builds."""
    names = run_shown(code, GIVEN)
    return code, names["x"], names["y"]


def narrow_data(**kwargs):
    """(code, x, y) of make_narrow_data(**kwargs), called as the student would."""
    return data(f"x, y = make_narrow_data({', '.join(f'{key}={value!r}' for key, value in kwargs.items())})")


def weights(lines):
    """The list `weights` that the lines of code build, as tuples."""
    return [tuple(w) for w in run_shown("\n".join(lines), GIVEN)["weights"]]


def program(codes):
    """The calls of several pieces of code, each its setup lines then one call, as one piece of code: a setup
    is written again only where it changes."""
    lines, setup = [], None
    for code in codes:
        *lines_before, call = code.splitlines()
        if lines_before != setup:
            lines += lines_before
            setup = lines_before
        lines.append(call)
    return "\n".join(lines)


def loops_code(weight_lines, names, call, datasets):
    """Code that makes `call` for each entry `names` of the list `weights` (built by `weight_lines`) on each
    data set in turn; `datasets` are the codes that build x and y."""
    return "\n".join([*weight_lines] + [f"{code}\nfor {names} in weights:\n    {call}" for code in datasets])



# -- forward_graph and grad_f ------------------------------------------------------------

def graph_code(seed, draws):
    """Code that draws points (x, y, z) and keeps, as arrays x, y, z, those with sin(y) away from 0 and
    1 + d > 0.2, where f and its gradient are finite."""
    return "\n".join([f"rng = np.random.default_rng({seed})",
                      f"x, y, z = rng.uniform([-2, -3, -2], [2, 3, 2], ({draws}, 3)).round(4).T",
                      "keep = (np.abs(np.sin(y)) > 0.3) & (1 + 2 * x * z / np.sin(y) > 0.2)",
                      "x, y, z = x[keep], y[keep], z[keep]"])


POINTS_CODE = graph_code(11, 67) + "\npoints = [(0.5, 1.2, 1.5), *zip(x.tolist(), y.tolist(), z.tolist())]"
POINTS = run_shown(POINTS_CODE, GIVEN)["points"]
ARRAYS_CODE = graph_code(12, 48)
ARRAYS = tuple(run_shown(ARRAYS_CODE, GIVEN)[name] for name in "xyz")
ARRAY_POINTS = list(zip(*(column.tolist() for column in ARRAYS)))


def point_call(name, point):
    """The call of `name` at one point (x, y, z), as code."""
    return f"{name}({', '.join(map(repr, point))})"


def points_code(name):
    """Code the student can paste that calls `name` at each point of POINTS, in order."""
    return f"{POINTS_CODE}\nfor point in points:\n    {name}(*point)"


def arrays_code(name, one_by_one=False):
    """Code the student can paste to call `name` on ARRAYS, at once or point by point (as Python floats)."""
    if one_by_one:
        return f"{ARRAYS_CODE}\nfor point in zip(x.tolist(), y.tolist(), z.tolist()):\n    {name}(*point)"
    return f"{ARRAYS_CODE}\n{name}(x, y, z)"


def _nodes(student, reference):
    """forward_graph at each point of POINTS on both sides, checked to be dicts with the keys a to f."""
    calls = [point_call("forward_graph", p) for p in POINTS]
    got = student.probe(probes.batch, "forward_graph", POINTS, shown_as=points_code("forward_graph"))
    for call, nodes in zip(calls, got):
        expect(isinstance(nodes, dict) and set(nodes) == set(NODES),
               f"{call} returned {show(nodes)}, expected a dict with the keys 'a' to 'f'")
    want = reference.probe(probes.batch, "forward_graph", POINTS)
    return got, want, calls


@item("forward_graph")
@points(0.5)
def check_forward_graph_nodes_at_points(student, reference):
    """gives the six nodes a = 2x, b = sin(y), c = a/b, d = z·c, e = ln(1 + d), f = tanh(e) as floats at 40 points"""
    got, want, calls = _nodes(student, reference)
    found = variants(reference, "forward_graph", lambda r: r.probe(probes.batch, "forward_graph", POINTS))
    for key in NODES:
        expect_cases(got, want, calls, f"node {key!r}", found, part=lambda nodes, key=key: nodes[key])
    for call, nodes in zip(calls, got):
        _floats([nodes[key] for key in NODES], call, "a node")


@item("forward_graph")
@points(0.5)
@needs_values
def check_forward_graph_works_elementwise_on_arrays(student, reference):
    """on arrays gives arrays holding, element by element, the nodes of each point alone"""
    call = arrays_code("forward_graph")
    [arrays] = student.probe(probes.batch, "forward_graph", [ARRAYS], shown_as=call)
    expect(isinstance(arrays, dict) and set(arrays) == set(NODES),
           f"{call} returned {show(arrays)}, expected a dict with the keys 'a' to 'f'")
    singles = student.probe(probes.batch, "forward_graph", ARRAY_POINTS,
                            shown_as=arrays_code("forward_graph", one_by_one=True))
    for key in NODES:
        value = arrays[key]
        expect(isinstance(value, np.ndarray) and value.shape == (len(ARRAY_POINTS),),
               f"{call} returned node {key!r} = {show(value)}, expected a numpy array of shape "
               f"({len(ARRAY_POINTS)},), one value per point")
        expect_close(value, [nodes[key] for nodes in singles], call, f"node {key!r}", **TOL)


def _gradients(student, reference):
    """grad_f at each point of POINTS on both sides, checked to be tuples of three numbers, and its mistakes."""
    calls = [point_call("grad_f", p) for p in POINTS]
    got = student.probe(probes.grad_f_at, POINTS, shown_as=points_code("grad_f"))
    _tuples(got, calls, "(df_dx, df_dy, df_dz)")
    want = reference.probe(probes.grad_f_at, POINTS)
    found = variants(reference, "grad_f", lambda r: r.probe(probes.grad_f_at, POINTS))
    return got, want, calls, found


def _partial(student, reference, k):
    got, want, calls, found = _gradients(student, reference)
    expect_cases(got, want, calls, PARTIALS[k], found, part=lambda result: _flat(result)[k])
    for call, result in zip(calls, got):
        _floats([result[k]], call, PARTIALS[k])


@item("grad_f")
@points(0.75)
def check_grad_f_df_dx(student, reference):
    """df/dx = (1 - f²)/(1 + d)·z·2/b matches at 40 points, as a float"""
    _partial(student, reference, 0)


@item("grad_f")
@points(0.75)
def check_grad_f_df_dy(student, reference):
    """df/dy = (1 - f²)/(1 + d)·z·(-a/b²)·cos(y) matches at 40 points, as a float"""
    _partial(student, reference, 1)


@item("grad_f")
@points(0.75)
def check_grad_f_df_dz(student, reference):
    """df/dz = (1 - f²)/(1 + d)·c matches at 40 points, as a float"""
    _partial(student, reference, 2)


@item("grad_f")
@points(0.75)
@needs_values
def check_grad_f_works_elementwise_on_arrays(student, reference):
    """on arrays gives three arrays holding, element by element, the gradient at each point alone"""
    call = arrays_code("grad_f")
    [arrays] = student.probe(probes.grad_f_at, [ARRAYS], shown_as=call)
    expect(isinstance(arrays, (tuple, list)) and len(arrays) == 3,
           f"{call} returned {show(arrays)}, expected a tuple (df_dx, df_dy, df_dz) of arrays")
    texts = [point_call("grad_f", p) for p in ARRAY_POINTS]
    singles = student.probe(probes.grad_f_at, ARRAY_POINTS, shown_as=arrays_code("grad_f", one_by_one=True))
    _tuples(singles, texts, "(df_dx, df_dy, df_dz)")
    for k, what in enumerate(PARTIALS):
        expect(isinstance(arrays[k], np.ndarray) and arrays[k].shape == (len(ARRAY_POINTS),),
               f"{call} returned {what} = {show(arrays[k])}, expected a numpy array of shape "
               f"({len(ARRAY_POINTS)},), one value per point")
        expect_close(arrays[k], [_flat(s)[k] for s in singles], call, what, **TOL)


# -- grad_tanh_loss and autograd_tanh_loss ---------------------------------------------------

NOISY_TANH_CODE = "\n".join(["rng = np.random.default_rng(5)", "x = rng.normal(0.0, 1.5, 50)",
                             "y = np.tanh(0.8 * x - 0.3) + 0.1 * rng.normal(size=50)"])
TANH_DATA = [data(NOISY_TANH_CODE), narrow_data(n=20, seed=1), data("x, y = np.array([0.7]), np.array([-0.4])")]
TANH_WEIGHTS = ["weights = [(0.8, -0.1), (0.0, 0.0), (-1.3, 0.7)]",
                "weights += np.random.default_rng(6).uniform(-2.0, 2.0, (9, 2)).round(3).tolist()"]
TANH_PARAMETERS = weights(TANH_WEIGHTS)
TANH_CALLS = [(w, b, x, y) for _, x, y in TANH_DATA for w, b in TANH_PARAMETERS]


def tanh_codes(name):
    """Code the student can paste for each call of TANH_CALLS (its data set, then the call), and for them all."""
    calls = [f"{code}\n{name}({w!r}, {b!r}, x, y)" for code, _, _ in TANH_DATA for w, b in TANH_PARAMETERS]
    return calls, loops_code(TANH_WEIGHTS, "w, b", f"{name}(w, b, x, y)", [code for code, _, _ in TANH_DATA])


HAND_TANH_CODES, HAND_TANH_LOOP = tanh_codes("grad_tanh_loss")


def _hand_tanh(student, reference, k, calls=TANH_CALLS, texts=HAND_TANH_CODES, loop=HAND_TANH_LOOP):
    got = student.probe(probes.batch, "grad_tanh_loss", calls, shown_as=loop)
    _tuples(got, texts, "(dL/dw, dL/db)")
    want = reference.probe(probes.batch, "grad_tanh_loss", calls)
    found = variants(reference, "grad_tanh_loss", lambda r: r.probe(probes.batch, "grad_tanh_loss", calls))
    expect_cases(got, want, texts, ("dL/dw", "dL/db")[k], found, part=lambda result: _flat(result)[k])
    for text, result in zip(texts, got):
        _floats(result, text, ("dL/dw", "dL/db")[k])


@item("grad_tanh_loss")
@points(1)
def check_grad_tanh_loss_db(student, reference):
    """dL/db = mean(-2(y - t)(1 - t²)) with t = tanh(w·x + b) matches on three data sets, as a float"""
    _hand_tanh(student, reference, 1)


@item("grad_tanh_loss")
@points(1)
def check_grad_tanh_loss_dw(student, reference):
    """dL/dw = mean(-2(y - t)(1 - t²)·x) matches on three data sets, also for lists, as a float"""
    _hand_tanh(student, reference, 0)
    _, x, y = TANH_DATA[1]
    code = f"{TANH_DATA[1][0]}\ngrad_tanh_loss(0.5, 0.25, list(x), list(y))"
    _hand_tanh(student, reference, 0, [(0.5, 0.25, list(x), list(y))], [code], code)


def _autograd(student):
    texts, loop = tanh_codes("autograd_tanh_loss")
    got = student.probe(probes.autograd_used, TANH_CALLS, shown_as=loop)
    _tuples(got["results"], texts, "(dL/dw, dL/db)")
    return got, texts


@item("autograd_tanh_loss")
@points(1)
def check_autograd_tanh_loss_matches_the_gradient(student, reference):
    """gives the gradient (dL/dw, dL/db) of the tanh loss on three data sets (rtol 1e-5)"""
    got, texts = _autograd(student)
    want = reference.probe(probes.autograd_used, TANH_CALLS)
    found = variants(reference, "autograd_tanh_loss",
                     lambda r: r.probe(probes.autograd_used, TANH_CALLS)["results"])
    expect_cases(got["results"], want["results"], texts, "gradient (dL/dw, dL/db)", found, part=_flat)


@item("autograd_tanh_loss")
@points(1)
@needs_values
def check_autograd_tanh_loss_runs_backward_and_returns_floats(student, reference):
    """computes the gradient by a backward pass of autograd and returns two Python floats"""
    got, texts = _autograd(student)
    for text, used, result in zip(texts, got["backward"], got["results"]):
        expect(used, f"{text} returned {show(result)} without a backward pass through an autograd graph.",
               NOT_AUTOGRAD)
        for value in result:
            expect(not isinstance(value, Tensor), f"{text} returned {show(result)}, expected two Python floats.",
                   TENSORS_RETURNED)
        _floats(result, text, "a derivative")


# -- shallow_narrow_grads -------------------------------------------------------------

NARROW, OTHER = narrow_data(), narrow_data(n=10, slope=-1.5, noise=0.5, seed=3)
BEST_SLOPE = float(np.sum(NARROW[1] * NARROW[2]) / np.sum(NARROW[1] ** 2))
SHALLOW_WEIGHTS = ["weights = np.random.default_rng(8).uniform(-2.0, 2.0, (15, 2)).round(3).tolist()"]
SHALLOW_LOOP = loops_code(SHALLOW_WEIGHTS, "w1, w2", "shallow_narrow_grads(w1, w2, x, y)", [NARROW[0], OTHER[0]])


def _shallow_case(w1, w2, case, shown=None):
    """((w1, w2, x, y), code) of a call on the data set (code, x, y); `shown` writes the arguments otherwise."""
    code, x, y = case
    return (w1, w2, x, y), f"{code}\nshallow_narrow_grads({shown or f'{w1!r}, {w2!r}, x, y'})"


SHALLOW_MANY = [_shallow_case(w1, w2, case) for case in (NARROW, OTHER) for w1, w2 in weights(SHALLOW_WEIGHTS)]
SHALLOW_SPECIAL = [_shallow_case(0.0, 0.0, NARROW), _shallow_case(0.0, 1.3, NARROW), _shallow_case(-1.1, 0.0, NARROW),
                   _shallow_case(2.0, BEST_SLOPE / 2.0, NARROW,
                                 "2.0, float(np.sum(x * y) / np.sum(x ** 2)) / 2.0, x, y"),
                   _shallow_case(0.5, -0.8, (OTHER[0], list(OTHER[1]), list(OTHER[2])), "0.5, -0.8, list(x), list(y)")]


def _shallow(student, reference, cases, loop):
    """cases: (arguments, code) of each call; compared component by component. `loop` is code making them all."""
    calls, texts = [args for args, _ in cases], [code for _, code in cases]
    got = student.probe(probes.batch, "shallow_narrow_grads", calls, shown_as=loop)
    _tuples(got, texts, "(dL/dw1, dL/dw2)")
    want = reference.probe(probes.batch, "shallow_narrow_grads", calls)
    found = variants(reference, "shallow_narrow_grads",
                     lambda r: r.probe(probes.batch, "shallow_narrow_grads", calls))
    expect_cases(got, want, texts, "gradient (dL/dw1, dL/dw2)", found,
                 part=_flat)
    for text, result in zip(texts, got):
        _floats(result, text, "a derivative")


@item("shallow_narrow_grads")
@points(1)
def check_shallow_narrow_grads_at_many_points(student, reference):
    """dL/dw1 = -2·w2·mean((y - w1·w2·x)·x) and dL/dw2 likewise match at 30 points on two data sets"""
    _shallow(student, reference, SHALLOW_MANY, SHALLOW_LOOP)


@item("shallow_narrow_grads")
@points(1)
def check_shallow_narrow_grads_at_special_points(student, reference):
    """is zero at the origin and on the minimum, right when one weight is zero, and takes lists"""
    _shallow(student, reference, SHALLOW_SPECIAL, program(code for _, code in SHALLOW_SPECIAL))


# -- train_shallow_narrow ---------------------------------------------------------------

def train_code(w1, w2, data_code, lr, steps):
    """Code the student can paste to rerun a case of train_shallow_narrow: its data, then the call."""
    return f"{data_code}\ntrain_shallow_narrow({w1!r}, {w2!r}, x, y, lr={lr!r}, steps={steps})"


def _train(student, reference, w1, w2, dataset, lr, steps):
    """The student's and the reference's paths, checked to be arrays of shape (steps + 1, 2)."""
    code, x, y = dataset
    call = train_code(w1, w2, code, lr, steps)
    args = (w1, w2, x, y, lr, steps)
    got = student.probe(probes.train_path, *args, shown_as=call)
    want = reference.probe(probes.train_path, *args)
    found = variants(reference, "train_shallow_narrow", lambda r: r.probe(probes.train_path, *args))
    expect(isinstance(got, np.ndarray), f"{call} returned {show(got)}, expected a numpy array of shape "
                                        f"({steps + 1}, 2)")
    if got.shape != want.shape:
        late = got.shape == (steps, 2) and close(got, want[1:], **TOL)
        fail(f"{call} returned a path of shape {got.shape}, expected ({steps + 1}, 2): the start and one row per "
             "step", PATH_WITHOUT_START if late else None)
    return got, want, call, found


TRAIN_LAYOUT = [(0.5, 0.5, NARROW, 0.05, 0), (0.5, 0.5, NARROW, 0.05, 1), (1.5, -0.3, OTHER, 0.1, 10),
                (-1.0, 2.0, NARROW, 0.02, 25)]
TRAIN_PATHS = [(0.5, 0.5, NARROW, 0.05, 200), (1.5, -0.3, OTHER, 0.1, 50), (-1.0, 2.0, NARROW, 0.02, 100),
               (0.3, 0.2, OTHER, 0.1, 30)]


@item("train_shallow_narrow")
@points(1)
@needs_values
def check_train_shallow_narrow_path_layout(student, reference):
    """returns an array of shape (steps + 1, 2) whose row 0 is the start (w1, w2)"""
    for case in TRAIN_LAYOUT:
        got, want, call, _ = _train(student, reference, *case)
        expect_close(got[0], want[0], call, "row 0 (the start)", **EXACT)


@item("train_shallow_narrow")
@points(1)
def check_train_shallow_narrow_updates_both_weights_together(student, reference):
    """follows the reference path, both weights stepping from the gradient at the same point"""
    for case in TRAIN_PATHS:
        got, want, call, found = _train(student, reference, *case)
        expect_close(got, want, call, "path", **TOL, mistakes=found)


# -- deep_narrow_grads -------------------------------------------------------------------

def _deep_weights(depth, seed, zeros=()):
    rng = np.random.default_rng(seed)
    ws = rng.choice([-1.0, 1.0], depth) * rng.uniform(0.6, 1.4, depth)
    ws[list(zeros)] = 0.0
    return ws.round(4)


def deep_code(ws, data_code):
    """Code the student can paste to rerun a case of deep_narrow_grads: its data and weights, then the call."""
    weights = repr(ws) if isinstance(ws, list) else f"np.array({ws.tolist()!r})"
    return f"{data_code}\nws = {weights}\ndeep_narrow_grads(ws, x, y)"


def _deep(student, reference, cases):
    """cases: (ws, data); each gradient is an array of shape (D,) matching the reference."""
    for ws, (code, x, y) in cases:
        call = deep_code(ws, code)
        [got] = student.probe(probes.batch, "deep_narrow_grads", [(ws, x, y)], shown_as=call)
        expect(isinstance(got, np.ndarray) and got.shape == (len(ws),),
               f"{call} returned {show(got)}, expected a numpy array of shape ({len(ws)},), one derivative per "
               "layer")
        want = reference.call("deep_narrow_grads", ws, x, y)
        found = variants(reference, "deep_narrow_grads", lambda r: r.call("deep_narrow_grads", ws, x, y))
        expect_close(got, want, call, "gradient", **TOL, mistakes=found)


DEEP_NONZERO = [(_deep_weights(depth, depth), narrow_data(n=16, seed=depth)) for depth in range(1, 21)]
DEEP_NONZERO += [(_deep_weights(3, 30).tolist(), OTHER), (_deep_weights(6, 31), NARROW)]
DEEP_ONE_ZERO = [(_deep_weights(depth, 40 + depth, [zero]), narrow_data(n=16, seed=depth))
                 for depth, zero in [(1, 0), (2, 1), (3, 1), (5, 0), (8, 7), (12, 5), (20, 13)]]
DEEP_TWO_ZEROS = [(_deep_weights(depth, 60 + depth, zeros), narrow_data(n=16, seed=depth))
                  for depth, zeros in [(2, [0, 1]), (3, [0, 2]), (6, [2, 3]), (20, [4, 17]), (4, [0, 1, 2, 3])]]


@item("deep_narrow_grads")
@points(1)
def check_deep_narrow_grads_with_nonzero_weights(student, reference):
    """dL/dw_i = -2·mean((y - p·x)·x)·(product of the other weights) for depths 1 to 20"""
    _deep(student, reference, DEEP_NONZERO)


@item("deep_narrow_grads")
@points(1)
def check_deep_narrow_grads_with_one_zero_weight(student, reference):
    """is right when one weight is zero (first, middle or last layer): no division by w_i"""
    _deep(student, reference, DEEP_ONE_ZERO)


@item("deep_narrow_grads")
@points(1)
@needs_values
def check_deep_narrow_grads_with_two_zero_weights(student, reference):
    """is zero for every layer when two weights are zero (and when all are)"""
    _deep(student, reference, DEEP_TWO_ZEROS)


# -- predictions -------------------------------------------------------------------


@item("predict_end_from_antidiagonal")
@points(1)
def check_predict_end_from_antidiagonal(student, reference):
    """predicts where GD from (2, -2) on the anti-diagonal ends"""
    prediction(student, reference, A, "predict_end_from_antidiagonal",
               "On the anti-diagonal w1 = -w2 the two partial derivatives are equal and opposite (swap w1 and "
               "-w2 and the loss is unchanged), so every step stays on it; along it the product -w1^2 moves "
               "towards 0, and the path slides into the saddle at the origin, where the gradient vanishes.")


@item("predict_layers_with_gradient")
@points(1)
def check_predict_layers_with_gradient(student, reference):
    """predicts which layers get a gradient at (2, 0, 0.5)"""
    prediction(student, reference, A, "predict_layers_with_gradient",
               "dL/dw_i is dL/dpi times the product of the other weights. For layers 1 and 3 that product "
               "contains w2 = 0, so their gradients vanish; for layer 2 it is 2 * 0.5 = 1, and dL/dpi = "
               "-2 mean(x y) is not 0 on data with a nonzero best slope, so only the switched-off layer 2 gets a "
               "gradient.")
