"""Lazily built, thread-safe parts of an object (models, indexes), and their invalidation."""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections import OrderedDict
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


def built_once(build):
    """A part built on first use by one thread only (functools.cached_property has no lock from
    Python 3.12 on, and two UI requests would each load the models). The value lives in the
    instance's __dict__ under the part's name, so a test may put a replacement there."""
    name = build.__name__

    @functools.wraps(build)
    def get(self):
        try:
            return self.__dict__[name]
        except KeyError:
            pass
        with self._build_lock:
            if name not in self.__dict__:
                self.__dict__[name] = build(self)
            return self.__dict__[name]

    return property(get)


class LazyParts:
    """Base for objects with `built_once` parts."""

    def __init__(self) -> None:
        self._build_lock = threading.RLock()

    def invalidate(self, *names: str) -> None:
        """Forget built parts; they are rebuilt on next use (e.g. term weights after the corpus changed)."""
        with self._build_lock:
            for name in names:
                self.__dict__.pop(name, None)

    def is_built(self, name: str) -> bool:
        return name in self.__dict__


class PerDocument(Generic[T]):
    """What `compute` reads from a document's text, kept per document (the most recent `size`) and
    recomputed when its text changes (it was indexed again)."""

    def __init__(self, compute: Callable[[str], T], empty: T, size: int = 64):
        self.compute, self.empty, self.size = compute, empty, size
        self._cache: OrderedDict[str, tuple[str, T]] = OrderedDict()
        self._lock = threading.Lock()  # the UI answers questions in threads

    def get(self, source: str, text: str | None) -> T:
        if not text:
            return self.empty
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            hit = self._cache.get(source)
            if hit and hit[0] == digest:
                self._cache.move_to_end(source)
                return hit[1]
        value = self.compute(text)
        with self._lock:
            self._cache[source] = (digest, value)
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return value


class PerIndex(Generic[T]):
    """What `build` makes of an index (its vocabulary, say), built once per index object and dropped with
    it: an ingest loads a new index, so what is built follows the corpus."""

    def __init__(self, build: Callable[[object], T]):
        self.build = build
        self._built: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, index: object) -> T:
        made = self._built.get(index)
        if made is None:
            made = self._built[index] = self.build(index)
        return made
