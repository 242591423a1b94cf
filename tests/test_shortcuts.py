"""The forbidden-shortcut rule judges what the graded name runs, with names resolved to what they are bound to."""
from pathlib import Path

import pytest

from autograder import shortcuts
from autograder.shortcuts import FORBIDDEN, RULES, find, strip_magics, tripwires

SETUP = [("setup_imports", "import numpy as np\nimport torch\nfrom torch import nn"),
         ("setup_optimizer_base", "class OptimizerBase:\n    def __init__(self, params, lr):\n"
                                  "        self.params = list(params)\n        self.lr = lr\n"
                                  "        self.check = torch.optim.SGD(self.params, lr)")]
GIVEN = [cell_id for cell_id, _ in SETUP]

ADAM = '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.betas, self.eps, self.state = betas, eps, {}

    def update_param(self, p):
        p -= self.lr * p.grad
'''
HAND_GRADIENT = "def grad_loss_2d(beta):\n    b1, b2 = np.asarray(beta, dtype=float)\n" \
                "    return np.array([2 * (b1 - 2), 4 * (b2 - 1) ** 3 - 2 * (b2 - 1)])\n"
OWN_CLIPPING = '''
def get_total_norm(grads):
    return float(torch.sqrt(sum((g ** 2).sum() for g in grads)))


def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = get_total_norm(grads)
    for g in grads:
        g.mul_(min(1.0, max_norm / (total + 1e-6)))
    return total
'''
AUTOCLIP = '''
class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile, self.history = percentile, []

    def __call__(self, parameters):
        parameters = list(parameters)
        self.history.append(clip_grad_norm(parameters, float("inf")))
        value = float(np.percentile(self.history, self.percentile))
        clip_grad_norm(parameters, value)
        return value
'''


def scan(item, *cells):
    return find(item, SETUP + [(f"{item}_solution", cells[0])] + list(cells[1:]), GIVEN)


@pytest.mark.parametrize("item, source, title", [
    ("adam", ADAM.replace("self.state = betas, eps, {}", "self.inner = torch.optim.Adam(self.params)"),
     "uses torch.optim.Adam at line 5 of your cell 'adam_solution'"),
    ("gd", "from torch.optim import SGD\nclass GD(OptimizerBase):\n    def update_param(self, p):\n"
           "        SGD([p], self.lr).step()", "uses torch.optim.SGD at line 4"),
    ("momentum", "from torch import optim\nclass Momentum(OptimizerBase):\n    make = optim.SGD",
     "uses torch.optim.SGD at line 3"),
    ("adam", "class Adam(torch.optim.Adam):\n    pass", "uses torch.optim.Adam at line 1"),
    ("adam", "class Adam(OptimizerBase):\n    def update_param(self, p):\n        __import__('torch.optim')",
     "uses torch.optim at line 3"),
    ("grad_loss_2d", "def grad_loss_2d(beta):\n    b = torch.tensor(beta, requires_grad=True)\n"
                     "    return b", "uses requires_grad=... at line 2"),
    ("grad_f", "def grad_f(x, y, z):\n    return torch.autograd.grad(f(x, y, z), [x, y, z])",
     "uses torch.autograd.grad at line 2"),
    ("deep_narrow_grads", "def deep_narrow_grads(ws, x, y):\n    loss(ws, x, y).backward()",
     "uses .backward() at line 2"),
    ("clip_grad_norm", "def clip_grad_norm(parameters, max_norm):\n"
                       "    return float(nn.utils.clip_grad_norm_(parameters, max_norm))",
     "uses torch.nn.utils.clip_grad_norm_ at line 2"),
    ("clip_grad_norm", OWN_CLIPPING.replace("total = get_total_norm", "total = nn.utils.get_total_norm"),
     "uses torch.nn.utils.get_total_norm at line 10"),
])
def test_the_library_routine_in_the_graded_code_is_named_with_its_place(item, source, title):
    found = scan(item, source)
    assert found and found.title.startswith(title)
    assert found.message.endswith("so this item scores 0")


def test_a_module_level_alias_bound_in_another_cell_is_the_library_routine():
    found = scan("grad_f", "def grad_f(x, y, z):\n    return _AG(f(x, y, z), [x, y, z])",
                 ("grad_tanh_loss_solution", "_AG = torch.autograd.grad"))
    assert found.title == "uses torch.autograd.grad at line 2 of your cell 'grad_f_solution'"


def test_a_shortcut_in_a_helper_the_graded_code_calls_is_found_in_the_helpers_cell():
    found = scan("adam", ADAM.replace("p -= self.lr * p.grad", "step_with_torch(p, self.lr)"),
                 ("gd_solution", "def step_with_torch(p, lr):\n    torch.optim.Adam([p], lr).step()"))
    assert found.title == "uses torch.optim.Adam at line 2 of your cell 'gd_solution'"


@pytest.mark.parametrize("item, source", [
    ("grad_loss_2d", HAND_GRADIENT + "\n\ndef check_by_autograd(beta):\n"
                                     "    b = torch.tensor(beta, requires_grad=True)\n"
                                     "    ((b[0] - 2) ** 2).backward()\n    return b.grad\n\n"
                                     "check_by_autograd([1.0, 2.0])\n"),
    ("adam", ADAM + "\n\ndef compare_with_torch():\n    return torch.optim.Adam([torch.zeros(1)])\n"),
    ("grad_tanh_loss", "class SimpleGraph:\n    def __init__(self, w, b):\n"
                       "        self.w = torch.tensor([w], requires_grad=True)\n"
                       "    def backward(self, loss):\n        loss.backward()\n\n\n"
                       "def grad_tanh_loss(w, b, x, y):\n    x, y = np.asarray(x), np.asarray(y)\n"
                       "    y_hat = np.tanh(w * x + b)\n    dz = -2 * (y - y_hat) * (1 - y_hat ** 2)\n"
                       "    return float(np.mean(dz * x)), float(np.mean(dz))\n"),
    ("clip_grad_norm", OWN_CLIPPING),
])
def test_code_the_graded_name_never_reaches_costs_nothing(item, source):
    assert scan(item, source) is None


def test_a_graded_function_calling_another_graded_under_the_same_rule_leaves_the_shortcut_to_the_callee():
    cheating_clip = "def clip_grad_norm(parameters, max_norm):\n" \
                    "    return float(torch.nn.utils.clip_grad_norm_(parameters, max_norm))"
    cells = [("autoclip_solution", AUTOCLIP), ("clip_grad_norm_solution", cheating_clip)]
    assert find("autoclip", SETUP + cells, GIVEN) is None
    assert find("clip_grad_norm", SETUP + cells, GIVEN) is not None
    assert tripwires("autoclip")["exempt"] == ["clip_grad_norm_solution"]


def test_a_hand_gradient_that_calls_the_autograd_exercise_takes_the_shortcut():
    cells = [("grad_tanh_loss_solution", "def grad_tanh_loss(w, b, x, y):\n    return autograd_tanh_loss(w, b, x, y)"),
             ("autograd_tanh_loss_solution", "def autograd_tanh_loss(w, b, x, y):\n"
                                             "    w = torch.tensor(w, requires_grad=True)")]
    assert find("grad_tanh_loss", SETUP + cells, GIVEN).cell == "autograd_tanh_loss_solution"
    assert find("autograd_tanh_loss", SETUP + cells, GIVEN) is None


def test_given_code_is_not_the_students():
    assert scan("adam", ADAM) is None  # OptimizerBase (given) builds a torch.optim.SGD


def test_the_students_own_names_are_not_the_librarys():
    source = "def clip_grad_norm_(ps, m):\n    return 0.0\n\n\ndef clip_grad_norm(parameters, max_norm):\n" \
             "    return clip_grad_norm_(parameters, max_norm)"
    assert scan("clip_grad_norm", source) is None


def test_a_cell_whose_first_line_is_a_magic_is_scanned_as_the_sandbox_runs_it():
    source = "%load_ext autoreload\n" + ADAM.replace("p -= self.lr * p.grad", "torch.optim.SGD([p], 1).step()")
    assert strip_magics(source).splitlines()[0] == "pass"
    assert scan("adam", source).title == "uses torch.optim.SGD at line 9 of your cell 'adam_solution'"


@pytest.mark.parametrize("body, what", [
    ("exec('import torch.optim')", "uses exec()"),
    ("eval(text)", "uses eval()"),
    ("compile(text, 'x', 'exec')", "uses compile()"),
    ("getattr(torch, 'opt' + 'im')", "uses getattr with a computed name"),
    ("getattr(__import__('torch'), name)", "uses getattr with a computed name"),
    ("__import__(name)", "uses __import__ with a computed name"),
    ("import importlib\n    importlib.import_module(name)", "uses importlib.import_module with a computed name"),
    ("import subprocess\n    subprocess.run(['python', 'x.py'])", "uses subprocess"),
    ("import ctypes\n    ctypes.CDLL(None)", "uses ctypes"),
    ("import os\n    os.system('python x.py')", "uses os.system"),
])
def test_code_that_hides_what_it_calls_costs_the_item_and_says_why(body, what):
    found = scan("grad_f", f"def grad_f(x, y, z):\n    {body}\n    return 0.0, 0.0, 0.0")
    assert found.title.startswith(what)
    assert "cannot be checked for forbidden shortcuts" in found.message


def test_hiding_code_outside_the_graded_names_reach_costs_nothing():
    helper = "def unused():\n    import ctypes\n    exec('x = 1')\n\n"
    assert scan("grad_f", helper + "def grad_f(x, y, z):\n    return 0.0, 0.0, 0.0") is None


def test_ordinary_building_blocks_pass():
    source = "def grad_f(x, y, z):\n    name = 'sin'\n    g = getattr(np, 'cos')\n    getattr(x, name, None)\n" \
             "    return float(np.abs(x)), float(torch.abs(torch.tensor(y))), float(g(z))"
    assert scan("grad_f", source) is None


def test_a_cell_that_cannot_be_parsed_costs_its_item_with_a_clear_message():
    found = scan("adam", "class Adam(OptimizerBase:\n    pass")
    assert found.title == "has a syntax error at line 1 of your cell 'adam_solution'"
    assert "cannot be checked" in found.message


def test_items_without_a_rule_are_not_judged():
    assert scan("autograd_tanh_loss", "def autograd_tanh_loss(w, b, x, y):\n    exec('')") is None


def test_every_rule_names_its_label_reason_and_tripwires():
    for item, (_, rule) in FORBIDDEN.items():
        assert RULES[rule].tripwires and RULES[rule].why and tripwires(item)["routines"]


def test_a_forbidden_routine_reached_at_run_time_costs_the_item():
    """Hidden from the scan only because the item has no rule here; caught when it runs."""
    from autograder.outcomes import StudentShortcut
    from autograder.sandbox.process import Sandbox
    hidden = "def grad(x):\n    t = torch.tensor(float(x), requires_grad=True)\n" \
             "    (t ** 2).backward()\n    return float(t.grad)"
    with Sandbox() as box:
        box.load([("setup_imports", "import torch"), ("grad_f_solution", hidden)])
        box.new_worker()
        assert box.call("grad", (3.0,))[0] == 6.0
        box.end_worker()
        box.new_worker()
        with pytest.raises(StudentShortcut) as caught:
            box.call("grad", (3.0,), forbid=tripwires("grad_f"))
        assert "torch.Tensor.backward" in caught.value.routines


def test_a_forbidden_routine_called_from_an_exempt_cell_goes_through():
    from autograder.sandbox.process import Sandbox
    clip = "def clip_grad_norm(ps, m):\n    return float(torch.nn.utils.clip_grad_norm_(ps, m))"
    auto = "def auto(ps):\n    return clip_grad_norm(ps, 1.0)"
    probe = "def run():\n    w = torch.zeros(2, requires_grad=True)\n    w.grad = torch.tensor([3.0, 4.0])\n" \
            "    return auto([w])"
    with Sandbox() as box:
        box.load([("setup_imports", "import torch"), ("clip_grad_norm_solution", clip),
                  ("autoclip_solution", auto + "\n\n" + probe)])
        box.new_worker()
        assert box.call("run", (), forbid=tripwires("autoclip"))[0] == pytest.approx(5.0)


def test_the_sandbox_strips_magics_with_the_scans_code():
    sandbox = (Path(shortcuts.__file__).parent / "sandbox" / "child.py").read_text()
    assert "from shortcuts import strip_magics" in sandbox and "def strip_magics" not in sandbox

def test_hiding_code_at_the_top_level_of_a_cell_costs_every_item():
    """It runs before every check, so it could change how any item is graded."""
    cells = [("ema_solution", "def ema(values, beta):\n    return values\n"),
             ("tamper_solution", "import ctypes\nctypes.memset(0, 0, 0)\n")]
    for item_id in ("ema", "adam"):
        found = find(item_id, cells)
        assert found.title == "uses ctypes at line 1 of your cell 'tamper_solution'"
        assert "costs every item" in found.message


def test_definitions_alone_cost_nothing_at_load_time():
    cells = [("ema_solution", "import numpy as np\n\ndef ema(values, beta=0.9):\n    import ctypes\n"
                              "    return np.asarray(values)\n")]
    assert find("ema", cells) is None
