"""The package's shape: data flows one way through the layers (the import-linter contract in pyproject.toml),
with no import cycle between modules."""

from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import lint_imports

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[1]


def test_every_layer_imports_only_the_layers_below_it(monkeypatch):
    # The library's use case, not its command line: the command line reconfigures logging for the whole
    # process (dictConfig without keeping existing loggers), which silenced later tests' log records.
    monkeypatch.chdir(ROOT)
    configuration.configure()
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True) is True


def test_no_module_imports_itself_through_others():
    """Imports made only for type annotations (under TYPE_CHECKING) do not run, so they do not count."""
    graph = grimp.build_graph("app", cache_dir=None, exclude_type_checking_imports=True)
    cycles = [(m, other) for m in graph.modules for other in graph.find_modules_directly_imported_by(m)
              if graph.chain_exists(importer=other, imported=m)]
    assert cycles == []


def test_the_import_graph_page_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "docs" / "import_graph.py")
    drawer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(drawer)
    assert (ROOT / "docs" / "import-graph.md").read_text(encoding="utf-8") == drawer.render(), \
        "run .venv/bin/python docs/import_graph.py"


def test_no_module_over_400_lines_and_no_class_over_200():
    import ast

    too_long = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if source.count("\n") > 400:
            too_long.append((name, source.count("\n")))
        too_long += [(f"{name}:{node.name}", node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 200]
    assert too_long == []
