"""Guards inside the sandbox against student code that changes the libraries or takes shortcuts.

`LibraryGuard` remembers the attributes of library modules and classes, and
of the sandbox's own runtime modules and classes (sent at boot, named
"<module>") with the code objects of their functions, and puts them back
after each cell, in each new worker and before each reply, so monkeypatching
numpy, torch, builtins or the runtime (also from a background thread, or by
rebinding `__code__`) cannot leak from one exercise into another, nor disarm
the tripwires or the reports. `tripwires` records,
while a check runs, any call of the library routine an exercise forbids, and
stops that call. Runs inside the sandbox.
"""
import builtins
import contextlib
import importlib
import math
import sys

REPORT_PATH = ["os", "posix", "json", "json.encoder", "json.decoder", "base64", "binascii", "struct", "signal",
               "socket", "traceback", "linecache", "contextlib", "importlib", "functools", "operator"]
# modules the runtime's replies pass through: patching them could change a report


def _targets():
    runtime = [m for m in list(sys.modules.values()) if str(getattr(m, "__file__", "")).startswith("<")]
    runtime += [v for m in runtime for v in vars(m).values()
                if isinstance(v, type) and str(getattr(sys.modules.get(v.__module__), "__file__", "")).startswith("<")]
    names = ["numpy", "numpy.linalg", "numpy.random", "numpy.testing", "torch", "torch.nn",
             "torch.nn.functional", "torch.nn.utils", "torch.linalg", "torch.autograd", "torch.optim",
             "torch.testing"] + REPORT_PATH
    modules = [builtins, math] + [importlib.import_module(n) for n in names]
    import torch
    return runtime + modules + [torch.Tensor, torch.nn.Module, torch.nn.Parameter, torch.optim.Optimizer]


class LibraryGuard:
    """A snapshot of library namespaces that can be restored (submodules imported later stay)."""

    def __init__(self):
        self.saved = [(target, dict(vars(target))) for target in _targets()]
        self.code = [(f, f.__code__, f.__defaults__, f.__kwdefaults__) for _, saved in self.saved
                     for f in saved.values() if type(f).__name__ == "function" and _is_runtime(f)]

    def restore(self):
        for function, code, defaults, kwdefaults in self.code:
            if function.__code__ is not code:
                function.__code__ = code
            function.__defaults__, function.__kwdefaults__ = defaults, kwdefaults
        for target, saved in self.saved:
            current = vars(target)
            for name in [n for n in current if n not in saved and not _is_module(current[n])]:
                with contextlib.suppress(AttributeError, TypeError):
                    delattr(target, name)
            for name, value in saved.items():
                if current.get(name) is not value:
                    with contextlib.suppress(AttributeError, TypeError):
                        setattr(target, name, value)


class GivenGuard:
    """The notebook's given code as its setup cells left it, put back before each call and probe.

    Setup cells run in a namespace of their own, so their functions look up only given names; the names they
    bind, the code and defaults of the functions they define and the attributes of their classes are
    remembered, so a solution cell that rebinds or patches a given helper (bad_init_, make_mlp,
    run_training, ...) changes neither what the checks build with it nor what the student's code calls.
    """

    def __init__(self):
        self.names, self.code, self.classes = {}, {}, {}

    def remember(self, given):
        """Take in what a setup cell, just run in the namespace `given`, left there."""
        for name, value in given.items():
            if name.startswith("__"):
                continue
            self.names[name] = value
            if _defined_in(value, given):
                self.code[value] = (value.__code__, value.__defaults__, value.__kwdefaults__)
            elif isinstance(value, type) and any(_defined_in(v, given) for v in vars(value).values()):
                self.classes[value] = dict(vars(value))

    def restore(self, *namespaces):
        for function, (code, defaults, kwdefaults) in self.code.items():
            function.__code__, function.__defaults__, function.__kwdefaults__ = code, defaults, kwdefaults
        for cls, saved in self.classes.items():
            for name, value in saved.items():
                if vars(cls).get(name) is not value:
                    with contextlib.suppress(AttributeError, TypeError):
                        setattr(cls, name, value)
        for namespace in namespaces:
            namespace.update(self.names)


def _defined_in(value, namespace):
    return type(value).__name__ == "function" and value.__globals__ is namespace


def _is_runtime(function):
    return function.__code__.co_filename.startswith("<") and not function.__code__.co_filename.startswith("<cell")


def _is_module(value):
    return type(value).__name__ == "module"


def _forbidden(forbid):
    """(owner, attribute, label) of each routine in the rows the grader sent from its rule table."""
    found = []
    for owner_name, name in (forbid or {}).get("routines", []):
        owner = _resolve(owner_name)
        if owner is not None and hasattr(owner, name):
            found.append((owner, name, owner_name if name == "__init__" else f"{owner_name}.{name}"))
    return found


def _resolve(qualified):
    """The module or class a qualified name refers to, or None."""
    parts = qualified.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            value = getattr(value, part, None)
        return value
    return None


def _exempt(cells):
    """Whether the innermost student frame calling a routine belongs to one of `cells`."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<cell "):
            return frame.f_code.co_filename[6:-1] in cells
        frame = frame.f_back
    return False


class ForbiddenRoutine(Exception):
    """Raised by a tripwire in place of the forbidden routine."""


@contextlib.contextmanager
def tripwires(forbid, tripped, notify=None):
    """While active, calling a routine of `forbid` appends its name to `tripped`, calls `notify` with it
    and raises.

    `forbid` is None or {"routines": [[owner, attribute], ...], "exempt": [cell ids]}: a call from
    an exempt cell (another item judged under the same rule) goes through.
    """
    originals = []
    exempt = set((forbid or {}).get("exempt", []))
    for owner, name, label in _forbidden(forbid):
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def wire(*args, _label=label, _original=original, **kwargs):
            if _exempt(exempt):
                return _original(*args, **kwargs)
            tripped.append(_label)
            if notify:
                notify(_label)
            raise ForbiddenRoutine(f"{_label} is not allowed in this exercise")

        setattr(owner, name, wire)
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
