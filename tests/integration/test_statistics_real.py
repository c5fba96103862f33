"""The ONS statistics on the real data: exactly as published, joined to the right areas."""

import csv
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pages import boundary_urls

from geoapp.config import PROJECT_ROOT

pytestmark = pytest.mark.real_data

SOURCE = PROJECT_ROOT.parent / "shared" / "figures" / "ons_lep_context_figures.csv"
SOURCE_16_PLUS = SOURCE.with_name("ons_aps_in_employment_16plus_lep_2017_2018.csv")
OURS = PROJECT_ROOT / "data" / "ons" / "statistics.csv"
UNCHANGED = {f"E370000{n:02d}" for n in (1, 3, 5, 6, 7, 9, 11, 12, 15, 16, 19, 21, 22, 25)} | {
    f"E370000{n}" for n in range(32, 39)
}


def rows(path):
    with path.open(encoding="utf-8", newline="") as stream:
        return {
            (r["area_code"], r.get("metric") or r["measure"], r["period"]): r["value"]
            for r in csv.DictReader(stream)
        }


def test_every_value_is_exactly_as_published():
    published, ours = rows(SOURCE), rows(OURS)
    aged_16_plus = rows(SOURCE_16_PLUS)
    assert (len(published), len(aged_16_plus)) == (195, 117)
    assert ours == {**published, **aged_16_plus}


def test_people_in_employment_aged_16_plus_keep_their_own_source_and_period(sets):
    summaries = sets["summaries2018"]
    record = summaries.record(summaries.get("E37000001"))  # Black Country, unchanged
    assert record["ons_in_employment_16_plus_2017"] == 505500
    assert {record[f"ons_in_employment_16_plus_{p}"] for p in ("2017", "2017_18", "2018")} == {
        int(v) for (c, _, _), v in rows(SOURCE_16_PLUS).items() if c == "E37000001"
    }
    assert "people_in_employment" not in record  # never a figure of the summary


def test_the_panel_shows_people_aged_16_plus_among_the_ons_statistics(client):
    html = " ".join(client.get("/panel/E37000001").get_data(as_text=True).split())
    statistics = html[html.index("ONS statistics") :]
    assert "In employment, aged 16+" in statistics and "505,500" in statistics
    assert "table T01:7: in employment, aged 16 and over (Jan 2017-Dec 2017, Jul 2017" in html
    assert "505,500" not in html[: html.index("ONS statistics")]


@pytest.fixture(scope="module")
def sets(real_app):
    return real_app.extensions["geoapp"].area_sets


def exact_rate(employed: str, residents: str) -> float:
    rate = Decimal(employed) * 100 / Decimal(residents)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("code", ["E37000001", "E37000048", "E37000051", "E37000025"])
def test_rates_for_a_handful_of_leps_are_right_to_one_place(sets, code):
    published = rows(SOURCE)
    record = sets["leps2021"].record(sets["leps2021"].get(code))
    for year, period in (("2017", "Jan 2017-Dec 2017"), ("2018", "Jan 2018-Dec 2018")):
        employed = published[(code, "aps_in_employment_aged_16_64", period)]
        residents = published[(code, "aps_population_aged_16_64", period)]
        assert record[f"ons_employed_16_64_{year}"] == int(employed)
        assert record[f"employment_rate_{year}"] == exact_rate(employed, residents)
    enterprises = published[(code, "ubc_enterprises_total", "March 2018")]
    residents = published[(code, "aps_population_aged_16_64", "Jan 2018-Dec 2018")]
    per_1000 = Decimal(enterprises) * 1000 / Decimal(residents)
    assert record["enterprises_per_1000_residents"] == float(
        per_1000.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def test_only_the_21_unchanged_leps_of_2017_show_the_statistics(sets):
    summaries = sets["summaries2018"]
    status = {a.code: summaries.record(a)["ons_statistics"] for a in summaries.areas}
    assert {c for c, s in status.items() if s == "published"} == UNCHANGED
    assert len([s for s in status.values() if s == "different area"]) == 17
    assert {c for c, s in status.items() if s == "not published"} == {
        "S92000003",
        "W92000004",
        "N92000002",
    }
    herts = summaries.record(summaries.get("E37000017"))
    assert herts["ons_statistics_areas"] == [{"code": "E37000048", "name": "Hertfordshire"}]
    assert "employment_rate_2018" not in herts


def test_every_2021_lep_has_statistics_and_its_2018_areas(sets):
    leps = sets["leps2021"]
    assert len(leps.areas) == 38
    for area in leps.areas:
        record = leps.record(area)
        assert record["ons_statistics"] == "published"
        assert record["summary_areas"], area.code


def test_the_colours_cover_both_sets_and_every_measure(client):
    html = client.get("/").get_data(as_text=True)
    (url,) = re.findall(r'data-colours="([^"]+)"', html)
    colours = client.get(url).get_json()
    assert set(colours) == set(boundary_urls(html)) == {"summaries2018", "leps2021"}
    for measure in (
        "employment_rate_2017",
        "employment_rate_2018",
        "employment_rate_change",
        "ons_enterprises_2018",
        "enterprises_per_1000_residents",
    ):
        assert len(colours["leps2021"][measure]["areas"]) == 38
        assert set(colours["summaries2018"][measure]["areas"]) == UNCHANGED
        assert colours["summaries2018"][measure]["no_data"]["count"] == 20
        assert colours["leps2021"][measure]["legend"]


def test_the_list_of_areas_gives_the_same_values_as_the_colours(client):
    html = client.get("/").get_data(as_text=True)
    (url,) = re.findall(r'data-colours="([^"]+)"', html)
    herts = client.get(url).get_json()["leps2021"]["employment_rate_2018"]["areas"]["E37000048"]
    listing = client.get("/areas").get_data(as_text=True)
    row = listing[listing.index("area=E37000048") :].split("</tr>")[0]
    assert herts["text"] == "78.5%" and f">{herts['text']}<" in row


def test_the_panel_of_a_changed_2017_area_links_to_its_2021_area(client):
    html = client.get("/panel/E37000017").get_data(as_text=True)
    assert "cover a different area" in html
    assert 'href="/?set=leps2021&amp;area=E37000048"' in html
    assert ">78.5<" not in html
    assert "<td>68.7</td>" in client.get("/panel/E37000001").get_data(as_text=True)


def test_the_map_url_chooses_the_set_and_measure(client):
    html = client.get("/?set=leps2021&measure=employment_rate_change&area=E37000048").get_data(
        as_text=True
    )
    assert 'data-set="leps2021"' in html and 'data-measure="employment_rate_change"' in html
    assert '<option value="leps2021" selected>' in html
    # the opening panel, from the 2021 set; the unit is in the row's header
    assert "<td>-0.9</td>" in html and "(percentage points)" in html
    fallback = client.get("/?set=nonsense&measure=<b>").get_data(as_text=True)
    assert 'data-set="summaries2018"' in fallback and 'data-measure=""' in fallback
    assert client.get("/panel/E37000048?set=nonsense").status_code == 400
    assert client.get("/panel/E37000048").status_code == 404  # not a 2018 summary area
