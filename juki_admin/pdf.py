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


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, its resources fetched by :func:`pdf_url_fetcher` only."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    require_japanese_font()
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=pdf_url_fetcher()).write_pdf()


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
