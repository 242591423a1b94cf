"""The figures the notebooks' prose states are what the given code computes.

Each test runs the reference's copy of a notebook's given code with the settings of the
notebook's demonstration, writes every figure as the prose writes it (accuracies to two
decimals, ratios to two significant figures) and looks for it in the markdown cell that
states it. A changed setting, seed or library version that moves a figure fails here.
"""
import nbformat
import numpy as np
import pytest
import torch

from autograder import course
from autograder.reference import init, optimizers

torch.set_num_threads(1)  # as in the notebooks: torch's sums, and so the figures, depend on it


def prose(assignment, cell_id):
    """The text of a markdown cell of source/<assignment>, with its line breaks as spaces."""
    nb = nbformat.read(course.ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    cells = [cell.source for cell in nb.cells if cell.get("id") == cell_id and cell.cell_type == "markdown"]
    assert len(cells) == 1, f"source/{assignment} has no markdown cell {cell_id!r}"
    return " ".join(cells[0].split())


def assert_states(assignment, cell_id, *phrases):
    text = prose(assignment, cell_id)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"source/{assignment}, cell {cell_id!r}: the computation gives {missing}, the prose says " \
                        f"otherwise:\n{text}"


def two_figures(ratio):
    return f"{float(f'{ratio:.2g}'):g}"


# --- optimizers: the four optimizers from a bad start ---------------------------------------------

TUNED = {"GD": (optimizers.GD, 0.5), "Momentum": (optimizers.Momentum, 3.0),
         "RMSProp": (optimizers.RMSProp, 0.01), "Adam": (optimizers.Adam, 0.03)}


def test_optimizers_accuracies_from_the_default_start_and_the_bad_ramp():
    accuracy = {(name, start): optimizers.run_training(cls, lr, steps=1000, init=init_fn)[1]
                for name, (cls, lr) in TUNED.items()
                for start, init_fn in [("default", None), ("bad", optimizers.bad_init_)]}
    gd, momentum = f"{accuracy['GD', 'bad']:.2f}", f"{accuracy['Momentum', 'bad']:.2f}"
    assert gd == momentum, f"the prose says GD and Momentum stop at the same accuracy: {gd} and {momentum}"
    assert_states("optimizers", "md-bad-start-runs-lessons",
                  f"at least {min(accuracy[name, 'default'] for name in TUNED):.2f}",
                  f"GD and Momentum stop at {gd}",
                  f"RMSProp and Adam reach {accuracy['RMSProp', 'bad']:.2f} and {accuracy['Adam', 'bad']:.2f}")


@pytest.fixture(scope="module")
def bad_start():
    """gradient_scales from the bad ramp for the three runs the notebook plots."""
    return {label: optimizers.gradient_scales(cls, lr, init=optimizers.bad_init_)
            for label, cls, lr in [("GD 0.5", optimizers.GD, 0.5), ("GD 0.05", optimizers.GD, 0.05),
                                   ("Adam", optimizers.Adam, 0.03)]}


def first_medians(scales, steps=100):
    return {name: np.median(values[:steps]) for name, values in scales.items()}


def test_optimizers_first_step_from_the_bad_ramp(bad_start):
    losses, _, grads, steps = bad_start["GD 0.5"]
    assert all(grads[name][0] == 0.0 for name in ("layer1.0", "layer2.0")), "the hidden layers start without gradient"
    assert_states("optimizers", "md-bad-start-lessons",
                  f"output layer has a gradient (RMS {grads['layer3.0'][0]:.1f})",
                  f"a step of RMS {steps['layer3.0'][0]:.2f}",
                  f"jumps from {losses[0]:.2f} to {losses[1]:.1f}")


def test_optimizers_gradient_and_step_ratios_over_the_first_100_steps(bad_start):
    _, _, gd_grads, gd_steps = bad_start["GD 0.05"]
    _, _, adam_grads, adam_steps = bad_start["Adam"]
    gd_grads, gd_steps = first_medians(gd_grads), first_medians(gd_steps)
    adam_grads, adam_steps = first_medians(adam_grads), first_medians(adam_steps)
    assert np.isclose(gd_grads["layer3.0"] / gd_grads["layer2.0"], gd_steps["layer3.0"] / gd_steps["layer2.0"],
                      rtol=1e-3), "GD's steps are its gradients times one rate"
    assert_states("optimizers", "md-bad-start-lessons",
                  f"about {two_figures(gd_grads['layer3.0'] / gd_grads['layer2.0'])} times smaller than layer3.0's",
                  f"about {two_figures(adam_grads['layer3.0'] / adam_grads['layer2.0'])} times smaller than "
                  "layer3.0's",
                  f"about {two_figures(adam_steps['layer2.0'] / adam_steps['layer3.0'])} times larger")


# --- init: the depth-15 sweep of starting weights -------------------------------------------------

def start_run(w):
    x, y = init.deep_narrow_data()
    with np.errstate(over="ignore", invalid="ignore"):
        return init.train_deep_narrow(np.full(15, w), x, y, lr=0.02, steps=250)


def test_init_start_at_the_answer_settles_at_once():
    losses, products = start_run(1.05)
    assert init.learning_time(losses) == 0
    assert_states("init", "init-effect-notes", f"1.05^{{15}} \\approx {products[0]:.2f}")


def test_init_starts_below_the_answer_train_ever_more_slowly():
    times = {w: init.learning_time(start_run(w)[0]) for w in (0.9, 0.75, 0.7)}
    assert times[0.7] is None
    assert_states("init", "init-effect-notes", f"{times[0.9]} steps from $w = 0.9$", f"{times[0.75]} from 0.75",
                  f"from 0.7 (product {start_run(0.7)[1][0]:.2g})")


def test_init_starts_above_the_answer_fail_after_one_step():
    assert_states("init", "init-effect-notes", f"in {init.learning_time(start_run(1.1)[0])} steps")
    losses, products = start_run(1.15)
    assert init.learning_time(losses) is None
    assert_states("init", "init-effect-notes", f"from {products[0]:.1f} to {products[1]:.6f}",
                  f"(loss {losses[-1]:.2f})")
    losses, products = start_run(1.2)
    assert not np.isfinite(losses[-1])
    assert_states("init", "init-effect-notes", f"goes from {products[0]:.0f} to {products[1]:.0f}")


# --- init: the MLP from the bad ramp, the default start and good_init_ ------------------------------

def test_init_bad_ramp_against_the_default_start_and_good_init():
    def accuracy(optimizer, lr, steps, start):
        return f"{init.run_training(optimizer, lr, steps=steps, seed=0, init=start)[1]:.2f}"

    sgd = {label: accuracy(torch.optim.SGD, 0.5, 1000, start)
           for label, start in [("bad", init.bad_init_), ("default", None), ("good", init.good_init_)]}
    assert_states("init", "bad-vs-default-notes", f"classifies {sgd['default']} of the new points",
                  f"bad ramp only {sgd['bad']}")
    assert_states("init", "good-vs-bad-notes", f"classifies {sgd['good']} of the new points",
                  f"stops at {sgd['bad']}",
                  f"reaches {accuracy(torch.optim.Adam, 0.01, 300, init.bad_init_)} "
                  f"(`good_init_` {accuracy(torch.optim.Adam, 0.01, 300, init.good_init_)})")
