"""Byte budgets on the real data (issue 7): counts of bytes, not timings."""

import pytest
from pages import boundary_urls, first_view_urls

KB = 1000
GZIP = {"Accept-Encoding": "gzip"}


def gzipped_size(client, url: str) -> int:
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200, url
    assert response.headers.get("Content-Encoding") == "gzip", url
    return len(response.data)


def first_view_bytes(client, path: str) -> dict[str, int]:
    """Gzipped bytes of a page and of everything it loads (basemap tiles aside)."""
    html = client.get(path).get_data(as_text=True)
    urls = first_view_urls(html)
    return {path: gzipped_size(client, path)} | {url: gzipped_size(client, url) for url in urls}


@pytest.mark.parametrize("path", ["/", "/embed", "/embed?area=E37000017"])
def test_the_first_view_is_at_most_100_kb_gzipped(client, path):
    sizes = first_view_bytes(client, path)
    assert sum(sizes.values()) <= 100 * KB, sizes


def test_each_set_of_boundaries_is_at_most_30_kb_gzipped(client):
    urls = boundary_urls(client.get("/").get_data(as_text=True))
    assert set(urls) == {"summaries2018", "leps2021"}
    for url in urls.values():
        assert gzipped_size(client, url) <= 30 * KB, url


@pytest.mark.parametrize("code", ["E37000017", "E37000001", "E37000005", "S92000003"])
def test_an_areas_detail_is_at_most_5_kb(client, code):
    assert len(client.get(f"/panel/{code}").data) <= 5 * KB
