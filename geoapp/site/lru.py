"""One bounded cache for everything the app makes once and serves many times.

Rendered pages, gzipped bodies and OGC API answers are keyed by what they depend on;
some of that comes from the request (a query, a Host header), so the cache is bounded by
entries and by bytes, least recently used dropped first: keys made up to bust the cache
only ever evict, never grow memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


def length(value: Any) -> int:
    """Return ``len(value)``: the default size, for values that have one (bytes, str)."""
    return len(value)


class LruCache(Generic[Value]):
    """Values by key, at most ``entries`` of them and ``max_bytes`` in all (``size`` of
    each value, ``len`` by default); safe across threads."""

    def __init__(
        self,
        entries: int,
        max_bytes: int | None = None,
        size: Callable[[Value], int] | None = None,
    ):
        self._entries, self._max_bytes = entries, max_bytes
        self._size: Callable[[Value], int] = length if size is None else size
        self._store: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Value]) -> Value:
        """Return the value for ``key``, made with ``build()`` the first time.

        ``build`` runs outside the lock, so a slow one holds up no other key; what it
        raises reaches the caller and nothing is stored. A value larger than the whole
        budget is returned but not kept.
        """
        found = self.find(key)
        if found is not None:
            return found
        value = build()
        self.keep(key, value)
        return value

    def find(self, key: Hashable) -> Value | None:
        """Return the value held for ``key`` (now the most recently used), or None."""
        with self._lock:
            stored = self._store.get(key)
            if stored is None:
                return None
            self._store.move_to_end(key)
            return stored[0]

    def keep(self, key: Hashable, value: Value) -> None:
        """Hold ``value`` for ``key``, dropping the least recently used beyond the bounds;
        a value larger than the whole budget is not held."""
        size = self._size(value)
        if self._max_bytes is not None and size > self._max_bytes:
            return
        with self._lock:
            if key in self._store:  # another thread made it meanwhile
                self._bytes -= self._store.pop(key)[1]
            self._store[key] = (value, size)
            self._bytes += size
            while len(self._store) > self._entries or (
                self._max_bytes is not None and self._bytes > self._max_bytes
            ):
                self._bytes -= self._store.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._store)

    @property
    def bytes(self) -> int:
        """The total ``size`` of the values held."""
        return self._bytes

    def clear(self) -> None:
        """Forget every value (an export renders pages differently: geoapp/web/export.py)."""
        with self._lock:
            self._store.clear()
            self._bytes = 0
