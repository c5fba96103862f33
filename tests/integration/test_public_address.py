"""Absolute URLs never carry an address an attacker chose: with GEOAPP_PUBLIC_BASE_URL
every one uses it, whatever Host a request names; without it, only allowed hosts are
answered; two Host headers or a malformed one get 400. Through a real server too."""

from __future__ import annotations

import socket
import threading

import pytest

from geoapp import create_app
from geoapp.web.server import make_server

FORGED = "attacker.example"
PUBLIC = "https://map.example.org/"
# Routes whose answers hold absolute URLs, and the slash-merge redirect.
ROUTES = [
    "/",
    "/embed?area=E37000017",
    "/areas/E37000017",
    "/oembed?url=https://map.example.org/areas/E37000017",
    "/ogc",
    "/ogc/collections",
    "/ogc/collections/areas",
    "/ogc/collections/areas/items?limit=2",
    "/ogc/collections/areas/items/E37000017",
    "/ogc/collections/areas/schema",
    "/ogc/openapi",
    "/ogc/conformance",
    "/downloads/areas.geojson",
    "/ogc//collections",
    "/areas/hertfordshire",
]


@pytest.fixture(scope="module")
def public_app():
    return create_app({"tiles_url": "none", "public_base_url": PUBLIC})


@pytest.mark.real_data
@pytest.mark.parametrize("route", ROUTES)
def test_with_a_public_address_a_forged_host_is_never_reflected(public_app, route):
    response = public_app.test_client().get(route, headers={"Host": FORGED})
    assert response.status_code in (200, 301, 308), route
    assert FORGED not in response.get_data(as_text=True)
    assert FORGED not in response.headers.get("Location", "")
    if response.status_code != 200:  # relative, or absolute on the public address
        assert response.headers["Location"].startswith(("/", PUBLIC))


@pytest.mark.real_data
def test_with_a_public_address_links_and_servers_use_it(public_app):
    client = public_app.test_client()
    items = client.get("/ogc/collections/areas/items?limit=2", headers={"Host": FORGED})
    next_link = next(link for link in items.get_json()["links"] if link["rel"] == "next")
    assert next_link["href"].startswith(PUBLIC + "ogc/collections/areas/items?")
    servers = client.get("/ogc/openapi", headers={"Host": FORGED}).get_json()["servers"]
    assert [server["url"] for server in servers] == [PUBLIC + "ogc"]
    oembed = client.get(f"/oembed?url={PUBLIC}embed", headers={"Host": FORGED}).get_json()
    assert oembed["html"].startswith(f'<iframe src="{PUBLIC}embed"')


@pytest.mark.real_data
def test_without_a_public_address_only_allowed_hosts_are_answered(client):
    assert client.get("/ogc", headers={"Host": "localhost:8000"}).status_code == 200
    refused = client.get("/ogc", headers={"Host": FORGED, "Accept": "application/json"})
    assert refused.status_code == 400
    assert "does not answer for the host" in refused.get_json()["message"]
    page = client.get("/areas", headers={"Host": FORGED})  # the friendly page, built whole
    assert page.status_code == 400 and "does not answer for the host" in page.get_data(as_text=True)
    redirect = client.get("/ogc//collections", headers={"Host": FORGED})
    assert redirect.status_code == 400 and "Location" not in redirect.headers


@pytest.mark.real_data
def test_an_operator_can_allow_their_own_host():
    app = create_app({"tiles_url": "none", "allowed_hosts": "maps.example.net, .example.com"})
    client = app.test_client()
    for host in ("maps.example.net", "www.example.com"):
        landing = client.get("/ogc", headers={"Host": host}).get_json()
        assert landing["links"][0]["href"].startswith(f"http://{host}/ogc")
    assert client.get("/ogc", headers={"Host": "localhost"}).status_code == 400


@pytest.mark.real_data
@pytest.mark.parametrize("host", ["localhost, attacker.example", "bad host", "a/b", "x:y:z"])
def test_malformed_hosts_get_400(client, public_app, host):
    for app_client in (client, public_app.test_client()):
        response = app_client.get("/ogc", headers={"Host": host, "Accept": "application/json"})
        assert response.status_code == 400, host


@pytest.mark.real_data
def test_two_host_headers_through_the_real_server_get_400(real_app):
    server = make_server(real_app, "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=5) as s:
            s.sendall(b"GET /ogc HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n\r\n")
            answer = s.recv(65536)
    finally:
        server.close()
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"attacker.example" not in answer
