"""CSV tables of the area records: one row per area, and one row per investment.

Columns are taken from the records (``AreaSet.record``) by their declared field
names, so a table can never show a number the map does not. data/README.md lists them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from geoapp.model.areas import AreaSet
from geoapp.model.record import LEPS_2021, SUMMARIES, table_columns

#: Column name → field of the area record (dotted for nested fields, ``[]`` for each item
#: of a list), in column order: the summaries' table and the 2021 LEPs', as the record's
#: fields declare them (geoapp/model/record.py).
AREA_COLUMNS = table_columns(SUMMARIES)
LEPS_2021_COLUMNS = table_columns(LEPS_2021)
#: Column name → field of one entry of the record's ``investments``; the first three
#: columns say whose investment it is and where it stood on the page.
INVESTMENT_COLUMNS = {
    "area_code": "code",
    "area_name": "name",
    "position": "position",
    "funds": "investments[].funds",
    "amount_text": "investments[].amount_text",
    "amount_gbp": "investments[].amount_gbp",
}
#: The investments as plain columns, for formats whose fields cannot hold a list (GeoPackage,
#: Shapefile): how many the page listed, the sum of the amounts it printed, and the list as
#: one text (data/README.md).
INVESTMENT_SUMMARY_FIELDS = ("investments_count", "investments_total_gbp", "investments_text")
#: Between two investments in ``investments_text``.
INVESTMENT_SEPARATOR = "; "
#: Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A formula start after a separator some spreadsheets split cells on ("a;=cmd" is two
#: cells, the second a formula, where ";" is the list separator).
FORMULA_AFTER_SEPARATOR = re.compile(r"[;\t\r\n]\s*[=+\-@]")
#: Excel reads a CSV as UTF-8 (so "£" stays "£") only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def field(record: dict, path: str):
    """Return the value at a dotted ``path`` of the record, or None when it is absent.

    A step ending in ``[]`` names a list: the rest of the path is read from each item,
    giving a list ("summary_areas[].code" → every code).
    """
    value = record
    keys = path.split(".")
    for position, key in enumerate(keys):
        name = key.removesuffix("[]")
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
        if key.endswith("[]"):
            rest = ".".join(keys[position + 1 :])
            return [field(item, rest) for item in value] if isinstance(value, list) else None
    return value


def investment_text(investment: dict) -> str:
    """Return one investment as a line of text: "£2.5m: Innovation through …", or just what
    it funds when the page printed no amount."""
    amount = investment.get("amount_text")
    return f"{amount}: {investment['funds']}" if amount else investment["funds"]


def investment_summary(record: dict) -> dict:
    """Return the record's investments as three plain fields (INVESTMENT_SUMMARY_FIELDS).

    All three are None when the record lists no investments (no summary page held): unknown,
    not zero. The total adds the amounts the page printed; an investment without an amount
    adds nothing, and the total is None when no investment has one.
    """
    investments = record.get("investments")
    if investments is None:
        return dict.fromkeys(INVESTMENT_SUMMARY_FIELDS)
    amounts = [i["amount_gbp"] for i in investments if i.get("amount_gbp") is not None]
    return {
        "investments_count": len(investments),
        "investments_total_gbp": sum(amounts) if amounts else None,
        "investments_text": INVESTMENT_SEPARATOR.join(map(investment_text, investments)) or None,
    }


def cell(value) -> str:
    """Return the text of one cell: empty when unknown, numbers as plain digits.

    Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers
    (e.g. a negative change) are left alone: digits, a sign and a point run nothing.
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if runs_as_formula(text) else text


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet may run ``text`` as a formula: it starts with a formula
    character once invisible characters (zero-width space, BOM…) are skipped and full-width
    forms ("＝", "＋", "﹦"…) read as the ASCII ones (NFKC), or one follows a separator."""
    plain = unicodedata.normalize("NFKC", text)
    start = next((i for i, c in enumerate(plain) if unicodedata.category(c) != "Cf"), len(plain))
    return plain.startswith(FORMULA_STARTS, start) or bool(FORMULA_AFTER_SEPARATOR.search(plain))


def area_columns(
    records: Sequence[Mapping], documented: dict[str, str] = AREA_COLUMNS
) -> dict[str, str]:
    """Return the ``documented`` columns, then one for each other top-level number or text
    field of the records.

    Fields added to the records later so reach the table by themselves, under their own
    names.
    """
    columns = dict(documented)
    used = {path.split(".")[0].removesuffix("[]") for path in documented.values()}
    for record in records:
        for name, value in record.items():
            if name not in used and name not in columns and not isinstance(value, list | dict):
                columns[name] = name
    return columns


def area_rows(records: Iterable[dict], columns: dict[str, str] = AREA_COLUMNS) -> list[list[str]]:
    """Return one row per area record, a cell per column (column name → record field)."""
    return [[cell(field(record, path)) for path in columns.values()] for record in records]


def investment_rows(records: Iterable[dict]) -> list[list[str]]:
    """Return one row per investment of every record, in page order."""
    rows = []
    for record in records:
        for position, investment in enumerate(record.get("investments", []), start=1):
            values = {"code": record["code"], "name": record["name"], "position": position}
            values.update({f"investments[].{k}": v for k, v in investment.items()})
            rows.append([cell(values.get(path)) for path in INVESTMENT_COLUMNS.values()])
    return rows


def csv_bytes(header: Iterable[str], rows: Iterable[list[str]]) -> bytes:
    """Return the table as UTF-8 CSV with a byte-order mark and a header row."""
    stream = io.StringIO()
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8")


def areas_csv(area_set: AreaSet) -> bytes:
    """Return the table of the set's areas as CSV bytes: one row per area, the set's
    declared columns first (AREA_COLUMNS for the summaries, LEPS_2021_COLUMNS)."""
    records = [area_set.record(area) for area in area_set.areas]
    columns = area_columns(records, area_set.table_columns)
    return csv_bytes(columns, area_rows(records, columns))


def investments_csv(area_set: AreaSet) -> bytes:
    """Return the investments table of the set as CSV bytes."""
    records = [area_set.record(area) for area in area_set.areas]
    return csv_bytes(INVESTMENT_COLUMNS, investment_rows(records))
