"""Every media type gknb meets, declared once: its file-name suffixes, its Content-Type, what gknb
reads it as.

The crawler guesses a response's type from these (``extract/http/bodies.media_hint``: file name,
then header, then URL) and records the guess in the fetch log; the link finder takes a URL whose
suffix names a downloadable file for an attachment; the reader takes a suffix or a header for a
format when the bytes do not say (``extract/read.py``) and stores the format it read in
``documents.media_type``; ``codes_media_types`` (``model/codes.py``) lists them.  Declared in one
place so the crawler never names a file differently from the reader that opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML = "html"
TEXT = "text"
PDF = "pdf"
DOCX = "docx"
DOC = "doc"
XLSX = "xlsx"
XLS = "xls"
IMAGE = "image"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class MediaType:
    """One media type.  ``content_types``: substrings of a Content-Type header that name it (the
    crawler tries the types in ``MEDIA_TYPES`` order, so ``xml`` comes after the Office and XHTML
    types whose names contain it); ``read_as``: the reader that opens it (``None``: gknb keeps it
    in the archive but reads nothing from it); ``attachment``: a file a page links to for download,
    not a page or an inline picture; ``page``: an answer the crawler reads links to attachments from."""

    key: str
    label_zh: str
    description: str
    suffixes: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    read_as: str | None = None
    attachment: bool = False
    page: bool = False


MEDIA_TYPES: tuple[MediaType, ...] = (
    MediaType(PDF, "PDF 文档", "PDF, with a text layer or scanned (OCR)", (".pdf",), ("application/pdf",), PDF, True),
    MediaType(DOCX, "Word 文档（docx）", "Word 2007+ document (Office Open XML)", (".docx",), ("wordprocessingml",),
              DOCX, True),
    MediaType(DOC, "Word 文档（doc）", "Word 97–2003 document (OLE)", (".doc",), ("application/msword",), DOC, True),
    MediaType("wps", "WPS 文字文档", "WPS Writer document; read as a Word 97 file, which it is",
              (".wps",), ("application/vnd.ms-works",), DOC, True),
    MediaType(XLSX, "Excel 工作簿（xlsx）", "Excel 2007+ workbook (Office Open XML)", (".xlsx",), ("spreadsheetml",),
              XLSX, True),
    MediaType(XLS, "Excel 工作簿（xls）", "Excel 97–2003 workbook (BIFF8)", (".xls",), ("application/vnd.ms-excel",),
              XLS, True),
    MediaType(HTML, "网页", "HTML page", (".html", ".htm", ".shtml", ".xhtml", ".jsp"),
              ("text/html", "application/xhtml"), HTML, page=True),
    MediaType(TEXT, "纯文本", "plain text, its tables drawn with characters", (".txt", ".md", ".text"),
              ("text/plain",), TEXT, page=True),
    MediaType("json", "JSON", "JSON answer of a portal's search API; links are read from it", (), ("application/json",),
              page=True),
    MediaType("xml", "XML", "XML answer of a portal's search API; links are read from it", (), ("xml",), page=True),
    MediaType(IMAGE, "图片", "picture (JPEG, PNG, TIFF) of a report's pages, read by OCR",
              (".png", ".jpg", ".jpeg", ".tif", ".tiff"), ("image/",), IMAGE),
    MediaType("rtf", "RTF 文档", "Rich Text Format file, archived but not read", (".rtf",), attachment=True),
    MediaType("ofd", "OFD 版式文档", "OFD (China's fixed-layout format), archived but not read", (".ofd",),
              attachment=True),
    MediaType("zip", "压缩包", "zip archive, archived but not read", (".zip",), attachment=True),
    MediaType("et", "WPS 表格", "WPS spreadsheet, archived but not read", (".et",), attachment=True),
    MediaType(UNKNOWN, "未知", "the crawler's guess for a URL whose suffix names no type above"),
)
BY_KEY = {m.key: m for m in MEDIA_TYPES}
BY_SUFFIX = {s: m for m in MEDIA_TYPES for s in m.suffixes}
PAGES = tuple(m.key for m in MEDIA_TYPES if m.page)
ATTACHMENT_SUFFIXES = frozenset(s for m in MEDIA_TYPES if m.attachment for s in m.suffixes)
# The formats a document is read as: the values of documents.media_type.
READ_AS = tuple(dict.fromkeys(m.read_as for m in MEDIA_TYPES if m.read_as))


def of_suffix(suffix: str) -> MediaType | None:
    """The type a file-name suffix (``.pdf``, any case) names, if one does."""
    return BY_SUFFIX.get(suffix.lower())


def of_content_type(content_type: str | None) -> MediaType | None:
    """The first type, in ``MEDIA_TYPES`` order, whose Content-Type a header names."""
    ct = (content_type or "").lower()
    return next((m for m in MEDIA_TYPES if any(needle in ct for needle in m.content_types)), None)
