"""Lazily built, thread-safe parts of an object (models, indexes), and their invalidation."""

from __future__ import annotations

import functools
import threading


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
