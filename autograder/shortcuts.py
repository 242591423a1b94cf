"""Forbidden shortcuts, found in the student's source on the grader's side.

Calling the library routine an exercise asks students to write costs the
item. The source of the item's solution cell is searched, together with
every solution cell it draws names from.
"""
import ast

OPTIMIZER_NAMES = {"optim", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam",
                   "RAdam", "LBFGS", "ASGD", "Rprop", "SparseAdam", "Optimizer"}


def _torch_optim(node):
    if isinstance(node, ast.Attribute) and node.attr == "optim":
        return "torch.optim"
    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("torch.optim"):
        return "torch.optim"
    if isinstance(node, ast.ImportFrom) and node.module == "torch" and any(a.name == "optim" for a in node.names):
        return "torch.optim"
    if isinstance(node, ast.Import) and any(a.name.startswith("torch.optim") for a in node.names):
        return "torch.optim"
    if isinstance(node, ast.Attribute) and node.attr in OPTIMIZER_NAMES and _mentions(node.value, "optim"):
        return "torch.optim"
    return None


def _autograd(node):
    if isinstance(node, ast.Attribute) and node.attr in {"backward", "autograd", "requires_grad_", "func"}:
        return f".{node.attr}"
    if isinstance(node, ast.Attribute) and node.attr == "requires_grad":
        return "requires_grad"
    if isinstance(node, ast.keyword) and node.arg == "requires_grad":
        return "requires_grad=True"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        if any("autograd" in n.split(".") or n.startswith(("torch.func", "functorch")) for n in names):
            return "torch.autograd"
    return None


def _clipping(node):
    names = {"clip_grad_norm_", "clip_grads_with_norm_", "get_total_norm"}
    if isinstance(node, ast.Attribute) and (node.attr in names or node.attr == "clip_grad_norm"):
        return f"torch.nn.utils.{node.attr}"
    if isinstance(node, ast.Name) and node.id in names:
        return f"torch.nn.utils.{node.id}"
    if isinstance(node, ast.ImportFrom) and any(a.name in names | {"clip_grad_norm"} for a in node.names):
        return "torch.nn.utils.clip_grad_norm_"
    return None


def _mentions(node, name):
    return any(isinstance(n, ast.Name) and n.id == name or isinstance(n, ast.Attribute) and n.attr == name
               for n in ast.walk(node))


RULES = {
    "torch.optim": (_torch_optim, "this exercise asks you to write the update rule yourself"),
    "autograd": (_autograd, "this gradient is to be derived and written by hand"),
    "clipping": (_clipping, "this exercise asks you to write the clipping yourself"),
}

FORBIDDEN = {
    "gd": "torch.optim", "momentum": "torch.optim", "rmsprop": "torch.optim", "adam": "torch.optim",
    "train_line": "torch.optim",
    "clip_grad_norm": "clipping", "autoclip": "clipping",
    "grad_loss_2d": "autograd", "hessian_loss_2d": "autograd", "grad_f": "autograd",
    "grad_tanh_loss": "autograd", "shallow_narrow_grads": "autograd", "train_shallow_narrow": "autograd",
    "deep_narrow_grads": "autograd", "l1_line_grads": "autograd",
}


def _defined_names(tree):
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}


def _parse(sources):
    trees = {}
    for cell_id, source in sources.items():
        try:
            trees[cell_id] = ast.parse(source)
        except SyntaxError:
            continue
    return trees


def _reachable(start, trees):
    """The cell ids whose definitions `start` uses, transitively (including itself)."""
    owner = {name: cell_id for cell_id, tree in trees.items() for name in _defined_names(tree)}
    seen, todo = set(), [start]
    while todo:
        cell_id = todo.pop()
        if cell_id in seen or cell_id not in trees:
            continue
        seen.add(cell_id)
        used = {n.id for n in ast.walk(trees[cell_id]) if isinstance(n, ast.Name)}
        todo += [owner[name] for name in used if name in owner]
    return seen


def find(item_id, solutions):
    """A message if the item's code takes its forbidden shortcut, else None.

    `solutions` maps solution cell ids to the submitted sources.
    """
    rule = FORBIDDEN.get(item_id)
    if rule is None:
        return None
    detect, reason = RULES[rule]
    trees = _parse(solutions)
    lines = {cell_id: source.splitlines() for cell_id, source in solutions.items()}
    for cell_id in sorted(_reachable(item_id + "_solution", trees)):
        for node in ast.walk(trees[cell_id]):
            found = detect(node)
            if found:
                line = getattr(node, "lineno", 1)
                code = lines[cell_id][line - 1].strip() if line <= len(lines[cell_id]) else ""
                return (f"uses {found} (line {line} of your cell '{cell_id}': {code}): {reason}, "
                        "so this item scores 0")
    return None
