"""Checks of the toy assignment used to test the engine and the way to add an assignment."""
import numpy as np
import pytest

from autograder.feedback import describe_call, expect_close

item, points = pytest.mark.item, pytest.mark.points


@item("double")
@points(1)
def check_double_on_scalars(student, reference):
    """doubles scalars"""
    for x in (1.0, -2.5):
        expect_close(student.double(x), reference.double(x), describe_call("double", (x,)),
                     mistakes={"x is squared instead of doubled": x * x})


@item("double")
@points(1)
def check_double_on_arrays(student, reference):
    """doubles arrays elementwise"""
    x = np.arange(4.0)
    expect_close(student.double(x), reference.double(x), describe_call("double", (x,)))


@item("total")
@points(1)
def check_total(student, reference):
    """adds up a list"""
    values = [1.0, 2.0, 3.5]
    expect_close(student.total(values), reference.total(values), describe_call("total", (values,)),
                 mistakes={"the values are counted instead of added": float(len(values))})
