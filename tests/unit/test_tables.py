"""CSV tables: one row per area and per investment, unformatted numbers, no formulas."""

import csv
import io

import pytest

from geoapp.outputs.tables import (
    AREA_COLUMNS,
    INVESTMENT_COLUMNS,
    area_columns,
    area_rows,
    areas_csv,
    cell,
    field,
    investment_rows,
    investments_csv,
)


def read(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    assert b"\r\n" in body
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_areas_table_has_one_row_per_area_with_plain_numbers(area_set):
    rows = read(areas_csv(area_set))
    assert list(rows[0]) == list(AREA_COLUMNS)
    assert [r["code"] for r in rows] == ["E37000001", "E37000002", "S92000003"]
    alpha, beta, _ = rows
    assert alpha["population"] == "1116300"
    assert alpha["people_in_employment"] == "609000"
    assert alpha["living_wage_beneficiaries"] == ""  # unknown: empty, never 0
    assert alpha["case_study_name"] == "A Catapult"
    assert alpha["case_study_amount_text"] == "£60m"
    assert alpha["case_study_amount_gbp"] == "60000000"
    assert alpha["source_published"] == "2018-12-03"
    assert beta["summary_status"] == "not available"
    assert all(beta[c] == "" for c in ("population", "case_study_name", "source_title"))


def test_investments_table_has_one_row_per_investment_in_page_order(area_set):
    rows = read(investments_csv(area_set))
    assert list(rows[0]) == list(INVESTMENT_COLUMNS)
    assert [(r["area_code"], r["position"]) for r in rows] == [
        ("E37000001", "1"),
        ("E37000001", "2"),
    ]
    assert rows[0]["amount_text"] == "£2.5m" and rows[0]["amount_gbp"] == "2500000"
    assert rows[1]["funds"] == "Something without an amount"
    assert rows[1]["amount_gbp"] == ""


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-cmd", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert cell(text) == "'" + text
    assert cell([text, "b"]) == "'" + text + " b"


@pytest.mark.parametrize(
    "text",
    [
        "＝1+1",
        "＋44",
        "－cmd",
        "＠SUM(A1)",
        "﹦1",
        "\u200b=1",
        "\ufeff=1",
        "\u2060@x",
        "a;=cmd()",
        "a; -1",
    ],
    ids=[
        "full-width =",
        "full-width +",
        "full-width -",
        "full-width @",
        "small =",
        "zero-width space",
        "byte-order mark",
        "word joiner",
        ";=",
        "; -",
    ],
)
def test_disguised_formulas_are_neutralised_too(text):
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Hertfordshire", "£2.5m", "a = b", "Tees Valley; wave 2", "1-2"])
def test_ordinary_text_is_left_alone(text):
    assert cell(text) == text


def test_numbers_are_left_alone_even_when_negative():
    assert cell(-1200) == "-1200"
    assert cell(0) == "0"
    assert cell(0.725) == "0.725"
    assert cell(None) == ""
    # Text that looks like a number is still text, and neutralised like any other.
    assert cell("-1200") == "'-1200"
    assert cell(["https://a.example", "https://b.example"]) == (
        "https://a.example https://b.example"
    )


def test_fields_added_to_the_records_get_their_own_columns_after_the_documented_ones():
    records = [
        {"code": "E37000001", "name": "Alpha", "employment_rate": 0.75, "areas": ["x"]},
        {"code": "E37000002", "name": "Beta", "residents": -3},
    ]
    columns = area_columns(records)
    assert list(columns) == [*AREA_COLUMNS, "employment_rate", "residents"]  # no lists
    alpha, beta = area_rows(records, columns)
    assert alpha[-2:] == ["0.75", ""] and beta[-2:] == ["", "-3"]


def test_rows_built_from_hostile_records_cannot_carry_formulas():
    record = {
        "code": "E37000001",
        "name": '=HYPERLINK("http://evil")',
        "investments": [{"funds": "@cmd", "amount_text": "-£1m", "amount_gbp": 1}],
    }
    (area,) = area_rows([record])
    assert area[list(AREA_COLUMNS).index("name")].startswith("'=")
    (investment,) = investment_rows([record])
    assert investment[1].startswith("'=")
    assert investment[3] == "'@cmd" and investment[4] == "'-£1m" and investment[5] == "1"


def test_a_list_path_reads_the_field_of_every_item():
    record = {"code": "E1", "summary_areas": [{"code": "A"}, {"code": "B", "name": "Bee"}]}
    assert field(record, "summary_areas[].code") == ["A", "B"]
    assert field(record, "summary_areas[].name") == [None, "Bee"]
    assert field(record, "ons_statistics_areas[].code") is None  # absent: an empty cell
    assert field({"summary_areas": []}, "summary_areas[].code") == []
    assert cell(field(record, "summary_areas[].code")) == "A B"
