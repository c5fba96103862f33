import shapely

from geoapp.inputs.diskcache import cache_key, cached_text, shapes_digest, unsealed


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


def test_a_damaged_file_is_rebuilt_with_a_warning(tmp_path, caplog):
    cached_text(tmp_path, "thing", "k", lambda: '{"a": 1}')
    path = tmp_path / "thing-k"
    for damage in (path.read_bytes()[:-3], path.read_bytes().replace(b"1", b"2"), b'{"a": 1}'):
        path.write_bytes(damage)  # truncated, overwritten, or from before checksums
        assert cached_text(tmp_path, "thing", "k", lambda: '{"a": 1}') == '{"a": 1}'
        assert unsealed(path.read_bytes()) == '{"a": 1}'
    assert caplog.text.count("is damaged (checksum mismatch): rebuilding it") == 3


def test_damaged_cache_files_never_reach_the_site(tiny_world_2021, caplog):
    """Truncate every cache file the tiny world makes (display topologies, counterparts;
    the real data adds mended shapes and districts): the next start-up rebuilds each one
    and serves what it served before."""
    from geoapp import create_app

    config, cache = tiny_world_2021, tiny_world_2021["cache_dir"]
    first = create_app(config).extensions["geoapp"].site
    files = sorted(path for path in cache.iterdir() if path.is_file())
    assert {path.name.split("-")[0] for path in files} >= {"topology", "counterparts"}
    for path in files:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    again = create_app(config).extensions["geoapp"].site
    for key in first.area_sets:
        name = f"{key}.topojson"
        assert again.assets.versioned_name(name) == first.assets.versioned_name(name)
    assert caplog.text.count("checksum mismatch") == len(files)
    assert all(unsealed(path.read_bytes()) is not None for path in files)
