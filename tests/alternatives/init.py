"""Correct init solutions in other styles."""
from tests.alternatives import Alternative


def _good_init(description, body):
    return Alternative("good_init", description, f'''
def good_init_(mlp):
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            {body}
''')


ALTERNATIVES = [
    Alternative("layer_stats", "the population std in float64 numpy, gradients reset to None, hooks removed "
                "in a with-block", '''
import contextlib

def layer_stats(mlp, x, target):
    linears = [(name, module) for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
    outputs = {}
    for p in mlp.parameters():
        p.grad = None
    with contextlib.ExitStack() as stack:
        for name, module in linears:
            handle = module.register_forward_hook(
                lambda m, i, o, name=name: outputs.__setitem__(name, o.detach().double().numpy()))
            stack.callback(handle.remove)
        loss = cross_entropy(mlp(x), target)
    loss.backward()
    return [{"name": name, "act_std": float(np.std(outputs[name])),
             "grad_std": float(np.std(module.weight.grad.double().numpy()))} for name, module in linears]
'''),
    Alternative("layer_stats", "the forward pass walked by hand through nested nn.Sequential blocks, the "
                "gradients zeroed in place", '''
def layer_stats(mlp, x, target):
    found = []

    def run(module, prefix, h):
        if isinstance(module, nn.Sequential):
            for name, child in module.named_children():
                h = run(child, f"{prefix}.{name}" if prefix else name, h)
            return h
        h = module(h)
        if isinstance(module, nn.Linear):
            found.append((prefix, module, h.std().item()))
        return h

    for p in mlp.parameters():
        if p.grad is not None:
            p.grad.zero_()
    cross_entropy(run(mlp, "", x), target).backward()
    return [{"name": name, "act_std": act, "grad_std": module.weight.grad.std().item()} for name, module, act in found]
'''),
    _good_init("PyTorch's default initialisation, restored with reset_parameters()", "module.reset_parameters()"),
    _good_init("Xavier uniform weights, zero biases",
               "nn.init.xavier_uniform_(module.weight)\n            nn.init.zeros_(module.bias)"),
    _good_init("Xavier normal weights, zero biases",
               "nn.init.xavier_normal_(module.weight)\n            nn.init.zeros_(module.bias)"),
    _good_init("He uniform weights for ReLU, zero biases",
               "nn.init.kaiming_uniform_(module.weight, nonlinearity='relu')\n            nn.init.zeros_(module.bias)"),
    Alternative("good_init", "He normal weights drawn by hand with torch.randn, small positive biases", '''
import math

def good_init_(mlp):
    with torch.no_grad():
        for module in mlp.modules():
            if isinstance(module, nn.Linear):
                fan_in = module.weight.shape[1]
                module.weight.copy_(torch.randn(module.weight.shape) * math.sqrt(2.0 / fan_in))
                module.bias.fill_(0.01)
'''),
    Alternative("good_init", "orthogonal weights through mlp.apply", '''
def good_init_(mlp):
    def init(module):
        if isinstance(module, nn.Linear):
            nn.init.orthogonal_(module.weight)
            nn.init.zeros_(module.bias)
    mlp.apply(init)
'''),
    Alternative("isometric_init", "numpy's normal with mean 1 and std sigma", '''
def isometric_init(depth, sigma=0.01, seed=0):
    return np.random.default_rng(seed).normal(1.0, sigma, size=depth)
'''),
    Alternative("isometric_init", "a seeded torch generator in float64, converted to numpy", '''
def isometric_init(depth, sigma=0.01, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return (1 + sigma * torch.randn(depth, generator=generator, dtype=torch.float64)).numpy()
'''),
    Alternative("isometric_init", "numpy's legacy RandomState", '''
def isometric_init(depth, sigma=0.01, seed=0):
    noise = np.random.RandomState(seed).randn(depth)
    return np.ones(depth) + sigma * noise
'''),
]
