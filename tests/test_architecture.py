"""Architecture rules that a reviewer should not have to remember (ARCHITECTURE §3–4).

1. Views and API modules of domain apps never query a model manager directly
   (`Model.objects…`, `_default_manager`, `get_object_or_404(Model, …)`): they fetch
   through selectors and access helpers, the one door that applies tenancy.
2. Dependencies between apps point one way only, as ARCHITECTURE §3 draws them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parent.parent / "apps"
DOMAIN_APPS = sorted(
    p.name for p in APPS.iterdir() if p.is_dir() and (p / "apps.py").exists() and p.name != "core"
)
INTERFACE_MODULES = ("views", "apis", "api", "mixins")

# Who may import whom (besides itself). `core` knows nobody; `tenancy` and `accounts` know
# only `core` (and each other's types); domain apps sit above them in this order.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "accounts": {"core", "tenancy"},
    "tenancy": {"core", "accounts"},
    # compliance imports no domain app: they register their evaluators into it
    "compliance": {"core", "tenancy", "accounts"},
    "evidence": {"core", "tenancy", "accounts", "compliance"},
    "people": {"core", "tenancy", "accounts", "compliance", "evidence"},
    "training": {"core", "tenancy", "accounts", "people", "compliance", "evidence"},
    # top-most: seed_demo and generate_synthetic call every app's public seed functions
    "demo": {"core", "tenancy", "accounts", "people", "compliance", "evidence", "training"},
}


def _interface_files(app: str) -> list[Path]:
    """views.py, apis.py, api.py, mixins.py, and packages of those names."""
    root = APPS / app
    files: list[Path] = []
    for name in INTERFACE_MODULES:
        files += [root / f"{name}.py"] if (root / f"{name}.py").exists() else []
        package = root / name
        files += sorted(package.rglob("*.py")) if package.is_dir() else []
    return files


def test_interface_modules_are_all_found() -> None:
    """The lint must see every interface module, whatever its layout."""
    found = {p.relative_to(APPS).as_posix() for app in DOMAIN_APPS for p in _interface_files(app)}
    for app in DOMAIN_APPS:
        for path in (APPS / app).rglob("*.py"):
            stem = path.stem
            in_package = any(
                part in INTERFACE_MODULES for part in path.relative_to(APPS / app).parts[:-1]
            )
            if stem in INTERFACE_MODULES or in_package:
                assert path.relative_to(APPS).as_posix() in found, path


def _raw_queries(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # `Model.objects.none()` (the schema generator's empty queryset) cannot leak a row.
    empty = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "none"
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in empty:
            continue
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            found.append(f"{path.name}:{node.lineno} {node.func.id}({node.args[0].id})")
    return found


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_views_and_apis_fetch_through_selectors(app: str) -> None:
    offences = [hit for path in _interface_files(app) for hit in _raw_queries(path)]
    assert offences == [], f"raw ORM access in {app}'s views/APIs: {offences}"


def test_the_lint_catches_a_raw_query(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "def v(r):\n    Teacher.objects.none()\n    return Teacher.objects.all()\n",
        encoding="utf-8",
    )
    assert _raw_queries(sample) == ["views.py:3 .objects"]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "apps" and len(parts) > 1:
                apps.add(parts[1])
    return apps


def test_app_dependencies_point_one_way() -> None:
    every_app = sorted(p.name for p in APPS.iterdir() if (p / "apps.py").exists())
    unknown = set(every_app) - set(ALLOWED)
    assert not unknown, f"add {unknown} to ALLOWED with its place in ARCHITECTURE §3"
    offences = []
    for app in every_app:
        for path in (APPS / app).rglob("*.py"):
            for imported in _imported_apps(path) - {app}:
                if imported not in ALLOWED[app]:
                    offences.append(f"{path.relative_to(APPS)} imports apps.{imported}")
    assert offences == []


def test_no_import_cycles_between_apps() -> None:
    graph: dict[str, set[str]] = {}
    for app_dir in APPS.iterdir():
        if (app_dir / "apps.py").exists():
            graph[app_dir.name] = set()
            for path in app_dir.rglob("*.py"):
                if "migrations" in path.parts:
                    continue
                graph[app_dir.name] |= _imported_apps(path) - {app_dir.name}
    # Type-only imports between the two base apps are allowed; everything else must be a DAG.
    graph["accounts"].discard("tenancy")
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        assert node not in visiting, f"import cycle: {' -> '.join([*trail, node])}"
        if node in done:
            return
        visiting.add(node)
        for nxt in graph.get(node, ()):
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for app in graph:
        visit(app, [])
