"""Do-nothing linefit solutions: right types, no computed values, no clipping, no training."""
from tests.do_nothing import DoNothing

VARIANTS = [
    DoNothing("zeros and the first grid point", {
        "predict_l1_gradient_at_fit": 'def predict_l1_gradient_at_fit():\n    return "vanish"\n',
        "predict_too_large_rates": 'def predict_too_large_rates():\n    return []\n',
        "l1_loss": "def l1_loss(y_hat, y):\n    return (0.0 * y_hat).mean()\n",
        "l1_line_grads": "def l1_line_grads(m, b, x, y):\n    return 0.0, 0.0\n",
        "grid_search": ("def grid_search(x, y, ms, bs):\n"
                        "    return float(ms[0]), float(bs[0]), np.zeros((len(ms), len(bs)))\n"),
        "train_line": ("def train_line(model, x, y, lr, n_iter):\n"
                       "    return {'loss': [0.0] * n_iter, 'grad_norm': [0.0] * n_iter}\n"),
        "clip_grad_norm": "def clip_grad_norm(parameters, max_norm):\n    return 0.0\n",
        "AutoClip": ("class AutoClip:\n"
                     "    def __init__(self, percentile=10.0):\n"
                     "        self.percentile = percentile\n\n"
                     "    def __call__(self, parameters):\n"
                     "        return 0.0\n"),
    }),
    DoNothing("echoes of the arguments, no update and no clipping", {
        "predict_l1_gradient_at_fit": 'def predict_l1_gradient_at_fit():\n    return ""\n',
        "predict_too_large_rates": 'def predict_too_large_rates():\n    return [0.001, 0.0001]\n',
        "l1_loss": "def l1_loss(y_hat, y):\n    return y_hat.mean()\n",
        "l1_line_grads": "def l1_line_grads(m, b, x, y):\n    return float(m), float(b)\n",
        "grid_search": ("def grid_search(x, y, ms, bs):\n"
                        "    return float(ms[-1]), float(bs[-1]), np.ones((len(ms), len(bs)))\n"),
        "train_line": '''
def train_line(model, x, y, lr, n_iter):
    model.zero_grad()
    loss = F.l1_loss(model(as_column(x)), as_column(y))
    loss.backward()
    norm = math.sqrt(sum((p.grad ** 2).sum().item() for p in model.parameters()))
    return {"loss": [loss.item()] * n_iter, "grad_norm": [norm] * n_iter}
''',
        "clip_grad_norm": "def clip_grad_norm(parameters, max_norm):\n    return float(max_norm)\n",
        "AutoClip": '''
class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile

    def __call__(self, parameters):
        parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
        return math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
''',
    }),
    DoNothing("constants, and the norm measured but never clipped", {
        "predict_l1_gradient_at_fit": 'def predict_l1_gradient_at_fit():\n    return "grow"\n',
        "predict_too_large_rates": 'def predict_too_large_rates():\n    return [1.0]\n',
        "l1_loss": "def l1_loss(y_hat, y):\n    return torch.tensor(1.0)\n",
        "l1_line_grads": "def l1_line_grads(m, b, x, y):\n    return 1.0, 1.0\n",
        "grid_search": ("def grid_search(x, y, ms, bs):\n"
                        "    return float(ms[0]), float(bs[0]), np.ones((len(ms), len(bs)))\n"),
        "train_line": ("def train_line(model, x, y, lr, n_iter):\n"
                       "    return {'loss': [1.0] * n_iter, 'grad_norm': [1.0] * n_iter}\n"),
        "clip_grad_norm": '''
def clip_grad_norm(parameters, max_norm):
    parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
    return math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
''',
        "AutoClip": ("class AutoClip:\n"
                     "    def __init__(self, percentile=10.0):\n"
                     "        self.percentile = percentile\n\n"
                     "    def __call__(self, parameters):\n"
                     "        return float(self.percentile)\n"),
    }),
]
