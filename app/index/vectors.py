"""The Chroma side of the index: opening the local store afresh and the collection with our encoder."""

from __future__ import annotations

import logging

COLLECTION = "chunks"
log = logging.getLogger(__name__)


def persistent_client(path: str, fresh: bool = False):
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    if fresh:  # Chroma shares one client per path and process; a fresh one reads the files anew
        SharedSystemClient._identifier_to_system.pop(path, None)
    return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))


# With Chroma's HNSW defaults (16 neighbours, ef 100) dense search missed 8-14 of the 975 exact top-5
# neighbours of the 195 realdocs questions, one a question's second-nearest passage; with these, 1.
HNSW = {"space": "cosine", "max_neighbors": 32, "ef_construction": 200, "ef_search": 200}


def vector_store(client, embeddings):
    from langchain_chroma import Chroma

    # An explicit embedding function: Chroma's default would download a model.
    store = Chroma(
        client=client,
        collection_name=COLLECTION,
        embedding_function=embeddings,
        collection_configuration={"hnsw": HNSW},
    )
    # A collection built before keeps its graph (re-ingest into a fresh index to rebuild it); its search
    # breadth is the one setting that can change, and is raised before this process first searches it.
    collection = store._collection
    hnsw = (collection.configuration_json or {}).get("hnsw")
    if hnsw and hnsw.get("ef_search", 0) < HNSW["ef_search"]:
        try:
            collection.modify(configuration={"hnsw": {"ef_search": HNSW["ef_search"]}})
        except Exception as err:  # a read-only server token: search with what the collection has
            log.warning("could not raise the vector search breadth to ef_search=%d: %s", HNSW["ef_search"], err)
    return store
