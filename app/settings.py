"""One typed settings object, in groups: defaults < CDS_* environment variables < command-line flags.

Each group is a settings class of its own, on one base (`_Group`) that sets the CDS_ prefix; `Settings`
inherits them all, so every setting is read as `settings.<name>` and set by `CDS_<NAME>`. The command
line's flags and docs/configuration.md are generated from these classes (app/interfaces/settings_flags.py),
so a new field here is a new flag and a new row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_CONFIG = SettingsConfigDict(env_prefix="CDS_", extra="ignore")


class _Group(BaseSettings):
    """The base of every settings group: CDS_-prefixed environment variables, unknown ones ignored."""

    model_config = _CONFIG


class PathSettings(_Group):
    """Where the documents and the index live."""

    corpus_dir: Path = Field(Path("corpus"), description="Documents to index")
    index_dir: Path = Field(Path("index"), description="Where the built index lives")


class ModelSettings(_Group):
    """Which models embed and rerank, and how they run."""

    embedding_model: str = Field("", description="Path of a sentence-transformers model (empty: the packaged MiniLM)")
    # The backend is part of the index's model identity: vectors of two backends are never mixed.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "torch", description="How the embedding model runs: torch, or ONNX Runtime fp32 / int8 (cached under INDEX_DIR/encoders)"
    )
    reranker_model: str = Field("", description="Path of a cross-encoder, or 'none' (empty: a packaged one if installed)")
    # One thread keeps latency steady when requests overlap or another process is busy (two threads on two
    # contended cores took a query from ~15 ms to ~500 ms). Ingest uses all cores.
    query_threads: int = Field(1, ge=1, description="Inference threads at query time")


class ChunkingSettings(_Group):
    """How documents are cut into passages."""

    chunk_size: int = Field(900, ge=200, description="Characters per prose chunk")
    chunk_overlap: int = Field(120, ge=0, description="Characters shared by neighbouring prose chunks")
    # A stray dump must not exhaust memory: a larger file is skipped by name.
    max_file_mb: int = Field(50, ge=1, description="Largest corpus file indexed, in MB")


class ParsingSettings(_Group):
    """Limits on parsing one file: PDF and HTML are parsed in a worker process within them (app/ingest/worker.py)."""

    parse_max_pages: int = Field(2000, ge=1, description="A PDF with more pages is refused")
    parse_max_mb: float = Field(200.0, gt=0, description="Decompressed page content and extracted text allowed per file, MB")
    parse_timeout_seconds: float = Field(120.0, gt=0, description="A file still parsing after this is refused")


class RetrievalSettings(_Group):
    """Hybrid retrieval depths and fusion."""

    dense_k: int = Field(30, ge=1, description="Dense candidates")
    exact_dense_limit: int = Field(
        20000, ge=0, description="Indexes of at most this many chunks are searched exactly in memory, the same in "
        "every process; larger ones by Chroma's HNSW graph (0 = always HNSW)"
    )
    lexical_k: int = Field(30, ge=1, description="BM25 candidates")
    rrf_k: int = Field(20, ge=1, description="Reciprocal-rank-fusion constant (tuned on PubMedQA dev)")
    dense_weight: float = Field(1.0, description="RRF weight of the dense list")
    lexical_weight: float = Field(0.5, description="RRF weight of the BM25 list")
    query_expansion: bool = Field(True, description="Expand clinical abbreviations/synonyms in lexical queries")
    rerank_k: int = Field(20, ge=1, description="Fused candidates the cross-encoder rescores")
    top_k: int = Field(8, ge=1, description="Passages handed to the answerer")


class AnsweringSettings(_Group):
    """The extractive answerer and the verifier."""

    abstain_threshold: float = Field(
        0.57, description="Minimum answerability (0..1) of the best evidence; below it the answer abstains"
    )
    relevance_weight: float = Field(
        0.3, ge=0, le=1, description="Share of the relevance model in answerability; the rest is term coverage"
    )
    idf_cap: float = Field(
        2.0, gt=0, description="Largest weight of one question word in coverage (absent words are often paraphrases)"
    )
    answerability_model: str = Field(
        "", description="Answerability head (JSON weights): empty = the packaged one, none = relevance/coverage blend"
    )
    answer_margin: float = Field(0.06, description="Runner-up sentences this close to the best join the answer")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted")
    support_threshold: float = Field(
        0.5, ge=0, le=1, description="Minimum support (0..1) of a sentence by its cited passages; below it the sentence is removed"
    )


class LLMSettings(_Group):
    """Generated answers (the extractive answerer is the default and the fallback)."""

    answer_mode: Literal["extractive", "llm"] = Field("extractive", description="Who writes the answer")
    llm_provider: Literal["", "ollama", "openai", "llamacpp"] = Field(
        "", description="ollama | openai (any OpenAI-compatible server) | llamacpp (a local GGUF file)"
    )
    llm_model: str = Field("", description="Model name (ollama/openai) or path of a .gguf file (llamacpp)")
    llm_base_url: str = Field("", description="Server URL, e.g. http://127.0.0.1:11434 or http://127.0.0.1:8000/v1")
    llm_api_key: str = Field(
        "", repr=False, description="API key for the OpenAI-compatible server, if it needs one",
        json_schema_extra={"secret": True},
    )
    llm_temperature: float = Field(0.0, ge=0, description="Sampling temperature")
    llm_max_tokens: int = Field(400, ge=16, description="Longest generated answer, in tokens")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an unresponsive LLM falls back to extractive")
    prompts_dir: Path = Field(Path(__file__).resolve().parents[1] / "prompts", description="Prompt templates")


class ServingSettings(_Group):
    """The web UI's server, its login, uploads and audit log."""

    host: str = Field("127.0.0.1", description="Address the UI binds to")
    port: int = Field(7860, ge=1, le=65535, description="Port the UI listens on")
    # Two matches this 2-core machine: more threads only share the same cores and stretch every answer.
    queue_concurrency: int = Field(2, ge=1, description="Answers computed at once; the rest wait in the queue")
    max_queue_size: int = Field(64, ge=1, description="Requests allowed to wait; beyond it a 'queue full' error")
    auth_username: str = Field("", description="Login for the UI and its API (set both or neither)")
    auth_password: SecretStr = Field(SecretStr(""), description="Password of that login", json_schema_extra={"secret": True})
    max_upload_mb: float = Field(20.0, gt=0, description="Largest document the UI accepts for upload, in MB")
    audit_enabled: bool = Field(True, description="Record questions, answers, citations, settings and feedback")
    audit_log: Path | None = Field(None, description="SQLite audit log (default INDEX_DIR/audit.sqlite3)")
    # Questions can carry patient details: they reach the logs only when this is turned on.
    log_questions: bool = Field(False, description="Write questions to the log (at INFO, with -v)")
    # The private temporary folder (uploads, exports), logins and API histories (app/interfaces/security.py).
    export_ttl_seconds: float = Field(600.0, gt=0, description="Exports and other temporary files are deleted after this")
    cache_sweep_seconds: float = Field(60.0, gt=0, description="How often the private temporary folder is swept")
    login_free_attempts: int = Field(5, ge=1, description="Failed logins per client before each further one must wait")
    max_history_messages: int = Field(200, ge=2, description="Largest chat history (messages) an API client may send")
    max_history_chars: int = Field(500_000, ge=1000, description="Largest chat history (characters of JSON) an API client may send")


class ChromaServerSettings(_Group):
    """Chroma server mode: an empty host keeps Chroma embedded under the index folder; a host makes a
    Chroma server (`chroma run`) the corpus of record that every replica uses."""

    chroma_host: str = Field("", description="Chroma server host (empty: embedded Chroma)")
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port")
    chroma_ssl: bool = Field(False, description="HTTPS to the Chroma server")
    chroma_tenant: str = Field("default_tenant", description="Chroma tenant (must exist)")
    chroma_database: str = Field("default_database", description="Chroma database (must exist)")
    chroma_headers: dict[str, str] = Field(
        default_factory=dict, description="Extra HTTP headers for every Chroma request, as JSON (e.g. a proxy token)"
    )
    chroma_sync_seconds: float = Field(
        5.0, ge=0, description="How often a replica checks whether the server's corpus changed"
    )


GROUPS: tuple[type[BaseSettings], ...] = (
    PathSettings, ModelSettings, ChunkingSettings, ParsingSettings, RetrievalSettings, AnsweringSettings, LLMSettings,
    ServingSettings, ChromaServerSettings,
)


class Settings(*GROUPS):
    """Every setting of every group, read as `settings.<name>`."""

    model_config = _CONFIG

    @model_validator(mode="after")
    def _auth_pair(self) -> "Settings":
        if bool(self.auth_username) != bool(self.auth_password.get_secret_value()):
            raise ValueError("set both CDS_AUTH_USERNAME and CDS_AUTH_PASSWORD, or neither")
        return self

    def as_environment(self) -> dict[str, str]:
        """Every setting but the secrets as its CDS_* variable, for a child process (a benchmark's
        measuring process, a served UI) that must run with exactly these settings, flags included.
        Secrets come from the environment only, which the child inherits."""
        env = {}
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if (info.json_schema_extra or {}).get("secret") or value is None:
                continue
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, (str, int, float, Path)):
                text = str(value)
            else:
                text = json.dumps(value)
            env["CDS_" + name.upper()] = text
        return env

    def resolved(self) -> "Settings":
        index_dir = self.index_dir.resolve()
        audit_log = (self.audit_log or index_dir / "audit.sqlite3").resolve()
        return self.model_copy(
            update={"corpus_dir": self.corpus_dir.resolve(), "index_dir": index_dir, "audit_log": audit_log}
        )
