"""PDFs fetch only the project's own files: a document naming ``file:``, ``http:`` or ``data:``
gets nothing from them (WeasyPrint leaves the resource out, the refusal is logged), while the
static files still come in. Each refusal is checked against WeasyPrint's default fetcher,
which does follow the same URL, so the test would notice the guard gone."""

import base64
import contextlib
import http.server
import logging
import re
import threading
import zlib

import pytest
from django.templatetags.static import static

from juki_admin.pdf import PdfFetchRefused, html_to_pdf, pdf_url_fetcher, project_file

PAGE = '<!doctype html><html lang="ja"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'  # noqa: E501


def _inflated(pdf: bytes) -> bytes:
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"".join(parts)


def _default_pdf(html: str) -> bytes:
    """The same document through WeasyPrint's own fetcher, which follows every URL."""
    from weasyprint import HTML

    return HTML(string=html, base_url="https://juki-admin.invalid/").write_pdf()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-5a1e\n")
    return path


def test_a_local_file_is_not_attached_to_a_pdf(secret_file, caplog):
    caplog.set_level(logging.INFO, logger="juki_admin.security")
    html = PAGE.format(
        head=f'<link rel="attachment" href="{secret_file.as_uri()}">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd">',
        body='<p>氏名</p><img src="file:///etc/passwd">',
    )
    assert b"TOP-SECRET-5a1e" in _inflated(_default_pdf(html))  # the default would attach it
    pdf = _inflated(html_to_pdf(html))
    assert b"TOP-SECRET-5a1e" not in pdf
    assert b"root:" not in pdf
    refused = [r.url for r in caplog.records if getattr(r, "event", "") == "pdf_fetch_refused"]
    assert secret_file.as_uri() in refused and "file:///etc/passwd" in refused


@pytest.fixture
def local_server():
    """A tiny HTTP server on 127.0.0.1 that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b"LEAKED-7c2d"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_a_pdf_sends_no_request_to_another_server(local_server):
    base, hits = local_server
    html = PAGE.format(
        head=f'<link rel="stylesheet" href="{base}/style.css">'
        f'<link rel="attachment" href="{base}/attached">',
        body=f'<img src="{base}/image.png"><p style="background: url({base}/bg.png)">氏名</p>',
    )
    assert b"LEAKED-7c2d" in _inflated(_default_pdf(html)) and hits  # the default would ask
    hits.clear()
    pdf = _inflated(html_to_pdf(html))
    assert hits == []
    assert b"LEAKED-7c2d" not in pdf


def test_a_data_url_is_refused_too():
    """Decided: refused. Our templates embed nothing as a data: URL (QR codes are inline SVG),
    so one in a document can only have come from text that escaped its template."""
    payload = base64.b64encode(b"DATA-URL-9f3b").decode()
    html = PAGE.format(
        head=f'<link rel="attachment" href="data:text/plain;base64,{payload}">', body="<p>x</p>"
    )
    assert b"DATA-URL-9f3b" in _inflated(_default_pdf(html))
    assert b"DATA-URL-9f3b" not in _inflated(html_to_pdf(html))
    with pytest.raises(PdfFetchRefused, match="not a static file of the project"):
        pdf_url_fetcher().fetch(f"data:text/plain;base64,{payload}")


def test_the_project_static_files_are_served_to_a_pdf():
    """A document may use ``{% static %}``: the file comes in (here as an attachment, whose
    bytes the PDF then holds)."""
    html = PAGE.format(
        head=f'<link rel="stylesheet" href="{static("portal.css")}">'
        f'<link rel="attachment" href="{static("juki.js")}">',
        body="<p>氏名</p>",
    )
    assert b"session-warning" in _inflated(html_to_pdf(html))


@pytest.mark.parametrize(
    "url",
    [
        "https://juki-admin.invalid/static/../manage.py",
        "https://juki-admin.invalid/static/%2e%2e/manage.py",
        "https://juki-admin.invalid/static//etc/passwd",
        "https://juki-admin.invalid/static/%2Fetc%2Fpasswd",
        "https://juki-admin.invalid/manage.py",
        "https://juki-admin.invalid/static/no-such-file.css",
        "https://example.org/static/portal.css",
        "http://juki-admin.invalid/static/portal.css",
        "file:///etc/passwd",
    ],
)
def test_only_a_static_file_of_the_project_is_read(url):
    with pytest.raises(PdfFetchRefused, match="static file"):
        project_file(url)


def test_a_static_file_is_read_by_its_url():
    assert b"session-warning" in project_file("https://juki-admin.invalid" + static("juki.js"))
