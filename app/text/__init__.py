"""Text toolkit shared by every layer: normalising, tokens, BM25 tokenisation."""
