"""Model identities: the readable name recorded in the index manifest, and the error a missing model raises."""

from __future__ import annotations

from pathlib import Path


class ModelNotFound(RuntimeError):
    pass


def model_name(path: str, backend: str = "torch") -> str:
    """A stable, readable identity for a model directory (recorded in the index manifest). A
    non-default backend is part of it: its vectors differ slightly, so switching re-embeds."""
    p = Path(path)
    name = p.parent.name if p.name == "model" else p.name
    return name if backend == "torch" else f"{name}+{backend}"
