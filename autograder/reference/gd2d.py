"""Reference of the gd2d assignment: gradient descent on an analytic 2D loss.

Given to students (imported from the release's setup cells): `loss_2d`, `pathological_loss` and its gradient
`grad_pathological_loss`. Graded: the gradient checker `numerical_gradient`
and `relative_error`, `grad_loss_2d`, `hessian_loss_2d`,
`classify_critical_point`, `gd_step`, `gradient_descent`,
`max_stable_step_size`, and the predictions `predict_end_from_ridge` and
`predict_local_limit`.
"""
import numpy as np

from autograder.reference.given.gd2d import grad_pathological_loss, loss_2d, pathological_loss

__all__ = [
    "loss_2d", "pathological_loss", "grad_pathological_loss",
    "numerical_gradient", "relative_error",
    "grad_loss_2d", "hessian_loss_2d", "classify_critical_point",
    "gd_step", "gradient_descent", "max_stable_step_size",
    "predict_end_from_ridge", "predict_local_limit",
]

ZERO_TOLERANCE = 1e-10


# --- graded -------------------------------------------------------------------

def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i of x, as a float64 array.

    `f` maps a float64 array of x's shape to a number; x is left unchanged.
    """
    x = np.array(x, dtype=np.float64)
    gradient = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = h
        gradient.flat[i] = (f(x + step) - f(x - step)) / (2 * h)
    return gradient


def relative_error(a, b):
    """||a - b|| / max(||a||, ||b||) with Euclidean norms over all entries; 0.0 when both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def grad_loss_2d(beta):
    """Gradient of `loss_2d` at beta, derived by hand, as a (2,) float64 array.

    dL/db1 = 2 (b1 - 2) and dL/db2 = 4 (b2 - 1)^3 - 2 (b2 - 1).
    """
    b1, b2 = np.asarray(beta, dtype=np.float64)
    return np.array([2 * (b1 - 2), 4 * (b2 - 1) ** 3 - 2 * (b2 - 1)])


def hessian_loss_2d(beta):
    """Hessian of `loss_2d` at beta, derived by hand, as a (2, 2) float64 array.

    The two parameters do not interact, so the Hessian is diagonal: 2 and 12 (b2 - 1)^2 - 2.
    """
    _, b2 = np.asarray(beta, dtype=np.float64)
    return np.array([[2.0, 0.0], [0.0, 12 * (b2 - 1) ** 2 - 2]])


def classify_critical_point(hessian):
    """Classify a critical point by the eigenvalues of its symmetric n×n Hessian.

    Eigenvalues with |value| <= 1e-10 count as zero. Returns "saddle" when some are
    positive and some negative (zeros or not), else "degenerate" when any is zero,
    else "minimum" (all positive) or "maximum" (all negative).
    """
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))
    positive = eigenvalues > ZERO_TOLERANCE
    negative = eigenvalues < -ZERO_TOLERANCE
    if positive.any() and negative.any():
        return "saddle"
    if not (positive | negative).all():
        return "degenerate"
    return "minimum" if positive.all() else "maximum"


def gd_step(beta, grad, step_size):
    """One gradient descent update beta - step_size * grad, as a new float64 array."""
    return np.asarray(beta, dtype=np.float64) - step_size * np.asarray(grad, dtype=np.float64)


def gradient_descent(grad_fn, beta0, step_size, steps):
    """Run `steps` GD updates from beta0 using the gradient function `grad_fn`.

    Returns the (steps + 1, n) float64 array of iterates, row 0 being beta0. Every
    step is taken even when the iterates blow up: inf and nan are kept, not raised.
    """
    beta = np.array(beta0, dtype=np.float64)
    path = np.empty((steps + 1,) + beta.shape)
    path[0] = beta
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            beta = gd_step(beta, grad_fn(beta), step_size)
            path[k] = beta
    return path


def max_stable_step_size(hessian):
    """2 / largest eigenvalue of the Hessian, as a Python float.

    On the local quadratic model GD converges for step sizes below this value and
    diverges above it. Meaningful for positive definite Hessians only.
    """
    largest = np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64)).max()
    with np.errstate(divide="ignore"):
        return float(np.float64(2.0) / largest)


def predict_end_from_ridge():
    """Where GD from (4, 1.0001) with step size 0.1 ends after 64 steps.

    Just above the ridge the slope along b2 points away from it, so the offset grows
    and the path falls into the valley above: the mirror image of the start (4, 0.9999).
    """
    return "minimum 1"


def predict_local_limit():
    """The largest stable step size of the local quadratic at the start (4, 2.5): 2 / 25."""
    return 0.08
