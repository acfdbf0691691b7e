"""The embedding model's transformer run by ONNX Runtime, fp32 or with int8 weights
(CDS_EMBEDDING_BACKEND=onnx | onnx-int8).

sentence-transformers' own ONNX backend loads through optimum-onnx, whose releases require
transformers < 4.58 (we pin 5.24), so the model is exported here with torch.onnx and quantised with
onnxruntime.quantization, from the same local weights, and cached as files (never downloaded, never
committed). Only the transformer's forward pass is replaced: tokenisation, pooling, normalisation and
batching stay sentence-transformers', inside the same LangChain HuggingFaceEmbeddings."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

import torch

from app.index.model_ids import ModelNotFound, model_name

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class BackendUnavailable(ModelNotFound):
    pass


def use_onnx(embeddings, path: str, backend: str, cache_dir: Path) -> None:
    """Swap the transformer inside `embeddings` (a HuggingFaceEmbeddings over `path`) for ONNX Runtime."""
    if backend not in ("onnx", "onnx-int8"):
        raise ValueError(f"unknown embedding backend {backend!r}: torch, onnx or onnx-int8")
    try:
        import onnx  # noqa: F401  (the exporter and the quantiser need it)
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise BackendUnavailable(
            f"CDS_EMBEDDING_BACKEND={backend} needs the onnx and onnxruntime packages ({exc.name} is missing): "
            "reinstall the app (make install; pyproject pins both) or set CDS_EMBEDDING_BACKEND=torch"
        ) from None
    transformer = embeddings._client[0]  # sentence-transformers' Transformer module
    file = export(transformer, path, cache_dir, int8=backend == "onnx-int8")
    transformer.model = OrtEncoder(file, transformer.model.config)


def export(transformer, path: str, cache_dir: Path, int8: bool) -> Path:
    """The ONNX file for this model (exported, and quantised for int8, on first use), keyed by the
    weights and the tool versions so a changed model or toolchain never reuses a stale file."""
    import onnxruntime

    digest = hashlib.sha256(f"{torch.__version__} {onnxruntime.__version__}".encode())
    for f in sorted(Path(path).iterdir()):
        if f.suffix in (".safetensors", ".bin") or f.name == "config.json":
            digest.update(f.read_bytes())
    cache_dir.mkdir(parents=True, exist_ok=True)
    fp32 = cache_dir / f"{model_name(path)}-{digest.hexdigest()[:16]}.onnx"
    if not fp32.exists():
        sample = transformer.tokenizer(["an example", "a longer example sentence"], padding=True, return_tensors="pt")
        names = [n for n in INPUTS if n in sample]
        with _atomic(fp32) as tmp, _quiet():
            # The TorchScript exporter (dynamo=False) traces BertModel as is; outputs match torch to 1e-6.
            torch.onnx.export(
                _Positional(transformer.model.eval(), names), tuple(sample[n] for n in names), str(tmp),
                input_names=names, output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            )
    if not int8:
        return fp32
    quantised = fp32.with_name(fp32.stem + "-int8.onnx")
    if not quantised.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with _atomic(quantised) as tmp, _quiet():
            # Per-channel weights, MatMuls only: per-tensor int8 moved MiniLM's vectors to a mean cosine
            # of 0.95 (min 0.83) against torch's; per-channel keeps 0.99 (min 0.98).
            quantize_dynamic(str(fp32), str(tmp), per_channel=True, weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul"])
    return quantised


class _atomic:
    """A temporary file in the target's folder, renamed into place only when complete (a killed
    export or a concurrent process never leaves a half-written model)."""

    def __init__(self, target: Path):
        self.target = target

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.target.parent, suffix=".onnx.tmp")
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _quiet():
    """The tracer's and the quantiser's advice (TracerWarnings, "consider pre-processing") is not
    for the user of the app."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


class _Positional(torch.nn.Module):
    """The exporter passes inputs positionally; BertModel's forward takes them by name."""

    def __init__(self, model, names: list[str]):
        super().__init__()
        self.model, self.names = model, names

    def forward(self, *inputs):
        return self.model(**dict(zip(self.names, inputs))).last_hidden_state


class OrtEncoder(torch.nn.Module):
    """Stands in for the transformers model inside sentence-transformers' Transformer module."""

    def __init__(self, file: Path, config):
        super().__init__()
        self.file, self.config = str(file), config
        self._sessions: dict[int, object] = {}

    def _session(self):
        # ONNX Runtime fixes its thread count per session; follow torch's setting so that ingest's
        # all-cores batches and query time's CDS_QUERY_THREADS behave as with the torch backend.
        import onnxruntime as ort

        threads = torch.get_num_threads()
        if threads not in self._sessions:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._sessions[threads] = ort.InferenceSession(self.file, options, providers=["CPUExecutionProvider"])
        return self._sessions[threads]

    def forward(self, **features):
        session = self._session()
        feed = {i.name: features[i.name].numpy() for i in session.get_inputs()}
        return {"last_hidden_state": torch.from_numpy(session.run(None, feed)[0])}
