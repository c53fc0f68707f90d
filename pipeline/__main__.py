"""``python -m pipeline`` is the ``samenspel`` command."""

from pipeline.cli import main

raise SystemExit(main())
