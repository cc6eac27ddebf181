"""Offline by construction: no template, static file or PDF template the application serves
refers to another host (no CDN, web font, analytics, map tiles, ...), so that it runs on a
terminal network with no outbound connection. Every template directory (the project's and
each installed app's, Django's admin included) and every static file the finders serve are
read; a reference is anything a browser or WeasyPrint loads by itself: ``src``/``href``/
``action``/``srcset``/``poster``/``data`` attributes, CSS ``url()`` and ``@import``, and
script loads (``fetch``, ``import``, ``new WebSocket``/``EventSource``/``Worker``,
``.src =``). PDFs fetch nothing from outside either (``test_pdf_fetcher.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines

#: A URL that leaves this server: a scheme with a host, or a scheme-relative ``//host``.
_EXTERNAL = r"""(?:(?:https?|wss?|ftp):)?//[^\s"'/)]"""
REFERENCES = [
    re.compile(
        rf"""\b(?:src|href|action|formaction|srcset|poster|data|background)\s*=\s*["']?\s*{_EXTERNAL}""",
        re.I,
    ),
    re.compile(rf"""url\(\s*["']?\s*{_EXTERNAL}""", re.I),
    re.compile(rf"""@import\s+(?:url\()?\s*["']?\s*{_EXTERNAL}""", re.I),
    re.compile(
        rf"""(?:\bfetch|\bimport|new\s+(?:WebSocket|EventSource|Worker|SharedWorker)|sendBeacon)"""
        rf"""\s*\(\s*["'`]\s*{_EXTERNAL}""",
        re.I,
    ),
    re.compile(rf"""\bfrom\s+["']{_EXTERNAL}"""),
    re.compile(rf"""\.(?:src|href|action)\s*=\s*["'`]\s*{_EXTERNAL}"""),
    re.compile(rf"""\.open\(\s*["'][A-Z]+["']\s*,\s*["']{_EXTERNAL}"""),  # XMLHttpRequest
]
#: The namespace URIs of SVG and XHTML are names, never loaded.
_NAMESPACES = re.compile(
    r"""(?:xmlns(?::\w+)?|xlink:href)\s*=\s*["']https?://www\.w3\.org/[^"']*["']"""
)
#: Comments of scripts and style sheets (``/* ... */``) are read by nobody's browser.
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
#: Templates of pages this application never serves: django-otp's TOTP admin, which the
#: admin site declines (``juki_admin.sites.NOT_OFFERED``; checked below), links to PyPI.
NEVER_SERVED = {"otp_totp/admin/config.html"}
TEXT_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".css", ".js", ".mjs", ".json", ".map"}


def _template_files() -> list[Path]:
    directories = set()
    for engine in engines.all():
        directories.update(Path(d) for d in engine.template_dirs)
    files = [p for d in directories if d.is_dir() for p in d.rglob("*") if p.is_file()]
    return sorted(
        p
        for p in files
        if p.suffix in TEXT_SUFFIXES and not any(p.as_posix().endswith(n) for n in NEVER_SERVED)
    )


def _static_files() -> list[Path]:
    files = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            files.add(Path(storage.path(path)))
    return sorted(p for p in files if p.suffix in TEXT_SUFFIXES)


def external_references(text: str, *, code: bool = False) -> list[str]:
    text = _NAMESPACES.sub("", text)
    if code:
        text = _BLOCK_COMMENT.sub("", text)
    return [m.group(0) for pattern in REFERENCES for m in pattern.finditer(text)]


def test_the_scan_finds_every_kind_of_reference_it_looks_for():
    """The patterns are not vacuous: each kind of outside reference is caught."""
    samples = [
        '<script src="https://cdn.example.com/x.js"></script>',
        "<link href='//fonts.googleapis.com/css?family=Noto' rel=stylesheet>",
        '<img srcset="http://img.example/a.png 2x">',
        '<form action="https://forms.example/post">',
        "body { background: url(https://tiles.example/t.png) }",
        '@import "https://fonts.example/a.css";',
        "@import url(//fonts.example/a.css);",
        'fetch("https://analytics.example/collect")',
        "navigator.sendBeacon('https://stats.example/b')",
        'import x from "https://esm.example/x.js";',
        "el.src = 'https://ads.example/p.gif'",
        'new WebSocket("wss://push.example/s")',
        "xhr.open('GET', 'https://api.example/x')",
    ]
    for sample in samples:
        assert external_references(sample), sample
    ours = [
        '<script src="/static/juki.js"></script>',
        "body { background: url(../img/a.svg) }",
        '<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="http://www.w3.org/1999/xlink"/>',
        '/* see <a href="https://example.org/docs">the docs</a> */',
        "<a href=\"{% url 'portal:home' %}\">",
    ]
    for sample in ours:
        assert not external_references(sample, code=True), sample


@pytest.mark.parametrize("kind", ["templates", "static"])
def test_no_template_or_static_file_refers_to_another_host(kind):
    files = _template_files() if kind == "templates" else _static_files()
    assert len(files) > 20  # the walk found the project's and Django's own files
    if kind == "templates":
        assert Path(settings.BASE_DIR, "templates", "pdf") in {p.parent for p in files}
    found = {
        str(path): refs
        for path in files
        if (
            refs := external_references(
                path.read_text(encoding="utf-8", errors="replace"),
                code=path.suffix in {".js", ".mjs", ".css"},
            )
        )
    }
    assert found == {}


def test_the_templates_left_out_belong_to_pages_the_site_declines():
    from django.contrib import admin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice)


def test_the_pages_served_name_no_other_host(client, sysadmin):
    """What the browser receives, the admin's pages included, loads nothing from outside."""
    assert not external_references(client.get("/login/").content.decode())
    client.force_login(sysadmin)
    pages = ["/", "/admin/", "/admin/auth/user/", "/admin/juki_admin/staff/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not external_references(response.content.decode()), url
