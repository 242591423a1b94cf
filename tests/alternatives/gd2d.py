"""Correct gd2d solutions in other styles."""
from tests.alternatives import Alternative

ALTERNATIVES = [
    Alternative("grad_loss_2d", "plain Python floats, then an array", '''
def grad_loss_2d(beta):
    b1, b2 = float(beta[0]), float(beta[1])
    u = b2 - 1.0
    return np.array([2.0 * (b1 - 2.0), 4.0 * u * u * u - 2.0 * u])
'''),
    Alternative("gradient_descent", "a preallocated path filled by index", '''
def gradient_descent(grad_fn, beta0, step_size, steps):
    start = np.asarray(beta0, dtype=np.float64)
    path = np.empty((steps + 1, start.size))
    path[0] = start
    with np.errstate(all="ignore"):
        for t in range(steps):
            path[t + 1] = path[t] - step_size * np.asarray(grad_fn(path[t].copy()), dtype=np.float64)
    return path
'''),
    Alternative("classify_critical_point", "np.linalg.eigh and counting signs", '''
def classify_critical_point(hessian):
    values, _ = np.linalg.eigh(np.array(hessian, dtype=float))
    positive = int(np.sum(values > 1e-10))
    negative = int(np.sum(values < -1e-10))
    if positive and negative:
        return "saddle"
    if positive + negative < len(values):
        return "degenerate"
    return "minimum" if positive else "maximum"
'''),
    Alternative("gd_step", "torch tensors in float64, converted back", '''
def gd_step(beta, grad, step_size):
    b = torch.as_tensor(np.asarray(beta, dtype=float))
    g = torch.as_tensor(np.asarray(grad, dtype=float))
    return (b - step_size * g).numpy().copy()
'''),
    Alternative("max_stable_step_size", "general eigenvalues, real parts", '''
def max_stable_step_size(hessian):
    largest = max(np.real(np.linalg.eigvals(np.asarray(hessian, dtype=float))))
    return 2.0 / float(largest)
'''),
    Alternative("numerical_gradient", "all perturbed points at once, one row per coordinate", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float64)
    steps = h * np.eye(x.size)
    return np.array([(f(x + s) - f(x - s)) / (2 * h) for s in steps])
'''),
    Alternative("relative_error", "sums of squares in plain Python, a zero check first", '''
import math

def relative_error(a, b):
    a = np.ravel(np.asarray(a, dtype=float)).tolist()
    b = np.ravel(np.asarray(b, dtype=float)).tolist()
    size = max(math.sqrt(sum(v * v for v in a)), math.sqrt(sum(v * v for v in b)))
    if size == 0:
        return 0.0
    return math.sqrt(sum((u - v) ** 2 for u, v in zip(a, b))) / size
'''),
    Alternative("predict_end_from_ridge", "settled by running the student's own GD", '''
def predict_end_from_ridge():
    end = gradient_descent(grad_loss_2d, [4.0, 1.0001], 0.1, 64)[-1]
    return "minimum 1" if end[1] > 1.5 else "minimum 2" if end[1] < 0.5 else "saddle"
'''),
    Alternative("predict_local_limit", "written as a fraction", '''
def predict_local_limit():
    return 2 / (12 * 1.5 ** 2 - 2)
'''),
]

