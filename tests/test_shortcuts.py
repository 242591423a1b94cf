"""Forbidden shortcuts are found in the student's source, also through helpers it calls."""
import pytest

from autograder.shortcuts import find

ADAM_VIA_TORCH = '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.inner = torch.optim.Adam(self.params, lr=lr)
    def update_param(self, p):
        pass
'''


@pytest.mark.parametrize("item, source, found", [
    ("adam", ADAM_VIA_TORCH, "torch.optim"),
    ("gd", "from torch.optim import SGD\nclass GD(OptimizerBase):\n    pass", "torch.optim"),
    ("momentum", "from torch import optim\nclass Momentum(OptimizerBase):\n    pass", "torch.optim"),
    ("grad_loss_2d", "def grad_loss_2d(beta):\n    b = torch.tensor(beta, requires_grad=True)\n"
                     "    loss(b).backward()\n    return b.grad.numpy()", "requires_grad"),
    ("grad_f", "def grad_f(x, y, z):\n    return torch.autograd.grad(f(x, y, z), [x, y, z])", ".autograd"),
    ("deep_narrow_grads", "def deep_narrow_grads(ws, x, y):\n    w = torch.tensor(ws).requires_grad_()\n"
                          "    loss(w, x, y).backward()\n    return w.grad.numpy()", ".requires_grad_"),
    ("train_shallow_narrow", "def train_shallow_narrow(w1, w2, x, y, lr, steps):\n"
                             "    w = torch.tensor([w1, w2], requires_grad=True)", "requires_grad=True"),
    ("clip_grad_norm", "def clip_grad_norm(parameters, max_norm):\n"
                       "    return float(torch.nn.utils.clip_grad_norm_(parameters, max_norm))", "clip_grad_norm_"),
])
def test_the_library_routine_in_the_items_own_cell_is_found(item, source, found):
    message = find(item, {f"{item}_solution": source})
    assert message and found in message and "scores 0" in message


def test_a_shortcut_in_a_helper_cell_the_item_uses_is_found():
    cells = {"autoclip_solution": "class AutoClip:\n    def __call__(self, parameters):\n"
                                  "        return clip_grad_norm(parameters, 1.0)",
             "clip_grad_norm_solution": "def clip_grad_norm(parameters, max_norm):\n"
                                        "    return torch.nn.utils.clip_grad_norm_(parameters, max_norm)"}
    assert "clip_grad_norm_" in find("autoclip", cells)


def test_a_hand_gradient_that_calls_the_autograd_exercise_is_found():
    cells = {"grad_tanh_loss_solution": "def grad_tanh_loss(w, b, x, y):\n    return autograd_tanh_loss(w, b, x, y)",
             "autograd_tanh_loss_solution": "def autograd_tanh_loss(w, b, x, y):\n"
                                            "    w = torch.tensor(w, requires_grad=True)\n    loss(w).backward()"}
    assert "autograd_tanh_loss_solution" in find("grad_tanh_loss", cells)
    assert find("autograd_tanh_loss", cells) is None


@pytest.mark.parametrize("item, source", [
    ("adam", "class Adam(OptimizerBase):\n    def update_param(self, p):\n        p -= self.lr * p.grad"),
    ("autoclip", "class AutoClip:\n    def __call__(self, parameters):\n        return clip_grad_norm(parameters, 1.0)"),
    ("autograd_tanh_loss", "def autograd_tanh_loss(w, b, x, y):\n    w = torch.tensor(w, requires_grad=True)"),
    ("grad_loss_2d", "def grad_loss_2d(beta):\n    return np.array([2 * (beta[0] - 2), 0.0])"),
    ("adam", "def broken(:\n"),
    ("grad_f", "import autograder_notes\ndef grad_f(x, y, z):\n    return (0.0, 0.0, 0.0)"),
])
def test_honest_code_and_items_without_a_rule_pass(item, source):
    assert find(item, {f"{item}_solution": source}) is None


def test_a_forbidden_routine_reached_at_run_time_costs_the_item(tmp_path):
    """Hidden from the source inspection (getattr with a built string), caught when it runs."""
    from autograder.sandbox.process import Sandbox, StudentShortcut
    hidden = ("def grad(x):\n    t = torch.tensor(float(x), **{'requires' + '_grad': True})\n"
              "    getattr(t ** 2, 'back' + 'ward')()\n    return float(getattr(t, 'gr' + 'ad'))")
    assert find("grad_f", {"grad_f_solution": hidden}) is None
    with Sandbox() as box:
        box.load([("setup_imports", "import torch"), ("grad_f_solution", hidden)])
        box.new_worker()
        assert box.call("grad", (3.0,))[0] == 6.0
        box.end_worker()
        box.new_worker()
        with pytest.raises(StudentShortcut) as caught:
            box.call("grad", (3.0,), forbid="autograd")
        assert "Tensor.backward" in caught.value.routines
