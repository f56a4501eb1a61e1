"""One way in to the readers (``extract.read``), fed by the ``DocumentRecord`` made where the bytes entered.

The record's HTTP Content-Type must reach the decoder for crawled pages: the end-to-end test
serves, from a real server on 127.0.0.1, a GBK page whose only charset signal is the header and
whose bytes also happen to be valid UTF-8, so a pipeline that dropped the header would read it
as UTF-8 mojibake.
"""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gknb.extract.archive import Archive
from gknb.extract.document import ReadError
from gknb.extract.http.fetcher import Fetcher
from gknb.extract.http.settings import FetchSettings
from gknb.extract.read import read
from gknb.extract.sources import Source
from gknb.model.document import DocumentRecord, sha256_bytes
from gknb.transform.parse import parse_bytes, parse_record

# Every character's GBK bytes are a valid two-byte UTF-8 sequence (lead 0xC2-0xDF, trail 0x80-0xBF).
GBK_TEXT = "医学原始图片展示 史志学校同志农业实施"
GBK_PAGE = f"<html><head><title>{GBK_TEXT}</title></head><body><p>{GBK_TEXT}</p></body></html>".encode("gbk")


def test_the_premise_gbk_page_is_also_valid_utf8() -> None:
    assert GBK_PAGE.decode("utf-8") != GBK_PAGE.decode("gbk")  # without the header, UTF-8 wins


def test_the_records_charset_decides_over_detection() -> None:
    declared = DocumentRecord.of_bytes(GBK_PAGE, "https://x.gov.cn/a.html", content_type="text/html; charset=GBK")
    undeclared = DocumentRecord.of_bytes(GBK_PAGE, "https://x.gov.cn/a.html")
    assert GBK_TEXT in read(GBK_PAGE, declared).text
    assert GBK_TEXT not in read(GBK_PAGE, undeclared).text
    report = parse_bytes(GBK_PAGE, "https://x.gov.cn/a.html", headers={"Content-Type": "text/html; charset=gbk"})
    assert report.meta["encoding"] == "gb18030" and report.sha256 == sha256_bytes(GBK_PAGE)


def test_a_text_page_gets_the_header_charset_too() -> None:
    body = GBK_TEXT.encode("gbk")
    record = DocumentRecord.of_bytes(body, "https://x.gov.cn/a.txt", content_type="text/plain; charset=gb2312")
    assert read(body, record).text.strip() == GBK_TEXT


def test_a_read_failure_says_what_format_it_was_taken_for() -> None:
    with pytest.raises(ReadError) as err:
        read(b"%PDF-1.4 truncated", DocumentRecord.of_bytes(b"%PDF-1.4 truncated", "cut.pdf"))
    assert err.value.media_type == "pdf"
    with pytest.raises(ReadError, match="empty document") as empty:
        read(b"  \n", DocumentRecord.of_bytes(b"  \n", "blank.txt"))
    assert empty.value.media_type is None


def test_the_name_tells_markup_from_text_only(tmp_path) -> None:  # noqa: ANN001
    text = "<p>三、收到和处理政府信息公开申请情况</p>".encode()
    path = tmp_path / "notes.txt"
    path.write_bytes(text)
    assert read(text, DocumentRecord.of_file(path)).media_type == "text"  # a .txt quoting a tag
    assert read(text, DocumentRecord.of_bytes(text, "https://x.gov.cn/notes")).media_type == "html"
    assert read(b"plain words", DocumentRecord.of_bytes(b"plain words", "https://x.gov.cn/a.shtml?id=1")).media_type == "html"
    renamed = tmp_path / "report.html"  # a PDF behind an .html name: the bytes decide
    renamed.write_bytes(b"%PDF-1.4 truncated")
    with pytest.raises(ReadError) as err:
        read(renamed.read_bytes(), DocumentRecord.of_file(renamed))
    assert err.value.media_type == "pdf"


class _GbkHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=GBK")
        self.send_header("Content-Length", str(len(GBK_PAGE)))
        self.end_headers()
        self.wfile.write(GBK_PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.integration
def test_a_crawled_gbk_page_is_read_by_its_http_charset(tmp_path) -> None:  # noqa: ANN001
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GbkHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = FetchSettings(min_delay=0.0, default_delay=0.0, connect_timeout=2.0, read_timeout=2.0,
                                 max_retries=0, host_map={"gbk.gov.cn": f"127.0.0.1:{server.server_port}"},
                                 resolve_dns=False)
        source = Source(name="gbk", url="http://gbk.gov.cn/", family="govcn")

        async def fetch() -> None:
            async with Fetcher(settings, archive, "test") as fetcher:
                await fetcher.fetch(source, "http://gbk.gov.cn/nb/2023.html", kind="report")

        with Archive(tmp_path / "archive", tmp_path / "fetchlog.duckdb") as archive:
            asyncio.run(fetch())
            [record] = archive.iter_documents()
    finally:
        server.shutdown()
        server.server_close()
    assert record.content_type == "text/html; charset=GBK" and record.sha256 == sha256_bytes(GBK_PAGE)
    assert record.size == len(GBK_PAGE) and record.path is not None and record.path.read_bytes() == GBK_PAGE
    report = parse_record(record)  # the flows' path: the record, not the bytes, names the document
    assert report.meta["encoding"] == "gb18030" and report.sha256 == record.sha256
    assert GBK_TEXT in read(GBK_PAGE, record).text


def test_the_warehouse_stores_the_hash_made_at_intake_without_hashing_again(tmp_path) -> None:  # noqa: ANN001
    """A record is trusted downstream: parse and load take its sha256 and never read the file to hash it.
    (A record whose file changed after intake shows it: the stored hash is the intake's.)"""
    from gknb.load.warehouse import Warehouse

    path = tmp_path / "body"
    path.write_bytes(GBK_PAGE)
    record = DocumentRecord.of_file(path, "https://x.gov.cn/a.html")
    path.write_bytes(GBK_PAGE + b"<!-- changed after intake -->")
    report = parse_record(record)
    assert report.sha256 == record.sha256 == sha256_bytes(GBK_PAGE)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest_report(report, record)
        stored = wh.query("SELECT sha256, size_bytes FROM documents").rows()
    assert stored == [(sha256_bytes(GBK_PAGE), len(GBK_PAGE))]


def test_a_body_lost_from_disk_is_a_recorded_failure_under_its_hash(tmp_path) -> None:  # noqa: ANN001
    record = DocumentRecord(sha256="ab" * 32, size=None, source="https://x.gov.cn/gone.pdf", path=tmp_path / "gone.bin")
    report = parse_record(record)
    assert report.status == "failed" and report.error.startswith("cannot read file:")
    assert report.sha256 == record.sha256 and report.size is None
