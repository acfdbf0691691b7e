"""LLM answer generation through LangChain chat models: Ollama, any OpenAI-compatible server (vLLM,
llama.cpp server, LM Studio) or a local GGUF file via llama-cpp-python. The generator only drafts:
every sentence it writes goes through app.verify.verifier before anyone sees it. A backend that is not
installed, not configured or not reachable raises GeneratorUnavailable with a message for the user,
and the pipeline answers extractively instead."""

from __future__ import annotations

import logging
from typing import Any, Iterator

from langchain_core.messages import HumanMessage, SystemMessage

from app.ingest.units import DOC_REFS as _DOC_REFS, clean_inline
from app.answer.prompts import load_prompt
from app.records import Passage
from app.settings import Settings

log = logging.getLogger(__name__)


class GeneratorUnavailable(RuntimeError):
    """The configured LLM cannot be used; the message says why and what to do."""


def build_chat_model(settings: Settings):
    provider, model = settings.llm_provider, settings.llm_model
    if not provider:
        raise GeneratorUnavailable("No LLM is configured (set CDS_LLM_PROVIDER and CDS_LLM_MODEL).")
    if provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise GeneratorUnavailable("langchain-openai is not installed: pip install langchain-openai") from exc
        if not settings.llm_base_url and not settings.llm_api_key:
            raise GeneratorUnavailable("CDS_LLM_BASE_URL is not set (e.g. http://127.0.0.1:8000/v1).")
        return ChatOpenAI(
            model=model or "default", base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "not-needed", temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout, max_retries=0,
        )
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise GeneratorUnavailable("langchain-ollama is not installed: pip install langchain-ollama") from exc
        if not model:
            raise GeneratorUnavailable("CDS_LLM_MODEL is not set (the Ollama model name, e.g. llama3.1:8b).")
        return ChatOllama(
            model=model, base_url=settings.llm_base_url or "http://127.0.0.1:11434",
            temperature=settings.llm_temperature, num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    if provider == "llamacpp":
        return LlamaCppChat.from_settings(settings)
    raise GeneratorUnavailable(f"Unknown CDS_LLM_PROVIDER {provider!r}: use ollama, openai or llamacpp.")


def format_passage(n: int, p: Passage) -> str:
    """A passage as the model sees it: where it is from, and its text without the document's own
    reference markers (which would look like citations). Table rows keep their column headers."""
    c = p.chunk
    where = " > ".join(x for x in (c.title, c.section) if x)
    if c.kind in ("table_row", "metadata") and c.cells:
        body = "; ".join(
            f"{cell.header}: {clean_inline(_DOC_REFS.sub('', c.text_at(cell.start, cell.end)))}"
            for cell in c.cells
        )
        if c.table:
            body = f"({c.table}) {body}"
    else:
        body = _DOC_REFS.sub("", c.text).strip()
    return f"[{n}] {where}\n{body}"


class Generator:
    def __init__(self, settings: Settings, model=None):
        self.settings = settings
        self.model = model if model is not None else build_chat_model(settings)
        self.system = load_prompt("system", settings.prompts_dir)
        self.answer_prompt = load_prompt("answer", settings.prompts_dir)
        self.condense_prompt = load_prompt("condense", settings.prompts_dir)

    @property
    def name(self) -> str:
        return f"{self.settings.llm_provider}:{self.settings.llm_model or 'default'}"

    def messages(self, question: str, passages: list[Passage], abstention: str) -> list:
        text = "\n\n".join(format_passage(i + 1, p) for i, p in enumerate(passages))
        return [
            SystemMessage(self.system.format(abstention=abstention)),
            HumanMessage(self.answer_prompt.format(passages=text, question=question, abstention=abstention)),
        ]

    def stream_answer(self, question: str, passages: list[Passage], abstention: str) -> Iterator[str]:
        """Tokens of the draft answer. Connection failures surface as GeneratorUnavailable."""
        try:
            for chunk in self.model.stream(self.messages(question, passages, abstention)):
                text = chunk.content if isinstance(chunk.content, str) else "".join(
                    part.get("text", "") for part in chunk.content if isinstance(part, dict))
                if text:
                    yield text
        except GeneratorUnavailable:
            raise
        except Exception as exc:  # every client library has its own error types; all mean "not usable now"
            raise GeneratorUnavailable(f"The LLM ({self.name}) failed: {_reason(exc)}") from exc

    def condense(self, question: str, history: list[str]) -> str:
        prompt = self.condense_prompt.format(history="\n".join(f"- {h}" for h in history[-6:]), question=question)
        try:
            reply = self.model.invoke([HumanMessage(prompt)])
        except Exception as exc:
            raise GeneratorUnavailable(f"The LLM ({self.name}) failed: {_reason(exc)}") from exc
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        return " ".join(text.strip().strip('"').split()) or question


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + text[:200] if text else ''}"


def _llama_cpp_chat_class():
    """A LangChain chat model over llama_cpp.Llama, built only when llama-cpp-python is installed."""
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage, AIMessageChunk
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

    class _LlamaCppChat(BaseChatModel):
        llm: Any
        temperature: float = 0.0
        max_tokens: int = 400

        @property
        def _llm_type(self) -> str:
            return "llama-cpp"

        def _payload(self, messages) -> list[dict]:
            role = {"system": "system", "human": "user", "ai": "assistant"}
            return [{"role": role.get(m.type, "user"), "content": m.content} for m in messages]

        def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
            out = self.llm.create_chat_completion(messages=self._payload(messages), temperature=self.temperature,
                                                  max_tokens=self.max_tokens, stop=stop)
            return ChatResult(generations=[ChatGeneration(message=AIMessage(out["choices"][0]["message"]["content"]))])

        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            for part in self.llm.create_chat_completion(messages=self._payload(messages), temperature=self.temperature,
                                                        max_tokens=self.max_tokens, stop=stop, stream=True):
                text = part["choices"][0].get("delta", {}).get("content") or ""
                if text:
                    yield ChatGenerationChunk(message=AIMessageChunk(content=text))

    return _LlamaCppChat


class LlamaCppChat:
    @staticmethod
    def from_settings(settings: Settings):
        from pathlib import Path

        try:
            import llama_cpp
        except ImportError as exc:
            raise GeneratorUnavailable("llama-cpp-python is not installed: pip install llama-cpp-python") from exc
        path = Path(settings.llm_model)
        if not path.is_file():
            raise GeneratorUnavailable(f"CDS_LLM_MODEL={settings.llm_model!r} is not a GGUF file.")
        llm = llama_cpp.Llama(model_path=str(path), n_ctx=4096, verbose=False)
        return _llama_cpp_chat_class()(llm=llm, temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens)
