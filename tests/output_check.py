"""Float-aware comparison of shown outputs with real ones, so a page checked here holds on any CPU
and on CUDA.

- Text, integers, shapes, dtypes, booleans and errors are compared exactly.
- A float literal is compared to the digits the page shows: within one unit of its last digit
  (Sybil's NUMBER option does the same; `0.4700` accepts 0.4699 to 0.4701). A float written
  without decimals (`1.`) is exact.
- A pycon block may declare a wider, measured tolerance for its floats on the line before it,
  `<!-- tolerance: abs=0.05 -->` or `<!-- tolerance: rel=0.1 -->` (both may be given); the checks in
  tests/checks.py make sure a reader sentence next to it states the same number.

Sybil's NUMBER checker is the base; it cannot take a tolerance wider than the written precision,
nor keep `1.` exact, which is what the subclass adds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sybil.evaluators.doctest import NUMBER, DocTestEvaluator, OutputChecker

# a float literal as Python and torch print it: 0.47, -1.5e-05, 3e+02, 2.; not part of a name
FLOAT = re.compile(r"(?<![\w.])[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)(?![\w.])")
# any number, for figures: SVG writes whole coordinates without a decimal point
SVG_NUMBER = re.compile(r"(?<![\w.#-])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")
TOLERANCE_ARGUMENT = re.compile(r"^(?P<kind>abs|rel)=(?P<value>\d+(?:\.\d+)?(?:e-?\d+)?%?)$")


class ToleranceError(ValueError):
    pass


@dataclass(frozen=True)
class Tolerance:
    """How far a shown float may be from the real one, beyond its last written digit."""

    abs: float = 0.0
    rel: float = 0.0
    text: str = ""  # as written in the directive, for messages

    @classmethod
    def parse(cls, arguments: str) -> Tolerance:
        values = {}
        for part in arguments.split():
            match = TOLERANCE_ARGUMENT.match(part)
            if not match or match.group("kind") in values:
                raise ToleranceError(f"malformed tolerance '{arguments}': write abs=0.05, rel=0.1, or both")
            written = match.group("value")
            value = float(written.rstrip("%")) / (100 if written.endswith("%") else 1)
            if value <= 0:
                raise ToleranceError(f"tolerance '{arguments}' must be positive")
            values[match.group("kind")] = value
        if not values:
            raise ToleranceError("a tolerance directive needs abs=… or rel=…")
        return cls(text=arguments.strip(), **values)

    @property
    def written_values(self) -> list[str]:
        """The numbers as the directive writes them: the reader sentence must state one of them."""
        return [part.split("=", 1)[1] for part in self.text.split()]

    def allows(self, want: str, got: str) -> bool:
        expected, actual = float(want), float(got)
        return abs(expected - actual) <= last_digit_unit(want) + self.abs + self.rel * abs(expected) + 1e-12


EXACT = Tolerance()


def last_digit_unit(literal: str) -> float:
    """0.4700 -> 1e-4, 1.5e-05 -> 1e-06; 2. and 300 are exact."""
    mantissa, _, exponent = literal.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    if decimals == 0:
        return 0.0
    return 10.0 ** (int(exponent or 0) - decimals)


def align_numbers(want: str, got: str, tolerance: Tolerance = EXACT, pattern: re.Pattern = FLOAT) -> str:
    """`got` with each number that is close enough to its counterpart in `want` replaced by the
    wanted text, so a plain comparison afterwards sees only the real differences."""
    wanted, found = list(pattern.finditer(want)), list(pattern.finditer(got))
    if len(wanted) != len(found):
        return got
    pieces, position = [], 0
    for w, g in zip(wanted, found):
        pieces.append(got[position:g.start()])
        pieces.append(w.group() if tolerance.allows(w.group(), g.group()) else g.group())
        position = g.end()
    pieces.append(got[position:])
    return "".join(pieces)


class NumericOutputChecker(OutputChecker):
    """Sybil's doctest checker, comparing floats as described above."""

    def __init__(self, tolerance: Tolerance | None = None):
        super().__init__()
        self.tolerance = tolerance or EXACT

    def _remove_unwanted_precision(self, want: str, got: str) -> str:
        return align_numbers(want, got, self.tolerance)

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(want, got, optionflags | NUMBER)


def evaluator(tolerance: Tolerance | None) -> DocTestEvaluator:
    """Sybil's doctest evaluator with this checker (doctest keeps its checker in `_checker`)."""
    result = DocTestEvaluator(optionflags=NUMBER)
    result.runner._checker = NumericOutputChecker(tolerance)
    return result


def has_float(text: str) -> bool:
    return FLOAT.search(text) is not None
