"""``gknb.model.settings``: one typed settings object for every GKNB_* variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gknb.errors import UsageError
from gknb.model.settings import Settings, markdown_table

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("GKNB_DATA_DIR", "GKNB_DB", "GKNB_ARCHIVE", "GKNB_FETCHLOG", "GKNB_EXPORT_DIR", "GKNB_WORKERS",
                 "GKNB_TASK_RUNNER", "GKNB_PARSE_SECONDS"):
        monkeypatch.delenv(name, raising=False)


def test_the_readme_table_is_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- settings:begin -->\n(.*?)<!-- settings:end -->", readme, re.S)
    assert table, "README.md has no settings table"
    assert table.group(1) == markdown_table(), "regenerate it: python -m gknb.model.settings"


def test_paths_follow_the_data_dir_unless_named(monkeypatch, tmp_path):
    monkeypatch.setenv("GKNB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GKNB_DB", str(tmp_path / "elsewhere" / "w.duckdb"))
    s = Settings.load()
    assert s.db_path == tmp_path / "elsewhere" / "w.duckdb"
    assert (s.archive_dir, s.fetch_log, s.export_dir, s.reports_dir) == (
        tmp_path / "archive", tmp_path / "fetchlog.duckdb", tmp_path / "export", tmp_path / "reports")
    assert not s.export_dir_named
    anchored = Settings.load(tmp_path / "given")  # a data dir given to a command anchors every path
    assert anchored.db_path == tmp_path / "given" / "gknb.duckdb"


def test_an_empty_variable_is_unset(monkeypatch):
    monkeypatch.setenv("GKNB_WORKERS", "")
    monkeypatch.setenv("GKNB_TASK_RUNNER", "")
    s = Settings.load()
    assert s.runner == "thread" and s.workers >= 1


@pytest.mark.parametrize(("name", "value", "message"), [
    ("GKNB_WORKERS", "four", "GKNB_WORKERS must be a whole number, got 'four'"),
    ("GKNB_WORKERS", "0", "GKNB_WORKERS must be at least 1, got '0'"),
    ("GKNB_TASK_RUNNER", "gpu", "GKNB_TASK_RUNNER must be one of thread, process, dask, got 'gpu'"),
    ("GKNB_PARSE_SECONDS", "soon", "GKNB_PARSE_SECONDS must be a number, got 'soon'"),
])
def test_a_malformed_value_is_one_line_naming_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(UsageError) as err:
        Settings.load()
    assert err.value.message == message
