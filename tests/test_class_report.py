"""The class report: one self-contained page with every assignment's scores, the named mistakes ranked with the
students who made them, the items lost to timeouts and shortcuts, the failed submissions; a CSV row per
student and item."""
import csv
import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_output
from nbgrader.api import Gradebook

from autograder import class_summary, notebook
from autograder.course import scripts_on_path
from autograder.examples import PROFILES, STUB
from autograder.outcomes import SHORTCUT, TIMEOUT
from autograder.registry import assignments
from autograder.results import Check, Item, Submission
from tests import browser
from tests.grading import ROOT
from tests.test_feedback_in_browser import SHOTS

PLOT = "data:image/png;base64,"


def report(*args):
    done = subprocess.run([sys.executable, "-m", "autograder", "report", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The report's folder for the example class and one student whose notebook is broken."""
    scratch = tmp_path_factory.mktemp("class")
    shutil.copytree(ROOT / "examples" / "submitted", scratch / "submitted")
    (scratch / "submitted" / "zoe" / "gd2d").mkdir(parents=True)
    (scratch / "submitted" / "zoe" / "gd2d" / "gd2d.ipynb").write_text("{broken")
    done = report(scratch / "submitted", "--output", scratch / "report", "--jobs", "2")
    assert done.stdout.strip() == str(scratch / "report" / "report.html")
    return scratch / "report"


@pytest.fixture(scope="module")
def page(written):
    return (written / "report.html").read_text()


def table_rows(page, heading):
    """The rows of the table under a heading, each the text of its cells."""
    section = page.split(f"<h2>{heading}")[1].split("<h2>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", section)[1:]]


def test_every_assignment_has_its_scores_and_a_plot_of_its_items(page):
    for assignment in assignments():
        assert f'<h3 id="{assignment}">' in page
        assert any(row[0] == assignment for row in table_rows(page, "Scores per assignment"))
    assert page.count(PLOT) == 1 + len(assignments())


def test_each_mistake_of_the_example_students_is_listed_with_them(page):
    mistakes = table_rows(page, "Named mistakes")
    made = [(student, assignment, item, phrase) for student, profile in PROFILES.items()
            for assignment, items in profile.items() for item, phrase in items.items()
            if phrase not in (STUB, "shortcut")]
    assert made
    for student, assignment, item, phrase in made:
        row, = [row for row in mistakes if phrase in row[0]]
        assert student in row[3].split(", ") and f"{assignment}/{item}" in row[2]


def test_items_lost_to_a_forbidden_shortcut_name_the_students(page):
    troubles = {row[0]: row[2] for row in table_rows(page, "Timeouts and forbidden shortcuts")}
    taken = {f"{a}/{i}": s for s, profile in PROFILES.items() for a, items in profile.items()
             for i, phrase in items.items() if phrase == "shortcut"}
    assert taken and troubles == taken


def test_failed_and_slowest_submissions_are_listed(page):
    (failed,) = table_rows(page, "Submissions that could not be graded")
    assert failed[0] == "zoe" and "not valid notebook JSON" in failed[2]
    slowest = [float(row[2]) for row in table_rows(page, "Slowest submissions")]
    assert len(slowest) == 10 and slowest == sorted(slowest, reverse=True) and slowest[0] > 0


def test_the_page_is_one_file_that_needs_nothing_from_elsewhere(page):
    assert "http://" not in page and "https://" not in page and "<link" not in page and "<script" not in page
    assert set(re.findall(r'src="([^"]{0,22})', page)) == {PLOT}


def test_the_csv_has_one_row_per_student_and_item_of_each_graded_notebook(written):
    with open(written / "report.csv") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["student"], r["assignment"], r["item"]) for r in rows]
    items = {a: [i.id for i in notebook.items(notebook.read(ROOT / "assignments" / a / f"{a}.ipynb"))]
             for a in assignments()}
    assert sorted(keys) == sorted((s, a, i) for s in PROFILES for a in assignments() for i in items[a])
    chloe_adam, = [r for r in rows if (r["student"], r["item"]) == ("chloe", "adam")]
    assert "bias correction" in chloe_adam["mistakes"] and float(chloe_adam["score"]) < float(chloe_adam["max_score"])


def test_a_report_from_the_json_document_equals_the_one_from_grading(written, tmp_path):
    graded = json.loads((written / "grades.json").read_text())
    assert len(graded["submissions"]) == 5 * len(PROFILES) + 1
    report(written / "grades.json", "--output", tmp_path)
    assert (tmp_path / "report.csv").read_text() == (written / "report.csv").read_text()


def graded(student, checks_by_item):
    """A submission of assignment a: each item scores 1 of 2 points, less one per failed check."""
    items = [Item(item, 1.0 - len(checks), 2.0, checks) for item, checks in checks_by_item.items()]
    return Submission(f"submitted/{student}/a/a.ipynb", "a", items=items)


def wrong(mistake):
    return Check("values", False, 1.0, "...", mistake=mistake)


def stopped(failure):
    return Check("runs", False, 1.0, "...", failure=failure)


def test_mistakes_rank_by_how_many_students_made_them_with_the_points_they_cost():
    rows = class_summary.rows([graded("s1", {"x": [wrong("rare")], "y": [wrong("common")]}),
                               graded("s2", {"x": [wrong("common")], "y": []}),
                               graded("s3", {"x": [wrong("common")]})])
    common, rare = class_summary.ranked_mistakes(rows)
    assert (common.explanation, common.students, common.cost) == ("common", ("s1", "s2", "s3"),
                                                                  {("a", "y"): 2.0, ("a", "x"): 4.0})
    assert (rare.explanation, rare.students) == ("rare", ("s1",))


def test_timeouts_and_shortcuts_are_counted_per_item_most_affected_first():
    rows = class_summary.rows([graded("s1", {"x": [stopped(TIMEOUT)], "y": [stopped(SHORTCUT)]}),
                               graded("s2", {"y": [stopped(SHORTCUT)]})])
    assert [(t.item, t.timeouts, t.shortcuts) for t in class_summary.troubles(rows)] == \
        [("y", (), ("s1", "s2")), ("x", ("s1",), ())]


def test_from_nbgrader_the_report_has_the_gradebooks_scores_and_the_mistakes_the_feedback_names(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    autograded = notebook.read(ROOT / "assignments" / "gd2d" / "gd2d.ipynb")
    cell, = [c for c in autograded.cells if notebook.grade_id(c) == "grad_loss_2d"]
    cell.outputs = [new_output("stream", name="stdout",
                               text="grad_loss_2d: 0.5 / 2 points\n  This is what happens when the sign is flipped.\n")]
    (tmp_path / "autograded" / "ada" / "gd2d").mkdir(parents=True)
    nbformat.write(autograded, tmp_path / "autograded" / "ada" / "gd2d" / "gd2d.ipynb")
    database = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with scripts_on_path(), Gradebook(database) as gradebook:
        gradebook.add_assignment("gd2d")
        gradebook.add_notebook("gd2d", "gd2d")
        for name, points in (("grad_loss_2d", 2.0), ("hessian_loss_2d", 1.0)):
            gradebook.add_grade_cell(name, "gd2d", "gd2d", max_score=points, cell_type="code")
        gradebook.add_student("ada")
        gradebook.add_submission("gd2d", "ada")
        gradebook.find_grade("grad_loss_2d", "gd2d", "gd2d", "ada").auto_score = 0.5
        gradebook.db.commit()
    report("--gradebook", database, "--course", tmp_path, "--output", tmp_path / "report")
    with open(tmp_path / "report" / "report.csv") as handle:
        rows = [(r["student"], r["item"], float(r["score"]), r["mistakes"]) for r in csv.DictReader(handle)]
    assert sorted(rows) == [("ada", "grad_loss_2d", 0.5, "the sign is flipped"), ("ada", "hessian_loss_2d", 0.0, "")]
    page = (tmp_path / "report" / "report.html").read_text()
    assert "does not record grading times" in page
    mistake, = table_rows(page, "Named mistakes")
    assert mistake == ["the sign is flipped", "1", "gd2d/grad_loss_2d (1.5)", "ada"]


@pytest.mark.skipif(browser.CHROMIUM is None, reason="chromium is not installed (.ci/run and the README's "
                                                      "set-up install it)")
def test_the_page_shows_in_a_browser_with_every_plot_drawn_within_1000_px(written):
    shown = browser.measure(written / "report.html")
    assert shown["images"] and all(i["natural"] > 0 and i["width"] > 0 and i["height"] > 0 for i in shown["images"])
    assert shown["scroll_width"] <= shown["width"] == browser.WIDTH
    assert browser.screenshot(written / "report.html", SHOTS / "class-report.png").stat().st_size > 0
