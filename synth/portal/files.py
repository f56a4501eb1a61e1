"""Small valid attachment payloads: PDF and DOCX from the report renderers, the rest by hand.

DOC and WPS files written by WPS Office store UTF-16LE text inside an OLE container
(research §3.2, MIIT); the simulator imitates that with the OLE signature, a zeroed header
sector and the text, which is what a crawler and a sniffing parser look at.
"""

from __future__ import annotations

from typing import Any

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def ole_document(text: str) -> bytes:
    return OLE_SIGNATURE + bytes(504) + text.encode("utf-16-le")


def payload(ext: str, title: str, values: Any) -> bytes:
    if ext == "pdf":
        from synth.render.pdf import render_pdf

        return render_pdf(values)
    if ext == "docx":
        from synth.render.docx import render_docx

        return render_docx(values)
    if ext in ("doc", "wps", "xls"):
        return ole_document(f"{title}\r\n一、总体情况\r\n")
    raise ValueError(f"no payload for .{ext}")
