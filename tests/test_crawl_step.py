"""One crawl step (``gknb.flows.pipeline.crawl``) for the CLI and the flows: the same portal crawled the
CLI's way (asyncio over one shared fetcher) and the flows' way (a Prefect task per source) gives the
same result rows; a source whose crawl raised is one result whichever way it ran."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console

from gknb.extract.crawl import failed_crawl
from gknb.extract.http.settings import FetchSettings
from gknb.extract.sources import Source
from gknb.flows import pipeline
from gknb.flows.run_report import crawl_rows
from gknb.flows.verdict import source_outcome
from gknb.model.settings import Settings

pytest_plugins = ["tests.portal_fixtures", "tests.prefect_fixtures"]
pytestmark = pytest.mark.integration

_COMPARED = ("source", "host", "status", "columns", "reports_found", "new", "updated", "unchanged", "blocked",
             "failed", "distractors", "duplicates", "stopped", "not_fetched", "reasons", "error")


def test_the_cli_and_the_flows_crawl_to_the_same_rows(prefect_api, portal, sim_sources_file, tmp_path,
                                                      monkeypatch) -> None:  # noqa: ANN001
    from gknb.commands.crawl import _InProcess
    from gknb.flows.crawl import crawl_flow

    monkeypatch.setenv("GKNB_SOURCES", str(sim_sources_file))
    overrides = dict(min_delay=0.05, default_delay=0.05, connect_timeout=1.0, read_timeout=0.5, max_retries=2,
                     backoff_base=0.01, backoff_max=0.05, time_scale=portal.app.time_scale,
                     host_map=portal.host_map(), resolve_dns=False)
    names = ["hanweb", "robots403"]
    cli_settings = Settings.load(tmp_path / "cli")
    local = _InProcess(Console(file=io.StringIO()), FetchSettings().with_overrides(**overrides), None)
    by_cli = pipeline.crawl(cli_settings, pipeline.sources_to_crawl(cli_settings, names), local)
    by_flow = crawl_flow(sources=names, data_dir=str(tmp_path / "flow"), fetch_overrides=overrides)

    assert [r.source for r in by_cli] == names and by_cli[0].new > 0 and by_cli[1].status == "robots_forbidden"
    assert local.after[0] > local.before[0]  # the CLI's closing line: bodies the run archived
    assert [{k: row[k] for k in _COMPARED} for row in by_flow] == \
        [{k: v for k, v in dataclasses.asdict(r).items() if k in _COMPARED} for r in by_cli]


def test_a_source_whose_crawl_raised_is_one_failed_row() -> None:
    from gknb.commands.crawl import reason_lines  # through gknb.cli, which registers the commands

    row = dataclasses.asdict(failed_crawl(Source("b", "https://b.gov.cn/nb/"), "KeyError: 'td'"))
    assert (row["status"], row["error"], row["reports_found"]) == ("error", "KeyError: 'td'", 0)
    assert row["failures"] == [{"url": "https://b.gov.cn/nb/", "kind": "crawl", "outcome": "error",
                                "reason": "KeyError: 'td'"}]
    assert source_outcome(row) == "failed"
    assert crawl_rows([row])[0][:2] == ["b", "error"]
    assert reason_lines([failed_crawl(Source("b", "https://b.gov.cn/nb/"), "KeyError: 'td'")]) == \
        ["b: crawl failed: KeyError: 'td'"]
