"""Read numbers as German and English learners type them. Pure.

"1.234,50", "1,234.50", "1 234,50" and "1234.5" all mean the same number. A single separator
before exactly three digits ("1.234") is ambiguous: both readings are returned and the grader
gives credit if either is right, because the learner cannot know which one we expect.

Units: only the question's own unit is stripped (case-insensitively, before or after the
number); if it is a form of euro or percent, the other forms ("€", "EUR", "Euro"; "%",
"Prozent") are accepted too. A unit the question does not name makes the text unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

MAX_NUMBER_CHARS = 100
UNIT_ALIASES = (
    frozenset({"€", "eur", "euro", "euros"}),
    frozenset({"%", "prozent", "percent", "per cent"}),
)
# Spaces people put between digit groups, and minus signs keyboards produce.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "}
_SIGNS = {"\u2212": "-", "\u2013": "-"}
_ARABIC = {"\u066b": ",", "\u066c": "."}  # Arabic decimal and thousands separators
_BODY = re.compile(r"[0-9., ]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:([., ])[0-9]{3})(?:\1[0-9]{3})*")


class NumberFormatError(ValueError):
    """The text is not a number we can read."""


def parse_decimal(text: object, unit: str | None = None) -> tuple[Decimal, ...]:
    """Every number the text can mean: one reading, or two when it is ambiguous."""
    if not isinstance(text, str) or len(text) > MAX_NUMBER_CHARS:
        raise NumberFormatError("not a number of sane length")
    body = _ascii(text).strip()
    sign, body = _take_sign(body)  # "-12 €"
    body = _strip_unit(body, unit)
    if sign is None:
        sign, body = _take_sign(body)  # "€ -12"
    if not body or not _BODY.fullmatch(body) or not any(c.isdigit() for c in body):
        raise NumberFormatError(f"not a number: {text!r}")
    return tuple(Decimal((sign or "") + reading) for reading in _readings(body))


def canonical(number: Decimal) -> str:
    """One spelling per value, without exponent or trailing zeros: how settings store it."""
    spelled = format(number, "f")
    if "." in spelled:
        spelled = spelled.rstrip("0").rstrip(".")
    return "0" if spelled in ("-0", "") else spelled


def _ascii(text: str) -> str:
    """Map digits of any script to ASCII and unusual spaces and signs to plain ones."""
    out = []
    for char in text:
        digit = None if char.isascii() else unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        else:
            out.append(_SPACES.get(char) or _SIGNS.get(char) or _ARABIC.get(char) or char)
    return "".join(out)


def _take_sign(body: str) -> tuple[str | None, str]:
    """A leading sign ("-" or "" for "+"), or None when there is none."""
    if body.startswith(("+", "-")):
        return ("-" if body[0] == "-" else ""), body[1:].strip()
    return None, body


def _strip_unit(body: str, unit: str | None) -> str:
    """Remove the question's unit (or an alias of it) from either end, once."""
    if not unit or not unit.strip():
        return body
    wanted = unit.strip()
    forms = {wanted}.union(*(f for f in UNIT_ALIASES if wanted.casefold() in f))
    for form in sorted(forms, key=len, reverse=True):
        folded = form.casefold()
        # compare every end length: case folding may change the length ("Maß", "MASS")
        for size in range(1, len(body) + 1):
            if body[-size:].casefold() == folded:
                return body[:-size].strip()
            if body[:size].casefold() == folded:
                return body[size:].strip()
    return body


def _readings(body: str) -> list[str]:
    """Plain decimal strings ("1234.5") for a body of digits, '.', ',' and spaces."""
    if " " in body:
        whole, separator, fraction = _split_decimal(body, {".", ","})
        return [_join(_ungroup(whole, " "), separator, fraction)]
    if "." in body and "," in body:
        last = "." if body.rfind(".") > body.rfind(",") else ","
        whole, separator, fraction = _split_decimal(body, {last})
        return [_join(_ungroup(whole, "," if last == "." else "."), separator, fraction)]
    mark = "." if "." in body else "," if "," in body else ""
    if not mark:
        return [body]
    if body.count(mark) > 1:
        return [_ungroup(body, mark)]
    whole, fraction = body.split(mark)
    as_decimal = _join(whole or "0", mark, fraction)
    if _GROUPED.fullmatch(body):
        return [_ungroup(body, mark), as_decimal]
    return [as_decimal]


def _split_decimal(body: str, marks: set[str]) -> tuple[str, str, str]:
    """Split at the one decimal mark (if any); it must occur once, with digits after it."""
    found = [m for m in marks if m in body]
    if not found:
        return body, "", ""
    if len(found) > 1 or body.count(found[0]) > 1:
        raise NumberFormatError("more than one decimal separator")
    whole, fraction = body.split(found[0])
    return whole, found[0], fraction


def _ungroup(whole: str, mark: str) -> str:
    """Digits of a whole part grouped in threes by `mark` (or not grouped at all)."""
    if mark not in whole:
        if not whole.isdigit():
            raise NumberFormatError("misplaced separator")
        return whole
    if not _GROUPED.fullmatch(whole):
        raise NumberFormatError("digits must be grouped in threes")
    return whole.replace(mark, "")


def _join(whole: str, separator: str, fraction: str) -> str:
    if not separator:
        return whole
    if not fraction.isdigit() or not (whole == "" or whole.isdigit()):
        raise NumberFormatError("a decimal separator needs digits after it")
    return f"{whole or '0'}.{fraction}"
