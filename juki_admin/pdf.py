"""The one PDF renderer: a Django template rendered to HTML, then to PDF by WeasyPrint.

Every PDF of the project (card receipts, ledgers, rosters, audit notices) is a template
under ``templates/pdf/`` that extends ``pdf/base.html`` (A4, Japanese fonts from Debian's
``fonts-ipaexfont``) or ``pdf/letter.html`` (a Japanese official letter).
"""

from __future__ import annotations

import functools
import subprocess

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    require_japanese_font()
    html = render_to_string(template_name, context or {}, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
