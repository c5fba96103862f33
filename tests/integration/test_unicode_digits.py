"""Every number in a request is read in the digits 0-9 only: other scripts' digits, which
Python's isdigit(), int() and float() partly accept, get a 400 with a message, never a 500
and never a silent reading as a number."""

from __future__ import annotations

import pytest

# Superscript two, circled one, Arabic-Indic 12, full-width 3, Devanagari 5, and digits
# that Python reads as numbers but no one types as ours.
ODD_DIGITS = ["²", "①", "١٢", "３", "५", "1_0", "٣٠٠"]

ROUTES = [
    "/oembed?url=http://localhost/&maxwidth={}",
    "/oembed?url=http://localhost/&maxheight={}",
    "/api/search?q=hertford&limit={}",
    "/api/areas/at?lat={}&lon=0",
    "/api/areas/at?lat=51&lon={}",
    "/panel/at?lat={}&lon=0",
    "/ogc/collections/areas/items?limit={}",
    "/ogc/collections/areas/items?offset={}",
    "/ogc/collections/areas/items?bbox={},50,1,52",
]


@pytest.mark.real_data
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("digits", ODD_DIGITS)
def test_digits_of_other_scripts_get_400_with_a_message(client, route, digits):
    response = client.get(route.format(digits), headers={"Accept": "application/json"})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "must be" in response.get_data(as_text=True)


@pytest.mark.real_data
def test_ascii_digits_still_work(client):
    assert client.get("/oembed?url=http://localhost/&maxwidth=400").status_code == 200
    assert client.get("/api/search?q=hertford&limit=2").status_code == 200
    assert client.get("/ogc/collections/areas/items?bbox=-1,50,1,52").status_code == 200
    assert client.get("/api/areas/at?lat=51.8&lon=-0.2").status_code == 200
