"""Known mistakes in gd2d."""
from autograder.mistakes import Mistake

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
    Mistake("gd_step", "beta is updated in place (beta -= ...), which changes the caller's array", '''
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
]
