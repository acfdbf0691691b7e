"""Settings: every field lives in a group, is reachable as CDS_<NAME> and (secrets aside) as --<name>, and
docs/configuration.md is exactly what the code generates."""

import re
from pathlib import Path

import pytest

from app.interfaces.cli import build_parser
from app.interfaces.settings_flags import configuration_markdown, is_secret, settings_from_args
from app.settings import GROUPS, Settings

pytestmark = pytest.mark.unit
DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_belongs_to_exactly_one_group():
    grouped = [name for group in GROUPS for name in group.model_fields]
    assert sorted(grouped) == sorted(Settings.model_fields)
    assert len(grouped) == len(set(grouped))


def test_every_setting_but_secrets_is_a_flag_of_every_command():
    parser = build_parser()
    for command in ("ingest", "serve"):
        args = parser.parse_args([command])
        for name, info in Settings.model_fields.items():
            assert hasattr(args, name) != is_secret(info), name


def test_a_flag_overrides_the_environment_which_overrides_the_default(monkeypatch):
    monkeypatch.setenv("CDS_TOP_K", "5")
    monkeypatch.setenv("CDS_QUERY_EXPANSION", "false")
    parser = build_parser()
    assert settings_from_args(parser.parse_args(["serve"])).top_k == 5
    s = settings_from_args(parser.parse_args(["serve", "--top-k", "3", "--query-expansion", "--port", "8001"]))
    assert (s.top_k, s.query_expansion, s.port) == (3, True, 8001)
    assert settings_from_args(parser.parse_args(["serve"])).query_expansion is False
    headers = settings_from_args(parser.parse_args(["serve", "--chroma-headers", '{"X-Token": "t"}']))
    assert headers.chroma_headers == {"X-Token": "t"}


def test_ask_keeps_mode_as_the_short_form_of_answer_mode():
    parser = build_parser()
    assert parser.parse_args(["ask", "--mode", "llm", "q"]).answer_mode == "llm"
    assert parser.parse_args(["ask", "--answer-mode", "llm", "q"]).answer_mode == "llm"


def test_secrets_have_no_flag():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--auth-password", "x"])


def test_the_configuration_page_is_what_the_code_generates():
    text = DOC.read_text(encoding="utf-8")
    generated = re.search(r"<!-- generated: configuration_markdown\(\) -->\n(.*)<!-- end generated -->", text, re.S)
    assert generated, "docs/configuration.md lost its generated block"
    assert generated.group(1) == configuration_markdown(), "regenerate docs/configuration.md (see its header)"


def test_a_child_process_environment_carries_every_flag_but_no_secret(monkeypatch):
    monkeypatch.setenv("CDS_AUTH_USERNAME", "demo")
    monkeypatch.setenv("CDS_AUTH_PASSWORD", "s3cret")
    args = build_parser().parse_args(["bench", "scale", "--embedding-backend", "onnx-int8", "--top-k", "5",
                                      "--no-query-expansion", "--index-dir", "/tmp/elsewhere"])
    parent = settings_from_args(args)
    env = parent.as_environment()
    assert env["CDS_EMBEDDING_BACKEND"] == "onnx-int8" and env["CDS_TOP_K"] == "5"
    assert "CDS_AUTH_PASSWORD" not in env and "s3cret" not in env.values()
    for name, value in env.items():  # what the child reads back is what the parent ran with
        monkeypatch.setenv(name, value)
    assert Settings().model_dump() == parent.model_dump()
