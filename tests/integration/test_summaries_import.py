"""geoapp summaries import: PDFs made here from the Hertfordshire page and its variants."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
import summary_pdfs as pdfs

from geoapp.config import PROJECT_ROOT
from geoapp.inputs.figures import load_figures, read_summary
from geoapp.inputs.problems import DataError, Problem
from geoapp.summaries_import.commands import report
from geoapp.summaries_import.importer import Pdf, import_pdfs, read_register

DATA = PROJECT_ROOT / "data"
PLACES = ("Stevenage", "Welwyn Hatfield", "Wolverhampton", "Dudley", "Walsall", "Glasgow City")
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def hertfordshire_pdf() -> bytes:
    return pdfs.render(pdfs.hertfordshire())


@pytest.fixture()
def data_dir(tmp_path):
    """A copy of data/'s register with no summaries yet."""
    (tmp_path / "summaries").mkdir()
    shutil.copy(DATA / "areas.toml", tmp_path / "areas.toml")
    return tmp_path


def run(data_dir, *files: tuple[str, bytes], **options):
    register = read_register(data_dir, PLACES)
    items = [Pdf(data, name) for name, data in files]
    return import_pdfs(items, data_dir, register, today=TODAY, **options)


def summary_of(path):
    problems: list[Problem] = []
    result = read_summary(path, {"E37000017", "E37000001", "S92000003"}, problems)
    assert problems == []
    return result[1]


def printed(summary):
    """The fields a page prints (not where the file came from)."""
    return {
        f.name: getattr(summary, f.name)
        for f in dataclasses.fields(summary)
        if f.name not in ("source", "provenance", "note")
    }


@pytest.mark.parametrize("drawn", ["design", "reading"])
def test_the_hertfordshire_page_imports_to_exactly_our_transcription(data_dir, drawn):
    data = pdfs.render(pdfs.hertfordshire(), drawn=drawn)
    [outcome] = run(data_dir, ("Hertfordshire.pdf", data))
    assert (outcome.action, outcome.missing) == ("created", [])
    imported = summary_of(data_dir / "summaries" / "E37000017.toml")
    assert printed(imported) == printed(summary_of(DATA / "summaries" / "E37000017.toml"))
    assert imported.provenance.file == "Hertfordshire.pdf"
    assert imported.provenance.status == "imported"
    assert imported.provenance.read == TODAY
    assert imported.provenance.sha256 == Pdf(data, "").sha256
    assert imported.source.published == dt.date(2018, 12, 3)


def test_four_highlights_one_without_an_amount(data_dir):
    page = pdfs.hertfordshire()
    page = page.replace(
        highlights=[
            *page.highlights[:3],
            "Additional funding to improve full-fibre broadband availability for residents.",
        ]
    )
    [outcome] = run(data_dir, ("four.pdf", pdfs.render(page)))
    imported = summary_of(outcome.path)
    assert [(i.amount.text if i.amount else None) for i in imported.investments] == [
        "£2.5m",
        "£6m",
        "£34m",
        None,
    ]
    assert imported.investments[3].funds.startswith("Additional funding to improve")
    assert imported.status == "complete"


def black_country() -> pdfs.Page:
    return pdfs.hertfordshire().replace(
        title="Black Country",
        intro=["In the Black Country a partnership of business and civic leaders is working."],
        case_study_name="Case study: Elite Centre for Manufacturing Skills",
        case_study=[
            "The £8.2m Elite Centre for Manufacturing Skills has its hub at the Springfield "
            "Campus in Wolverhampton, with facilities in Dudley and Walsall."
        ],
        lis_line="Black Country LEP is part of the trailblazer West Midlands Local Industrial "
        "Strategy.",
    )


def test_a_case_study_on_several_sites_and_a_trailblazer_line(data_dir):
    [outcome] = run(data_dir, ("Black-Country.pdf", pdfs.render(black_country())))
    assert outcome.code == "E37000001"
    imported = summary_of(outcome.path)
    assert imported.case_study.place == "Wolverhampton, Dudley, Walsall"
    assert imported.case_study.amount.text == "£8.2m"
    assert imported.lis_line.startswith("Black Country LEP is part of the trailblazer West")


def test_a_nations_page(data_dir):
    page = pdfs.hertfordshire().replace(
        title="Scotland",
        intro=["In Scotland the UK government is working with partners across the country."],
        case_study_name="Case study: The Advanced Manufacturing Innovation District",
        case_study=["A £65m district near Glasgow City, with the University of Strathclyde."],
        lis_line="The UK government is working with the Scottish Government on City Region Deals.",
    )
    [outcome] = run(data_dir, ("Scotland.pdf", pdfs.render(page)))
    imported = summary_of(outcome.path)
    assert outcome.code == "S92000003"
    assert imported.lis_line.startswith("The UK government is working with the Scottish")
    assert imported.case_study.place == "Glasgow City"


def test_a_name_variant_is_recognised(data_dir):
    page = pdfs.hertfordshire().replace(title="Greater Cambridge & Greater Peterborough LEP")
    [outcome] = run(data_dir, ("cambs.pdf", pdfs.render(page)), dry_run=True)
    assert outcome.code == "E37000042"


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        (
            "letter.pdf",
            lambda: pdfs.letter("Dear colleague,\n\nPopulation growth is a matter for us all."),
            "not an Industrial Strategy local summary",
        ),
        ("cut.pdf", lambda: cut(pdfs.render(pdfs.hertfordshire())), "truncated"),
        ("scan.pdf", pdfs.scanned, "no text layer: the page holds only images"),
        ("notes.txt", lambda: b"Population: 1,116,300", "not a PDF file"),
        (
            "atlantis.pdf",
            lambda: pdfs.render(pdfs.hertfordshire().replace(title="Atlantis")),
            "its title 'Atlantis' is not the name of an area",
        ),
        (
            "twice.pdf",
            lambda: pdfs.render(pdfs.hertfordshire(), pdfs.hertfordshire()),
            "it has 2 pages; a summary is one page",
        ),
    ],
)
def test_files_that_are_not_one_summary_page_are_refused(data_dir, name, make, reason):
    [outcome] = run(data_dir, (name, make()))
    assert outcome.action == "refused"
    assert reason in outcome.reason
    assert list((data_dir / "summaries").iterdir()) == []


def test_two_pages_for_one_area_are_both_refused(data_dir, hertfordshire_pdf):
    other = pdfs.render(pdfs.hertfordshire().replace(population="Population: 1,116,400"))
    outcomes = run(data_dir, ("a.pdf", hertfordshire_pdf), ("b.pdf", other))
    assert [o.action for o in outcomes] == ["refused", "refused"]
    assert "two pages for E37000017 (Hertfordshire): also b.pdf" in outcomes[0].reason
    assert list((data_dir / "summaries").iterdir()) == []
    # The very same file given twice is one page, read once.
    again = run(data_dir, ("a.pdf", hertfordshire_pdf), ("copy.pdf", hertfordshire_pdf))
    assert [o.action for o in again] == ["created", "unchanged"]


def test_a_figure_not_printed_as_a_count_is_left_out_and_listed(data_dir):
    page = pdfs.hertfordshire().replace(population="Population: 1.1m")
    amount = page.highlights[1].replace("£6m", "£6.25bn")
    page = page.replace(highlights=[page.highlights[0], amount, page.highlights[2]])
    [outcome] = run(data_dir, ("odd.pdf", pdfs.render(page)))
    assert [(p.file, p.field) for p in outcome.missing] == [
        ("odd.pdf", "figures.population"),
    ]
    imported = summary_of(outcome.path)
    assert "population" not in imported.figures
    assert imported.figures["businesses"] == 58305
    assert imported.status == "partial"
    assert "figures.population" in imported.note
    assert imported.investments[1].amount.text == "£6.25bn"


def test_an_amount_inside_a_highlight_is_never_read_as_no_amount(data_dir):
    page = pdfs.hertfordshire()
    inside = "Funding of up to £6m for the redevelopment of Hatfield train station."
    page = page.replace(highlights=[page.highlights[0], inside, page.highlights[2]])
    [outcome] = run(data_dir, ("inside.pdf", pdfs.render(page)))
    assert [(p.field, p.reason) for p in outcome.missing] == [
        ("investments[2]", "its amount '£6m' is not a sum like '£2.5m' at its start")
    ]
    assert len(summary_of(outcome.path).investments) == 2


def test_too_many_highlights_are_all_left_out(data_dir):
    page = pdfs.hertfordshire()
    page = page.replace(highlights=page.highlights * 2)
    [outcome] = run(data_dir, ("six.pdf", pdfs.render(page)))
    assert ("investments", "found 6 highlights; a page has 2 to 5") in [
        (p.field, p.reason) for p in outcome.missing
    ]
    assert summary_of(outcome.path).investments == ()


def test_changes_are_shown_as_a_diff_and_a_dry_run_writes_nothing(data_dir, hertfordshire_pdf):
    [first] = run(data_dir, ("h.pdf", hertfordshire_pdf))
    assert first.diff.startswith("--- /dev/null")
    before = first.path.read_text()
    changed = pdfs.render(pdfs.hertfordshire().replace(businesses="Businesses: 58,306"))
    [dry] = run(data_dir, ("h2.pdf", changed), dry_run=True)
    assert dry.action == "updated"
    assert "-businesses = 58305\n+businesses = 58306" in dry.diff
    assert first.path.read_text() == before
    [again] = run(data_dir, ("h.pdf", hertfordshire_pdf))
    assert (again.action, again.diff) == ("unchanged", "")


def test_reviewed_and_hand_written_files_are_kept_without_force(data_dir, hertfordshire_pdf):
    [first] = run(data_dir, ("h.pdf", hertfordshire_pdf))
    reviewed = first.path.read_text().replace('status = "imported"', 'status = "reviewed"')
    first.path.write_text(reviewed)
    [same] = run(data_dir, ("h.pdf", hertfordshire_pdf))  # the same PDF again: nothing to do
    assert same.action == "unchanged" and first.path.read_text() == reviewed
    changed = pdfs.render(pdfs.hertfordshire().replace(businesses="Businesses: 58,306"))
    [kept] = run(data_dir, ("h2.pdf", changed))
    assert kept.action == "refused"
    assert "marked 'reviewed': use --force" in kept.reason
    assert first.path.read_text() == reviewed
    [forced] = run(data_dir, ("h2.pdf", changed), force=True)
    assert forced.action == "updated"
    assert summary_of(first.path).figures["businesses"] == 58306
    shutil.copy(DATA / "summaries" / "E37000017.toml", first.path)  # written by a person
    [kept] = run(data_dir, ("h.pdf", hertfordshire_pdf))
    assert "written by a person" in kept.reason


def test_an_existing_file_of_another_name_is_the_one_updated(data_dir, hertfordshire_pdf):
    shutil.copy(DATA / "summaries" / "E37000017.toml", data_dir / "summaries" / "herts.toml")
    [outcome] = run(data_dir, ("h.pdf", hertfordshire_pdf), force=True)
    assert outcome.path == data_dir / "summaries" / "herts.toml"
    assert sorted(p.name for p in (data_dir / "summaries").iterdir()) == ["herts.toml"]


def test_the_report_lists_every_file_and_field(data_dir, hertfordshire_pdf, capsys):
    page = pdfs.hertfordshire().replace(population="Population: about a million")
    outcomes = run(data_dir, ("h.pdf", pdfs.render(page)), ("scan.pdf", pdfs.scanned()))
    assert report(outcomes, dry_run=False) == 1
    out, err = capsys.readouterr()
    assert "+population" not in out and "created: h.pdf" in out
    assert "refused scan.pdf: no text layer" in err
    assert "  h.pdf: figures.population: not printed in the form the importer knows" in err


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        (('sha256 = "', 'sha256 = "XYZ'), "provenance.sha256", "is not a SHA-256"),
        (('status = "imported"', 'status = "checked"'), "provenance.status", "must be one of"),
        (("read = 2026-12-01", 'read = "yesterday"'), "provenance.read", "must be a date"),
        (('file = "h.pdf"', "file = 3"), "provenance.file", "must be non-empty text"),
    ],
)
def test_check_validates_the_provenance(data_dir, hertfordshire_pdf, edit, field, reason):
    [outcome] = run(data_dir, ("h.pdf", hertfordshire_pdf))
    outcome.path.write_text(outcome.path.read_text().replace(*edit, 1))
    with pytest.raises(DataError) as error:
        load_figures(data_dir, {"E37000017", *read_register(data_dir).names})
    assert [(p.field, reason in p.reason) for p in error.value.problems] == [(field, True)]


def cut(data: bytes) -> bytes:
    """Return the first half of a file, as a broken download leaves it."""
    return data[: len(data) // 2]


def test_a_running_app_picks_up_an_import_on_reload(tiny_world):
    """What SIGHUP does (geoapp/site/reload.py; SIGHUP itself: tests/unit/test_reload_data.py,
    tests/integration/test_reload_servers.py)."""
    from geoapp import create_app, reload_data

    data = tiny_world["data_dir"]
    register = data / "areas.toml"
    register.write_text(
        register.read_text().replace(
            '[areas.E37000002]\nlis_wave = "wave 3"',
            '[areas.E37000002]\nlis_wave = "wave 3"\nprinted_names = ["Beta"]',
        )
    )
    app = create_app(tiny_world)
    beta = app.extensions["geoapp"].summaries
    assert beta.record(beta.get("E37000002"))["summary_status"] == "not available"
    listing = app.test_client().get("/areas").get_data(as_text=True)
    assert "We hold the summary page of 1 of the 3 areas in full;" in " ".join(listing.split())
    page = pdfs.hertfordshire().replace(title="Beta")
    [outcome] = import_pdfs(
        [Pdf(pdfs.render(page), "Beta.pdf")], data, read_register(data, ("Stevenage",))
    )
    assert outcome.action == "created"
    assert reload_data(app).swapped
    area_set = app.extensions["geoapp"].summaries
    record = area_set.record(area_set.get("E37000002"))
    assert (record["summary_status"], record["population"]) == ("complete", 1116300)
    assert record["provenance"]["file"] == "Beta.pdf"
    listing = app.test_client().get("/areas").get_data(as_text=True)
    assert "We hold the summary page of 2 of the 3 areas in full;" in " ".join(listing.split())
    page_html = app.test_client().get("/areas/E37000002").get_data(as_text=True)
    assert "Read from the PDF Beta.pdf on 20" in page_html
    assert "imported automatically, not yet checked by a person" in page_html
    assert '<strong class="amount">£6m</strong> for the redevelopment' in page_html


def test_the_command_shows_a_dry_run_and_names_an_unreadable_file(
    data_dir, hertfordshire_pdf, tmp_path, monkeypatch, capsys
):
    from geoapp.cli import main

    monkeypatch.setenv("GEOAPP_DATA_DIR", str(data_dir))
    path = tmp_path / "Hertfordshire.pdf"
    path.write_bytes(hertfordshire_pdf)
    assert main(["summaries", "import", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "+++ " in out and "+population = 1116300" in out
    assert "would be created: Hertfordshire.pdf" in out and "dry run: nothing written" in out
    assert list((data_dir / "summaries").iterdir()) == []
    assert main(["summaries", "import", str(tmp_path / "absent.pdf")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_each_diff_is_shown_before_its_file_is_written(data_dir, hertfordshire_pdf):
    target = data_dir / "summaries" / "E37000017.toml"
    shown = []
    run(data_dir, ("h.pdf", hertfordshire_pdf), show=lambda diff: shown.append(target.exists()))
    assert shown == [False] and target.exists()
