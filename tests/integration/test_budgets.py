"""Byte budgets on the real data (issue 7): counts of bytes, not timings."""

import re

import pytest

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
    urls = re.findall(r'(?:src|href|data-boundaries)="(/assets/[^"]+)"', html)
    return {path: gzipped_size(client, path)} | {url: gzipped_size(client, url) for url in urls}


@pytest.mark.parametrize("path", ["/", "/embed", "/embed?area=E37000017"])
def test_the_first_view_is_at_most_100_kb_gzipped(client, path):
    sizes = first_view_bytes(client, path)
    assert sum(sizes.values()) <= 100 * KB, sizes


def test_the_boundaries_are_at_most_30_kb_gzipped(client):
    (url,) = re.findall(r'data-boundaries="([^"]+)"', client.get("/").get_data(as_text=True))
    assert gzipped_size(client, url) <= 30 * KB


@pytest.mark.parametrize("code", ["E37000017", "E37000001", "E37000005", "S92000003"])
def test_an_areas_detail_is_at_most_5_kb(client, code):
    assert len(client.get(f"/panel/{code}").data) <= 5 * KB
