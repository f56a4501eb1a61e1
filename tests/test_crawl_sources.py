"""Sources as data, and the ``gknb crawl`` command end to end against the simulator."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from gknb.extract.sources import DEFAULT_SOURCES, FAMILIES, SourceError, load_sources, parse_sources, select_sources
from gknb.cli import app
from gknb.synth.portal.server import PORTAL_HOSTS

pytest_plugins = ["tests.portal_fixtures"]


def test_shipped_sources_load_and_are_marked_unverified() -> None:
    sources = load_sources(DEFAULT_SOURCES)
    assert len(sources) >= 8
    assert len({s.name for s in sources}) == len(sources)
    assert all(not s.verified_offline and not s.allow_private_addresses for s in sources)
    assert {"hanweb", "trs", "gkmlpt", "govcn"} <= {s.family for s in sources} <= set(FAMILIES)


def test_validation_reports_every_problem_at_once() -> None:
    text = """sources:
  - {name: a, url: 'http://a.gov.cn/', family: hanwed, delay: -1}
  - {name: a, url: 'ftp://b.gov.cn/', colour: red}
  - {name: c, url: 'http://c.gov.cn/', admin_level: galaxy, max_pages: 0}
"""
    with pytest.raises(SourceError) as err:
        parse_sources(text)
    message = str(err.value)
    for fragment in ("family 'hanwed'", "delay must be", "unknown key 'colour'", "absolute http(s) URL",
                     "admin_level 'galaxy'", "max_pages must be"):
        assert fragment in message
    with pytest.raises(SourceError, match="top-level 'sources:'"):
        parse_sources("- just a list")


def test_select_sources_keeps_file_order_and_rejects_unknown_names() -> None:
    sources = parse_sources("sources:\n  - {name: a, url: 'http://a.gov.cn/'}\n  - {name: b, url: 'http://b.gov.cn/x/'}\n")
    assert [s.name for s in select_sources(sources, ["b", "a"])] == ["a", "b"]
    assert sources[1].hosts == frozenset({"b.gov.cn"})
    with pytest.raises(SourceError, match="unknown source"):
        select_sources(sources, ["zzz"])


@pytest.mark.integration
def test_crawl_command_summarises_a_run(portal, sim_sources_file, tmp_path) -> None:  # noqa: ANN001
    args = ["crawl", "--sources", str(sim_sources_file), "--source", "hanweb", "--source", "robots403",
            "--archive", str(tmp_path / "archive"), "--fetch-log", str(tmp_path / "log.duckdb"),
            "--delay", "0.05", "--offline", "--time-scale", str(portal.app.time_scale)]
    for host, target in portal.host_map().items():
        args += ["--host-map", f"{host}={target}"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    manifest = portal.app.manifest()
    expected = sum(r["site"] == PORTAL_HOSTS["hanweb"] for r in manifest["reports"])
    row = next(line for line in result.output.splitlines() if line.startswith("│ hanweb"))
    assert re.findall(r"\d+", row)[:3] == [str(expected), str(expected), "0"]  # found, new, updated
    assert "robots403: robots_forbidden×1" in result.output
    assert CliRunner().invoke(app, [*args[:4], "--source", "nowhere"]).exit_code == 2
