import shapely

from geoapp.diskcache import cache_key, cached_text, shapes_digest


def test_a_result_is_built_once_then_read_back(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return "result"

    assert cached_text(tmp_path, "thing", "k1", build) == "result"
    assert cached_text(tmp_path, "thing", "k1", build) == "result"
    assert len(calls) == 1
    assert cached_text(tmp_path, "thing", "k2", build) == "result"  # another key: rebuilt
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing-k1", "thing-k2"]


def test_without_a_usable_folder_it_still_answers(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert cached_text(blocked / "sub", "thing", "k", lambda: "fresh") == "fresh"
    assert cached_text(None, "thing", "k", lambda: "fresh") == "fresh"


def test_keys_change_with_any_part_and_any_vertex():
    square = shapely.box(0, 0, 1, 1)
    moved = shapely.box(0, 0, 1, 1.000001)
    assert shapes_digest({"A": square}) == shapes_digest({"A": shapely.box(0, 0, 1, 1)})
    assert shapes_digest({"A": square}) != shapes_digest({"A": moved})
    assert shapes_digest({"A": square}) != shapes_digest({"B": square})
    assert cache_key("a", 1) != cache_key("a", 2)
