"""``gknb.flows.pipeline``: the one skip-unchanged rule the CLI, the flows and every load share."""

from __future__ import annotations

from gknb.model.document import DocumentRecord
from gknb.flows.pipeline import to_parse
from gknb.load.warehouse import NEW, REPLACED, UNCHANGED, Warehouse
from tests.test_warehouse_helpers import make_report

URL = "https://a.gov.cn/2023.html"


def _ref(report: dict) -> DocumentRecord:
    return DocumentRecord(sha256=report["sha256"], size=report["size"] or 0, source=report["source"])


def test_only_the_latest_version_read_by_this_parser_is_unchanged(tmp_path):
    """A source back at older bytes is parsed again, so the warehouse's latest is what it serves now."""
    first = make_report(URL, "杭州市卫生健康委员会", 2023, seed=1)
    second = make_report(URL, "杭州市卫生健康委员会", 2023, seed=2)
    other = make_report("https://a.gov.cn/2022.html", "杭州市卫生健康委员会", 2022, seed=3)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.ingest_report(first) == NEW and wh.ingest_report(second) == REPLACED
        refs = [_ref(first), _ref(second), _ref(other)]
        assert to_parse(wh, refs) == [_ref(first), _ref(other)]
        assert wh.ingest_report(first) == REPLACED  # the load applies the same rule
        assert to_parse(wh, refs) == [_ref(second), _ref(other)]
        assert wh.ingest_report(first) == UNCHANGED


def test_a_new_parser_version_reads_everything_again(tmp_path):
    report = make_report(URL, "杭州市卫生健康委员会", 2023, seed=1)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest_report({**report, "parser_version": "older"})
        assert to_parse(wh, [_ref(report)]) == [_ref(report)]
        wh.ingest_report(report)
        assert to_parse(wh, [_ref(report)]) == []
