"""The common checks: call a name on both implementations and compare, naming known mistakes."""
import numbers

import numpy as np

from autograder.feedback import ABS_FLOOR, describe_call, expect_close, fail, run_shown
from autograder.mistakes import outputs


def against_reference(student, reference, assignment, item, name, *args, rtol=1e-6, atol=ABS_FLOOR,
                      what="the result", drawn=None, call=None, **kwargs):
    """Fail unless student.name(*args) matches the reference; return the student's value.

    `drawn(got, want)` gives the failure's picture (see expect_close); `call` tells the call, also when the
    student's code fails in it (default: the arguments' values, long arrays shortened)."""
    call = call or describe_call(name, args, kwargs)
    got = student.call(name, *args, shown_as=call, **kwargs)
    want = reference.call(name, *args, **kwargs)
    expect_close(got, want, call, what, rtol, atol, drawn=drawn,
                 mistakes=lambda: outputs(reference, assignment, item, lambda r: r.call(name, *args, **kwargs)))
    return got


def pasted(reference, code, name, arguments):
    """(the call as the student pastes it into the notebook, its arguments' values): `code` builds the data with
    the notebook's given code (the reference's namespace holds it), then name(arguments) is called."""
    names = run_shown(code, reference.namespace)
    return "\n".join(filter(None, [code, f"{name}({arguments})"])), eval(f"({arguments},)", names)  # noqa: S307


def probe_against_reference(student, reference, assignment, item, probe, *args, call, rtol=1e-6,
                            atol=ABS_FLOOR, what="the result", seconds=None, **kwargs):
    """Fail unless a probe gives the same on both sides; `call` tells it to the student, also when their code
    fails in it."""
    got = student.probe(probe, *args, seconds=seconds, shown_as=call, **kwargs)
    want = reference.probe(probe, *args, **kwargs)
    expect_close(got, want, call, what, rtol, atol,
                 mistakes=lambda: outputs(reference, assignment, item, lambda r: r.probe(probe, *args, **kwargs)))
    return got


def _answer(value):
    """A prediction in a comparable form: strings trimmed and in lower case, lists sorted."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, (list, tuple, np.ndarray)):
        return sorted((_answer(v) for v in np.asarray(value, dtype=object).ravel().tolist()), key=repr)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return float(value)
    return value


def _same(got, want, rtol):
    if isinstance(want, float) and isinstance(got, float):
        return abs(got - want) <= rtol * abs(want)
    return got == want


def prediction(student, reference, assignment, name, settle, rtol=0.01):
    """Fail unless the prediction name() is the reference's answer (numbers within rtol, lists in any
    order); the failure names a known wrong answer's reasoning and explains the right one by `settle`."""
    got, want = _answer(student.call(name)), _answer(reference.call(name))
    if _same(got, want, rtol):
        return
    known = outputs(reference, assignment, name, lambda r: _answer(r.call(name)))
    explanation = next((e for e, output in known.items() if _same(got, output, rtol)), None)
    fail(f"{name}() answered {got!r}, expected {want!r}\n  {settle}", explanation)
