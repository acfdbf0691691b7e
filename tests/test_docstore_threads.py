"""The docstore's one connection is shared by the UI's worker threads (and a replica's pull)."""

import pytest

import threading

from app.index.store import DocStore

pytestmark = pytest.mark.unit


def test_concurrent_writers_take_turns(tmp_path):
    store = DocStore(tmp_path / "docstore.sqlite3")
    errors = []

    def write(i):
        try:
            for j in range(200):
                store.set_meta(f"k{i}", str(j))
        except Exception as exc:  # before the write lock: "cannot start a transaction within a transaction"
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [store.get_meta(f"k{i}") for i in range(4)] == ["199"] * 4
