"""The feedback students read, in a real browser: nbgrader's pages and `grade --feedback` pages of two flawed
example students load offline, show every picture, fit 1000 px, typeset every formula and hide the checks.

Needs the Debian package chromium (`.ci/run` installs it). Screenshots go to build/browser/.
"""
import re
import shutil

import pytest

from tests import browser
from tests.grading import ROOT
from tests.test_instructor_workflow import CLONE, run

pytestmark = pytest.mark.skipif(browser.CHROMIUM is None, reason="chromium is not installed "
                                "(apt-get install -y chromium; .ci/run does this)")
STUDENTS = ["chloe", "dev"]
ASSIGNMENTS = ["gd2d", "init", "linefit", "optimizers"]  # those with pictures for these students
SCREENSHOTS = [("chloe", "optimizers"), ("dev", "init")]
SHOTS = ROOT / "build" / "browser"
HIDDEN = ["def check_", "expect_close", "against_reference", "from autograder", "student.probe", "reference.probe"]
RAW_MATH = re.compile(r"\$[^$\s][^$\n]*\$")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{(surface, student, assignment): HTML file} for nbgrader's feedback and for `grade --feedback`."""
    course = tmp_path_factory.mktemp("course")
    for name in CLONE:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, course / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (ROOT / name).is_dir() else {}))
    run(course, 'nbgrader generate_assignment "*" --force')
    for student in STUDENTS:
        for assignment in ASSIGNMENTS:
            shutil.copytree(ROOT / "examples" / "submitted" / student / assignment,
                            course / "submitted" / student / assignment)
    run(course, 'nbgrader autograde "*"')
    run(course, 'nbgrader generate_feedback "*"')
    run(course, "python -m autograder grade submitted --feedback own")
    found = {}
    for student in STUDENTS:
        for assignment in ASSIGNMENTS:
            found["nbgrader", student, assignment] = course / "feedback" / student / assignment / f"{assignment}.html"
            own = f"submitted__{student}__{assignment}__{assignment}.html"
            found["own", student, assignment] = course / "own" / own
    return found


@pytest.fixture(scope="module")
def seen(pages):
    """What Chromium shows of every page."""
    return {key: browser.measure(page) for key, page in pages.items()}


def test_every_page_loads_and_fits_1000_px(seen):
    for key, shown in seen.items():
        assert shown["scroll_width"] <= shown["width"] == browser.WIDTH, key


def test_every_picture_is_drawn_with_a_size(seen):
    pictures = [(key, image) for key, shown in seen.items() for image in shown["images"]]
    assert len(pictures) >= 2 * 8  # path, curves, clipping, layer and init pictures on both surfaces
    for key, image in pictures:
        assert image["natural"] > 0 and image["width"] > 0 and image["height"] > 0, (key, image["alt"])


def test_both_surfaces_show_the_same_pictures(seen):
    for student in STUDENTS:
        for assignment in ASSIGNMENTS:
            own, nbgrader = seen["own", student, assignment], seen["nbgrader", student, assignment]
            assert len(own["images"]) == len(nbgrader["images"]), (student, assignment)


def test_formulas_are_typeset_offline(seen):
    for key, shown in seen.items():
        assert not RAW_MATH.search(shown["text"]), (key, RAW_MATH.search(shown["text"]).group())
    assert all(seen["nbgrader", s, a]["math"] > 0 for s in STUDENTS for a in ASSIGNMENTS)
    # dev's wrong prediction of Adam's first step is explained with formulas, on both surfaces
    assert seen["own", "dev", "optimizers"]["math"] > 0
    assert "\\hat" not in seen["nbgrader", "dev", "optimizers"]["text"]


def test_no_check_or_reference_code_appears(pages):
    for key, page in pages.items():
        text = page.read_text()
        assert not [marker for marker in HIDDEN if marker in text], key


def test_screenshots_are_saved(pages):
    for surface in ("nbgrader", "own"):
        for student, assignment in SCREENSHOTS:
            shot = browser.screenshot(pages[surface, student, assignment],
                                      SHOTS / f"{surface}-{student}-{assignment}.png")
            assert shot.stat().st_size > 10_000
