"""Example submissions in nbgrader's `submitted/<student>/<assignment>/` layout, built from the course.

Each student is a profile: which items are solved, left as the stub, or
carry a known mistake (looked up in the mistakes catalogue by a phrase of
its explanation) or a forbidden shortcut. Rebuilt by `python -m autograder
build`, so they never drift from the notebooks.
"""
import copy

import nbformat

from autograder import course, notebook, registry
from autograder.mistakes import catalogue

EXAMPLES = course.ROOT / "examples" / "submitted"

STUB = "stub"
SHORTCUTS = {
    "adam": '''
class Adam(OptimizerBase):
    """Adam, by way of PyTorch's own optimizer."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.inner = torch.optim.Adam(self.params, lr=lr, betas=betas, eps=eps)

    def update_param(self, p):
        pass

    def step(self):
        self.inner.step()
''',
    "grad_loss_2d": '''
def grad_loss_2d(beta):
    """The gradient, by way of autograd."""
    b = torch.tensor(np.asarray(beta, dtype=float), requires_grad=True)
    ((b[0] - 2) ** 2 + (b[1] - 1) ** 4 - (b[1] - 1) ** 2).backward()
    return b.grad.numpy()
''',
}

# student -> assignment -> item -> STUB, "shortcut", or a phrase of a known mistake's explanation
PROFILES = {
    "ada": {},                                                   # everything solved
    "ben": {a: {e.id: STUB for e in registry.exercises(a)} for a in registry.assignments()},  # the release
    "chloe": {"optimizers": {"adam": "bias correction", "momentum": "torch-style", "ema": "swapped",
                             "rmsprop": "inside the square root"},
              "autodiff": {"grad_f": "written 1 - tanh(e)"},
              "gd2d": {"gradient_descent": "not stored as row 0"},
              "linefit": {"clip_grad_norm": "on its own"}},
    "dev": {"gd2d": {"grad_loss_2d": "sign is flipped", "max_stable_step_size": "factor 2"},
            "linefit": {"train_line": "not zeroed"},
            "optimizers": {"adam": "shared by all parameters", "predict_adam_first_step": "as in GD"},
            "autodiff": {"train_shallow_narrow": "one after the other"},
            "init": {"layer_stats": "after the ReLU", "good_init": "same constant"}},
    "emma": {"optimizers": {"rmsprop": STUB, "adam": STUB}, "init": {"good_init": STUB, "isometric_init": STUB},
             "autodiff": {"deep_narrow_grads": STUB}},
    "farid": {"optimizers": {"adam": "shortcut"}, "gd2d": {"grad_loss_2d": "shortcut"}},
}


def _mistake(assignment, item, phrase):
    for mistake in catalogue(assignment):
        if mistake.item == item and phrase in mistake.explanation:
            return mistake.source
    raise LookupError(f"no known mistake of {assignment}/{item} mentions {phrase!r}")


def submission(assignment, changes, solution, release):
    """The solved source notebook with some solution cells replaced, outputs cleared."""
    nb = copy.deepcopy(solution)
    stubs = {notebook.grade_id(c): c.source for c in release.cells if notebook.is_solution(c)}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        item = str(notebook.grade_id(cell) or "").removesuffix("_solution")
        change = changes.get(item) if notebook.is_solution(cell) else None
        if change == STUB:
            cell.source = stubs[notebook.grade_id(cell)]
        elif change == "shortcut":
            cell.source = SHORTCUTS[item].strip()
        elif change:
            cell.source = _mistake(assignment, item, change).strip()
    return nb


def build(assignments, root=course.ROOT):
    """Write every profile's submission of the given assignments."""
    for assignment in assignments:
        solution = notebook.solved(root / "source" / assignment / f"{assignment}.ipynb")
        release = notebook.read(root / "assignments" / assignment / f"{assignment}.ipynb")
        for student, profile in PROFILES.items():
            path = root / "examples" / "submitted" / student / assignment / f"{assignment}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(assignment, profile.get(assignment, {}), solution, release), path)
