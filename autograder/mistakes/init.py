"""Known mistakes in init.

The layer_stats mistakes that change numbers are recognised by running them; the
others, and every mistake of good_init_ and isometric_init (graded by properties
of random weights, not by values), are named by the checks in their own messages
through the explanations given names here.
"""
from autograder.mistakes import Mistake

TENSORS_RETURNED = ("act_std and grad_std are left as tensors (std() without .item()) instead of Python "
                    "floats")
HOOKS_LEFT = ("the forward hooks are registered but never removed (handle.remove()), so they stay on the "
              "network and run on every later forward pass")
UNCHANGED = ("good_init_ changes none of the network's weights, so it keeps the bad ramp it was given: look for "
             "the nn.Linear layers among mlp.modules() (mlp.children() only yields the nn.Sequential blocks) and "
             "change their weights in place")
LAYER_SKIPPED = ("some nn.Linear layers are not re-initialised (for example the output layer, which has no ReLU "
                 "after it) and keep the bad ramp: every nn.Linear needs new weights")
ZEROS = ("every weight is set to zero: all units of a layer then compute the same thing and get the same "
         "gradient, so they never become different")
CONSTANT = ("every weight is set to the same constant: all units of a layer then compute the same thing and get "
            "the same gradient, so they never become different")
TOO_LARGE = ("the weights are drawn with a fixed std (such as 10) that ignores the fan-in: every layer then "
             "multiplies the scale of the activations, so they explode with depth; scale the std as "
             "sqrt(2 / fan_in) (He) or sqrt(2 / (fan_in + fan_out)) (Xavier)")
TOO_SMALL = ("the weights are drawn with a tiny fixed std (such as 0.01) that ignores the fan-in: every layer then "
             "shrinks the scale of the activations, so they vanish with depth; scale the std as "
             "sqrt(2 / fan_in) (He) or sqrt(2 / (fan_in + fan_out)) (Xavier)")
NO_ONE = "the 1 + is missing: the weights are the noise alone, near 0 instead of near 1"
SIGMA_IGNORED = "sigma is ignored: the noise has std 1 (standard normal) instead of std sigma"
SIGMA_SQUARED = "sigma is used as the variance of the noise instead of its std (normal(0, sigma**2))"
NO_NOISE = "the weights are exactly 1 with no noise, but they should be 1 + sigma·(standard normal noise)"
SEED_IGNORED = ("seed is ignored: the noise comes from numpy's global generator (or a fixed seed) instead of a "
                "generator seeded with seed, e.g. np.random.default_rng(seed)")
TENSOR_RETURNED = "a torch tensor is returned instead of a float64 numpy array"

_WITH_HOOKS = '''
def layer_stats(mlp, x, target):
    linears = [(name, module) for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
    outputs = {{}}
    handles = [module.register_forward_hook(lambda m, i, o, name=name: outputs.update({{name: {seen}}}))
               for name, module in linears]
    mlp.zero_grad()
    cross_entropy(mlp(x), target).backward()
{remove}    return [{{"name": name, "act_std": {act}, "grad_std": {grad}}} for name, module in linears]
'''
_REMOVE = """    for handle in handles:
        handle.remove()
"""


def _with_hooks(seen="o", act="outputs[name].std().item()", grad="module.weight.grad.std().item()",
                remove=True):
    """A layer_stats that records each nn.Linear's output (or what `seen` names) with forward hooks."""
    return _WITH_HOOKS.format(seen=seen, act=act, grad=grad, remove=_REMOVE if remove else "")


def _good_init(body):
    return f'''
def good_init_(mlp):
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            {body}
            nn.init.zeros_(module.bias)
'''


MISTAKES = [
    # -- layer_stats ------------------------------------------------------------------
    Mistake("layer_stats", "the gradients are not zeroed first, so backward() adds this pass's gradient to "
            "those already there (call mlp.zero_grad() before the backward pass)", '''
def layer_stats(mlp, x, target):
    stats, outputs = [], {}
    linears = [(name, module) for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
    handles = [module.register_forward_hook(lambda m, i, o, name=name: outputs.update({name: o}))
               for name, module in linears]
    cross_entropy(mlp(x), target).backward()
    for handle in handles:
        handle.remove()
    for name, module in linears:
        stats.append({"name": name, "act_std": outputs[name].std().item(),
                      "grad_std": module.weight.grad.std().item()})
    return stats
'''),
    Mistake("layer_stats", "act_std is taken from the layer's input (the hook's inputs[0]) instead of "
            "its output", _with_hooks(seen="i[0]")),
    Mistake("layer_stats", "act_std is taken after the ReLU (the output of each block) instead of the output of "
            "the nn.Linear itself, before the activation", '''
def layer_stats(mlp, x, target):
    mlp.zero_grad()
    stats, hidden = [], x
    for name, block in mlp.named_children():
        hidden = block(hidden)
        stats.append({"name": name + ".0", "act_std": hidden.std().item(), "layer": block[0]})
    cross_entropy(hidden, target).backward()
    for s in stats:
        s["grad_std"] = s.pop("layer").weight.grad.std().item()
    return stats
'''),
    Mistake("layer_stats", "grad_std is taken from the bias's gradient instead of the weight's",
            _with_hooks(grad="module.bias.grad.std().item()")),
    Mistake("layer_stats", "grad_std is the std of the weight itself instead of the std of its gradient "
            "(weight.grad)", _with_hooks(grad="module.weight.std().item()")),
    Mistake("layer_stats", HOOKS_LEFT, _with_hooks(remove=False)),
    Mistake("layer_stats", TENSORS_RETURNED,
            _with_hooks(act="outputs[name].std()", grad="module.weight.grad.std()")),
    # -- good_init_ -------------------------------------------------------------------
    Mistake("good_init", UNCHANGED, '''
def good_init_(mlp):
    for layer in mlp.children():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
'''),
    Mistake("good_init", LAYER_SKIPPED, '''
def good_init_(mlp):
    for block in mlp.children():
        if isinstance(block[-1], nn.ReLU):
            nn.init.kaiming_normal_(block[0].weight, nonlinearity="relu")
            nn.init.zeros_(block[0].bias)
'''),
    Mistake("good_init", ZEROS, _good_init("nn.init.zeros_(module.weight)")),
    Mistake("good_init", CONSTANT, _good_init("nn.init.constant_(module.weight, 0.5)")),
    Mistake("good_init", TOO_LARGE, _good_init("nn.init.normal_(module.weight, std=10.0)")),
    Mistake("good_init", TOO_SMALL, _good_init("nn.init.normal_(module.weight, std=0.01)")),
    # -- isometric_init ---------------------------------------------------------------
    Mistake("isometric_init", NO_ONE, '''
def isometric_init(depth, sigma=0.01, seed=0):
    return sigma * np.random.default_rng(seed).standard_normal(depth)
'''),
    Mistake("isometric_init", SIGMA_IGNORED, '''
def isometric_init(depth, sigma=0.01, seed=0):
    return 1.0 + np.random.default_rng(seed).standard_normal(depth)
'''),
    Mistake("isometric_init", SIGMA_SQUARED, '''
def isometric_init(depth, sigma=0.01, seed=0):
    return np.random.default_rng(seed).normal(1.0, sigma ** 2, depth)
'''),
    Mistake("isometric_init", NO_NOISE, '''
def isometric_init(depth, sigma=0.01, seed=0):
    return np.ones(depth)
'''),
    Mistake("isometric_init", SEED_IGNORED, '''
def isometric_init(depth, sigma=0.01, seed=0):
    return np.random.normal(1.0, sigma, depth)
'''),
    Mistake("isometric_init", TENSOR_RETURNED, '''
def isometric_init(depth, sigma=0.01, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return 1 + sigma * torch.randn(depth, generator=generator)
'''),
    Mistake("predict_bad_init_learners", "every layer is expected to get some gradient; the zero output weights multiply the error signal by zero on its way down", '''
def predict_bad_init_learners():
    """The names of the Linear layers of the bad ramp whose weight gradient is not exactly zero."""
    return ["layer1.0", "layer2.0", "layer3.0"]
'''),
    Mistake("predict_bad_init_learners", "zero output weights are taken to stop their own gradient too; that gradient is the error times the second layer's activations", '''
def predict_bad_init_learners():
    """The names of the Linear layers of the bad ramp whose weight gradient is not exactly zero."""
    return []
'''),
    Mistake("predict_deeper_rate", "a slower network is thought to need larger steps; each step moves the product about D times as much as one weight would", '''
def predict_deeper_rate():
    """How the fastest learning rate at depth 60 compares with depth 10: "smaller", "same" or "larger"."""
    return "larger"
'''),
    Mistake("predict_deeper_rate", "the learning rate is taken to be a property of the data alone; it interacts with the depth", '''
def predict_deeper_rate():
    """How the fastest learning rate at depth 60 compares with depth 10: "smaller", "same" or "larger"."""
    return "same"
'''),
]
