"""Do-nothing optimizers solutions: averages of the right type with no averaging, steps that move nothing."""
from tests.do_nothing import DoNothing

NAMES = ("GD", "Momentum", "RMSProp", "Adam")


def optimizers(body):
    """Every optimizer with the same update_param body."""
    return {name: f"class {name}(OptimizerBase):\n    def update_param(self, p):\n        {body}\n"
            for name in NAMES}


VARIANTS = [
    DoNothing("zeros, and no update", {
        "ema": "def ema(values, beta):\n    return np.zeros(len(values))\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.zeros(len(values))\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.zeros(len(values))\n",
        **optimizers("pass"),
    }),
    DoNothing("the values echoed, and a zero step", {
        "ema": "def ema(values, beta):\n    return np.array(values, dtype=float)\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.array(values, dtype=float)\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.abs(np.array(values, dtype=float))\n",
        **optimizers("p -= 0.0 * p.grad"),
    }),
    DoNothing("ones, and a constant step", {
        "ema": "def ema(values, beta):\n    return np.ones(len(values))\n",
        "ema_debiased": "def ema_debiased(values, beta):\n    return np.ones(len(values))\n",
        "ema_rms": "def ema_rms(values, beta):\n    return np.ones(len(values))\n",
        **optimizers("p -= self.lr"),
    }),
]
