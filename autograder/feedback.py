"""What checks use to compare and to explain: every failure says what was called,
what was expected, what came back, and which known mistake fits."""
import numpy as np

from autograder.sandbox.wire import Opaque, Tensor

ABS_FLOOR = 1e-8


class CheckFailed(AssertionError):
    """A check's verdict; its message is the feedback the student reads."""


def fail(message):
    raise CheckFailed(message)


def show(value, limit=6):
    """A short, readable rendering of a value for feedback."""
    if isinstance(value, Tensor):
        return f"tensor({show(np.asarray(value), limit)}, dtype={value.torch_dtype})"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return show(value[()], limit)
        flat = value.ravel()
        body = np.array2string(flat[:limit], precision=6, separator=", ", max_line_width=200)
        more = f" ... ({value.size} values)" if value.size > limit else ""
        shape = f", shape {value.shape}" if value.ndim > 1 else ""
        return f"array({body[:-1]}{more}]{shape})"
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
        return text if any(c in text for c in ".ein") else text + ".0"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v, limit) for v in value[:limit]) + (", ..." if len(value) > limit else "")
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v, limit)}" for k, v in list(value.items())[:limit]) + "}"
    return repr(value)


def describe_call(name, args=(), kwargs=None):
    parts = [show(a, 3) for a in args] + [f"{k}={show(v, 3)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


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


def expect_close(got, want, call, what="the result", rtol=1e-6, atol=ABS_FLOOR, mistakes=None):
    """Fail unless `got` matches `want` elementwise; name a matching known mistake.

    `mistakes` maps explanations to known-wrong outputs, or is a function returning
    that mapping (computed only on failure).
    """
    got_array = as_array(got, call, what)
    want_array = np.asarray(want, dtype=np.float64)
    if got_array.shape != want_array.shape:
        fail(f"{call} returned {what} of shape {got_array.shape}, expected shape {want_array.shape}"
             f"\n  got:      {show(got)}\n  expected: {show(want)}")
    if close(got_array, want_array, rtol, atol):
        return
    message = (f"{call} gave the wrong {what.removeprefix('the ')}"
               f"\n  got:      {show(got)}\n  expected: {show(want)}")
    if got_array.ndim:
        bad = ~np.isclose(got_array, want_array, rtol=rtol, atol=atol, equal_nan=True)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        message += (f"\n  first difference beyond tolerance (rtol {rtol:g}) at index {first}: "
                    f"got {show(got_array[first])}, expected {show(want_array[first])}")
    hint = diagnose(got_array, (mistakes() if callable(mistakes) else mistakes) or {}, rtol, atol)
    if hint:
        message += f"\n  This is what happens when {hint}"
    fail(message)


def expect(condition, message):
    if not condition:
        fail(message)
