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
]
