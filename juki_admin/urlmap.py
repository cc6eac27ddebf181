"""Every URL of the project, from the URL configuration, as routes with their parameters.

Read by the tests that walk the whole site and by ``manage.py url_matrix``: a new URL is
walked without anyone listing it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "/cards/<int:pk>/"
    name: str
    converters: tuple[tuple[str, str], ...]  # (name, converter)

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("/admin/")

    def with_ids(self, value: str) -> str:
        return re.sub(r"<(?:\w+:)?\w+>", value, self.template)


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            raw = prefix + str(p.pattern)
            if raw.startswith("^") or "(?P" in raw or "([^/]+)" in raw:
                raw = _regex_to_template(raw)
            yield Route(
                "/" + raw.lstrip("^").rstrip("$").replace("\\Z", ""),
                f"{namespace}{p.name or ''}",
                tuple(re.findall(r"<(\w+):(\w+)>", raw)),
            )


def _regex_to_template(raw: str) -> str:
    raw = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", raw)
    raw = raw.replace("([^/]+)", "<str:id>")
    return raw.replace("^", "").replace("$", "").replace("\\Z", "")


def routes() -> list[Route]:
    skip = ("/static/", "/i18n/", "/admin/jsi18n/", "/admin/r/", "/admin/logout/", "/logout/")
    found = []
    for route in _walk(get_resolver().url_patterns):
        if route.template.startswith(skip) or route.name.endswith("autocomplete"):
            continue
        found.append(route)
    return found


def admin_model_of(route: Route):
    """The model an admin route belongs to (``admin:app_model_...``), or None."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            return model
    return None
