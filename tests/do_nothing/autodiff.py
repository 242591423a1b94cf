"""Do-nothing autodiff solutions: right keys, shapes and types, no computed values."""
from tests.do_nothing import DoNothing

AUTOGRAD_BY_RULE = '''
def autograd_tanh_loss(w, b, x, y):
    w = torch.tensor(float(w), requires_grad=True)
    b = torch.tensor(float(b), requires_grad=True)
    ({expression}).backward()
    return w.grad.item(), b.grad.item()
'''

VARIANTS = [
    DoNothing("zeros, the start repeated", {
        "predict_end_from_antidiagonal": 'def predict_end_from_antidiagonal():\n    return "valley"\n',
        "predict_layers_with_gradient": 'def predict_layers_with_gradient():\n    return []\n',
        "forward_graph": "def forward_graph(x, y, z):\n    return {key: x * 0.0 for key in 'abcdef'}\n",
        "grad_f": "def grad_f(x, y, z):\n    return x * 0.0, y * 0.0, z * 0.0\n",
        "grad_tanh_loss": "def grad_tanh_loss(w, b, x, y):\n    return 0.0, 0.0\n",
        "autograd_tanh_loss": AUTOGRAD_BY_RULE.format(expression="0 * w + 0 * b"),
        "shallow_narrow_grads": "def shallow_narrow_grads(w1, w2, x, y):\n    return 0.0, 0.0\n",
        "train_shallow_narrow": ("def train_shallow_narrow(w1, w2, x, y, lr, steps):\n"
                                 "    return np.tile([float(w1), float(w2)], (steps + 1, 1))\n"),
        "deep_narrow_grads": "def deep_narrow_grads(ws, x, y):\n    return np.zeros(len(ws))\n",
    }),
    DoNothing("echoes of the arguments", {
        "predict_end_from_antidiagonal": 'def predict_end_from_antidiagonal():\n    return "diverge"\n',
        "predict_layers_with_gradient": 'def predict_layers_with_gradient():\n    return [1, 2, 3]\n',
        "forward_graph": ("def forward_graph(x, y, z):\n"
                          "    return {'a': x, 'b': y, 'c': z, 'd': x, 'e': y, 'f': z}\n"),
        "grad_f": "def grad_f(x, y, z):\n    return x, y, z\n",
        "grad_tanh_loss": "def grad_tanh_loss(w, b, x, y):\n    return float(w), float(b)\n",
        "autograd_tanh_loss": AUTOGRAD_BY_RULE.format(expression="w ** 2 / 2 + b ** 2 / 2"),
        "shallow_narrow_grads": "def shallow_narrow_grads(w1, w2, x, y):\n    return float(w1), float(w2)\n",
        "train_shallow_narrow": ("def train_shallow_narrow(w1, w2, x, y, lr, steps):\n"
                                 "    path = np.zeros((steps + 1, 2))\n"
                                 "    path[0] = w1, w2\n"
                                 "    return path\n"),
        "deep_narrow_grads": "def deep_narrow_grads(ws, x, y):\n    return np.array(ws, dtype=float)\n",
    }),
    DoNothing("ones", {
        "predict_end_from_antidiagonal": 'def predict_end_from_antidiagonal():\n    return ""\n',
        "predict_layers_with_gradient": 'def predict_layers_with_gradient():\n    return [1]\n',
        "forward_graph": "def forward_graph(x, y, z):\n    return {key: x * 0.0 + 1.0 for key in 'abcdef'}\n",
        "grad_f": "def grad_f(x, y, z):\n    return x * 0.0 + 1.0, y * 0.0 + 1.0, z * 0.0 + 1.0\n",
        "grad_tanh_loss": "def grad_tanh_loss(w, b, x, y):\n    return 1.0, 1.0\n",
        "autograd_tanh_loss": AUTOGRAD_BY_RULE.format(expression="w + b"),
        "shallow_narrow_grads": "def shallow_narrow_grads(w1, w2, x, y):\n    return 1.0, 1.0\n",
        "train_shallow_narrow": ("def train_shallow_narrow(w1, w2, x, y, lr, steps):\n"
                                 "    path = np.ones((steps + 1, 2))\n"
                                 "    path[0] = w1, w2\n"
                                 "    return path\n"),
        "deep_narrow_grads": "def deep_narrow_grads(ws, x, y):\n    return np.ones(len(ws))\n",
    }),
]
