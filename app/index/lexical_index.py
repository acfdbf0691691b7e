"""The BM25 index's life beside the docstore: loaded once, reloaded when an ingest saved a newer one,
rebuilt only when it lags the docstore (a run that died), written only by the ingest-lock holder."""

from __future__ import annotations

from pathlib import Path

from app.index.locking import IngestLock, IngestLocked, locked
from app.index.store import DocStore
from app.text.lexical import TOKENIZER_VERSION, LexicalIndex


class LexicalLifecycle:
    def __init__(self, docstore: DocStore, directory: Path, lock_path: Path):
        self.docstore = docstore
        self.dir = directory
        self.lock_path = lock_path
        self.current: LexicalIndex | None = None

    def version(self) -> str:
        """The docstore's chunks and the tokenizer they were indexed with."""
        return f"{self.docstore.version()}/t{TOKENIZER_VERSION}"

    def get(self) -> LexicalIndex:
        version = self.version()
        if self.current is not None and (self.current.version == version or locked(self.lock_path)):
            # Current, or an ingest is running (it saves its BM25 when it ends): the one loaded is safe to
            # serve meanwhile, since the docstore filters the chunks it no longer lists.
            return self.current
        try:
            loaded = LexicalIndex.load(self.dir)
        except Exception:  # caught mid-swap by an ingest in another process
            loaded = None
        if loaded is None or loaded.version != version:
            try:
                # Only the lock holder writes bm25/: two writers would delete each other's files.
                with IngestLock(self.lock_path):
                    loaded = self.rebuild()
            except IngestLocked:
                if loaded is None:
                    loaded = self.rebuild(save=False)
        self.current = loaded
        return loaded

    def rebuild(self, save: bool = True) -> LexicalIndex:
        version = self.version()
        pairs = list(self.docstore.iter_search_texts())
        lexical = LexicalIndex.build([p[0] for p in pairs], [p[1] for p in pairs], version)
        if save:
            lexical.save(self.dir)
        self.current = lexical
        return lexical

    def saved(self) -> bool:
        return LexicalIndex.load(self.dir) is not None
