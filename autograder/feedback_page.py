"""The feedback of one submission as a self-contained HTML page (`grade --feedback DIR`): the text
and pictures nbgrader's feedback shows, readable offline and at 1000 px, formulas typeset by the bundled MathJax."""
import base64
import html
import os
from pathlib import Path

from autograder import mathjax, pictures, result_text

STYLE = """
body { font-family: sans-serif; max-width: 62rem; margin: 1rem auto; padding: 0 1rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .6rem; }
img { max-width: 100%; height: auto; display: block; }
section { border-top: 1px solid #ccc; margin-top: 1rem; }
"""


def page(submission):
    """The HTML page of a graded submission."""
    title = f"{submission.assignment or 'notebook'}: points: {submission.score:g} / {submission.max_score:g}"
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(submission.notebook)}</p>"]
    if submission.error:
        parts.append(f"<pre>{html.escape(submission.error)}</pre>")
    for item in submission.items:
        parts.append(f'<section id="{html.escape(item.id)}"><h2>{html.escape(item.id)}</h2>'
                     f"<pre>{html.escape(result_text.feedback(item))}</pre>")
        picture = item.picture()
        if picture:
            data = base64.b64encode(pictures.png(picture)).decode()
            parts.append(f'<img alt="{html.escape(picture["title"])}" src="data:image/png;base64,{data}">')
        parts.append("</section>")
    body = "\n".join(parts)
    formulas = mathjax.script() if mathjax.needed(body) else ""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{STYLE}</style>{formulas}</head><body>\n{body}\n</body></html>\n")


def file_name(notebook):
    """A page name unique per notebook path: its path below the current folder, '/' as '__'."""
    path = Path(os.path.relpath(Path(notebook).resolve())).with_suffix("")
    return "__".join(part for part in path.parts if part not in ("..", ".")) + ".html"


def write(submissions, folder):
    """One page per submission in `folder`; the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for submission in submissions:
        path = folder / file_name(submission.notebook)
        path.write_text(page(submission))
        written.append(path)
    return written
