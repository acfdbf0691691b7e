"""Prompt templates live as files in prompts/ (front matter: name, version), loaded by name so a
prompt change is a reviewed, versioned file change rather than a string buried in code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    template: str

    def format(self, **values: str) -> str:
        # str.format would choke on braces inside document text; only our own fields are filled.
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), self.template)


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path = DEFAULT_DIR) -> Prompt:
    path = Path(directory) / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileNotFoundError(f"prompt {name!r} not found at {path}: {exc.strerror}") from exc
    meta: dict[str, str] = {}
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        text = text[m.end():]
    return Prompt(name=meta.get("name", name), version=meta.get("version", "0"), template=text.strip())
