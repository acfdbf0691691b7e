"""Documents in: format loaders and structure-aware chunking with exact offsets."""
