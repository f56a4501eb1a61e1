"""A regular (non-editable) install works without the source tree: schema, views, ingest, query, export.

The wheel is built from this checkout and installed into a new virtual environment whose only
view of the project is that wheel (the dependencies come from the test environment through a
``.pth`` line, so nothing is downloaded but the build backend). Commands then run from an
empty folder, so nothing can be read from the source tree by accident.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from gknb.synth.archive import write_archive

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]


_ROOT_ONLY = {".git", ".venv", "build", "bench", "tests", "demo-data", "data", ".hypothesis", ".pytest_cache"}


def _not_shipped(folder: str, names: list[str]) -> set[str]:
    """What the copy leaves out: work folders at the root, caches anywhere."""
    at_root = Path(folder) == ROOT
    return {n for n in names if (at_root and n in _ROOT_ONLY) or n == "__pycache__" or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the project's files: setuptools writes build/ beside the sources, and a
    stale build/ in the working tree would put deleted modules into the wheel."""
    source = tmp_path_factory.mktemp("source") / "gknb"
    shutil.copytree(ROOT, source, ignore=_not_shipped)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("gknb-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new venv holding the wheel; dependencies visible through a .pth line, gknb only from the wheel."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    site = Path(sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})["purelib"])
    deps = [entry for entry in sys.path if "site-packages" in entry and Path(entry).is_dir()]
    (site / "_test_dependencies.pth").write_text("\n".join(deps) + "\n")
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    return env_dir


def test_wheel_installs_one_namespace_with_the_sql_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("gknb-")}
    assert tops == {"gknb"}, f"top-level names besides gknb: {tops - {'gknb'}}"
    assert "gknb/sql/schema.sql" in names
    assert any(name.startswith("gknb/sql/views/") and name.endswith(".sql") for name in names)


def test_installed_wheel_ingests_queries_and_exports_without_the_source_tree(installed, tmp_path):
    work = tmp_path / "elsewhere"
    write_archive(work / "docs", 8, seed=5)
    for truth in (work / "docs").glob("truth-*.jsonl"):
        truth.unlink()
    gknb = [str(installed / "bin" / "python"), "-m", "gknb"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(tmp_path / ".prefect")}

    def run(*args: str) -> str:
        done = subprocess.run([*gknb, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import gknb.load.sqlfiles as s; print(s.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed)), f"gknb imported from {where!r}, not from the installed wheel"

    run("ingest", "docs", "--db", "wh.duckdb")
    rows = json.loads(run("query", "SELECT count(*) AS n FROM t3_wide", "--db", "wh.duckdb", "--format", "json"))
    assert rows[0]["n"] > 0
    run("export", "--db", "wh.duckdb", "--out", "release")
    assert any(p.suffix == ".parquet" for p in (work / "release").rglob("*"))
