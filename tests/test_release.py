"""Releases are immutable: a new folder per change, nothing written for an unchanged warehouse, a failed
export leaves the previous release and its pointers exactly as they were."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from gknb.load import release as release_module
from gknb.load.changes import content_sums, read_sums, summarize
from gknb.load.release import LATEST_FILE, publish
from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import make_report

pytestmark = pytest.mark.integration

DAY = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)


def tree(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: file digests, symlink targets, folders."""
    out = {}
    for p in sorted(folder.rglob("*")):
        key = str(p.relative_to(folder))
        if p.is_symlink():
            out[key] = "-> " + str(p.readlink())
        elif p.is_file():
            out[key] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[key] = "dir"
    return out


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("release") / "base.duckdb"
    with Warehouse(db) as wh:
        wh.ingest_reports((make_report(f"https://a.gov.cn/{y}.html", "淮安市洪泽区人民政府", y, seed=y), None)
                          for y in (2021, 2022))
    return db


@pytest.fixture
def db(base_db, tmp_path):
    copy = tmp_path / "gknb.duckdb"
    shutil.copy(base_db, copy)
    return copy


def test_an_unchanged_warehouse_makes_no_new_release_and_says_so(db, tmp_path):
    out = tmp_path / "export"
    first = publish(db, out, csv=False, now=DAY)
    before = tree(out)
    again = publish(db, out, csv=False, now=DAY)
    assert (again.created, again.path, again.changes.unchanged) == (False, first.path, True)
    assert again.changes.headline() == f"No change against release {first.id}: every data file is byte-identical."
    assert not again.changes.added and not again.changes.changed and not again.changes.withdrawn
    assert all(r.previous == r.current for r in again.changes.rows)
    assert tree(out) == before  # not one byte written

    forced = publish(db, out, csv=False, force=True, now=DAY)
    assert forced.created and forced.id == "2026-12-03.2" and forced.changes.unchanged
    assert content_sums(read_sums(forced.path)) == content_sums(read_sums(first.path))  # identical data files
    assert "No change against release 2026-12-03.1" in (forced.path / "CHANGES.md").read_text(encoding="utf-8")
    assert (out / LATEST_FILE).read_text().strip() == forced.id
    assert {k: v for k, v in tree(out).items() if k.startswith(first.id)} == {
        k: v for k, v in before.items() if k.startswith(first.id)}  # the first release untouched


def test_a_changed_warehouse_makes_a_new_release_with_its_changes(db, tmp_path):
    out = tmp_path / "export"
    first = publish(db, out, csv=False, now=DAY)
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/2023.html", "淮安市洪泽区人民政府", 2023, seed=23))  # added
        wh.ingest_report(make_report("https://a.gov.cn/2022.html", "淮安市洪泽区人民政府", 2022, seed=99))  # new version
    second = publish(db, out, csv=False, now=DAY)
    assert second.created and second.id == "2026-12-03.2" and not second.changes.unchanged
    reports = second.export.table("reports")
    assert len(second.changes.added) == 1 and len(second.changes.changed) == 1 and not second.changes.withdrawn
    rows = {(r.table, r.year): (r.previous, r.current) for r in second.changes.rows}
    assert rows[("reports", 2023)] == (0, 1) and rows[("reports", 2021)] == (1, 1)
    assert rows[("fact_applications", 2023)][0] == 0 < rows[("fact_applications", 2023)][1]
    changes = json.loads((second.path / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous"] == first.id and changes["added"] == second.changes.added and reports.rows == 3
    assert "1 reports added, 1 changed, 0 withdrawn" in (second.path / "CHANGES.md").read_text(encoding="utf-8")
    package = json.loads((second.path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["previous_version"] == first.id and package["version"] == second.id

    # Read the other way round, the added report is a withdrawn one.
    back = summarize(second.id, second.path, first.path, ["documents", "reports", "fact_applications"])
    assert back.withdrawn == second.changes.added and not back.added


def test_a_failed_export_leaves_the_previous_release_intact(db, tmp_path, monkeypatch):
    out = tmp_path / "export"
    first = publish(db, out, csv=True, now=DAY)
    before = tree(out)
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/2023.html", "淮安市洪泽区人民政府", 2023, seed=23))

    def fail(*args, **kwargs):  # every data file and DATA.md are written by now
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release_module, "citation_cff", fail)
    with pytest.raises(OSError, match="No space left"):
        publish(db, out, csv=True, now=DAY)
    assert tree(out) == before  # no new folder, no temporary folder, LATEST and latest unchanged
    assert (out / LATEST_FILE).read_text().strip() == first.id


def test_a_killed_export_leaves_nothing_the_next_export_keeps(db, tmp_path):
    out = tmp_path / "export"
    publish(db, out, csv=False, now=DAY)
    leftover = out / ".tmp-killed"
    (leftover / "parquet").mkdir(parents=True)
    (leftover / "parquet" / "reports.parquet").write_bytes(b"")  # a 0-byte file from a killed run
    again = publish(db, out, csv=False, now=DAY)
    assert not again.created and not leftover.exists()


def test_an_unwritable_export_folder_fails_without_writing(db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        publish(db, blocker / "export", csv=False, now=DAY)
    assert blocker.read_text() == "not a folder"


def test_repository_citation_file_is_cff_1_2_0():
    import yaml

    cff = yaml.safe_load((Path(__file__).resolve().parents[1] / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT" and cff["type"] == "software"
    assert {"message", "title", "authors"} <= set(cff) and all(a.get("name") for a in cff["authors"])
    from gknb.model.versions import __version__

    assert cff["version"] == __version__
