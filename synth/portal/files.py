"""Small valid attachment payloads: PDF, scanned PDF and DOCX from the report renderers, the rest by hand.

DOC and WPS files written by WPS Office store UTF-16LE text inside an OLE container
(research §3.2, MIIT); the simulator imitates that with the OLE signature, a zeroed header
sector and the report's text stream, tables included, which is what a crawler and the
parser's OLE reader look at.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache
from typing import Any

from gknb.synth.render.text import render_text

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def word_text_stream(text: str) -> str:
    """Tab-separated rows as Word's binary text stream keeps a table: U+0007 ends each cell,
    a second U+0007 ends the row, U+000D ends a paragraph."""
    lines = text.split("\n")
    return "\r".join(("\x07".join(ln.split("\t")) + "\x07\x07") if "\t" in ln else ln for ln in lines)


def ole_document(text: str) -> bytes:
    return OLE_SIGNATURE + bytes(504) + text.encode("utf-16-le")


def stable_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01.

    python-docx stamps the save time into the zip, so a DOCX rendered twice differs; the
    simulator must serve the same bytes after a restart (stable ETags, stable manifest).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def payload(ext: str, title: str, values: Any) -> bytes:
    """Attachment bytes; rendering is deterministic, so a process renders each file once
    however many simulators it builds (a PDF with CJK text takes ~0.1 s)."""
    return _render(ext, title, json.dumps(values, sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=4096)
def _render(ext: str, title: str, values_json: str) -> bytes:
    values = json.loads(values_json)
    if ext == "pdf":
        from gknb.synth.render.pdf import render_pdf

        return render_pdf(values)
    if ext == "scan":  # a PDF of page images: printed, stamped and scanned at 200 dpi
        from gknb.synth.render.scan import ScanStyle, scan_pages, scan_pdf

        style = ScanStyle(dpi=200, rotation=0.8, seal=True)
        return scan_pdf(scan_pages(values, style, seed=len(title)), style)
    if ext == "docx":
        from gknb.synth.render.docx import render_docx

        return stable_zip(render_docx(values))
    if ext in ("doc", "wps"):
        return ole_document(word_text_stream(render_text(values, layout="tab_rows")))
    if ext == "xls":
        from gknb.synth.render.sheet import render_xls

        return render_xls(values)
    raise ValueError(f"no payload for .{ext}")
