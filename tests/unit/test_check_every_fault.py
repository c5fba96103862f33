"""`geoapp check` names every fault (file, field, reason), all at once, one tiny broken file
at a time; and `geoapp serve` refuses to start on the same faults with the same lines."""

from __future__ import annotations

import json
import re

import pytest

from geoapp.inputs.boundaries import sha256_of

SUMMARY = "summaries/E37000001.toml"


def problem_lines(stderr: str) -> list[str]:
    """The problem lines the command printed, without the header line."""
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def run_check(runner, capsys) -> list[str]:
    """Run ``geoapp check`` on the tiny world (failing); return its problem lines."""
    assert runner(["check"]) == 1
    return problem_lines(capsys.readouterr().err)


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def edit_boundary(world, name: str, change, keep_checksum: bool = True) -> None:
    """Change a boundary file (``change`` takes and returns its GeoJSON as a dict); by
    default the manifest gets its new checksum, so the change itself is what is checked."""
    path = world["boundaries_dir"] / name
    old_sum = sha256_of(path)
    path.write_text(json.dumps(change(json.loads(path.read_text()))))
    if keep_checksum:
        edit(world["boundaries_manifest"], old_sum, sha256_of(path))


def rename_first_feature(collection: dict) -> dict:
    collection["features"][0]["properties"]["LEP17CD"] = "E37000001"
    return collection


def assert_reported(lines: list[str], file: str, field: str, reason: str) -> None:
    pattern = re.compile(rf"\S*{re.escape(file)}: {re.escape(field)}{': ' if field else ''}.*")
    assert any(pattern.fullmatch(line) and reason in line for line in lines), lines


# (where, old text, new text, file, field, part of the reason): one fault per case.
DATA_FAULTS = {
    "unknown area code in a summary": (
        SUMMARY,
        'code = "E37000001"',
        'code = "E37000099"',
        "E37000001.toml",
        "code",
        "unknown area code 'E37000099'",
    ),
    "unknown area code in the register": (
        "areas.toml",
        "[areas.E37000002]",
        "[areas.E37000077]",
        "areas.toml",
        "areas.E37000077",
        "unknown area code: no boundary has it",
    ),
    "a figure given twice": (
        SUMMARY,
        "businesses = 58305",
        "businesses = 58305\nbusinesses = 58306",
        "E37000001.toml",
        "",
        "cannot read the file",
    ),
    "negative figure": (
        SUMMARY,
        "population = 1116300",
        "population = -1116300",
        "E37000001.toml",
        "figures.population",
        "must not be negative",
    ),
    "figure as text": (
        SUMMARY,
        "population = 1116300",
        'population = "1,116,300"',
        "E37000001.toml",
        "figures.population",
        "must be a whole number as printed",
    ),
    "figure with decimals": (
        SUMMARY,
        "businesses = 58305",
        "businesses = 58305.5",
        "E37000001.toml",
        "figures.businesses",
        "must be a whole number",
    ),
    "malformed amount": (
        SUMMARY,
        'amount = "£2.5m"',
        'amount = "2.5 million pounds"',
        "E37000001.toml",
        "investments[1].amount",
        "is not a sum like",
    ),
    "amount not in whole pounds": (
        SUMMARY,
        'amount = "£60m"',
        'amount = "£1.2345k"',
        "E37000001.toml",
        "case_study.amount",
        "not a whole number of pounds",
    ),
    "missing source": (
        SUMMARY,
        "[source]",
        "[origin]",
        "E37000001.toml",
        "source",
        "missing: every figure needs its source",
    ),
    "source without a title": (
        SUMMARY,
        'title = "Local summary: Alpha"',
        "",
        "E37000001.toml",
        "source.title",
        "missing",
    ),
    "source address that is not a web address": (
        SUMMARY,
        "published = 2018-12-03\n",
        'published = 2018-12-03\nurls = ["javascript:alert(1)"]\n',
        "E37000001.toml",
        "source.urls",
        "'javascript:alert(1)' is not an http:// or https:// address",
    ),
    "unreadable summary (not TOML)": (
        SUMMARY,
        "[figures]",
        "[figures",
        "E37000001.toml",
        "",
        "cannot read the file",
    ),
}


@pytest.mark.parametrize("fault", DATA_FAULTS, ids=list(DATA_FAULTS))
def test_each_kind_of_data_fault_is_named(tiny_world, runner, capsys, fault):
    where, old, new, file, field, reason = DATA_FAULTS[fault]
    edit(tiny_world["data_dir"] / where, old, new)
    assert_reported(run_check(runner, capsys), file, field, reason)


def test_a_summary_that_is_not_text_is_named(tiny_world, runner, capsys):
    (tiny_world["data_dir"] / "summaries" / "E37000002.toml").write_bytes(b"\xff\xfe\x00<")
    lines = run_check(runner, capsys)
    assert_reported(lines, "E37000002.toml", "", "cannot read the file")


def test_a_register_with_the_wrong_shape_is_named(tiny_world, runner, capsys):
    register = tiny_world["data_dir"] / "areas.toml"
    publication = register.read_text().split("[areas.")[0]
    register.write_text('areas = "all of them"\n' + publication)
    lines = run_check(runner, capsys)
    assert_reported(lines, "areas.toml", "areas", "must be a table")


def test_a_missing_register_is_named(tiny_world, runner, capsys):
    (tiny_world["data_dir"] / "areas.toml").unlink()
    assert_reported(run_check(runner, capsys), "areas.toml", "", "cannot read the file")


def test_a_second_summary_of_an_area_is_named(tiny_world, runner, capsys):
    summaries = tiny_world["data_dir"] / "summaries"
    (summaries / "E37000001-copy.toml").write_text((summaries / "E37000001.toml").read_text())
    lines = run_check(runner, capsys)
    assert_reported(lines, "E37000001.toml", "code", "a second summary for E37000001")


def test_a_boundary_checksum_mismatch_is_named(tiny_world, runner, capsys):
    edit_boundary(tiny_world, "leps.geojson", rename_first_feature, keep_checksum=False)
    lines = run_check(runner, capsys)
    assert_reported(lines, "leps.geojson", "sha256", "does not match the manifest's")


def test_a_missing_boundary_file_is_named(tiny_world, runner, capsys):
    (tiny_world["boundaries_dir"] / "nations.geojson").unlink()
    lines = run_check(runner, capsys)
    assert_reported(lines, "nations.geojson", "", "not found in")


def test_an_unreadable_boundary_file_is_named(tiny_world, runner, capsys):
    path = tiny_world["boundaries_dir"] / "leps.geojson"
    old_sum = sha256_of(path)
    path.write_bytes(b"this is not a boundary file")
    edit(tiny_world["boundaries_manifest"], old_sum, sha256_of(path))
    lines = run_check(runner, capsys)
    assert_reported(lines, "leps.geojson", "", "GDAL cannot read it")


def test_a_duplicate_boundary_code_is_named(tiny_world, runner, capsys):
    edit_boundary(tiny_world, "leps.geojson", rename_first_feature)
    lines = run_check(runner, capsys)
    assert_reported(lines, "summaries2018", "code", "duplicate code E37000001")


def test_a_boundary_field_the_manifest_names_wrongly_is_named(tiny_world, runner, capsys):
    edit(tiny_world["boundaries_manifest"], 'name_field = "LEP17NM"', 'name_field = "NAME"')
    lines = run_check(runner, capsys)
    assert_reported(lines, "leps.geojson", "NAME", "field not in the file")


def test_an_unreadable_manifest_is_named(tiny_world, runner, capsys):
    edit(tiny_world["boundaries_manifest"], "[layers.lep2017]", "[layers.lep2017")
    lines = run_check(runner, capsys)
    assert_reported(lines, "manifest.toml", "", "cannot read the manifest")


def test_a_manifest_with_the_wrong_shape_is_named(tiny_world, runner, capsys):
    edit(tiny_world["boundaries_manifest"], 'layers = ["lep2017", "nations2017"]', "layers = 5")
    lines = run_check(runner, capsys)
    assert_reported(lines, "manifest.toml", "area_sets.summaries2018.layers", "must be a list")


def test_a_boundary_without_a_code_or_a_shape_is_named(tiny_world, runner, capsys):
    def damage(collection: dict) -> dict:
        collection["features"][0]["properties"]["LEP17CD"] = None
        collection["features"][1]["geometry"] = None
        return collection

    edit_boundary(tiny_world, "leps.geojson", damage)
    lines = run_check(runner, capsys)
    assert_reported(lines, "leps.geojson", "LEP17CD", "missing")
    assert_reported(lines, "leps.geojson", "geometry", "no shape")


def break_everything(world) -> None:
    """A boundary checksum mismatch, two bad summaries and a bad register, together."""
    edit_boundary(world, "nations.geojson", lambda c: {**c, "name": "x"}, keep_checksum=False)
    data = world["data_dir"]
    edit(data / SUMMARY, "population = 1116300", "population = -3")
    edit(data / SUMMARY, 'amount = "£60m"', 'amount = "sixty million"')
    (data / "summaries" / "E37000002.toml").write_text('code = "E37000002"\nstatus = "done"\n')
    edit(data / "areas.toml", 'national_amount = "£45bn"', 'national_amount = "lots"')


def test_faults_in_boundaries_and_data_are_all_reported_at_once(tiny_world, runner, capsys):
    break_everything(tiny_world)
    lines = run_check(runner, capsys)
    assert_reported(lines, "nations.geojson", "sha256", "does not match")
    assert_reported(lines, "E37000001.toml", "figures.population", "must not be negative (-3)")
    assert_reported(lines, "E37000001.toml", "case_study.amount", "'sixty million'")
    assert_reported(lines, "E37000002.toml", "status", "must be one of")
    assert_reported(lines, "E37000002.toml", "source", "missing")
    assert_reported(lines, "areas.toml", "publication.national_amount", "'lots'")
    # The boundaries being unreadable does not make every code look unknown.
    assert not [line for line in lines if "unknown area code" in line]
    assert len(lines) == len(set(lines))


def test_serve_refuses_to_start_with_the_same_lines_as_check(tiny_world, runner, capsys):
    break_everything(tiny_world)
    checked = run_check(runner, capsys)
    assert runner(["serve", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"geoapp serve: cannot start: {len(checked)} problem(s):")
    assert problem_lines(err) == checked


def test_statistics_faults_are_named_with_data_faults(tiny_world_2021, runner, capsys):
    ons = tiny_world_2021["data_dir"] / "ons" / "statistics.csv"
    edit(ons, "E37000001,Alpha,ubc_enterprises_total,March 2018,33330", "E37000001,Alpha,x,y,1")
    edit(ons, "Jan 2018-Dec 2018,1000", "Jan 2018-Dec 2018,a thousand")
    edit(tiny_world_2021["data_dir"] / SUMMARY, "population = 1116300", "population = -1")
    lines = run_check(runner, capsys)
    assert_reported(lines, "statistics.csv", "line 6: measure", "unknown measure or period")
    assert_reported(lines, "statistics.csv", "line 7: value", "must be a whole number")
    assert_reported(lines, "E37000001.toml", "figures.population", "must not be negative")


def test_broken_2021_boundaries_do_not_flag_every_statistic(tiny_world_2021, runner, capsys):
    edit_boundary(tiny_world_2021, "leps2021.geojson", lambda c: {**c, "x": 1}, keep_checksum=False)
    lines = run_check(runner, capsys)
    assert_reported(lines, "leps2021.geojson", "sha256", "does not match")
    assert not [line for line in lines if "statistics.csv" in line]


def test_digits_of_other_scripts_are_named_not_a_traceback(tiny_world_2021, runner, capsys):
    """'33330²' passes str.isdigit() but int() refuses it; '£１m' has a full-width 1. Both
    are listed problems (and `geoapp check` never prints a traceback)."""
    ons = tiny_world_2021["data_dir"] / "ons" / "statistics.csv"
    edit(ons, "March 2018,33330", "March 2018,33330²")
    edit(ons, "Jan 2018-Dec 2018,1000", "Jan 2018-Dec 2018,١٠٠٠")
    summary = tiny_world_2021["data_dir"] / SUMMARY
    summary.write_text(
        re.sub(r'amount = "£[^"]*"', 'amount = "£１m"', summary.read_text(), count=1)
    )
    lines = run_check(runner, capsys)
    assert_reported(lines, "statistics.csv", "line 6: value", "digits 0-9, not '33330²'")
    assert_reported(lines, "statistics.csv", "line 7: value", "digits 0-9, not '١٠٠٠'")
    assert any("E37000001.toml" in line and "'£１m' is not a sum" in line for line in lines)
    assert "Traceback" not in capsys.readouterr().err


def test_a_fault_no_validator_foresaw_is_a_listed_problem(tiny_world_2021, runner, capsys):
    """A shape the validators never expected (measures that are a number, not a table)
    becomes a problem naming the input, in check and at start-up alike."""
    measures = tiny_world_2021["data_dir"] / "ons" / "measures.toml"
    measures.write_text("measures = 5\n" + measures.read_text().split("[measures.")[0])
    lines = run_check(runner, capsys)
    assert any("ons: cannot be checked: AttributeError" in line for line in lines), lines
    assert runner(["serve", "--port", "0"]) == 1
    assert problem_lines(capsys.readouterr().err) == lines
