"""Sentence boundaries (pysbd, MIT: rule-based, handles abbreviations such as "Dr." and "e.g.", and decimals),
one segmenter per thread."""

from __future__ import annotations

import threading

import pysbd

# pysbd keeps the text being segmented on the instance, so threads (UI requests, the background
# vector fill) must not share one.
_SEGMENTERS = threading.local()


def segmenter() -> pysbd.Segmenter:
    """This thread's segmenter; `segment(text)` gives sentences with their character spans."""
    if not hasattr(_SEGMENTERS, "instance"):
        _SEGMENTERS.instance = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return _SEGMENTERS.instance
