"""How well first names in free text are found without a names file (pipeline.privacy.firstnames).

    python benchmarks/first_names.py

Reads benchmarks/data/first_names_quotes.txt: quotes written for this benchmark, the names
marked in braces. Prints the recall of names (a name counts when its first name is
redacted; whole names with the family name too) and the ordinary words lost: of the
capitalised words that are not names (sentence starts, organisations, places), and of all
words that are not names. Aims: recall at least 95 %, at most 2 % of ordinary words lost.
Exits 1 when an aim is missed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.privacy.firstnames import first_name_spans

DATA = Path(__file__).resolve().parent / "data" / "first_names_quotes.txt"
_MARK = re.compile(r"\{([^{}]+)\}")
_WORD = re.compile(r"[^\W\d_]+")


def _quotes() -> list[tuple[str, list[tuple[int, int]]]]:
    """Return (quote, spans of the marked names) per line."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, names, position = [], [], 0
        for match in _MARK.finditer(line):
            text.append(line[position:match.start()])
            start = sum(len(t) for t in text)
            text.append(match.group(1))
            names.append((start, start + len(match.group(1))))
            position = match.end()
        text.append(line[position:])
        out.append(("".join(text), names))
    return out


def _covered(span: tuple[int, int], found: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in found)


def _touched(span: tuple[int, int], found: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in found)


def main() -> int:
    quotes = _quotes()
    names = first_found = whole_found = 0
    ordinary = ordinary_lost = capitalised = capitalised_lost = 0
    missed: list[str] = []
    lost: list[str] = []
    for text, marked in quotes:
        found = first_name_spans(text)
        for start, end in marked:
            names += 1
            first = _WORD.match(text, start)
            if first and _covered(first.span(), found):
                first_found += 1
            else:
                missed.append(f"{text[start:end]!r} in {text!r}")
            whole_found += _covered((start, end), found)
        for word in _WORD.finditer(text):
            if _touched(word.span(), marked):
                continue
            ordinary += 1
            is_lost = _touched(word.span(), found)
            ordinary_lost += is_lost
            if word.group(0)[0].isupper():
                capitalised += 1
                capitalised_lost += is_lost
            if is_lost:
                lost.append(f"{word.group(0)!r} in {text!r}")
    recall = first_found / names
    lost_capitalised = capitalised_lost / capitalised
    lost_all = ordinary_lost / ordinary
    print(f"{len(quotes)} quotes, {names} names, {capitalised} capitalised ordinary words, {ordinary} ordinary words")
    print(f"names found (first name redacted): {first_found}/{names} = {recall:.1%}")
    print(f"whole names found (with the family name): {whole_found}/{names} = {whole_found / names:.1%}")
    print(f"capitalised ordinary words lost: {capitalised_lost}/{capitalised} = {lost_capitalised:.1%}")
    print(f"all ordinary words lost: {ordinary_lost}/{ordinary} = {lost_all:.1%}")
    for line in missed:
        print(f"  missed {line}")
    for line in lost:
        print(f"  lost {line}")
    ok = recall >= 0.95 and lost_capitalised <= 0.02
    print("aims (recall >= 95 %, <= 2 % of ordinary capitalised words lost):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
