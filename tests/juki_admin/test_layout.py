"""The shape of the code (DESIGN.md, "Shape of the code"), read from the sources with ``ast``:

- dependencies point one way, ``juki_admin`` ← ``cards`` ← ``training`` ← ``terminals`` ←
  ``audits``: an app imports only from apps to its left (imports inside functions count);
- the ground of ``juki_admin`` (everything but its top: ``urls.py``, the portal home, the
  command that walks every URL, and what only they import) imports no app;
- nothing imports the top;
- no module outside migrations is over 500 lines.

Migrations are left out: they name whatever models their operations need."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
#: The apps, left to right: each may import those on its left only.
APPS = ("juki_admin", "cards", "training", "terminals", "audits")
#: The top floor of juki_admin: what gathers every app (and is imported by nobody).
TOP_ROOTS = {
    "juki_admin.urls",
    "juki_admin.portal",  # the portal home, which gathers each app's figures and menu
    "juki_admin.context_processors",  # that menu on every page (named in settings)
    "juki_admin.url_matrix",
    "juki_admin.management.commands.url_matrix",
}
MAX_LINES = 500


def _sources(top: str, *, migrations: bool = False):
    for path in sorted((ROOT / top).rglob("*.py")):
        if not migrations and "migrations" in path.parts:
            continue
        yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at its top or inside a function, absolute names."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for app in APPS for path in _sources(app)}


def _app_of(name: str) -> str | None:
    head = name.split(".")[0]
    return head if head in APPS else None


def _top(graph: dict[str, set[str]]) -> set[str]:
    """The roots, and every juki_admin module imported only by the top."""
    top = set(TOP_ROOTS)
    importers: dict[str, set[str]] = {}
    for module, names in graph.items():
        for name in names:
            if name in graph and name != module:
                importers.setdefault(name, set()).add(module)
    changed = True
    while changed:
        changed = False
        for module in graph:
            if module in top or _app_of(module) != "juki_admin":
                continue
            if importers.get(module) and importers[module] <= top:
                top.add(module)
                changed = True
    return top


def test_an_app_imports_only_from_apps_to_its_left():
    wrong = []
    for module, names in _graph().items():
        app = _app_of(module)
        for name in sorted(names):
            other = _app_of(name)
            if other is not None and APPS.index(other) > APPS.index(app):
                if app == "juki_admin":
                    continue  # the ground's rule, below
                wrong.append(f"{module} imports {name} ({other} is right of {app})")
    assert wrong == [], "\n".join(sorted(set(wrong)))


def test_the_ground_of_juki_admin_imports_no_app():
    graph = _graph()
    top = _top(graph)
    wrong = [
        f"{module} imports {name}"
        for module, names in graph.items()
        if _app_of(module) == "juki_admin" and module not in top
        for name in sorted(names)
        if _app_of(name) not in (None, "juki_admin")
    ]
    assert wrong == [], "\n".join(sorted(set(wrong)))


def test_nothing_imports_the_top():
    graph = _graph()
    top = _top(graph)
    wrong = [
        f"{module} imports {name}"
        for module, names in graph.items()
        if module not in top
        for name in sorted(names)
        if name in TOP_ROOTS or (name in top and name in graph)
    ]
    assert wrong == [], "\n".join(sorted(set(wrong)))


def test_the_top_is_what_the_design_says():
    """The closure stays small: urls, the portal views and home, the URL-matrix command."""
    top = _top(_graph())
    assert top >= TOP_ROOTS
    assert all(_app_of(m) == "juki_admin" for m in top), top


def test_no_module_outside_migrations_is_over_500_lines():
    skip = {".venv", "node_modules", ".git", "migrations"}
    long = []
    for path in sorted(ROOT.rglob("*.py")):
        if skip & set(path.relative_to(ROOT).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert long == [], "\n".join(long)
