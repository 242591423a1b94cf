"""Known mistakes, one module per assignment, each a wrong solution cell as a student writes it.

The checks run these variants on the grader's side to recognise and name a
mistake in a failing submission; the tests inject the same sources into a
solution notebook and expect each to lose points with its explanation.
"""
import importlib
from dataclasses import dataclass
from functools import lru_cache

from autograder.subjects import Reference


@dataclass(frozen=True)
class Mistake:
    item: str         # the graded item (test cell grade_id) it belongs to
    explanation: str  # completes "This is what happens when ..."
    source: str       # the wrong solution cell


def catalogue(assignment):
    """The mistakes of an assignment."""
    return importlib.import_module(f"autograder.mistakes.{assignment}").MISTAKES


@lru_cache(maxsize=None)
def _namespace(reference_module, source):
    namespace = dict(vars(importlib.import_module(reference_module)))
    exec(compile(source, "<known mistake>", "exec"), namespace)
    return namespace


def outputs(reference, assignment, item, run):
    """{explanation: run(variant)} for each known mistake of the item; variants that raise are left out.

    `run` takes a Reference-like object, e.g. `lambda r: r.grad_loss_2d(beta)`.
    """
    found = {}
    for mistake in catalogue(assignment):
        if mistake.item != item:
            continue
        variant = Reference(_namespace(reference.namespace["__name__"], mistake.source))
        try:
            found[mistake.explanation] = run(variant)
        except Exception:  # a variant that cannot run on this input names nothing
            continue
    return found
