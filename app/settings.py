"""One typed settings object: defaults < CDS_* environment variables < CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CDS_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Documents to index")
    index_dir: Path = Field(Path("index"), description="Where the built index lives")

    # Empty means the packaged default (see app/index/models.py); a path loads that model.
    embedding_model: str = ""
    # How the embedding model runs: torch, or ONNX Runtime (fp32 / int8 weights) exported from the same
    # weights on first use and cached under <index>/encoders. Part of the index's model identity.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "torch"
    # Empty means the packaged default if installed; "none" turns reranking off.
    reranker_model: str = ""

    # Chunking
    chunk_size: int = Field(900, ge=200, description="Characters per prose chunk")
    chunk_overlap: int = Field(120, ge=0)

    # Retrieval depths
    dense_k: int = Field(30, ge=1)
    lexical_k: int = Field(30, ge=1)
    rrf_k: int = Field(20, ge=1, description="Reciprocal-rank-fusion constant (tuned on PubMedQA dev)")
    dense_weight: float = 1.0
    lexical_weight: float = 0.5
    query_expansion: bool = Field(True, description="Expand clinical abbreviations/synonyms in lexical queries")
    rerank_k: int = Field(20, ge=1, description="Fused candidates the cross-encoder rescores")
    top_k: int = Field(8, ge=1, description="Passages handed to the answerer")

    # Answering
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
    max_question_chars: int = Field(2000, ge=10)
    support_threshold: float = Field(
        0.5, ge=0, le=1, description="Minimum support (0..1) of a sentence by its cited passages; below it the sentence is removed"
    )

    # Generation (the extractive answerer is the default and the fallback)
    answer_mode: Literal["extractive", "llm"] = Field("extractive", description="Who writes the answer")
    llm_provider: Literal["", "ollama", "openai", "llamacpp"] = Field(
        "", description="ollama | openai (any OpenAI-compatible server) | llamacpp (a local GGUF file)"
    )
    llm_model: str = Field("", description="Model name (ollama/openai) or path of a .gguf file (llamacpp)")
    llm_base_url: str = Field("", description="Server URL, e.g. http://127.0.0.1:11434 or http://127.0.0.1:8000/v1")
    llm_api_key: str = Field("", repr=False, description="API key for the OpenAI-compatible server, if it needs one")
    llm_temperature: float = Field(0.0, ge=0)
    llm_max_tokens: int = Field(400, ge=16)
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an unresponsive LLM falls back to extractive")
    prompts_dir: Path = Field(Path(__file__).resolve().parents[1] / "prompts", description="Prompt templates")

    # Ingest: a file over this size is skipped by name (a stray dump must not exhaust memory).
    max_file_mb: int = Field(50, ge=1, description="Largest corpus file indexed, in MB")

    # Questions can carry patient details: they reach the logs only when this is turned on.
    log_questions: bool = False

    # Query-time inference threads: one keeps latency steady when requests overlap or another process
    # is busy (two threads on two contended cores took a query from ~15 ms to ~500 ms). Ingest uses all cores.
    query_threads: int = Field(1, ge=1)

    # Serving
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # Requests answered at once; the rest wait in Gradio's queue. Two matches this 2-core machine:
    # more threads only share the same cores and stretch every answer.
    queue_concurrency: int = Field(2, ge=1)
    # Requests allowed to wait; beyond it a client is told the server is busy (an error, not a hang).
    max_queue_size: int = Field(64, ge=1)
    # Optional login for the UI and its API: both or neither.
    auth_username: str = ""
    auth_password: SecretStr = SecretStr("")

    # Shared vector store: an empty host keeps Chroma embedded under index_dir; a host switches to a
    # Chroma server (`chroma run`) that every replica uses and that holds the corpus of record.
    chroma_host: str = ""
    chroma_port: int = Field(8000, ge=1, le=65535)
    chroma_ssl: bool = False
    chroma_tenant: str = "default_tenant"
    chroma_database: str = "default_database"
    # Extra HTTP headers for every Chroma request (JSON), e.g. a token for a proxy in front of it.
    chroma_headers: dict[str, str] = Field(default_factory=dict)
    # How often (seconds) a replica checks whether the server's corpus changed before answering.
    chroma_sync_seconds: float = Field(5.0, ge=0)

    @model_validator(mode="after")
    def _auth_pair(self) -> "Settings":
        if bool(self.auth_username) != bool(self.auth_password.get_secret_value()):
            raise ValueError("set both CDS_AUTH_USERNAME and CDS_AUTH_PASSWORD, or neither")
        return self

    # Web UI: uploads into corpus_dir and the local audit log (questions may contain patient data)
    max_upload_mb: float = Field(20.0, gt=0, description="Largest document the UI accepts for upload, in MB")
    audit_enabled: bool = Field(True, description="Record questions, answers, citations, settings and feedback")
    audit_log: Path | None = Field(None, description="SQLite audit log; default INDEX_DIR/audit.sqlite3")

    def resolved(self) -> "Settings":
        index_dir = self.index_dir.resolve()
        audit_log = (self.audit_log or index_dir / "audit.sqlite3").resolve()
        return self.model_copy(
            update={"corpus_dir": self.corpus_dir.resolve(), "index_dir": index_dir, "audit_log": audit_log}
        )
