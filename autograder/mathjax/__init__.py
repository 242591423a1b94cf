"""Formulas that render without a network: MathJax 3.2.2's single-file TeX-to-SVG build (`es5/tex-svg.js`
from the npm package `mathjax`, Apache-2.0, see LICENSE here), inlined into each feedback page."""
from pathlib import Path

import markupsafe

TEMPLATES = Path(__file__).parent.parent / "templates"
CONFIG = "window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}};"


def script(_=None):
    """The inline configuration and MathJax itself, as HTML (a Jinja filter: `{{ none | offline_mathjax }}`)."""
    code = (Path(__file__).parent / "tex-svg.js").read_text()
    return markupsafe.Markup(f"<script>{CONFIG}</script>\n<script>{code}</script>")  # noqa: S704 (our own file)
