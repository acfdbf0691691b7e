"""The corpus of record on a Chroma server, for several app replicas sharing one index.

In server mode the Chroma server is the source of truth, and each replica's docstore and BM25 index
are a local cache of it:

- collection "chunks": one vector per chunk, its full record (JSON) in the metadata key "record";
- collection "documents": one entry per document — the text all offsets point into, and the ordered
  ids of its chunks. An entry is the commit point, as the docstore row is locally: ingest adds a
  document's vectors, then writes its entry, then deletes its stale vectors, so a chunk no entry lists
  is never served;
- the "chunks" collection's metadata: `cds_version`, a fresh random value written at the end of every
  ingest that changed something, and `cds_config`, the embedding model and chunking it was built with.

A replica compares `cds_version` with the one its cache was pulled at (one small HTTP request) and,
when they differ, pulls only the documents whose content or chunk list changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid

from app.records import Document
from app.index.store import DocStore, chunk_from_json, chunk_to_json

log = logging.getLogger(__name__)

DOCUMENTS = "documents"
VERSION_KEY, CONFIG_KEY = "cds_version", "cds_config"
# Chroma needs a vector for every entry; document entries are only looked up by id, so all share one.
_NO_VECTOR = [1.0]
_PAGE = 500


def make_client(settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
            headers=settings.chroma_headers or None, tenant=settings.chroma_tenant,
            database=settings.chroma_database, settings=ChromaSettings(anonymized_telemetry=False),
        )
    except Exception as exc:  # chromadb raises ValueError/ConnectError variants; say which server failed
        scheme = "https" if settings.chroma_ssl else "http"
        raise ChromaUnavailable(
            f"cannot reach the Chroma server at {scheme}://{settings.chroma_host}:{settings.chroma_port} "
            f"({exc}); start it with `chroma run --path DIR --host HOST --port PORT`"
        ) from None


class ChromaUnavailable(RuntimeError):
    pass


def chunk_record(chunk) -> str:
    return chunk_to_json(chunk)


def _doc_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()


class SharedCorpus:
    def __init__(self, client, chunks_collection: str):
        self.client = client
        self.chunks_name = chunks_collection
        self._docs()

    def _docs(self):
        # Looked up on every use (one cheap request): a rebuild by the ingesting process replaces it.
        # embedding_function=None: entries always carry their vector; Chroma's default would download a model.
        return self.client.get_or_create_collection(DOCUMENTS, embedding_function=None)

    def _chunks(self):
        return self.client.get_collection(self.chunks_name, embedding_function=None)

    def state(self) -> tuple[str, str, str]:
        """(version, config signature, collection id) of the server's corpus: one small request."""
        col = self._chunks()
        meta = col.metadata or {}
        return str(meta.get(VERSION_KEY, "")), str(meta.get(CONFIG_KEY, "")), str(col.id)

    # -- writes (the one ingesting process) -------------------------------------------------------
    def publish(self, doc: Document, chunk_ids: list[str]) -> None:
        self._docs().upsert(
            ids=[_doc_id(doc.source)], embeddings=[_NO_VECTOR], documents=[doc.text],
            metadatas=[{"source": doc.source, "title": doc.title, "format": doc.format, "sha256": doc.sha256,
                        "chunk_ids": json.dumps(chunk_ids)}],
        )

    def unpublish(self, source: str) -> None:
        self._docs().delete(ids=[_doc_id(source)])

    def clear(self) -> None:
        self.client.delete_collection(DOCUMENTS)
        self._docs()

    def commit(self, config: str) -> str:
        """Announce a new corpus state to the replicas."""
        version = uuid.uuid4().hex
        # modify() replaces the metadata; the distance function lives in the collection's configuration.
        self._chunks().modify(metadata={VERSION_KEY: version, CONFIG_KEY: config})
        return version

    # -- reads (every replica) --------------------------------------------------------------------
    def pull(self, docstore: DocStore, version: str) -> bool:
        """Make the local docstore list exactly the server's documents and chunks; True if it changed."""
        entries = {}
        docs = self._docs()
        offset = 0
        while True:
            page = docs.get(include=["metadatas"], limit=_PAGE, offset=offset)
            for i, meta in zip(page["ids"], page["metadatas"]):
                entries[meta["source"]] = (i, meta)
            if len(page["ids"]) < _PAGE:
                break
            offset += _PAGE
        local = {d.source: d for d in docstore.documents()}
        changed, complete = False, True
        for source in set(local) - set(entries):
            docstore.delete_document(source)
            changed = True
        todo = []
        for source, (doc_id, meta) in entries.items():
            ids = json.loads(meta["chunk_ids"])
            if not (source in local and local[source].sha256 == meta["sha256"] and docstore.chunk_ids(source) == ids):
                todo.append((source, doc_id, meta, ids))
        # Fetched in batches (a first pull of a large corpus is thousands of documents), applied per document.
        col = self._chunks()
        group: list = []
        for n, item in enumerate(todo):
            group.append(item)
            if n + 1 < len(todo) and len(group) < 100 and sum(len(g[3]) for g in group) < _PAGE:
                continue  # keep gathering
            got = docs.get(ids=[g[1] for g in group], include=["documents"])
            texts = dict(zip(got["ids"], got["documents"]))
            wanted = [cid for g in group for cid in g[3]]
            records = {}
            for i in range(0, len(wanted), _PAGE):
                got = col.get(ids=wanted[i : i + _PAGE], include=["metadatas"])
                records.update({cid: chunk_from_json(m["record"]) for cid, m in zip(got["ids"], got["metadatas"])})
            for source, doc_id, meta, ids in group:
                if doc_id not in texts or any(cid not in records for cid in ids):
                    # An ingest is replacing this document right now; the next check pulls it again.
                    log.warning("skipping %s: it is being replaced on the server", source)
                    complete = False
                    continue
                # Chunks this replica already had keep their answer units and unit vectors (same id, same text).
                kept_vectors = docstore.unit_vectors(ids)
                kept = docstore.chunks(list(kept_vectors))
                chunks = [kept.get(cid, records[cid]) for cid in ids]
                doc = Document(source=source, title=meta["title"], text=texts[doc_id], sha256=meta["sha256"],
                               format=meta["format"])
                docstore.replace_document(doc, chunks, kept_vectors)
                changed = True
            group = []
        if complete:  # else the next check pulls again
            docstore.set_meta("server_version", version)
        return changed
