"""A folder of synthetic report documents in mixed formats, at any scale, with their true values.

The rebuild benchmark needs a national-scale archive (tens of thousands of documents) and the
runner tests need a small one with the same mix; both come from here so that what is measured
is what is tested.  The mix follows what portals publish: mostly HTML pages, then PDFs, Word
files and text that other tools made of reports.  Each document's bytes and name derive from
``(seed, index)`` alone, so an archive is reproducible and can be generated in parallel.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gknb.synth.render.docx import render_docx
from gknb.synth.render.html import render_report_html
from gknb.synth.render.pdf import render_pdf
from gknb.synth.render.text import render_text
from gknb.synth.values import random_report

# (format, share of the archive): most reports are pages, a fifth PDFs, the rest Word and text.
MIX: tuple[tuple[str, int], ...] = (("html", 60), ("pdf", 20), ("docx", 8), ("text", 12))
_HTML_STYLES = ("word", "plain", "nested", "msword")
_TEXT_LAYOUTS = ("cell_per_line", "tab_rows", "markdown", "spaced")
_SUFFIX = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "text": ".txt"}


@dataclass(frozen=True)
class ArchiveDocument:
    name: str  # file name inside the archive folder
    media: str  # html | pdf | docx | text
    body: bytes
    values: dict[str, Any]  # what synth.values generated: the truth


def _media_for(rng: random.Random) -> str:
    pick = rng.randrange(sum(share for _, share in MIX))
    for media, share in MIX:
        if pick < share:
            return media
        pick -= share
    raise AssertionError("unreachable: shares cover the range")


def document(seed: int, index: int) -> ArchiveDocument:
    """Document ``index`` of the archive ``seed``: its format, bytes and true values."""
    rng = random.Random(f"{seed}:{index}")
    fmt = "2019" if rng.random() < 0.25 else "2021"
    values = random_report(rng, fmt=fmt, consistent=rng.random() > 0.2, blank_rate=0.03 if rng.random() < 0.3 else 0.0)
    media = _media_for(rng)
    if media == "html":
        body = render_report_html(values, style=rng.choice(_HTML_STYLES), blank=rng.choice(("&nbsp;", "", "0")))
    elif media == "pdf":
        body = render_pdf(values, ruled=rng.random() < 0.8)
    elif media == "docx":
        body = render_docx(values)
    else:
        body = render_text(values, rng.choice(_TEXT_LAYOUTS)).encode("utf-8")
    return ArchiveDocument(f"{index:06d}{_SUFFIX[media]}", media, body, values)


def documents(seed: int, count: int, start: int = 0) -> Iterator[ArchiveDocument]:
    for index in range(start, start + count):
        yield document(seed, index)


def write_archive(folder: Path, count: int, seed: int = 2025, *, start: int = 0) -> list[Path]:
    """Write documents ``start .. start+count`` and a ``truth.jsonl`` line for each; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with (folder / f"truth-{start:06d}.jsonl").open("w", encoding="utf-8") as truth:
        for doc in documents(seed, count, start):
            path = folder / doc.name
            path.write_bytes(doc.body)
            paths.append(path)
            truth.write(json.dumps({"name": doc.name, "media": doc.media, **doc.values}, ensure_ascii=False) + "\n")
    return paths
