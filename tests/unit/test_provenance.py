"""Where a summary's figures were read from (its [provenance]) is shown as text."""

from __future__ import annotations


def test_a_hostile_file_name_in_the_provenance_stays_text(tiny_world):
    from geoapp import create_app

    summary = tiny_world["data_dir"] / "summaries" / "E37000001.toml"
    summary.write_text(
        summary.read_text()
        + '\n[provenance]\nfile = "<img src=x onerror=alert(1)>.pdf"\n'
        + f'sha256 = "{"a" * 64}"\nread = 2026-12-01\nstatus = "reviewed"\n'
    )
    app = create_app(tiny_world)
    html = app.test_client().get("/areas/E37000001").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
    assert "checked against it by a person" in html
