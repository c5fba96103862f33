"""Numbers written with the ASCII digits 0-9 only, for data files and request parameters.

Python's ``str.isdigit()``, ``int()``, ``float()`` and ``\\d`` in a regular expression all
accept other scripts' digits (``"²"``, ``"①"``, ``"١٢"``, ``"１"``), and disagree with each
other about which: ``"²".isdigit()`` is true but ``int("²")`` raises. Everything that reads
a number from outside the program goes through here, so none of them ever decides.
"""

from __future__ import annotations

import re

#: A whole number: ASCII digits only, at most 18 of them (fits any int64).
WHOLE = re.compile(r"[0-9]{1,18}")
#: A plain decimal number: no "nan", "inf", underscores, hex or other scripts' digits.
DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def whole_number(text: str | None) -> int | None:
    """Return ``text`` as a whole number if it is one written in ASCII digits, else None."""
    return int(text) if isinstance(text, str) and WHOLE.fullmatch(text) else None


def decimal_number(text: str | None) -> float | None:
    """Return ``text`` (surrounding spaces allowed) as a float if it is a plain decimal
    number written in ASCII digits, else None."""
    if not isinstance(text, str) or not DECIMAL.fullmatch(text.strip()):
        return None
    return float(text)
