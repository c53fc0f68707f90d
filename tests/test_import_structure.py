"""Dependencies point one way: cli → report → stages → config → errors → messages → i18n (no circles)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "pipeline"
# each part of the package, and how high it stands: a part imports only lower ones
RANKS = {
    "i18n": 0, "files": 0, "limesurvey": 0, "resources": 0,
    # the command line's catalogue, which the errors below render their messages from
    "messages": 1,
    "errors": 2,
    # reading a settings file: above errors, below config and the codebook that use it
    "tomlfile": 2.5,
    "config": 3,
    "model": 4, "exportsets": 4,
    "ingest": 5, "privacy": 5, "obstacles": 5, "compare": 5, "dictionary": 5, "fetch": 5, "meeting": 5,
    # ranked, bounded peers: pure frames, like the comparison
    "peers": 5,
    # trends over rounds build on the comparison of one round
    "trends": 5.5,
    "report": 6,
    "cli": 7,
    "__main__": 8,
}


def _part(module: str) -> str | None:
    """Return the part of the package ``module`` (a dotted name) belongs to."""
    parts = module.split(".")
    return parts[1] if parts[0] == "pipeline" and len(parts) > 1 else None


def _imports(path: Path) -> set[str]:
    """Return the parts of the package a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_part(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pipeline":  # from pipeline import privacy, __version__
                found |= {alias.name for alias in node.names if alias.name in RANKS}
            else:
                found.add(_part(node.module))
    return {part for part in found if part is not None}


def test_every_part_of_the_package_has_a_place():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.name != "__init__.py"}
    assert parts == set(RANKS)


def test_no_part_imports_one_above_or_beside_it():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts == ("__init__.py",):
            continue  # the package's lazy facade names everything
        part = relative.parts[0].removesuffix(".py")
        for imported in _imports(path) - {part}:
            if RANKS[imported] >= RANKS[part]:
                upward.append(f"{relative} imports pipeline.{imported}")
    assert upward == []
