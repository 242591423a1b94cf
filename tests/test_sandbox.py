"""The sandbox runs student code in confined processes and survives what that code does."""
import os

import numpy as np
import pytest

from autograder.course import ROOT
from autograder.outcomes import StudentCrash, StudentError, StudentTimeout
from autograder.sandbox.process import Limits, Sandbox


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(Limits(call_seconds=2, cell_seconds=5)) as box:
        yield box


def load(box, *sources):
    return box.load([(f"cell{i}_solution", source) for i, source in enumerate(sources)])


def call(box, name, *args):
    box.new_worker()
    try:
        return box.call(name, args)[0]
    finally:
        box.end_worker()


def test_cells_define_names_that_calls_use(sandbox):
    assert load(sandbox, "import numpy as np", "def f(x):\n    return np.asarray(x) * 2") == {}
    assert np.array_equal(call(sandbox, "f", [1, 2]), [2, 4])


def test_a_raising_call_reports_type_message_and_line(sandbox):
    load(sandbox, "def f():\n    x = 1\n    return x / 0")
    with pytest.raises(StudentError) as error:
        call(sandbox, "f")
    assert error.value.info["type"] == "ZeroDivisionError"
    assert error.value.info["frames"][-1][1:] == [3, "return x / 0"]


def test_mutated_arguments_are_reported(sandbox):
    load(sandbox, "def f(x):\n    x[0] = 9\n    return 0")
    sandbox.new_worker()
    assert sandbox.call("f", (np.zeros(3),))[1] == [0]
    sandbox.end_worker()


def test_an_endless_call_times_out_and_the_next_call_works(sandbox):
    load(sandbox, "def spin():\n    while True:\n        pass", "def ok():\n    return 1")
    with pytest.raises(StudentTimeout):
        call(sandbox, "spin")
    assert call(sandbox, "ok") == 1


@pytest.mark.parametrize("ending", ["import os; os._exit(3)", "import sys; sys.exit(0)",
                                    "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
def test_a_call_that_ends_its_process_costs_only_that_call(sandbox, ending):
    load(sandbox, f"def bye():\n    {ending}", "def ok():\n    return 1")
    with pytest.raises((StudentCrash, StudentError)):
        call(sandbox, "bye")
    assert call(sandbox, "ok") == 1


def test_a_cell_that_ends_the_process_is_left_out_and_later_cells_still_run(sandbox):
    problems = load(sandbox, "import os\nos._exit(1)", "def ok():\n    return 1")
    assert isinstance(problems["cell0_solution"], StudentCrash)
    assert call(sandbox, "ok") == 1


def test_a_hanging_cell_is_left_out(sandbox):
    problems = load(sandbox, "while True:\n    pass", "def ok():\n    return 2")
    assert isinstance(problems["cell0_solution"], StudentTimeout)
    assert call(sandbox, "ok") == 2


def test_state_changed_by_one_check_does_not_reach_the_next(sandbox):
    load(sandbox, "counter = [0]\ndef bump():\n    counter[0] += 1\n    return counter[0]")
    assert call(sandbox, "bump") == 1
    assert call(sandbox, "bump") == 1


def test_student_code_cannot_read_the_grader_or_import_it(sandbox):
    target = ROOT / "autograder" / "engine.py"
    load(sandbox, f"def peek():\n    return open({str(target)!r}).read()",
         "def imp():\n    import autograder\n    return 1",
         f"def listing():\n    import os\n    return os.listdir({str(ROOT)!r})")
    for name in ("peek", "imp", "listing"):
        with pytest.raises(StudentError) as error:
            call(sandbox, name)
        assert error.value.info["type"] in {"PermissionError", "ModuleNotFoundError", "FileNotFoundError"}


def test_student_code_can_write_only_its_working_directory(sandbox, tmp_path):
    outside = tmp_path / "escaped.txt"
    load(sandbox, f"def escape():\n    open({str(outside)!r}, 'w').write('x')",
         "def local():\n    open('notes.txt', 'w').write('x')\n    return open('notes.txt').read()")
    with pytest.raises(StudentError):
        call(sandbox, "escape")
    assert not outside.exists()
    assert call(sandbox, "local") == "x"


def test_student_code_cannot_signal_the_grader(sandbox):
    load(sandbox, f"def kill():\n    import os, signal\n    os.kill({os.getpid()}, signal.SIGTERM)\n    return 1")
    with pytest.raises(StudentError) as error:
        call(sandbox, "kill")
    assert error.value.info["type"] in {"PermissionError", "ProcessLookupError"}  # not visible in its namespace


def test_memory_is_limited(sandbox):
    load(sandbox, "def hog():\n    return len(bytearray(8 * 2**30))", "def ok():\n    return 3")
    with pytest.raises((StudentError, StudentCrash)):
        call(sandbox, "hog")
    assert call(sandbox, "ok") == 3
