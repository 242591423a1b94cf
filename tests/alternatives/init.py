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
    # -- in the style of public implementations, adapted only to the stub signatures --------------------
    Alternative("good_init", "PyTorch's nn.init written out: _calculate_fan_in_and_fan_out, calculate_gain "
                "and xavier_uniform_ with the ReLU gain, zero biases", '''
import math


def _calculate_fan_in_and_fan_out(tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    if tensor.dim() > 2:
        for s in tensor.shape[2:]:
            receptive_field_size *= s
    fan_in = num_input_fmaps * receptive_field_size
    fan_out = num_output_fmaps * receptive_field_size
    return fan_in, fan_out


def calculate_gain(nonlinearity, param=None):
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "sigmoid"]
    if nonlinearity in linear_fns:
        return 1
    elif nonlinearity == "tanh":
        return 5.0 / 3
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def xavier_uniform_(tensor, gain=1.0):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-a, a)


def good_init_(mlp):
    for m in mlp.modules():
        if isinstance(m, nn.Linear):
            xavier_uniform_(m.weight, gain=calculate_gain("relu"))
            with torch.no_grad():
                m.bias.zero_()
'''),
    Alternative("good_init", "nn.Linear.reset_parameters written out: kaiming_uniform_ with a = sqrt(5) and "
                "biases uniform in +-1/sqrt(fan_in), PyTorch's default", '''
import math


def kaiming_uniform_(tensor, a=0, mode="fan_in"):
    fan = tensor.size(1) if mode == "fan_in" else tensor.size(0)
    gain = math.sqrt(2.0 / (1 + a ** 2))
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-bound, bound)


def reset_parameters(layer):
    kaiming_uniform_(layer.weight, a=math.sqrt(5))
    if layer.bias is not None:
        fan_in = layer.weight.size(1)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        with torch.no_grad():
            layer.bias.uniform_(-bound, bound)


def good_init_(mlp):
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            reset_parameters(module)
'''),
    Alternative("good_init", "PyTorch's nn.init.orthogonal_ written out: QR of a normal matrix, signs fixed by "
                "the diagonal of R, the ReLU gain", '''
import math


def orthogonal_(tensor, gain=1):
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flattened = tensor.new_empty((rows, cols)).normal_(0, 1)
    if rows < cols:
        flattened.t_()
    q, r = torch.linalg.qr(flattened)
    d = torch.diag(r, 0)
    ph = d.sign()
    q *= ph
    if rows < cols:
        q.t_()
    with torch.no_grad():
        tensor.view_as(q).copy_(q)
        tensor.mul_(gain)
    return tensor


def good_init_(mlp):
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            orthogonal_(module.weight, gain=math.sqrt(2.0))
            nn.init.zeros_(module.bias)
'''),
    Alternative("good_init", "Lasagne's Orthogonal initializer: SVD of a normal matrix in numpy, gain 'relu', "
                "floatX, its rng set from torch's seed as lasagne.random.set_rng allows", '''
_rng = np.random


def get_rng():
    return _rng


def set_rng(new_rng):
    global _rng
    _rng = new_rng


def floatX(arr):
    return np.asarray(arr, dtype=np.float32)


class Orthogonal:
    def __init__(self, gain=1.0):
        if gain == "relu":
            gain = np.sqrt(2)
        self.gain = gain

    def __call__(self, shape):
        return self.sample(shape)

    def sample(self, shape):
        if len(shape) < 2:
            raise RuntimeError("Only shapes of length 2 or more are supported.")
        flat_shape = (shape[0], np.prod(shape[1:]))
        a = get_rng().normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        q = q.reshape(shape)
        return floatX(self.gain * q)


def good_init_(mlp):
    set_rng(np.random.RandomState(torch.initial_seed() % 2 ** 32))
    W = Orthogonal(gain="relu")
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            with torch.no_grad():
                module.weight.copy_(torch.from_numpy(W(tuple(module.weight.shape))))
                module.bias.zero_()
'''),
    Alternative("predict_bad_init_learners", "a tuple", '''
def predict_bad_init_learners():
    """The names of the Linear layers of the bad ramp whose weight gradient is not exactly zero."""
    return ("layer3.0",)
'''),
    Alternative("predict_deeper_rate", "upper case", '''
def predict_deeper_rate():
    """How the fastest learning rate at depth 60 compares with depth 10: "smaller", "same" or "larger"."""
    return "SMALLER"
'''),
]
