"""Hybrid retrieval: dense and lexical results fused into ranked passages."""
