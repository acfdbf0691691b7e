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


def vector_store(client, embeddings):
    from langchain_chroma import Chroma

    # An explicit embedding function: Chroma's default would download a model.
    return Chroma(
        client=client,
        collection_name=COLLECTION,
        embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine"},
    )
