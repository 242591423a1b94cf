"""Do-nothing gd2d solutions: right shapes and types, no computed values, wrong predictions."""
from tests.do_nothing import DoNothing

VARIANTS = [
    DoNothing("zeros, one fixed label, no step, a zero path", {
        "numerical_gradient": "def numerical_gradient(f, x, h=1e-5):\n    return np.zeros(len(x))\n",
        "relative_error": "def relative_error(a, b):\n    return 0.0\n",
        "predict_end_from_ridge": "def predict_end_from_ridge():\n    return 'saddle'\n",
        "predict_local_limit": "def predict_local_limit():\n    return 0.0\n",
        "grad_loss_2d": "def grad_loss_2d(beta):\n    return np.zeros(2)\n",
        "hessian_loss_2d": "def hessian_loss_2d(beta):\n    return np.zeros((2, 2))\n",
        "classify_critical_point": "def classify_critical_point(hessian):\n    return 'minimum'\n",
        "gd_step": "def gd_step(beta, grad, step_size):\n    return np.array(beta, dtype=float)\n",
        "gradient_descent": ("def gradient_descent(grad_fn, beta0, step_size, steps):\n"
                             "    return np.zeros((steps + 1, len(beta0)))\n"),
        "max_stable_step_size": "def max_stable_step_size(hessian):\n    return 0.0\n",
    }),
    DoNothing("echoes of the input and the start repeated", {
        "numerical_gradient": "def numerical_gradient(f, x, h=1e-5):\n    return np.array(x, dtype=float)\n",
        "relative_error": "def relative_error(a, b):\n    return float(np.sum(a))\n",
        "predict_end_from_ridge": "def predict_end_from_ridge():\n    return 'minimum 2'\n",
        "predict_local_limit": "def predict_local_limit():\n    return 0.5\n",
        "grad_loss_2d": "def grad_loss_2d(beta):\n    return np.array(beta, dtype=float)\n",
        "hessian_loss_2d": "def hessian_loss_2d(beta):\n    return np.eye(2)\n",
        "classify_critical_point": "def classify_critical_point(hessian):\n    return 'saddle'\n",
        "gd_step": "def gd_step(beta, grad, step_size):\n    return np.array(grad, dtype=float)\n",
        "gradient_descent": ("def gradient_descent(grad_fn, beta0, step_size, steps):\n"
                             "    return np.tile(np.array(beta0, dtype=float), (steps + 1, 1))\n"),
        "max_stable_step_size": "def max_stable_step_size(hessian):\n    return 1.0\n",
    }),
    DoNothing("constants", {
        "numerical_gradient": "def numerical_gradient(f, x, h=1e-5):\n    return np.ones(len(x))\n",
        "relative_error": "def relative_error(a, b):\n    return 1.0\n",
        "predict_end_from_ridge": "def predict_end_from_ridge():\n    return ''\n",
        "predict_local_limit": "def predict_local_limit():\n    return 1.0\n",
        "grad_loss_2d": "def grad_loss_2d(beta):\n    return np.ones(2)\n",
        "hessian_loss_2d": "def hessian_loss_2d(beta):\n    return np.ones((2, 2))\n",
        "classify_critical_point": "def classify_critical_point(hessian):\n    return 'degenerate'\n",
        "gd_step": "def gd_step(beta, grad, step_size):\n    return np.asarray(beta, dtype=float) - step_size\n",
        "gradient_descent": ("def gradient_descent(grad_fn, beta0, step_size, steps):\n"
                             "    path = np.ones((steps + 1, len(beta0)))\n"
                             "    path[0] = beta0\n"
                             "    return path\n"),
        "max_stable_step_size": "def max_stable_step_size(hessian):\n    return 2.0\n",
    }),
]
