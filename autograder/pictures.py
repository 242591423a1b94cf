"""Figures of failures, drawn in the grader's process from the series a check attached
(`autograder.feedback.picture`); student code never draws them."""
import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

MAX_BYTES = 60_000
STYLES = {"yours": {"color": "tab:red", "lw": 2.0}, "reference": {"color": "black", "lw": 1.2, "ls": "--"}}


def png(picture):
    """The figure as PNG bytes of at most MAX_BYTES, drawn smaller until it fits."""
    for dpi in (80, 60, 45, 30):
        data = _draw(picture, dpi)
        if len(data) <= MAX_BYTES:
            return data
    raise ValueError(f"the picture {picture['title']!r} does not fit in {MAX_BYTES} bytes")


def _draw(picture, dpi):
    figure = drawn(picture, dpi)
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()
    finally:
        plt.close(figure)


def drawn(picture, dpi=80):
    """The matplotlib figure of a picture; close it after use."""
    figure, axes = plt.subplots(figsize=(6.4, 3.6), dpi=dpi)
    try:
        contours = picture.get("contours")
        if contours:
            levels = np.nanpercentile(contours["z"], np.linspace(0, 95, 15))
            axes.contour(contours["x"], contours["y"], contours["z"], levels=np.unique(levels),
                         colors="0.75", linewidths=0.7)
        for label, values in picture["curves"].items():
            style = STYLES.get(label, {})
            values = np.asarray(values, dtype=np.float64)
            if picture["kind"] == "paths":
                axes.plot(values[:, 0], values[:, 1], marker=".", ms=4, label=label, **style)
            else:
                axes.plot(np.arange(len(values)), values, label=label, **style)
        if picture["kind"] == "curves":
            _positions(axes, picture.get("ticks"))
        if picture["log"]:
            axes.set_yscale("symlog", linthresh=1e-6)
        if contours:
            axes.set_xlim(min(contours["x"]), max(contours["x"]))
            axes.set_ylim(min(contours["y"]), max(contours["y"]))
        axes.set_title(textwrap.fill(picture["title"], 80), fontsize="small")
        axes.set(xlabel=picture["xlabel"], ylabel=picture["ylabel"])
        axes.legend(fontsize="small")
        figure.tight_layout()
        return figure
    except Exception:
        plt.close(figure)
        raise


def _positions(axes, ticks):
    """The x axis of curves: their positions 0, 1, ... named by `ticks` if given, else whole numbers only."""
    if ticks:
        axes.set_xticks(range(len(ticks)), ticks, fontsize="small")
    else:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
