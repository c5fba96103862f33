import pytest

from geoapp.inputs.figures import load_figures, parse_amount
from geoapp.inputs.problems import DataError

CODES = {"E37000001", "E37000002", "S92000003"}


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("£2.5m", 2_500_000),
        ("£34m", 34_000_000),
        ("£45bn", 45_000_000_000),
        ("£8.2m", 8_200_000),
        ("£500", 500),
        ("£1.25k", 1_250),
    ],
)
def test_amounts_are_read_exactly_as_printed(text, pounds):
    amount = parse_amount(text)
    assert (amount.text, amount.gbp) == (text, pounds)


@pytest.mark.parametrize("text", ["2.5m", "£2,5m", "£m", "£2.5 m", "£1.2345k", "", 25, None])
def test_malformed_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_the_tiny_world_loads(tiny_world):
    figures = load_figures(tiny_world["data_dir"], CODES)
    alpha = figures.summaries["E37000001"]
    assert alpha.figures == {
        "population": 1116300,
        "businesses": 58305,
        "people_in_employment": 609000,
    }
    assert [i.amount.gbp if i.amount else None for i in alpha.investments] == [2_500_000, None]
    assert alpha.case_study.amount.text == "£60m"
    assert figures.lis_waves["S92000003"] == "not applicable"
    assert "E37000002" not in figures.summaries


def problems_after(tiny_world, old, new, file="summaries/E37000001.toml"):
    path = tiny_world["data_dir"] / file
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(DataError) as raised:
        load_figures(tiny_world["data_dir"], CODES)
    return [(p.file.rsplit("/", 1)[-1], p.field, p.reason) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ('code = "E37000001"', 'code = "E37000099"', "code", "unknown area code"),
        ("population = 1116300", "population = -5", "figures.population", "negative"),
        ("population = 1116300", 'population = "1,116,300"', "figures.population", "whole number"),
        ("population = 1116300", "population = 1116300.0", "figures.population", "whole number"),
        ("population = 1116300", "population = true", "figures.population", "whole number"),
        ("population = 1116300", "jobs = 5", "figures.jobs", "unknown figure"),
        ('amount = "£2.5m"', 'amount = "2.5 million"', "investments[1].amount", "not a sum"),
        (
            '[source]\ntitle = "Local summary: Alpha"\npublisher = "BEIS"\n'
            "published = 2018-12-03\n",
            "",
            "source",
            "missing",
        ),
        ('status = "complete"', 'status = "done"', "status", "must be one of"),
        ('name = "A Catapult"', 'name = ""', "case_study.name", "non-empty"),
        ("[figures]", "[figures", "", "cannot read"),
    ],
)
def test_each_kind_of_bad_summary_is_reported_with_file_field_and_reason(
    tiny_world, old, new, field, reason
):
    problems = problems_after(tiny_world, old, new)
    assert any(
        f == "E37000001.toml" and fld == field and reason in why for f, fld, why in problems
    ), problems


def test_register_faults_name_the_area(tiny_world):
    problems = problems_after(
        tiny_world, "[areas.E37000002]", "[areas.E37000077]", file="areas.toml"
    )
    assert ("areas.toml", "areas.E37000077", "unknown area code: no boundary has it") in problems
    assert ("areas.toml", "areas.E37000002", "area missing from the register") in problems


def test_every_problem_in_every_file_is_reported_at_once(tiny_world):
    summaries = tiny_world["data_dir"] / "summaries"
    copy = (summaries / "E37000001.toml").read_text()
    (summaries / "E37000001-copy.toml").write_text(
        copy.replace("businesses = 58305", "businesses = -1")
    )
    (summaries / "E37000002.toml").write_bytes(b"\xff\xfe not text")
    problems = problems_after(tiny_world, "population = 1116300", "population = -1")
    assert ("E37000001.toml", "figures.population", "must not be negative (-1)") in problems
    assert any(f == "E37000001-copy.toml" and fld == "figures.businesses" for f, fld, _ in problems)
    assert any(f == "E37000002.toml" and "cannot read" in why for f, _, why in problems)


def test_a_second_summary_for_the_same_area_is_refused(tiny_world):
    summaries = tiny_world["data_dir"] / "summaries"
    (summaries / "E37000001-again.toml").write_text((summaries / "E37000001.toml").read_text())
    with pytest.raises(DataError) as raised:
        load_figures(tiny_world["data_dir"], CODES)
    assert [p.reason for p in raised.value.problems] == ["a second summary for E37000001"]
