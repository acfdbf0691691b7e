"""Command-line flags and the configuration reference, generated from the settings groups.

Every field of a group in app/settings.py becomes `--field-name` (its `CDS_FIELD_NAME` environment variable
is read by pydantic-settings itself), so a setting never needs a hand-written flag. Secrets get no flag:
a command line is visible to every user of the machine (`ps`), so they come from the environment only.
"""

from __future__ import annotations

import argparse
import json
import typing
from pathlib import Path

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from app.settings import GROUPS, Settings


def is_secret(info: FieldInfo) -> bool:
    return bool((info.json_schema_extra or {}).get("secret"))


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _env(name: str) -> str:
    return "CDS_" + name.upper()


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        return json.dumps(info.default_factory())
    value = info.default
    if isinstance(value, Path) and value.is_absolute():
        return f"./{value.name}"
    return "" if value is None else str(value)


def _argument(info: FieldInfo) -> dict:
    """argparse keywords for one field: its type, choices and help."""
    annotation = info.annotation
    origin = typing.get_origin(annotation)
    kwargs: dict = {}
    if annotation is bool:
        kwargs["action"] = argparse.BooleanOptionalAction
    elif origin is typing.Literal:
        kwargs["choices"] = [c for c in typing.get_args(annotation) if c != ""]
    elif origin is dict or annotation is dict:
        kwargs["type"] = json.loads
        kwargs["metavar"] = "JSON"
    else:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        kwargs["type"] = args[0] if origin is not None and args else annotation
    return kwargs


def grouped_fields() -> list[tuple[type[BaseSettings], dict[str, FieldInfo]]]:
    """(group, its fields) in declaration order; a field declared on Settings itself would be ungrouped,
    which a unit test forbids."""
    return [(group, dict(group.model_fields)) for group in GROUPS]


def add_settings_flags(parser: argparse.ArgumentParser, skip: set[str] = frozenset()) -> None:
    """One argument group per settings group, one flag per setting. Flags default to None so that an
    unset flag leaves the environment's (or the default's) value alone."""
    for group, fields in grouped_fields():
        g = parser.add_argument_group(f"{group.__doc__.split('.')[0].lower()} (settings)")
        for name, info in fields.items():
            if name in skip or is_secret(info):
                continue
            g.add_argument(_flag(name), dest=name, default=None,
                           help=f"{info.description} ({_env(name)}, default {_default(info) or 'empty'})",
                           **_argument(info))


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {name: getattr(args, name) for name in Settings.model_fields if getattr(args, name, None) is not None}
    return Settings(**overrides)


def configuration_markdown() -> str:
    """The table of docs/configuration.md, one section per group."""
    out = []
    for group, fields in grouped_fields():
        out += [f"### {group.__doc__.split('.')[0]}", "", "| Setting | Env var | Flag | Default |", "|---|---|---|---|"]
        for name, info in fields.items():
            flag = "— (secret: environment only)" if is_secret(info) else f"`{_flag(name)}`"
            default = _default(info)
            out.append(f"| {info.description} | `{_env(name)}` | {flag} | {f'`{default}`' if default else 'empty'} |")
        out.append("")
    return "\n".join(out)


def regenerate(doc: Path) -> None:
    """Rewrite the generated block of docs/configuration.md in place."""
    start, end = "<!-- generated: configuration_markdown() -->\n", "<!-- end generated -->"
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(start, 1)
    doc.write_text(head + start + configuration_markdown() + end + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":  # python -m app.interfaces.settings_flags docs/configuration.md
    import sys

    regenerate(Path(sys.argv[1]))
