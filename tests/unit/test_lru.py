"""The one bounded cache: by entries, by bytes, least recently used out first."""

import pytest

from geoapp.site.lru import LruCache


def fill(cache: LruCache, keys) -> None:
    for key in keys:
        cache.get(key, lambda key=key: f"value {key}")


def test_a_value_is_made_once_then_served_from_the_cache():
    cache, calls = LruCache(4), []
    for _ in range(3):
        assert cache.get("k", lambda: calls.append(1) or "made") == "made"
    assert calls == [1]


def test_the_least_recently_used_entry_goes_first():
    cache = LruCache(2)
    fill(cache, ["a", "b"])
    cache.get("a", lambda: pytest.fail("a is held"))  # a is now the most recent
    fill(cache, ["c"])
    assert len(cache) == 2
    assert cache.get("b", lambda: "made again") == "made again"  # b went first


def test_bytes_are_bounded_whatever_the_number_of_keys():
    cache = LruCache(1000, max_bytes=100)
    for number in range(500):  # made-up keys, as a cache-busting client sends
        cache.get(number, lambda: b"x" * 30)
    assert cache.bytes <= 100 and len(cache) == 3


def test_a_value_larger_than_the_budget_is_served_but_not_kept():
    cache = LruCache(10, max_bytes=10)
    fill(cache, ["a"])
    assert cache.get("big", lambda: b"y" * 11) == b"y" * 11
    assert len(cache) == 1 and cache.bytes == len("value a")


def test_what_the_maker_raises_reaches_the_caller_and_nothing_is_kept():
    cache = LruCache(4)

    def refuse():
        raise LookupError("no such thing")

    with pytest.raises(LookupError):
        cache.get("missing", refuse)
    assert len(cache) == 0 and cache.bytes == 0


def test_sizes_can_be_measured_by_a_function():
    cache = LruCache(10, max_bytes=5, size=lambda pair: sum(map(len, pair)))
    cache.get("a", lambda: (b"12", b"3"))
    cache.get("b", lambda: (b"45", b"6"))
    assert len(cache) == 1 and cache.bytes == 3
