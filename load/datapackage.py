"""``datapackage.json`` of a release (Frictionless Data Package), and where its data came from.

Every exported table and view is two resources: ``<name>`` (its parquet file) and
``<name>_csv`` (its tool CSV), each ONE file, because frictionless reads only the first file
of a multi-file resource (it once validated 7 of 500 rows).  The Excel flavour of the CSV
(second header line, ``="…"`` identifiers) is for people, not tools, and is not a resource.

Licences: the compilation (tables, cleaning, checks, documentation) is CC-BY-4.0, the code
MIT; the reports themselves are public government information published by the agencies
under the Regulations on the Disclosure of Government Information (政府信息公开条例), which
state no licence: the package says so rather than claiming one for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from gknb.model.versions import __version__
from gknb.extract.sources import DEFAULT_SOURCES, load_sources
from gknb.load.export import CSV_ENCODING, ExportSummary, TableExport

TITLE = "China government information disclosure annual reports (政府信息公开工作年度报告)"
LICENSES = [{
    "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International: the compilation (tables, cleaning, checks, documentation)",
}]
RIGHTS = {
    "compilation": "CC-BY-4.0",
    "code": "MIT (the gknb software that built this release)",
    "reports": "Public government information published by each agency under the Regulations on the Disclosure "
               "of Government Information (中华人民共和国政府信息公开条例); the publishers state no licence. "
               "Cite the agency's report (source URL in reports.source) as well as this release.",
}
CONTRIBUTORS = [{"title": "gknb contributors", "role": "author"}]


def data_sources(documents_parquet: Path, sources_file: Path | None = None) -> list[dict[str, str]]:
    """One source per web host the release's documents came from, titled and pointed at the portal
    declared for that host in the sources file when there is one; local files are counted as one."""
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT source FROM read_parquet(?) WHERE is_latest ORDER BY source", [str(documents_parquet)]
        ).fetchall()
    finally:
        con.close()
    path = Path(sources_file or DEFAULT_SOURCES)  # titles only: a missing file must not stop a release
    declared = {s.host: s for s in load_sources(path)} if path.is_file() else {}
    hosts: dict[str, int] = {}
    local = 0
    for (source,) in rows:
        parts = urlsplit(source)
        if parts.scheme in ("http", "https") and parts.netloc:
            hosts[parts.netloc.lower()] = hosts.get(parts.netloc.lower(), 0) + 1
        else:
            local += 1
    out = []
    for host, n in sorted(hosts.items()):
        s = declared.get(host)
        title = f"{s.name}: {s.region or host} ({n} documents)" if s else f"{host} ({n} documents)"
        out.append({"title": title, "path": s.url if s else f"http://{host}/"})
    if local:
        out.append({"title": f"local files loaded with gknb ingest ({local} documents)"})
    return out


def _resources(t: TableExport) -> list[dict[str, Any]]:
    r = t.relation
    fields = []
    for c in r.columns:
        f: dict[str, Any] = {"name": c.name, "type": c.frictionless_type, "description": c.description}
        if c.description_zh:
            f["description_zh"] = c.description_zh
        if not c.nullable:
            f["constraints"] = {"required": True}
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields}
    if r.primary_key:
        schema["primaryKey"] = list(r.primary_key)
    common = {"description": r.description, "description_zh": r.description_zh, "schema": schema, "rows": t.rows}
    out = [{"name": r.name, "path": t.parquet, "format": "parquet", "mediatype": "application/vnd.apache.parquet", **common}]
    if t.csv:
        out.append({"name": f"{r.name}_csv", "path": t.csv, "format": "csv", "mediatype": "text/csv",
                    "encoding": CSV_ENCODING, "dialect": {"header": True, "delimiter": ","}, **common})
    return out


def datapackage(summary: ExportSummary, *, version: str, created: str, previous: str | None,
                sources: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "profile": "data-package",
        "name": "gknb",
        "title": TITLE,
        "description": "Tables read from the annual reports on government information disclosure that Chinese "
                       "agencies publish each year, with every number's provenance and the reports' own "
                       "consistency checks. See DATA.md (coverage, method, limitations) and DATA_DICTIONARY.md.",
        "version": version,
        "created": created,
        "previous_version": previous,
        "licenses": LICENSES,
        "rights": RIGHTS,
        "sources": sources,
        "contributors": CONTRIBUTORS,
        "keywords": ["China", "government transparency", "freedom of information", "政府信息公开", "annual reports"],
        "gknb_version": __version__,
        "parser_versions": summary.parser_versions,
        "data_as_of": summary.data_as_of,
        "resources": [res for t in summary.tables for res in _resources(t)],
    }
