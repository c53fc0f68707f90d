"""samenspel: reports for learning communities of neighbourhood initiatives.

The package is the repeatable part; notebooks in ``notebooks/`` are thin and call it.
"""

from __future__ import annotations

__version__ = "0.1.0"
