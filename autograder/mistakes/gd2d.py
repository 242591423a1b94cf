"""Known mistakes in gd2d."""
from autograder.mistakes import Mistake

BETA_UPDATED = "beta is updated in place (beta -= ...), which changes the caller's array"
BETA0_UPDATED = ("the iterate is updated in place (beta -= ...) on np.asarray(beta0), which is beta0 itself "
                 "when beta0 is a float64 array, so the caller's start changes: copy it first "
                 "(np.array(beta0, dtype=float)) or compute each new iterate as a new array")

MISTAKES = [
    Mistake("grad_loss_2d", "the gradient's sign is flipped (each component is the derivative with the "
            "opposite sign)", '''
def grad_loss_2d(beta):
    b1, b2 = beta
    return -np.array([2 * (b1 - 2), 4 * (b2 - 1) ** 3 - 2 * (b2 - 1)])
'''),
    Mistake("grad_loss_2d", "the chain-rule factor 2 of (b2 - 1)^2 is missing: its derivative is "
            "2(b2 - 1), not (b2 - 1)", '''
def grad_loss_2d(beta):
    b1, b2 = beta
    return np.array([2 * (b1 - 2), 4 * (b2 - 1) ** 3 - (b2 - 1)])
'''),
    Mistake("grad_loss_2d", "the derivative of (b1 - 2)^2 is written as (b1 - 2) instead of 2(b1 - 2)", '''
def grad_loss_2d(beta):
    b1, b2 = beta
    return np.array([b1 - 2, 4 * (b2 - 1) ** 3 - 2 * (b2 - 1)])
'''),
    Mistake("hessian_loss_2d", "the second derivative of -(b2 - 1)^2 (the constant -2) is missing from "
            "the lower-right entry", '''
def hessian_loss_2d(beta):
    b1, b2 = beta
    return np.array([[2.0, 0.0], [0.0, 12 * (b2 - 1) ** 2]])
'''),
    Mistake("hessian_loss_2d", "the (b2 - 1)^4 term is differentiated twice as 4(b2 - 1)^2 instead of "
            "12(b2 - 1)^2", '''
def hessian_loss_2d(beta):
    b1, b2 = beta
    return np.array([[2.0, 0.0], [0.0, 4 * (b2 - 1) ** 2 - 2]])
'''),
    Mistake("classify_critical_point", "zero eigenvalues are tested before mixed signs, so a saddle with "
            "a zero eigenvalue is called degenerate", '''
def classify_critical_point(hessian):
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.any(np.abs(eigenvalues) <= 1e-10):
        return "degenerate"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "saddle"
'''),
    Mistake("gd_step", "the step goes up the gradient (beta + step_size * grad) instead of down", '''
def gd_step(beta, grad, step_size):
    return np.asarray(beta, dtype=float) + step_size * np.asarray(grad, dtype=float)
'''),
    Mistake("gd_step", BETA_UPDATED, '''
def gd_step(beta, grad, step_size):
    beta -= step_size * np.asarray(grad, dtype=float)
    return beta
'''),
    Mistake("gradient_descent", BETA0_UPDATED, '''
def gradient_descent(grad_fn, beta0, step_size, steps):
    beta = np.asarray(beta0, dtype=float)
    path = [beta.copy()]
    for _ in range(steps):
        beta -= step_size * grad_fn(beta)
        path.append(beta.copy())
    return np.array(path)
'''),
    Mistake("gradient_descent", "the starting point is not stored as row 0, so every row is one step late", '''
def gradient_descent(grad_fn, beta0, step_size, steps):
    beta = np.array(beta0, dtype=float)
    path = []
    for _ in range(steps + 1):
        beta = beta - step_size * np.asarray(grad_fn(beta), dtype=float)
        path.append(beta)
    return np.array(path)
'''),
    Mistake("max_stable_step_size", "the factor 2 is missing: the limit is 2 / largest eigenvalue, "
            "not 1 / largest eigenvalue", '''
def max_stable_step_size(hessian):
    return float(1.0 / np.linalg.eigvalsh(np.asarray(hessian, dtype=float)).max())
'''),
    Mistake("max_stable_step_size", "the smallest eigenvalue is used instead of the largest", '''
def max_stable_step_size(hessian):
    return float(2.0 / np.linalg.eigvalsh(np.asarray(hessian, dtype=float)).min())
'''),
    Mistake("numerical_gradient", "forward differences (f(x + h) - f(x)) / h are used: their error is about "
            "h f''/2, a thousand times larger than that of central differences (f(x + h) - f(x - h)) / 2h", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    gradient = np.zeros_like(x)
    for i in range(x.size):
        shifted = x.copy()
        shifted[i] += h
        gradient[i] = (f(shifted) - f(x)) / h
    return gradient
'''),
    Mistake("numerical_gradient", "the central difference is divided by h instead of 2h, which doubles "
            "every component", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    gradient = np.zeros_like(x)
    for i in range(x.size):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / h
    return gradient
'''),
    Mistake("relative_error", "the difference is divided by the norm of a only, so the error is not symmetric "
            "and breaks down when a is zero", '''
def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-300))
'''),
    Mistake("relative_error", "the absolute error ||a - b|| is returned without dividing by the size of the "
            "vectors, which says nothing when the gradients are tiny or huge", '''
def relative_error(a, b):
    return float(np.linalg.norm(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)))
'''),
    Mistake("predict_end_from_ridge", "the start is taken to be on the ridge, where GD stalls on the saddle; "
            "1.0001 is just off it", '''
def predict_end_from_ridge():
    return "saddle"
'''),
    Mistake("predict_end_from_ridge", "the answer of run 3 (started below the ridge) is carried over without "
            "flipping the side", '''
def predict_end_from_ridge():
    return "minimum 2"
'''),
    Mistake("predict_local_limit", "the limit is taken as 1 / largest eigenvalue (1/25 = 0.04) instead of "
            "2 / largest eigenvalue", '''
def predict_local_limit():
    return 0.04
'''),
    Mistake("predict_local_limit", "the tangent curvature 12u^2 - 2 is replaced by the chord 4u^2 - 2 of run 6 "
            "(2/7): that bound is for the exact step in b2, not the local quadratic", '''
def predict_local_limit():
    return 2 / 7
'''),
]
