"""The GIS files' plain columns: investments flattened, Shapefile names and DBF text."""

from geoapp.outputs.gisfiles import DBF_TEXT_LIMIT, fit_dbf_text, shapefile_names
from geoapp.outputs.tables import investment_summary

INVESTMENTS = [
    {"funds": "A science park", "amount_text": "£2.5m", "amount_gbp": 2_500_000},
    {"funds": "Full-fibre broadband"},
    {"funds": "A station", "amount_text": "£6m", "amount_gbp": 6_000_000},
]


def test_investments_become_a_count_a_total_of_printed_amounts_and_a_text():
    summary = investment_summary({"investments": INVESTMENTS})
    assert summary == {
        "investments_count": 3,
        "investments_total_gbp": 8_500_000,
        "investments_text": "£2.5m: A science park; Full-fibre broadband; £6m: A station",
    }


def test_unknown_investments_are_null_and_none_without_amounts_has_no_total():
    assert set(investment_summary({}).values()) == {None}
    assert investment_summary({"investments": []}) == {
        "investments_count": 0,
        "investments_total_gbp": None,
        "investments_text": None,
    }
    unpriced = investment_summary({"investments": [{"funds": "Broadband"}]})
    assert unpriced["investments_count"] == 1 and unpriced["investments_total_gbp"] is None


def test_shapefile_names_are_documented_or_cut_to_ten_characters_and_unique():
    names = shapefile_names(["people_in_employment", "new_field_added_later", "new_field_again"])
    assert names["people_in_employment"] == "employed"
    assert names["new_field_added_later"] == "new_field_"
    assert len(names["new_field_again"]) <= 10
    assert len(set(names.values())) == 3


def test_dbf_text_is_cut_within_254_bytes_at_a_character():
    assert fit_dbf_text("short") == "short"
    long = "£" * 200  # 400 bytes in UTF-8
    cut = fit_dbf_text(long)
    assert len(cut.encode()) <= DBF_TEXT_LIMIT and cut.endswith("…") and cut[:-1] == "£" * 125
    assert fit_dbf_text(None) is None
