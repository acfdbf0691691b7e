"""The Chroma side of the index: opening the local store afresh and the collection with our encoder."""

from __future__ import annotations

COLLECTION = "chunks"


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
    # A collection built before keeps its graph; its search breadth is the one setting that can change.
    collection = store._collection
    hnsw = (collection.configuration_json or {}).get("hnsw") or {}
    if hnsw.get("ef_search", 0) < HNSW["ef_search"]:
        collection.modify(configuration={"hnsw": {"ef_search": HNSW["ef_search"]}})
    return store
