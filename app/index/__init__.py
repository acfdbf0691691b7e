"""The index: SQLite docstore, Chroma vectors, BM25, the ingester and Chroma server mode."""
