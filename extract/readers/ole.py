"""Legacy Word and WPS documents (.doc/.wps, OLE compound files) read from their text stream
(.xls workbooks, also OLE files, go to extract.readers.sheet).

Word 97–2003 and WPS keep a document's text as runs of UTF-16LE code units (CJK text is
never stored in the 8-bit form), with table cells ended by U+0007, table rows by a second
U+0007 and paragraphs by U+000D.  Recovering those runs gives rows and cells exactly as the
tab-separated text reader expects them, without a converter such as LibreOffice.
"""

from __future__ import annotations

import re

from gknb.model import media
from gknb.extract.document import Document, ReadError
from gknb.extract.readers.text import read_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Printable text, CJK, full-width forms, and Word's structural marks (TAB, CR, cell mark).
_TEXT_UNIT = "\t\r\x07\x0b\u0020-\u007e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2e80-\u2fdf"
_RUN = re.compile(f"[{_TEXT_UNIT}]{{16,}}")


def _runs(data: bytes, offset: int) -> list[str]:
    text = data[offset:].decode("utf-16-le", errors="replace")
    # Runs must contain CJK: long ASCII-looking runs are binary structures read as UTF-16.
    return [r for r in _RUN.findall(text) if re.search(r"[\u4e00-\u9fff]", r)]


def text_of_ole(data: bytes) -> str:
    """The document's text, tables as tab-separated rows."""
    runs = max((_runs(data, 0), _runs(data, 1)), key=lambda rs: sum(len(r) for r in rs))
    text = "\r".join(runs)
    text = text.replace("\x07\x07", "\n").replace("\x07", "\t").replace("\x0b", "").replace("\r", "\n")
    return text


def read_ole(data: bytes, source: str) -> Document:
    if not data.startswith(OLE_MAGIC):
        raise ReadError("not an OLE compound document (.doc/.wps)")
    text = text_of_ole(data)
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 20:
        raise ReadError(
            "legacy Office (OLE) document with no readable Chinese text stream (an encrypted, empty or 8-bit .doc, or an Office file that is neither Word nor Excel)"
        )
    doc = read_text(text, source)
    doc.media_type = media.DOC
    return doc
