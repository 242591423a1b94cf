"""The common check: call a name on both implementations and compare, naming known mistakes."""
from autograder.feedback import ABS_FLOOR, describe_call, expect_close
from autograder.mistakes import outputs


def against_reference(student, reference, assignment, item, name, *args, rtol=1e-6, atol=ABS_FLOOR,
                      what="the result", drawn=None, **kwargs):
    """Fail unless student.name(*args) matches the reference; return the student's value.

    `drawn(got, want)` gives the failure's picture (see expect_close)."""
    got = student.call(name, *args, **kwargs)
    want = reference.call(name, *args, **kwargs)
    expect_close(got, want, describe_call(name, args, kwargs), what, rtol, atol, drawn=drawn,
                 mistakes=lambda: outputs(reference, assignment, item, lambda r: r.call(name, *args, **kwargs)))
    return got


def probe_against_reference(student, reference, assignment, item, probe, *args, call, rtol=1e-6,
                            atol=ABS_FLOOR, what="the result", seconds=None, **kwargs):
    """Fail unless a probe gives the same on both sides; `call` describes it for the student."""
    got = student.probe(probe, *args, seconds=seconds, **kwargs)
    want = reference.probe(probe, *args, **kwargs)
    expect_close(got, want, call, what, rtol, atol,
                 mistakes=lambda: outputs(reference, assignment, item, lambda r: r.probe(probe, *args, **kwargs)))
    return got
