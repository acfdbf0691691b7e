"""What the UI keeps per browser session (a gr.State): the conversation's answers and what is needed to
show them (their cited passages, follow-up questions), shared by the handlers and the renderer."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.records import Answer, Chunk


@dataclass
class Conversation:
    answers: list[Answer] = field(default_factory=list)
    audit_ids: list = field(default_factory=list)  # the audit log's row per answer (None when it is off)
    follow_ups: dict[int, list[str]] = field(default_factory=dict)  # turn -> suggested next questions
    chunks: dict[str, Chunk] = field(default_factory=dict)  # cited passages by chunk id (table cells, kind)
    formats: dict[str, str] = field(default_factory=dict)  # document source -> txt | md | html | pdf

    def asked(self) -> list[str]:
        return [q for a in self.answers for q in dict.fromkeys((a.question, a.interpreted_as)) if q]


def conversation(value) -> Conversation:
    """The session's conversation; a fresh one for a new session or an API call without state."""
    return value if isinstance(value, Conversation) else Conversation()
