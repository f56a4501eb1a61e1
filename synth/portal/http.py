"""The simulator's request/response types and the page helpers every site uses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from urllib.parse import parse_qsl


@dataclass(slots=True)
class SimRequest:
    host: str
    method: str
    path: str
    raw_query: str
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    server_port: int = 0  # the simulator's own port, for redirects to its bare IP

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    @property
    def target(self) -> str:
        return self.path + ("?" + self.raw_query if self.raw_query else "")


@dataclass(slots=True)
class SimResponse:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    # Static content: the app adds ETag/Last-Modified and answers conditionals with 304.
    cacheable: bool = False
    last_modified: datetime | None = None
    delay: float = 0.0  # nominal seconds before the headers go out (scaled by the app)
    trickle_interval: float = 0.0  # >0: send the body one byte per interval (nominal seconds)

    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:20] + '"'


FIXED_MODIFIED = datetime(2025, 4, 30, 8, 0, tzinfo=timezone.utc)  # the corpus "now"


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


def html(body: str, *, charset: str | None = "utf-8", encoding: str = "utf-8", status: int = 200,
         cacheable: bool = True, last_modified: datetime | None = None,
         extra_headers: list[tuple[str, str]] | None = None) -> SimResponse:
    """An HTML answer; ``charset=None`` sends ``text/html`` with no charset, as old TRS sites do."""
    content_type = "text/html" if charset is None else f"text/html; charset={charset}"
    return SimResponse(status=status, body=body.encode(encoding),
                       headers=[("Content-Type", content_type), *(extra_headers or [])],
                       cacheable=cacheable, last_modified=last_modified or FIXED_MODIFIED)


def data(body: bytes, content_type: str, *, cacheable: bool = True, last_modified: datetime | None = None,
         headers: list[tuple[str, str]] | None = None) -> SimResponse:
    return SimResponse(status=200, body=body, headers=[("Content-Type", content_type), *(headers or [])],
                       cacheable=cacheable, last_modified=last_modified or FIXED_MODIFIED)


def text(body: str, status: int = 200, content_type: str = "text/plain; charset=utf-8",
         cacheable: bool = True) -> SimResponse:
    return SimResponse(status=status, body=body.encode("utf-8"), headers=[("Content-Type", content_type)],
                       cacheable=cacheable, last_modified=FIXED_MODIFIED)


NOT_FOUND_HTML = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


def not_found(charset: str = "utf-8") -> SimResponse:
    """A real 404 (the Latin-1 flavour exists: some portals' error pages are iso-8859-1)."""
    return SimResponse(status=404, body=NOT_FOUND_HTML.encode("latin-1"),
                       headers=[("Content-Type", f"text/html; charset={charset}")])
