"""What checks use to compare and to explain: every failure says what was called,
what was expected, what came back, which known mistake fits, and, where a
picture shows the mistake, the series to draw it from (see `autograder.pictures`)."""
import contextlib
import logging
import textwrap

import numpy as np

from autograder.sandbox.wire import Opaque, Tensor

ABS_FLOOR = 1e-8


WIDTH = 100       # characters of a feedback line
FULL_ARRAY = 16   # entries shown in full (a 4x4 matrix); larger arrays show their shape and first entries


class CheckFailed(AssertionError):
    """A check's verdict: its message is the evidence the student reads, `mistake` the known mistake it
    fits (said once per item), `picture` the series a figure of the failure is drawn from."""

    def __init__(self, message, mistake=None, picture=None):
        super().__init__(message)
        self.mistake, self.picture = mistake, picture


def fail(message, mistake=None, picture=None):
    raise CheckFailed(message, mistake, picture)


def picture(title, curves, xlabel="step", ylabel="", log=False, contours=None, kind="curves", ticks=None):
    """The data of a figure of a failure, plain JSON (null for inf and nan): `curves` maps a label ("yours",
    "reference") to y values, or to points (x, y) when `kind` is "paths"; `contours` is a loss on a grid
    {"x": [...], "y": [...], "z": [[...]]} drawn beneath paths; `ticks` names the x positions 0, 1, ... of curves."""
    def plain(values):
        array = np.asarray(values, dtype=np.float64).round(6)
        return np.where(np.isfinite(array), array, None).tolist()
    return {"title": title, "kind": kind, "xlabel": xlabel, "ylabel": ylabel, "log": log,
            "curves": {label: plain(values) for label, values in curves.items()},
            "contours": contours and {k: plain(v) for k, v in contours.items()}, "ticks": ticks}


def curves(title, ylabel, xlabel="step", ticks=None, log=False):
    """A `drawn` for expect_close: the student's values and the reference's as curves over their positions,
    named by `ticks` if given."""
    return lambda got, want: picture(title, {"yours": got, "reference": want}, xlabel, ylabel, log, ticks=ticks)


def contours(loss, x, y, n=25):
    """A loss of (b1, b2) on an n x n grid over the ranges x and y, for `picture(..., contours=...)`."""
    xs, ys = np.linspace(*x, n), np.linspace(*y, n)
    return {"x": xs, "y": ys, "z": loss(np.meshgrid(xs, ys))}


@contextlib.contextmanager
def illustrated(draw):
    """A failure inside the block that has no picture gets draw() as its picture."""
    try:
        yield
    except CheckFailed as failure:
        if failure.picture is None:
            try:
                failure.picture = draw()
            except Exception:  # a value too malformed to draw still fails with its message
                logging.getLogger(__name__).debug("no picture", exc_info=True)
        raise


def wrap(text, width=WIDTH):
    """Lines of at most `width` characters, continuation lines indented like the line they continue."""
    lines = []
    for line in text.splitlines():
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        lines += textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=True,
                               break_on_hyphens=False, drop_whitespace=True) or [""]
    return "\n".join(lines)


def show(value, limit=6):
    """A readable rendering of a value for feedback: arrays of up to 16 entries in full."""
    if isinstance(value, Tensor):
        return f"tensor({show(np.asarray(value), limit)}, dtype={value.torch_dtype})"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return show(value[()], limit)
        if value.size <= FULL_ARRAY:
            return f"array({_one_line(value)})"
        return f"array({_one_line(value.ravel()[:limit])[:-1]}, ...], shape {value.shape})"
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
        return text if any(c in text for c in ".ein") else text + ".0"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v, limit) for v in value[:limit]) + (", ..." if len(value) > limit else "")
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v, limit)}" for k, v in list(value.items())[:limit]) + "}"
    return repr(value)


def _one_line(array):
    """The array's entries on one line (wrap() breaks long lines where the feedback is shown)."""
    return " ".join(np.array2string(array, precision=6, separator=", ", max_line_width=10**6).split())


class Code(str):
    """An argument given as the code that makes it (a function, an expression): a call shows it as it is."""


def as_code(value):
    """Python code that builds the value exactly, for the student to paste (the notebook imports numpy as np and
    torch); None for a value without short code: one of more than 16 numbers, or an object."""
    if isinstance(value, Code):
        return str(value)
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, (np.integer, np.bool_)):
        return repr(value.item())
    if isinstance(value, (float, np.floating)):
        return repr(float(value)) if np.isfinite(value) else f"float('{float(value)}')"
    if isinstance(value, (list, tuple)):
        parts = [as_code(v) for v in value]
        if len(parts) > FULL_ARRAY or None in parts:
            return None
        if isinstance(value, list):
            return f"[{', '.join(parts)}]"
        return f"({', '.join(parts)}{',' if len(parts) == 1 else ''})"
    if isinstance(value, np.ndarray) and value.size <= FULL_ARRAY and value.dtype.kind in "biuf":
        values, rebuilt = as_code(value.tolist()), np.array(value.tolist())
        if rebuilt.shape != value.shape:  # empty along an axis that a list cannot keep
            return None
        if isinstance(value, Tensor):
            return f"torch.tensor({values}, dtype={value.torch_dtype})"
        return f"np.array({values}{'' if rebuilt.dtype == value.dtype else f', dtype=np.{value.dtype}'})"
    return None


def describe_call(name, args=(), kwargs=None):
    """The call as code the student can paste where its arguments are short; longer ones are described."""
    shown = lambda value: as_code(value) or show(value, 3)
    parts = [shown(a) for a in args] + [f"{k}={shown(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def run_shown(code, given):
    """The names that `code` defines when run after `given`, the names of the notebook's given code. Checks build
    their data with the very code their feedback shows, so what a student pastes makes the same data."""
    names = dict(given)
    exec(code, names)  # noqa: S102 (the checks' own code, shown to the student)
    return names


def as_array(value, call, what="the result"):
    """The value as a float64 array, or a failure saying why it cannot be one."""
    if value is None:
        fail(f"{call} returned None: is a `return` statement missing?")
    if isinstance(value, Opaque):
        fail(f"{call} returned {value!r}, but {what} should be numbers")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        fail(f"{call} returned {show(value)}, but {what} should be numbers")
    return array


def close(got, want, rtol, atol=ABS_FLOOR):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True))


def diagnose(got, mistakes, rtol=1e-6, atol=ABS_FLOOR):
    """The explanation of the first known mistake whose output matches `got`, if any.

    `mistakes` maps an explanation to the output a known-wrong variant gives.
    """
    for explanation, output in mistakes.items():
        if output is not None and close(got, output, rtol, atol):
            return explanation
    return None


def expect_close(got, want, call, what="the result", rtol=1e-6, atol=ABS_FLOOR, mistakes=None, drawn=None):
    """Fail unless `got` matches `want` elementwise; name a matching known mistake.

    `mistakes` maps explanations to known-wrong outputs, or is a function returning
    that mapping (computed only on failure); `drawn(got, want)` gives the failure's picture.
    """
    got_array = as_array(got, call, what)
    want_array = np.asarray(want, dtype=np.float64)
    if got_array.shape != want_array.shape:
        fail(f"{call} returned {what} of shape {got_array.shape}, expected shape {want_array.shape}"
             f"\n  got:      {show(got)}\n  expected: {show(want)}")
    if close(got_array, want_array, rtol, atol):
        return
    message = f"{call} gave the wrong {what.removeprefix('the ')}"
    if got_array.size <= FULL_ARRAY:
        shown = lambda value, array: show(value if isinstance(value, (np.ndarray, Tensor)) else array)
        message += f"\n  got:      {shown(got, got_array)}\n  expected: {shown(want, want_array)}"
    else:
        message += f", of shape {got_array.shape}" + _differences(got_array, want_array, rtol, atol)
    hint = diagnose(got_array, (mistakes() if callable(mistakes) else mistakes) or {}, rtol, atol)
    fail(message, hint, drawn(got_array, want_array) if drawn else None)


def _differences(got, want, rtol, atol, count=3):
    """The first entries that differ beyond the tolerance."""
    bad = np.argwhere(~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True))[:count]
    lines = [f"\n  first differences beyond the tolerance (rtol {rtol:g}):"]
    for index in map(tuple, bad.tolist()):
        lines.append(f"\n    at {index}: got {show(got[index])}, expected {show(want[index])}")
    return "".join(lines)


def expect(condition, message, mistake=None):
    """Fail with `message` unless `condition`; `mistake` is the known mistake the failure fits."""
    if not condition:
        fail(message, mistake)
