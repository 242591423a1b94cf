"""Formulas that render without a network: MathJax 3.2.2's single-file TeX-to-SVG build (`es5/tex-svg.js`
from the npm package `mathjax`, Apache-2.0, see LICENSE here), inlined into each feedback page that has some.

Feedback text is preformatted (<pre>), so <pre> is typeset too; notebook code (`input_area`) and tracebacks
(`output_error`) are not."""
import re
from pathlib import Path

import markupsafe

TEMPLATES = Path(__file__).parent.parent / "templates"
CONFIG = ("window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}, "
          "options: {skipHtmlTags: {'[-]': ['pre']}, ignoreHtmlClass: 'tex2jax_ignore|input_area|output_error'}};")
FORMULA = re.compile(r"\$[^$\s][^$]*\$|\\\(.+?\\\)", re.S)


def needed(text):
    """Whether the text holds a formula ($...$ or \\(...\\))."""
    return bool(FORMULA.search(text))


def script(_=None):
    """The inline configuration and MathJax itself, as HTML (a Jinja filter: `{{ none | offline_mathjax }}`)."""
    code = (Path(__file__).parent / "tex-svg.js").read_text()
    return markupsafe.Markup(f"<script>{CONFIG}</script>\n<script>{code}</script>")  # noqa: S704 (our own file)
