"""Do-nothing optimizers solutions: averages of the right type with no averaging, steps that move nothing."""
from tests.do_nothing import DoNothing

NAMES = ("GD", "Momentum", "RMSProp", "Adam")


def optimizers(body):
    """Every optimizer with the same update_param body."""
    return {name: f"class {name}(OptimizerBase):\n    def update_param(self, p):\n        {body}\n"
            for name in NAMES}


VARIANTS = [
    DoNothing("zeros, and no update", {
        "train_network": 'def train_network(model, optimizer, steps, batch_size=256, seed=0):\n    return [0.0] * steps\n',
        "predict_momentum_on_slope": 'def predict_momentum_on_slope():\n    return "faster"\n',
        "predict_adam_first_step": 'def predict_adam_first_step():\n    return 0.0\n',
        "ema": "def ema(values, beta):\n    return np.zeros(len(values))\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.zeros(len(values))\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.zeros(len(values))\n",
        **optimizers("pass"),
    }),
    DoNothing("the values echoed, and a zero step", {
        "train_network": 'def train_network(model, optimizer, steps, batch_size=256, seed=0):\n    return [float(k) for k in range(steps)]\n',
        "predict_momentum_on_slope": 'def predict_momentum_on_slope():\n    return "slower"\n',
        "predict_adam_first_step": 'def predict_adam_first_step():\n    return 10.0\n',
        "ema": "def ema(values, beta):\n    return np.array(values, dtype=float)\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.array(values, dtype=float)\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.abs(np.array(values, dtype=float))\n",
        **optimizers("p -= 0.0 * p.grad"),
    }),
    DoNothing("ones, and a constant step", {
        "train_network": 'def train_network(model, optimizer, steps, batch_size=256, seed=0):\n    generator = torch.Generator().manual_seed(seed)\n    with torch.no_grad():\n        return [cross_entropy(model(x), t).item() for x, t in (sample_batch(batch_size, generator) for _ in range(steps))]\n',
        "predict_momentum_on_slope": 'def predict_momentum_on_slope():\n    return ""\n',
        "predict_adam_first_step": 'def predict_adam_first_step():\n    return 1.0\n',
        "ema": "def ema(values, beta):\n    return np.ones(len(values))\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.ones(len(values))\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.ones(len(values))\n",
        **optimizers("p -= self.lr"),
    }),
]
