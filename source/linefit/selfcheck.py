"""The forbidden-shortcut policy: one table, and the scan that applies it.

Calling the library routine an exercise asks students to write costs the
item. Only what the graded name runs is judged: its definition and,
transitively, the student's functions, classes and module-level bindings it
uses, with every name resolved to what it is bound to. A graded name that
another item grades under the same rule is judged there, not here. Code that
hides what it calls (exec, computed getattr, subprocess, ...) costs the item
too, and so does a solution cell that cannot be parsed; at the top level of a
cell, where it runs before every check, it costs every item.

The table is read by the grader's scan, by the sandbox's tripwires (rows sent
with each request, see `tripwires`) and by the feedback. The file uses only
the standard library: the build ships it with the release as `selfcheck.py`,
so students run this same rule (`report`) before they submit.
"""
import ast
import contextlib
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    """A forbidden shortcut: how the scan recognises it and which routines the sandbox stops."""

    label: str         # what students are told not to use
    modules: tuple     # qualified names: using one, or anything inside it, is the shortcut
    methods: tuple     # method names that take the shortcut on any value (tensors)
    switches: tuple    # keyword arguments or attributes that take it unless set to False
    tripwires: tuple   # (owner, attribute) stopped at run time; owner is a qualified name
    why: str


RULES = {
    "torch.optim": Rule(
        "torch.optim", ("torch.optim",), (), (), (("torch.optim.Optimizer", "__init__"),),
        "this exercise asks you to write the update rule yourself"),
    "autograd": Rule(
        "autograd (requires_grad, backward, torch.autograd, torch.func)",
        ("torch.autograd", "torch.func", "functorch"), ("backward", "requires_grad_"), ("requires_grad",),
        (("torch.Tensor", "backward"), ("torch.autograd", "backward"), ("torch.autograd", "grad")),
        "this gradient is to be derived and written by hand"),
    "clipping": Rule(
        "torch.nn.utils.clip_grad_norm_ (and its helpers get_total_norm, clip_grads_with_norm_)",
        ("torch.nn.utils.clip_grad", "torch.nn.utils.clip_grad_norm", "torch.nn.utils.clip_grad_norm_",
         "torch.nn.utils.clip_grads_with_norm_", "torch.nn.utils.get_total_norm"), (), (),
        tuple((owner, name) for owner in ("torch.nn.utils", "torch.nn.utils.clip_grad")
              for name in ("clip_grad_norm_", "clip_grad_norm", "clip_grads_with_norm_", "get_total_norm")),
        "this exercise asks you to write the clipping yourself"),
}

FORBIDDEN = {  # item id: (the name it grades, its rule)
    "gd": ("GD", "torch.optim"), "momentum": ("Momentum", "torch.optim"),
    "rmsprop": ("RMSProp", "torch.optim"), "adam": ("Adam", "torch.optim"),
    "train_line": ("train_line", "torch.optim"),
    "clip_grad_norm": ("clip_grad_norm", "clipping"), "autoclip": ("AutoClip", "clipping"),
    "grad_loss_2d": ("grad_loss_2d", "autograd"), "hessian_loss_2d": ("hessian_loss_2d", "autograd"),
    "grad_f": ("grad_f", "autograd"), "grad_tanh_loss": ("grad_tanh_loss", "autograd"),
    "shallow_narrow_grads": ("shallow_narrow_grads", "autograd"),
    "train_shallow_narrow": ("train_shallow_narrow", "autograd"),
    "deep_narrow_grads": ("deep_narrow_grads", "autograd"), "l1_line_grads": ("l1_line_grads", "autograd"),
}

HIDING = "code that hides what it calls cannot be checked for forbidden shortcuts"
LOAD_TIME = Rule("code that hides what it calls, at the top level of a cell", (), (), (), (),
                 "it runs when the notebook loads, before every exercise is checked")
RUNS_STRINGS = {"exec", "eval", "compile"}                       # builtins that run text as code
COMPUTED_NAMES = {"getattr", "__import__", "importlib.import_module", "importlib.__import__"}
OUTSIDE_PYTHON = ("subprocess", "ctypes", "os.system", "os.popen")


def strip_magics(source):
    """IPython magics and shell escapes are not Python; they become `pass` (line numbers kept)."""
    lines = source.splitlines()
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) and not line.startswith((" ", "\t"))
                     else line for line in lines)


@dataclass(frozen=True)
class Finding:
    """Where a graded item takes a forbidden shortcut or hides what it calls."""

    what: str   # what happened, as the title starts: "uses torch.optim.Adam"
    cell: str
    line: int
    code: str
    why: str

    @property
    def title(self):
        return f"{self.what} at line {self.line} of your cell '{self.cell}'"

    @property
    def message(self):
        return f"{self.title}: {self.code}\n  {self.why}, so this item scores 0"


def tripwires(item_id):
    """What the sandbox stops while the item is checked (None without a rule): the rule's routines,
    except when called from the cells of other items graded under the same rule."""
    if item_id not in FORBIDDEN:
        return None
    rule = FORBIDDEN[item_id][1]
    return {"routines": [list(t) for t in RULES[rule].tripwires],
            "exempt": sorted(f"{other}_solution" for other, (_, r) in FORBIDDEN.items()
                             if r == rule and other != item_id)}


def find(item_id, cells, given=()):
    """The first Finding for the item, or None.

    `cells` are (cell id, source) in the order they run; the cells in `given`
    are the course's code: their imports and bindings count, their code is
    not the student's and is not judged. Code at the top level of a student's
    cell that hides what it calls costs every item, with or without a rule:
    it runs before every check.
    """
    program = _Program(cells, set(given))
    at_load = _Scan(program, LOAD_TIME, set()).at_load()
    if at_load or item_id not in FORBIDDEN:
        return at_load
    name, rule = FORBIDDEN[item_id]
    cell_id = f"{item_id}_solution"
    if cell_id in program.broken:
        error = program.broken[cell_id]
        if isinstance(error, SyntaxError):
            return Finding("has a syntax error", cell_id, error.lineno or 1, error.msg,
                           "a cell that is not valid Python cannot be checked for forbidden shortcuts")
        return Finding("cannot be read", cell_id, 1, "it is nested too deeply or too large to parse",
                       "a cell that cannot be parsed cannot be checked for forbidden shortcuts")
    skip = {other_name for other, (other_name, r) in FORBIDDEN.items() if r == rule and other != item_id}
    return _Scan(program, RULES[rule], skip).run(name)


def _qualified_import(node):
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.level:
        return []
    return [f"{node.module}.{a.name}" for a in node.names]


class _Program:
    """Every cell's top-level bindings, the last one of a name winning, as when the cells have run."""

    def __init__(self, cells, given):
        self.lines, self.broken, self.bindings, self.trees, self.given = {}, {}, {}, {}, given
        for cell_id, source in cells:
            try:
                tree = ast.parse(strip_magics(source))
            except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:  # ValueError: a null byte
                self.broken[cell_id] = exc
                continue
            self.lines[cell_id] = source.splitlines()
            self.trees[cell_id] = tree
            for statement in tree.body:
                self._bind(cell_id, statement, cell_id in given)

    def _bind(self, cell_id, statement, given):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias, qualified in zip(statement.names, _qualified_import(statement)):
                if alias.asname or isinstance(statement, ast.ImportFrom):
                    self.bindings[alias.asname or alias.name] = ("module", qualified)
                else:
                    self.bindings[alias.name.split(".")[0]] = ("module", alias.name.split(".")[0])
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bindings[statement.name] = ("code", cell_id, statement, given)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        self.bindings[node.id] = ("code", cell_id, statement.value, given)

    def qualify(self, node, local=None, depth=0):
        """The qualified library name an expression refers to (`torch.optim.Adam`), or None."""
        chain = []
        while True:
            if isinstance(node, ast.Attribute):
                chain.append(node.attr)
                node = node.value
            elif _literal_getattr(node):
                chain.append(node.args[1].value)
                node = node.args[0]
            else:
                break
        if not isinstance(node, ast.Name) or depth > 20:
            return None
        binding = self.bindings.get(node.id)
        if node.id in (local or {}):
            base = local[node.id]
        elif binding is None:
            base = node.id if node.id in ("getattr", "__import__") else None
        elif binding[0] == "module":
            base = binding[1]
        elif not isinstance(binding[2], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            base = self.qualify(binding[2], depth=depth + 1)
        else:
            base = None
        return ".".join([base, *reversed(chain)]) if base else None


def _literal_getattr(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str))


def _locals(node):
    """Names bound inside a definition: imports to their qualified names, everything else to None."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return {}
    names = {}
    for inner in ast.walk(node):
        if isinstance(inner, ast.arg):
            names[inner.arg] = None
        elif isinstance(inner, ast.Name) and isinstance(inner.ctx, (ast.Store, ast.Del)):
            names[inner.id] = None
        elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and inner is not node:
            names[inner.name] = None
    for inner in ast.walk(node):
        if isinstance(inner, (ast.Import, ast.ImportFrom)):
            for alias, qualified in zip(inner.names, _qualified_import(inner)):
                bound = alias.asname or (alias.name if isinstance(inner, ast.ImportFrom) else alias.name.split(".")[0])
                names[bound] = qualified if alias.asname or isinstance(inner, ast.ImportFrom) else bound
    return names


def _rooted_in(node, local):
    """Whether an expression is a local value or an attribute of one (state kept on a parameter,
    say): computed names on it are the student's own; the tripwires guard library routines reached so."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in local and local[node.id] is None


def _inside(qualified, prefixes):
    return any(qualified == p or qualified.startswith(p + ".") for p in prefixes)


def _run_at_load(statements):
    """The parts of top-level statements that run when a cell runs (not function bodies)."""
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from statement.decorator_list
            yield from statement.args.defaults + [d for d in statement.args.kw_defaults if d is not None]
        elif isinstance(statement, ast.ClassDef):
            yield from statement.decorator_list + statement.bases + [k.value for k in statement.keywords]
            yield from _run_at_load(statement.body)
        else:
            yield statement


def _switched_on(value):
    return not (isinstance(value, ast.Constant) and value.value is False)


class _Scan:
    """Walks what a graded name reaches and reports the first shortcut or hiding construct."""

    def __init__(self, program, rule, skip):
        self.program, self.rule, self.skip = program, rule, skip
        self.seen = set()

    def run(self, name):
        todo = [name]
        while todo:
            name = todo.pop(0)
            binding = self.program.bindings.get(name)
            if name in self.seen or binding is None or binding[0] != "code" or binding[3]:
                continue
            self.seen.add(name)
            _, cell_id, node, _ = binding
            found, used = self._region(cell_id, node)
            if found:
                return found
            todo += [n for n in used if n not in self.skip]
        return None

    def at_load(self):
        """The first hiding construct in what the student's cells run when the notebook loads."""
        for cell_id, tree in self.program.trees.items():
            if cell_id in self.program.given:
                continue
            for region in _run_at_load(tree.body):
                found, _ = self._region(cell_id, region)
                if found:
                    return replace(found, why=f"{found.why}; at the top level of a cell it runs before every "
                                              "exercise is checked, so it costs every item")
        return None

    def _region(self, cell_id, region):
        """(the first Finding in one definition or bound expression, the global names it uses)."""
        local, used = _locals(region), []
        parents = {child: parent for parent in ast.walk(region) for child in ast.iter_child_nodes(parent)}
        for node in ast.walk(region):
            what = self._judge(node, parents.get(node), local)
            if what:
                what, why = what
                line = getattr(node, "lineno", 1)
                lines = self.program.lines[cell_id]
                code = lines[line - 1].strip() if line <= len(lines) else ""
                return Finding(f"uses {what}", cell_id, line, code, why), used
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local:
                used.append(node.id)
        return None, used

    def _judge(self, node, parent, local):
        """(what, why) if this node takes the shortcut or hides what it calls."""
        rule, why = self.rule, self.rule.why
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return self._library(_qualified_import(node), why)
        if isinstance(node, ast.Call):
            return self._call(node, local)
        if isinstance(node, ast.keyword) and node.arg in rule.switches and _switched_on(node.value):
            return f"{node.arg}=...", why
        if isinstance(node, ast.Assign) and _switched_on(node.value):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in rule.switches:
                    return f".{target.attr} = ...", why
        is_chain_end = not (isinstance(parent, ast.Attribute) and parent.value is node) and \
            not (_literal_getattr(parent) and parent.args[0] is node)
        if isinstance(node, (ast.Name, ast.Attribute)) and is_chain_end or _literal_getattr(node):
            qualified = self.program.qualify(node, local)
            if qualified:
                return self._library([qualified], why)
            if isinstance(node, ast.Attribute) and node.attr in rule.methods:
                return f".{node.attr}()", why
        return None

    def _library(self, qualified_names, why):
        for qualified in qualified_names:
            if _inside(qualified, self.rule.modules):
                return qualified, why
            if _inside(qualified, OUTSIDE_PYTHON):
                return qualified, f"it reaches outside Python, and {HIDING}"
        return None

    def _call(self, node, local):
        function = node.func
        if isinstance(function, ast.Name) and function.id in RUNS_STRINGS and function.id not in local \
                and function.id not in self.program.bindings:
            return f"{function.id}()", f"it runs text as code, and {HIDING}"
        qualified = self.program.qualify(function, local)
        if qualified in COMPUTED_NAMES:
            at = 1 if qualified == "getattr" else 0
            name = node.args[at] if len(node.args) > at else None
            on_value = qualified == "getattr" and node.args and _rooted_in(node.args[0], local)
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)) and not on_value:
                return f"{qualified} with a computed name", f"it looks a name up at run time, and {HIDING}"
            if qualified != "getattr":
                return self._library([name.value], self.rule.why)
        return None


# --- the self-check students run in their notebook ------------------------------------------------

class ShortcutFound(Exception):
    """Raised by `check` when an exercise takes its forbidden shortcut."""


def _cells(path):
    """(setup and solution cells as (id, source) in order, the given ids, the graded item ids) of a notebook."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells, given, items = [], set(), []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id, source = meta.get("grade_id"), "".join(cell.get("source", ""))
        if cell.get("cell_type") != "code" or not grade_id:
            continue
        if grade_id.startswith("setup_") or meta.get("solution"):
            cells.append((grade_id, source))
            given |= {grade_id} if grade_id.startswith("setup_") else set()
        elif meta.get("grade"):
            items.append((grade_id, source))
    return cells, given, items


def check(item_id, path):
    """Raise ShortcutFound if the item's code, as saved in the notebook at `path`, takes a forbidden shortcut."""
    cells, given, _ = _cells(path)
    found = find(item_id, cells, given)
    if found:
        raise ShortcutFound(f"{found.title} (as saved in {Path(path).name}): {found.why}, so it would score 0")


def report(path, namespace):
    """Print one line per exercise: its visible checks and the shortcut rule, on the saved notebook."""
    for item_id, test_source in _cells(path)[2]:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(test_source, f"<checks of {item_id}>", "exec"), dict(namespace))
            verdict = "ok"
        except NotImplementedError:
            verdict = "not implemented yet"
        except Exception as exc:  # any failure of the visible checks is what to fix
            verdict = f"to fix: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
        print(f"{item_id}: {verdict}")
