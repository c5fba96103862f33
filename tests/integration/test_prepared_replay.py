"""The replay layer in front of Flask (geoapp/web/prepared.py) answers only what Flask
would answer the same way: byte ranges and other Host headers still go through Flask."""


def test_a_range_request_after_a_replayed_download_still_gets_its_range(client):
    whole = client.get("/downloads/areas.gpkg")
    assert whole.status_code == 200
    again = client.get("/downloads/areas.gpkg")  # now replayed from the first answer
    assert again.data == whole.data
    part = client.get("/downloads/areas.gpkg", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.data == whole.data[:100]


def test_a_forged_host_is_refused_even_once_a_download_is_replayed(client):
    assert client.get("/downloads/areas.csv").status_code == 200
    assert client.get("/downloads/areas.csv").status_code == 200
    forged = client.get("/downloads/areas.csv", headers={"Host": "attacker.example"})
    assert forged.status_code == 400
