"""Sphinx configuration. Build with ``sphinx-build -M html docs _build -c .``."""

import doctest
import sys
from pathlib import Path

import mlp

sys.path.insert(0, str(Path(__file__).resolve().parent / "docs" / "_ext"))

project = "mlp"
author = "the mlp developers"
copyright = "2026, the mlp developers"
release = mlp.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",  # every API entry links to its highlighted source
    "sphinx-mathjax-offline",  # MathJax bundled: math renders offline
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",  # figures drawn from mlp at build time
    "sphinxcontrib.bibtex",  # citations from docs/references.bib
    "sphinx_copybutton",  # copied examples paste into Python without prompts
    "sphinx_design",  # exercises' answers in collapsed dropdowns
    "notebooks",  # docs/_ext/notebooks.py: every teaching page as a notebook
    "runner",  # docs/_ext/runner.py: Run buttons on the doctest blocks, if docs/_runner is built
]

bibtex_bibfiles = ["docs/references.bib"]  # relative to this file
bibtex_reference_style = "author_year"
bibtex_default_style = "plain"

# A copied block pastes into Python and runs: prompts and outputs are left out.
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# Nothing is injected into the pages' doctests (no doctest_global_setup):
# each page's first block shows the imports its examples need, so the blocks,
# run in order in a fresh Python, give the page's numbers. The notebooks made
# from the pages (docs/_ext/notebooks.py) are run that way by the tests.

# Sphinx's default flags include IGNORE_EXCEPTION_DETAIL, under which a
# doctest of an error would pass whatever the message said; messages are
# part of what the docs teach, so they are compared in full.
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

# Types in numpydoc sections ("array_like, shape (m, n_in)") stay prose, not
# cross-references, so nitpicky mode has nothing to chase there.
numpydoc_xref_param_type = False
numpydoc_show_class_members = False
autodoc_member_order = "bysource"

# Figures are drawn at build time from mlp itself (plot directive, inside
# {eval-rst}, each with its own :filename-prefix: because the directive's
# automatic numbering restarts in every eval-rst block, so two figures on one
# page would otherwise overwrite one file). Every figure
# comes from seeded computations; one SVG each and no source links.
#
# Figures are drawn for the column they sit in: on a phone (390 px) the text
# column is about 358 px wide, so a label of p points in a figure w inches
# wide prints at p/72 * 358/w px. Labels stay at 7 px or more when the
# smallest font is at least 1.41 w points: the default figure is 5 in wide
# (smallest text 8 pt, legends), and ``savefig.bbox: tight`` trims the white
# margins, so a figure is no wider than what it draws. SVG keeps the labels
# sharp at any zoom (its text is drawn as paths, so it looks the same without
# the fonts); 220 dpi is for the pixels inside one (the decision boundary's
# mesh, the digits). docs/_tools/browser_check.py measures the result.
plot_formats = [("svg", 220)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_include_source = False
plot_pre_code = "import numpy as np\nfrom matplotlib import pyplot as plt\nimport mlp\n"
plot_rcparams = {
    "figure.figsize": (5.0, 3.2),
    "figure.autolayout": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "legend.fontsize": 9,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
    "svg.hashsalt": "mlp",  # the same ids in every build
}
plot_apply_rcparams = True

html_theme = "furo"
html_title = "mlp: how a neural network learns"
# docs/_runner holds the browser runtime's JavaScript and its node_modules, not pages.
exclude_patterns = ["_runner"]
nitpicky = True
# No network at build time, so no intersphinx: NumPy's names stay unlinked.
nitpick_ignore = [("py:class", "numpy.ndarray")]


# Search snippets without the TeX source of equations (docs/_static).
html_static_path = ["docs/_static"]
html_js_files = ["search-snippets.js"]
# Figures on a light card in dark mode (docs/_static).
html_css_files = ["figures.css"]
