"""The one PDF renderer: a Django template rendered to HTML, then to PDF by WeasyPrint.

Every PDF of the project (card receipts, ledgers, rosters, audit notices) is a template
under ``templates/pdf/`` that extends ``pdf/base.html`` (A4, Japanese fonts from Debian's
``fonts-ipaexfont``) or ``pdf/letter.html`` (a Japanese official letter).

WeasyPrint fetches what a document names (stylesheets, images, attachments) through
:class:`ProjectFilesFetcher`: the project's static files (``{% static %}``), nothing else. A
``file:``, ``http:``, ``https:`` or ``data:`` URL is refused and left out of the PDF, so a
name or a reason that escaped its template could not pull a local file or a request to another
machine into a letter. Fonts come from fontconfig (the system's fonts), not from a URL.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import subprocess
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from .logs import security_event

#: The address documents are rendered at: a reserved name that never resolves, so that
#: ``/static/...`` from ``{% static %}`` becomes an absolute URL the fetcher recognises.
PDF_BASE_URL = "https://juki-admin.invalid/"


class PdfFetchRefused(ValueError):
    """A document named a resource that is not one of the project's static files."""


def project_file(url: str) -> bytes:
    """The bytes of the static file ``url`` names (``PDF_BASE_URL`` + ``STATIC_URL`` + name),
    or :class:`PdfFetchRefused` for any other URL (other scheme or host, a path outside the
    static files, ``..``)."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        prefix
    ):
        raise PdfFetchRefused(f"not a static file of the project: {url[:200]}")
    name = unquote(parts.path[len(prefix) :])
    if "\\" in name or "\x00" in name or any(p in ("", ".", "..") for p in name.split("/")):
        raise PdfFetchRefused(f"not a static file of the project: {url[:200]}")
    try:
        found = finders.find(name)
        if found:
            with open(found, "rb") as file:
                return file.read()
        if staticfiles_storage.exists(name):  # collected, e.g. a hashed name in production
            with staticfiles_storage.open(name) as file:
                return file.read()
    except (SuspiciousFileOperation, OSError, ValueError) as exc:
        raise PdfFetchRefused(f"not a static file of the project: {url[:200]}") from exc
    raise PdfFetchRefused(f"no such static file: {url[:200]}")


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        """WeasyPrint's fetcher (version 70: a ``URLFetcher`` whose ``fetch`` answers a
        ``URLFetcherResponse``) that serves only :func:`project_file`; a refusal is logged and
        WeasyPrint leaves the resource out."""

        def fetch(self, url, headers=None):
            try:
                body = project_file(url)
            except PdfFetchRefused:
                security_event("pdf_fetch_refused", url=url[:200])
                raise
            content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return ProjectFilesFetcher


def pdf_url_fetcher():
    """A new fetcher that serves the project's static files and refuses everything else."""
    return _fetcher_class()()


#: An era date, month or fiscal year as the documents write them: 令和9年1月31日,
#: 令和8年（2026年）12月4日, 平成24年(2012年)4月1日, 令和8年11月, 令和8年度, 令和元年.
ERA_DATE = re.compile(
    r"(?:令和|平成|昭和|大正|明治)(?:元|[0-9]{1,2})年"
    r"(?:[（(][0-9]{4}年[）)])?(?:度|[0-9]{1,2}月(?:[0-9]{1,2}日)?)?"
)
_TEXT = re.compile(r">([^<]+)<")
#: A short table header (所属, 状況, 指摘件数 ...): never broken into 「所/属」.
_SHORT_HEADER = re.compile(r"(<th\b[^>]*>)([^<]{1,6})(</th>)")
#: Keeps what ``keep_whole`` marks on one line, in every PDF (the HTML of the pages is not
#: touched: this runs on documents only).
KEEP_WHOLE_CSS = "<style>.nobr { white-space: nowrap; }</style>"


def keep_whole(html: str) -> str:
    """``html`` with every era date in its text, and every short table header, wrapped in
    ``<span class="nobr">``, so that no PDF breaks 「令和9年1月31日」 into 「令/和9年1月31日」
    or a header 「所属」 into 「所/属」 in a narrow column."""

    def wrap(text: re.Match) -> str:
        return ">" + ERA_DATE.sub(r'<span class="nobr">\g<0></span>', text.group(1)) + "<"

    body_at = html.find("<body")
    if body_at < 0:
        return html
    head, body = html[:body_at], html[body_at:]
    head = head.replace("</head>", KEEP_WHOLE_CSS + "</head>", 1)
    body = _SHORT_HEADER.sub(r'\1<span class="nobr">\2</span>\3', body)
    return head + _TEXT.sub(wrap, body)


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, its resources fetched by :func:`pdf_url_fetcher` only; era dates
    kept whole on one line (:func:`keep_whole`)."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    require_japanese_font()
    return HTML(
        string=keep_whole(html), base_url=PDF_BASE_URL, url_fetcher=pdf_url_fetcher()
    ).write_pdf()


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context or {}, request=request))


def pdf_response(
    template_name: str, context: dict | None = None, *, filename: str, request=None
) -> HttpResponse:
    """An HTTP response with the rendered PDF, offered for download as ``filename``."""
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"  # personal data: never kept by a browser or proxy
    return response


class PdfFontMissing(RuntimeError):
    """No Japanese font is installed: PDFs would draw boxes instead of characters."""


@functools.lru_cache(maxsize=1)
def japanese_fonts() -> tuple[str, ...]:
    """The Japanese font families fontconfig knows (IPAex, Noto CJK, ...)."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()}))


def require_japanese_font() -> None:
    """Refuse to render an official document without a Japanese font, naming the package."""
    if not japanese_fonts():
        raise PdfFontMissing(
            "No Japanese font is installed, so the PDF cannot be drawn. Install IPAex fonts: "
            "sudo apt-get install fonts-ipaexfont (or run `make run`, which installs them)."
        )
