"""One typed settings object: defaults < CDS_* environment variables < CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CDS_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Documents to index")
    index_dir: Path = Field(Path("index"), description="Where the built index lives")

    # Empty means the packaged default (see app/models.py); a path loads that model.
    embedding_model: str = ""
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
    answer_margin: float = Field(0.06, description="Runner-up sentences this close to the best join the answer")
    max_question_chars: int = Field(2000, ge=10)

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

    def resolved(self) -> "Settings":
        return self.model_copy(
            update={"corpus_dir": self.corpus_dir.resolve(), "index_dir": self.index_dir.resolve()}
        )
