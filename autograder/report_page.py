"""The class report as one self-contained HTML page: plots drawn with matplotlib, embedded as base64 PNG."""
import base64
import io
import statistics
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)
from matplotlib.ticker import MaxNLocator  # noqa: E402

from autograder import class_summary  # noqa: E402

STYLE = """body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
th{background:#eee}td.n{text-align:right}img{max-width:100%}"""


def page(submissions, title="Class report", note=""):
    """The HTML page for a class's submissions; `note` says what the source of the results leaves out."""
    rows = class_summary.rows(submissions)
    graded = [s for s in submissions if not s.error]
    assignments = sorted({s.assignment for s in graded})
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>{len({r.student for r in rows} | {class_summary.student_of(s.notebook) for s in submissions})} "
            f"students, {len(submissions)} submissions, {len(class_summary.failed(submissions))} not graded.</p>",
            f"<p><em>{escape(note)}</em></p>" if note else "",
            "<h2>Scores per assignment</h2>", _image(_assignment_scores(graded, assignments)),
            _table(["assignment", "submissions", "mean", "median", "max score"],
                   [_assignment_line(a, [s for s in graded if s.assignment == a]) for a in assignments])]
    for assignment in assignments:
        body += [f'<h3 id="{escape(assignment)}">{escape(assignment)}: scores per item</h3>',
                 _image(_item_scores([r for r in rows if r.assignment == assignment]))]
    body += ["<h2>Named mistakes, most frequent first</h2>",
             _table(["mistake", "students", "items (points lost)", "who"],
                    [[m.explanation, len(m.students),
                      ", ".join(f"{a}/{i} ({lost:g})" for (a, i), lost in sorted(m.cost.items())),
                      ", ".join(m.students)] for m in class_summary.ranked_mistakes(rows)]),
             "<h2>Timeouts and forbidden shortcuts per item</h2>",
             _table(["item", "timed out", "forbidden shortcut"],
                    [[f"{t.assignment}/{t.item}", ", ".join(t.timeouts), ", ".join(t.shortcuts)]
                     for t in class_summary.troubles(rows)]),
             "<h2>Slowest submissions</h2>",
             _table(["student", "notebook", "seconds"],
                    [[class_summary.student_of(s.notebook), s.notebook, f"{s.seconds:.1f}"]
                     for s in class_summary.slowest(submissions)]),
             "<h2>Submissions that could not be graded</h2>",
             _table(["student", "notebook", "why"],
                    [[class_summary.student_of(s.notebook), s.notebook, s.error]
                     for s in class_summary.failed(submissions)])]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _assignment_line(assignment, submissions):
    scores = [s.score for s in submissions]
    return [assignment, len(scores), f"{statistics.mean(scores):.2f}", f"{statistics.median(scores):g}",
            f"{submissions[0].max_score:g}"]


def _table(header, lines):
    if not lines:
        return "<p>None.</p>"
    return ("<table><tr>" + _cells(header, "th") + "</tr>"
            + "".join(f"<tr>{_cells(line, 'td')}</tr>" for line in lines) + "</table>")


def _cells(values, tag):
    return "".join(f'<{tag}{" class=n" if isinstance(v, (int, float)) else ""}>{escape(str(v))}</{tag}>'
                   for v in values)


def _image(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    plt.close(figure)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _assignment_scores(submissions, assignments):
    """A histogram of scores per assignment."""
    figure, axes = plt.subplots(1, max(len(assignments), 1), figsize=(3 * max(len(assignments), 1), 2.5),
                                squeeze=False)
    for ax, assignment in zip(axes[0], assignments):
        mine = [s for s in submissions if s.assignment == assignment]
        ax.hist([s.score for s in mine], bins=10, range=(0, mine[0].max_score), color="tab:blue")
        ax.set_title(assignment)
        ax.set_xlabel("score")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0][0].set_ylabel("students")
    return figure


def _item_scores(rows):
    """Per item, how many students earned all, some or none of its points."""
    items = list(dict.fromkeys(r.item for r in rows))
    full = [sum(r.score >= r.max_score for r in rows if r.item == i) for i in items]
    some = [sum(0 < r.score < r.max_score for r in rows if r.item == i) for i in items]
    none = [sum(r.score <= 0 for r in rows if r.item == i) for i in items]
    figure, ax = plt.subplots(figsize=(7, 0.35 * len(items) + 1))
    ax.barh(items, full, color="tab:green", label="all points")
    ax.barh(items, some, left=full, color="tab:orange", label="some")
    ax.barh(items, none, left=[f + s for f, s in zip(full, some)], color="tab:red", label="none")
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return figure
