"""The import graph runs one way: declarations → extract → transform → load → flows → CLI.

Data moves fetch → document → tables → report → facts → warehouse, and the code follows it: a
layer imports its own modules and the layers below it, never one above.  ``gknb.model`` (the
declarations) and ``gknb.errors`` import nothing of the project.  ``gknb.synth`` (synthetic
reports and the portal simulator) stands beside the pipeline: it may use the declarations and
the readers' vocabulary, and only the CLI's demo, the tests and the benchmarks may use it.
Read from the source with ``ast``, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"model": "gknb.model", "extract": "gknb.extract", "transform": "gknb.transform",
           "load": "gknb.load", "flows": "gknb.flows", "synth": "gknb.synth", "gknb": "gknb"}
# Rank of each layer: a module may import its own layer and lower ranks only.
RANK = {"gknb.errors": 0, "gknb.model": 0, "gknb.extract": 1, "gknb.transform": 2, "gknb.load": 3,
        "gknb.flows": 4, "gknb.synth": 2, "gknb": 5}
# Beside the pipeline: who may import the synthetic generator.
SYNTH_USERS = {"gknb.synth", "gknb"}


def layer(module: str) -> str:
    for name in sorted(RANK, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    raise KeyError(module)


def project_modules() -> dict[str, Path]:
    out = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            out[".".join((package, *parts))] = path
    return out


def imports_of(path: Path, module: str) -> set[str]:
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "gknb" or name.startswith("gknb.")}


MODULES = project_modules()


def test_every_source_folder_is_mapped_to_a_layer():
    assert MODULES, "no modules found"
    for module in MODULES:
        layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module):
    own = layer(module)
    wrong = []
    targets = {name if name in MODULES else name.rpartition(".")[0] for name in imports_of(MODULES[module], module)}
    for target in sorted(t for t in targets if t in MODULES):  # names imported from a module count as the module
        theirs = layer(target)
        if theirs == "gknb.synth" and own not in SYNTH_USERS:
            wrong.append(f"{target} (the synthetic generator is for the CLI's demo, tests and benchmarks)")
        elif RANK[theirs] > RANK[own]:
            wrong.append(f"{target} ({theirs} is above {own})")
    assert not wrong, f"{module} imports against the data flow: {wrong}"


# SQL lives in load/ (and the .sql files of sql/ it reads): a query elsewhere is a second door into
# the warehouse.  Outside load/ only these may hold SQL, each for a reason the layering gives:
SQL_OUTSIDE_LOAD = {
    "gknb.model.tables": "generates the schema's CREATE TABLE from the table declarations",
    "gknb.model.codes": "generates the codes_* tables from the vocabularies it declares",
    "gknb.model.legacy": "generates the legacy_crosswalk view from the crosswalk it declares",
    "gknb.model.eras": "generates the t3_wide view from the era declarations",
    "gknb.extract.archive": "the crawler's own fetch log, below load/ in the layers",
    "gknb.extract.http.fetcher": "the per-host daily request count, read from the crawler's fetch log",
    "gknb.synth.portal.truth": "the simulator's truth check, beside the pipeline (tests and benchmarks)",
}
SQL_STATEMENT = re.compile(
    r"^\s*(?:--[^\n]*\n\s*)*(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"(?:CREATE|ALTER|DROP)\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|INDEX)|COPY\s*\()")


def sql_strings(path: Path) -> list[str]:
    """String literals (f-strings by their literal parts) that begin an SQL statement."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if SQL_STATEMENT.match(text):
            found.append(" ".join(text.split())[:80])
    return found


def test_the_sql_detector_sees_statements_and_not_prose():
    assert SQL_STATEMENT.match("SELECT count(*) FROM documents")
    assert SQL_STATEMENT.match("\n  INSERT INTO night_log VALUES (?)")
    assert SQL_STATEMENT.match("CREATE TABLE IF NOT EXISTS t (a INT)")
    assert not SQL_STATEMENT.match("Select the sources to crawl from the list")
    assert not SQL_STATEMENT.match("ATTACH, COPY … TO, read_text and the like fail")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) != "gknb.load"))
def test_sql_lives_in_load(module):
    found = sql_strings(MODULES[module])
    if module in SQL_OUTSIDE_LOAD:
        assert found, f"{module} holds no SQL any more: drop it from SQL_OUTSIDE_LOAD"
    else:
        assert not found, f"{module} holds SQL; move it into load/ (or a sql/ file load/ reads): {found}"
