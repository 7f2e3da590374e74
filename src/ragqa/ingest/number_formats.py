"""A spreadsheet cell's number as its number format shows it: 9.8 formatted ``"£"#,##0.00`` is "£9.80".

Why: a price list's cells hold bare numbers and leave the currency, the pence and the percent to their format; read
bare, "Adult: 9.8" answered no question about a price in pounds. An Excel number format is a run of digit
placeholders (``0``, ``#``, ``,``, ``.``, ``%``, ``E+``) between literal text, in up to four sections (positive;
negative; zero; text). Babel formats the placeholders (its patterns are Unicode's, written as Excel's are); this
module only turns Excel's literals, sections and brackets into such a pattern. A format it cannot read so (a fraction,
a condition, a scale, General) gives ``None``, and the caller shows the number bare.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from babel.numbers import parse_pattern

_PLACEHOLDERS = "0#?.,%"


def shown(value: float, number_format: str) -> str | None:
    """``value`` as Excel shows it under ``number_format``, ``None`` for a format not read here.

    ``shown(9.8, '"£"#,##0.00')`` is "£9.80", ``shown(0.125, "0.0%")`` "12.5%", ``shown(12500, "#,##0")``
    "12,500", ``shown(9.8, "[$€-2] #,##0.00")`` "€ 9.80", ``shown(-5, '"£"0;("£"0)')`` "(£5)"."""
    sections = _sections(number_format)
    if not sections:
        return None
    if len(sections) > 2 and value == 0:
        section, number = sections[2], Decimal(0)
    elif len(sections) > 1 and value < 0:
        section, number = sections[1], abs(Decimal(str(value)))
    else:
        section, number = sections[0], Decimal(str(value))
    parts = _parts(section)
    if parts is None:
        return None
    prefix, digits, suffix = parts
    with decimal.localcontext() as context:
        context.rounding = decimal.ROUND_HALF_UP  # Excel rounds half away from zero: 2.675 shows 2.68
        text = parse_pattern(_quoted(prefix) + (digits or "#") + _quoted(suffix)).apply(number, "en")
        if not digits or ("0" not in digits and not number.quantize(Decimal(1).scaleb(-digits.count("#")))):
            text = prefix + suffix  # "#" shows no zero: an accounting format's zero "£ -", a section of text alone
    return " ".join(text.split()) or None


def _sections(number_format: str) -> list[str]:
    """A number format's sections (split at a ``;`` outside quotes, escapes and brackets); none for General, text
    (``@``) or a format with an empty section (one that hides its cells)."""
    sections, current, quoted, bracket, escaped = [], "", False, False, False
    for c in number_format:
        if escaped:
            escaped = False
        elif c == "\\" and not quoted:
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif c in "[]" and not quoted:
            bracket = c == "["
        elif c == ";" and not (quoted or bracket):
            sections.append(current)
            current = ""
            continue
        current += c
    sections.append(current)
    if number_format.strip().casefold() in ("", "general", "@") or not all(s.strip() for s in sections[:3]):
        return []
    return sections[:3]


def _parts(section: str) -> tuple[str, str, str] | None:
    """A section's text before its digits, its digit placeholders as Babel reads them (``?`` as ``#``) and its text
    after; ``None`` when it holds what only Excel reads: a fraction, a condition (``[>=1000]``), a scale (``0,``),
    text (``@``), a date's letters, or digits split by text (``000-0000``)."""
    texts, digits = ["", ""], ""
    i = 0
    while i < len(section):
        c = section[i]
        if c in "0#?.," or (c in "Ee" and digits and section[i + 1 : i + 2] in ("+", "-")):
            if texts[1]:
                return None  # digit placeholders on both sides of text
            if c in "Ee":
                digits, i = digits + ("E+" if section[i + 1] == "+" else "E"), i + 2
                continue
            digits, i = digits + ("#" if c == "?" else c), i + 1
            continue
        elif c == '"':
            end = section.find('"', i + 1)
            if end < 0:
                return None
            c, i = section[i + 1 : end], end
        elif c == "\\":
            c, i = section[i + 1 : i + 2], i + 1
        elif c == "_":  # room for a character's width: nothing to read
            c, i = "", i + 1
        elif c == "*":  # the character repeated to fill the column: one space
            c, i = " ", i + 1
        elif c == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end] if end > 0 else ""
            if inner.startswith("$"):  # a currency in a locale's form: [$€-2], [$$-409]; [$-809] is a locale alone
                c = inner[1:].split("-", 1)[0]
            elif inner.isalnum():  # [Red] and [Color10] only colour the cell
                c = ""
            else:  # a condition, an elapsed time
                return None
            i = end
        elif c.isalnum() or c in "/@":
            return None
        texts[bool(digits)] += c
        i += 1
    if digits.endswith(","):
        return None
    return texts[0], digits, texts[1]


def _quoted(text: str) -> str:
    """Literal text in a Babel pattern: each character quoted (an apostrophe doubled), a percent sign left bare so
    that Babel scales the number by 100 as Excel does."""
    return "".join(c if c == "%" else "''" if c == "'" else f"'{c}'" for c in text)
