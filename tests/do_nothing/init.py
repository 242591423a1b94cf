"""Do-nothing init solutions: the right names with made-up statistics, initialisations that change nothing useful."""
from tests.do_nothing import DoNothing

MADE_UP_STATS = '''
def layer_stats(mlp, x, target):
    return [{{"name": name, "act_std": {act}, "grad_std": {grad}}}
            for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
'''

VARIANTS = [
    DoNothing("zero statistics, zero weights, zero depth weights", {
        "predict_bad_init_learners": 'def predict_bad_init_learners():\n    return []\n',
        "predict_deeper_rate": 'def predict_deeper_rate():\n    return "larger"\n',
        "layer_stats": MADE_UP_STATS.format(act="0.0", grad="0.0"),
        "good_init_": ("def good_init_(mlp):\n"
                       "    for p in mlp.parameters():\n"
                       "        nn.init.zeros_(p)\n"),
        "isometric_init": "def isometric_init(depth, sigma=0.01, seed=0):\n    return np.zeros(depth)\n",
    }),
    DoNothing("constant statistics, weights of one, all ones", {
        "predict_bad_init_learners": 'def predict_bad_init_learners():\n    return ["layer1.0", "layer2.0", "layer3.0"]\n',
        "predict_deeper_rate": 'def predict_deeper_rate():\n    return "same"\n',
        "layer_stats": MADE_UP_STATS.format(act="1.0", grad="0.01"),
        "good_init_": ("def good_init_(mlp):\n"
                       "    for p in mlp.parameters():\n"
                       "        nn.init.ones_(p)\n"),
        "isometric_init": "def isometric_init(depth, sigma=0.01, seed=0):\n    return np.ones(depth)\n",
    }),
    DoNothing("statistics of the weights, a no-op init, a fixed ramp around one", {
        "predict_bad_init_learners": 'def predict_bad_init_learners():\n    return ["layer1.0"]\n',
        "predict_deeper_rate": 'def predict_deeper_rate():\n    return ""\n',
        "layer_stats": '''
def layer_stats(mlp, x, target):
    return [{"name": name, "act_std": module.weight.std().item(), "grad_std": module.bias.std().item()}
            for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
''',
        "good_init_": "def good_init_(mlp):\n    return None\n",
        "isometric_init": ("def isometric_init(depth, sigma=0.01, seed=0):\n"
                           "    return 1.0 + sigma * np.linspace(-1.0, 1.0, depth)\n"),
    }),
]
