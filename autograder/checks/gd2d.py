"""Hidden checks of gd2d: gradient descent on the analytic 2D loss."""
import numpy as np
import pytest

from autograder.compare import against_reference, prediction, probe_against_reference
from autograder.feedback import Code, as_code, contours, describe_call, expect, expect_close, fail, picture, show
from autograder.mistakes import outputs
from autograder.mistakes.gd2d import BETA0_UPDATED, BETA_UPDATED
from autograder.probes import gd2d as probes

item, points, needs_values = pytest.mark.item, pytest.mark.points, pytest.mark.needs_values
A = "gd2d"

MINIMA = [(2.0, 1 + 2**-0.5), (2.0, 1 - 2**-0.5)]
SADDLE = (2.0, 1.0)
POINTS = [tuple(p) for p in np.random.default_rng(7).uniform(-3, 5, size=(40, 2)).round(4)]


def compare(student, reference, name, *args, **kwargs):
    return against_reference(student, reference, A, name.lower().rstrip("_"), name, *args, **kwargs)


# -- numerical_gradient --------------------------------------------------------

EXACT = {  # the exact gradients of probes.FUNCTIONS
    "loss_2d": lambda b: np.array([2 * (b[0] - 2), 4 * (b[1] - 1) ** 3 - 2 * (b[1] - 1)]),
    "cubic": lambda b: 3 * np.asarray(b) ** 2,
    "mixed_3d": lambda b: np.array([np.cos(b[0]) * b[1] + np.exp(0.5 * b[2]),
                                    np.sin(b[0]), 0.5 * np.exp(0.5 * b[2]) * b[0]]),
}
# Central differences with h = 1e-5 are within 1e-9 of these gradients (measured: 3e-10 at most);
# forward differences are off by about h f''/2, 1e-5 or more.
NUMERICAL_TOLERANCE = 1e-7


FUNCTION_CODE = {  # probes.FUNCTIONS as the student writes them in the notebook (loss_2d is given there)
    "loss_2d": "loss_2d",
    "cubic": "lambda b: float(np.sum(b ** 3))",
    "mixed_3d": "lambda b: float(np.sin(b[0]) * b[1] + np.exp(0.5 * b[2]) * b[0])",
}


def numerical_call(function, x, **kwargs):
    """numerical_gradient applied to one of probes.FUNCTIONS, as code the student can paste."""
    return describe_call("numerical_gradient", (Code(FUNCTION_CODE[function]), x), kwargs)


def _numerical(student, reference, function, x, **kwargs):
    return probe_against_reference(student, reference, A, "numerical_gradient", probes.numerical_gradient_of,
                                   function, x, call=numerical_call(function, x, **kwargs),
                                   rtol=NUMERICAL_TOLERANCE, atol=NUMERICAL_TOLERANCE, what="the gradient", **kwargs)


@item("numerical_gradient")
@points(1)
def check_numerical_gradient_is_close_to_the_exact_gradient(student, reference):
    """is within 1e-7 of the exact gradient of three functions, in 1 to 3 dimensions"""
    for function, x in [("loss_2d", [4.0, 2.5]), ("loss_2d", [0.3, -0.7]), ("cubic", [1.5]),
                        ("mixed_3d", [0.4, -1.2, 0.8])]:
        got = _numerical(student, reference, function, x)
        expect_close(got, EXACT[function](np.array(x)), numerical_call(function, x), "the gradient",
                     NUMERICAL_TOLERANCE, NUMERICAL_TOLERANCE)


@item("numerical_gradient")
@points(0.5)
def check_numerical_gradient_uses_h(student, reference):
    """uses the step h it is given: central differences of x^3 at 1 with h = 0.1 give 3.01"""
    _numerical(student, reference, "cubic", [1.0], h=0.1)
    _numerical(student, reference, "cubic", [2.0, -1.0], h=0.01)


@item("numerical_gradient")
@points(0.5)
@needs_values
def check_numerical_gradient_takes_lists_and_keeps_x(student, reference):
    """accepts a list and leaves x unchanged"""
    _numerical(student, reference, "mixed_3d", [1.0, 2.0, -0.5])
    x = np.array([0.3, -0.7])
    call = numerical_call("loss_2d", x)
    expect(student.probe(probes.numerical_gradient_keeps_x, "loss_2d", x, shown_as=call),
           f"{call} changed x: perturb a copy of x, not x itself")


# -- relative_error --------------------------------------------------------------

RELATIVE_CASES = [([1.0, 2.0], [1.0, 2.0]), ([3.0, 4.0], [0.0, 0.0]), ([0.0, 0.0], [0.0, 0.0]),
                  ([1.0, 1.0], [2.0, 3.0]), (2.0, 2.2), ([[1.0, -2.0], [0.5, 4.0]], [[1.0, -2.1], [0.5, 3.9]]),
                  ([1e-8, 2e-8], [1.1e-8, 2e-8])]


@item("relative_error")
@points(1)
def check_relative_error_matches_reference(student, reference):
    """is ||a - b|| / max(||a||, ||b||), symmetric, 0 for two zeros, also for scalars and matrices"""
    for a, b in RELATIVE_CASES:
        compare(student, reference, "relative_error", a, b, what="the relative error")
        compare(student, reference, "relative_error", b, a, what="the relative error")


# -- grad_loss_2d -------------------------------------------------------------

@item("grad_loss_2d")
@points(0.5)
@needs_values
def check_gradient_vanishes_at_critical_points(student, reference):
    """is zero at both minima and at the saddle"""
    for beta in MINIMA + [SADDLE]:
        compare(student, reference, "grad_loss_2d", np.array(beta), what="the gradient")


@item("grad_loss_2d")
@points(1)
def check_gradient_matches_reference(student, reference):
    """matches the hand-derived gradient at 40 points"""
    for beta in POINTS:
        compare(student, reference, "grad_loss_2d", np.array(beta), what="the gradient")


@item("grad_loss_2d")
@points(0.5)
@needs_values
def check_gradient_takes_lists_and_keeps_input(student, reference):
    """accepts a list, returns a (2,) array and leaves its input unchanged"""
    compare(student, reference, "grad_loss_2d", [3.0, 0.5], what="the gradient")
    beta = np.array([3.0, 0.5])
    call = describe_call("grad_loss_2d", (beta,))
    result, mutated = student.call_mutating("grad_loss_2d", beta)
    expect(not mutated, f"{call} changed its argument beta in place")
    expect(np.shape(result) == (2,), f"{call} returned shape {np.shape(result)}, expected (2,)")


# -- hessian_loss_2d ----------------------------------------------------------

@item("hessian_loss_2d")
@points(0.5)
def check_hessian_at_critical_points(student, reference):
    """is right at both minima and at the saddle"""
    for beta in MINIMA + [SADDLE]:
        compare(student, reference, "hessian_loss_2d", np.array(beta), what="the Hessian")


@item("hessian_loss_2d")
@points(1.5)
def check_hessian_matches_reference(student, reference):
    """matches the hand-derived Hessian at 40 points"""
    for beta in POINTS:
        compare(student, reference, "hessian_loss_2d", np.array(beta), what="the Hessian")


# -- classify_critical_point ----------------------------------------------------

def _symmetric(eigenvalues, seed):
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(len(eigenvalues),) * 2))
    matrix = q @ np.diag(eigenvalues) @ q.T
    return (matrix + matrix.T) / 2


CASES = {
    "minimum": [[2.0, 8.0], [0.5, 1.0, 3.0], [1e-6, 4.0]],
    "maximum": [[-1.0, -4.0], [-2.0, -3.0, -0.1]],
    "saddle": [[2.0, -1.0], [1.0, 0.0, -1.0], [-3.0, 2.0, 5.0], [1e-3, -1e-3]],
    "degenerate": [[0.0, 2.0], [0.0, -2.0], [0.0, 0.0], [1e-12, 3.0], [-5e-11, -1.0, -2.0]],
}


def _classify(student, reference, label, eigenvalues, seed):
    hessian = _symmetric(eigenvalues, seed)
    call = describe_call("classify_critical_point", (hessian,))
    got = student.call("classify_critical_point", hessian, shown_as=call)
    want = reference.classify_critical_point(hessian)
    if got != want:
        fail(f"{call} returned {got!r}, expected {want!r}\n  The matrix is symmetric with eigenvalues "
             f"{', '.join(map(repr, eigenvalues))}." + _near_zero_hint(eigenvalues),
             _known_classification(reference, hessian, got))


def _known_classification(reference, hessian, got):
    """The known mistake that answers `got` for this Hessian, if any."""
    known = outputs(reference, A, "classify_critical_point", lambda r: r.classify_critical_point(hessian))
    return next((e for e, output in known.items() if output == got), None)


def _near_zero_hint(eigenvalues):
    values = np.array(eigenvalues)
    if np.any((values != 0) & (np.abs(values) <= 1e-10)):
        return "\n  Eigenvalues with |value| <= 1e-10 count as zero: compare with a tolerance, not with == 0."
    return ""


@item("classify_critical_point")
@points(1)
def check_classifies_definite_matrices(student, reference):
    """tells minima from maxima, also for 3x3 matrices"""
    for label in ("minimum", "maximum"):
        for i, eigenvalues in enumerate(CASES[label]):
            _classify(student, reference, label, eigenvalues, seed=i)


@item("classify_critical_point")
@points(1)
def check_classifies_saddles_and_degenerate_points(student, reference):
    """finds saddles (also with zero eigenvalues) and degenerate points, with the 1e-10 tolerance"""
    for label in ("saddle", "degenerate"):
        for i, eigenvalues in enumerate(CASES[label]):
            _classify(student, reference, label, eigenvalues, seed=10 + i)


@item("classify_critical_point")
@points(1)
def check_classifies_the_critical_points_of_the_loss(student, reference):
    """classifies the minima and the saddle of the 2D loss"""
    for beta in MINIMA + [SADDLE]:
        hessian = reference.hessian_loss_2d(np.array(beta))
        call = describe_call("classify_critical_point", (hessian,))
        got = student.call("classify_critical_point", hessian, shown_as=call)
        want = reference.classify_critical_point(hessian)
        expect(got == want, f"{call} returned {got!r}, expected {want!r}\n  The matrix is the Hessian of the loss "
                            f"at {as_code(tuple(beta))}.")


# -- gd_step --------------------------------------------------------------------

@item("gd_step")
@points(0.5)
def check_step_moves_against_the_gradient(student, reference):
    """takes one step of size step_size against the gradient"""
    for beta, grad, step in [([4.0, 1.075], [4.0, -0.3], 0.2), ([0.0, -0.5], [-4.0, -8.0], 0.02),
                             ([1.0, 2.0, 3.0], [0.5, -1.0, 2.0], 1.5)]:
        compare(student, reference, "gd_step", np.array(beta), np.array(grad), step, what="the new beta")


@item("gd_step")
@points(0.5)
@needs_values
def check_step_returns_new_array(student, reference):
    """returns a new array, accepts lists, and leaves its inputs unchanged"""
    compare(student, reference, "gd_step", [1.0, 2.0], [0.5, 0.5], 0.1, what="the new beta")
    beta, grad = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    _, mutated = student.call_mutating("gd_step", beta, grad, 0.1)
    expect(not mutated, f"{describe_call('gd_step', (beta, grad, 0.1))} changed its input beta: return a new "
                        "array instead", BETA_UPDATED)


# -- gradient_descent -------------------------------------------------------------

SCENARIOS = [((4.0, 1.075), 0.2, 32), ((0.0, -0.5), 0.02, 64), ((4.0, 0.9999), 0.1, 64),
             ((4.0, 1.0), 0.1, 64), ((4.0, 1.0), 1.0, 8), ((4.0, 2.5), 0.28, 40)]


# the gradients of probes.GRADIENTS as a student writes them in the notebook
GRADIENT_CODE = {"loss_2d": "grad_loss_2d", "quadratic_3d": "lambda b: np.array([1.0, 4.0, 9.0]) * b",
                 "quadratic_1d": "lambda b: 2.0 * b"}


def _gd_call(gradient, beta0, step, steps):
    """The call to paste into the notebook (the correct grad_loss_2d assumed)."""
    start = f"np.array({np.asarray(beta0).tolist()})" if isinstance(beta0, np.ndarray) else show(beta0)
    return f"gradient_descent({GRADIENT_CODE[gradient]}, {start}, {step}, {steps})"


def _run_gd(student, reference, gradient, beta0, step, steps):
    call = _gd_call(gradient, beta0, step, steps)
    got = student.probe(probes.gd_path, gradient, beta0, step, steps, shown_as=call)
    want = reference.probe(probes.gd_path, gradient, beta0, step, steps)
    expect_close(got, want, call, "the path", drawn=_drawn(reference, gradient, call), mistakes=lambda: outputs(
        reference, A, "gradient_descent", lambda r: r.probe(probes.gd_path, gradient, beta0, step, steps)))


def _drawn(reference, gradient, call):
    """Paths on the 2D loss drawn on its contours; none for the other gradients."""
    if gradient != "loss_2d":
        return None
    loss = contours(reference.namespace["loss_2d"], (-0.5, 5.0), (-0.5, 2.7))
    return lambda got, want: picture(call, {"yours": got, "reference": want}, "b1", "b2", kind="paths",
                                     contours=loss)


@item("gradient_descent")
@points(1.5)
def check_paths_of_the_six_scenarios(student, reference):
    """follows the reference path in all six scenarios of the notebook"""
    for beta0, step, steps in SCENARIOS:
        _run_gd(student, reference, "loss_2d", list(beta0), step, steps)


@item("gradient_descent")
@points(0.75)
def check_keeps_blow_ups(student, reference):
    """keeps running when the iterates blow up (inf and nan kept, not raised)"""
    _run_gd(student, reference, "loss_2d", [4.0, 2.5], 0.29, 40)


@item("gradient_descent")
@points(0.5)
def check_works_in_any_dimension(student, reference):
    """works for other dimensions (a 3D and a 1D quadratic)"""
    _run_gd(student, reference, "quadratic_3d", np.array([1.0, -2.0, 0.5]), 0.1, 20)
    _run_gd(student, reference, "quadratic_1d", [3.0], 0.4, 10)


@item("gradient_descent")
@points(0.25)
@needs_values
def check_leaves_beta0_unchanged(student, reference):
    """leaves beta0 unchanged, also when it is a float64 array"""
    for gradient, beta0, step, steps in [("loss_2d", np.array([4.0, 1.075]), 0.2, 32),
                                         ("quadratic_3d", np.array([1.0, -2.0, 0.5]), 0.1, 20)]:
        call = _gd_call(gradient, beta0, step, steps)
        kept = student.probe(probes.gd_keeps_start, gradient, beta0, step, steps, shown_as=call)
        if not kept:
            fail(f"{call} with beta0 a float64 array changed beta0", BETA0_UPDATED)


# -- max_stable_step_size -------------------------------------------------------------

@item("max_stable_step_size")
@points(1)
def check_stable_step_size_of_the_minima(student, reference):
    """is 2 / largest eigenvalue at the minima of the loss"""
    for beta in MINIMA:
        hessian = reference.hessian_loss_2d(np.array(beta))
        compare(student, reference, "max_stable_step_size", hessian, what="the step size")


@item("max_stable_step_size")
@points(1)
def check_stable_step_size_of_other_matrices(student, reference):
    """is 2 / largest eigenvalue for other positive definite matrices, also 3x3"""
    for i, eigenvalues in enumerate([[1.0, 10.0], [0.2, 0.5, 4.0], [3.0, 3.0]]):
        compare(student, reference, "max_stable_step_size", _symmetric(eigenvalues, 20 + i),
                what="the step size")


# -- predictions -------------------------------------------------------------------

@item("predict_end_from_ridge")
@points(1)
def check_end_from_ridge(student, reference):
    """names where GD from (4, 1.0001) ends"""
    prediction(student, reference, A, "predict_end_from_ridge",
               "Between the valley floors the slope along b2 points away from the ridge b2 = 1, so an offset "
               "of +1e-4 grows with every step and the path falls into minimum 1 at (2, 1.707): the mirror "
               "image of run 3, which started 1e-4 below the ridge.")


@item("predict_local_limit")
@points(1)
def check_local_limit(student, reference):
    """gives 2 / largest eigenvalue of the Hessian at (4, 2.5), within 1%"""
    prediction(student, reference, A, "predict_local_limit",
               "At (4, 2.5) the Hessian is diag(2, 12 * 1.5^2 - 2) = diag(2, 25), so the local limit is "
               "2 / 25 = 0.08: far below the step sizes 0.28 and 0.29 of run 6.")
