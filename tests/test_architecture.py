"""Architecture rules that a reviewer should not have to remember (ARCHITECTURE §3–4),
checked against the one map of the apps, `docs/architecture.json`:

1. Every app is on the map, and the map names only apps that exist.
2. Dependencies between apps point one way: an app imports only the apps its entry
   lists, and there is no import cycle.
3. An app imports only another app's public modules (its `public` list; an app's
   `demo` module only by the demo app): a higher app importing training's views or apis
   fails here.
4. No app imports another app's `_private` name.
5. Views and API modules of domain apps never query a model manager directly
   (`Model.objects…`, `_default_manager`, `get_object_or_404(Model, …)`): they fetch
   through selectors and access helpers, the one door that applies tenancy.
6. No module past the map's `module_lines`, no function past its `function_lines`.

Each check runs on a sample that breaks it, so a check that cannot fail fails.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "apps"
MAP: dict[str, Any] = json.loads((ROOT / "docs" / "architecture.json").read_text("utf-8"))
APP_MAP: dict[str, dict[str, Any]] = MAP["apps"]
EVERY_APP = sorted(p.name for p in APPS.iterdir() if (p / "apps.py").exists())
DOMAIN_APPS = [app for app in EVERY_APP if app != "core"]
INTERFACE_MODULES = tuple(MAP["interface_modules"])


@dataclass(frozen=True)
class Imported:
    """One import of another app: `apps.<app>.<module>…`, and the names taken from it."""

    line: int
    app: str
    module: str  # first part below the app ("" for `import apps.x`)
    names: tuple[str, ...]


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The imported module's dotted name, relative imports resolved against `package`."""
    if node.level == 0:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(source: str, *, package: str) -> list[Imported]:
    """Every import in `source` of an app other than the importing one."""
    own = package.split(".")[1]
    found: list[Imported] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            dotted = [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            dotted = [(_absolute(node, package), tuple(a.name for a in node.names))]
        else:
            continue
        for name, names in dotted:
            parts = name.split(".")
            if parts[0] != "apps" or len(parts) < 2 or parts[1] == own:
                continue
            # `from apps.x import y` imports the module y of x (the apps' __init__ are empty)
            modules = [parts[2]] if len(parts) > 2 else list(names) or [""]
            found += [Imported(node.lineno, parts[1], m, names) for m in modules]
    return found


def _app_files(app: str) -> list[Path]:
    return [p for p in sorted((APPS / app).rglob("*.py")) if "migrations" not in p.parts]


def _all_imports() -> list[tuple[str, str, Imported]]:
    """(importing app, file label, import) for every cross-app import under apps/."""
    return [
        (app, path.relative_to(ROOT).as_posix(), hit)
        for app in EVERY_APP
        for path in _app_files(app)
        for hit in imports_of(path.read_text("utf-8"), package=_package_of(path))
    ]


# --------------------------------------------------------------------------- 1–2 the map


def test_every_app_is_on_the_map_and_the_map_names_only_apps() -> None:
    assert set(EVERY_APP) == set(APP_MAP), "add the app to docs/architecture.json"
    for app, entry in APP_MAP.items():
        assert set(entry["imports"]) <= set(APP_MAP) - {app}, app


def dependency_offences(importer: str, label: str, hit: Imported) -> list[str]:
    if hit.app in APP_MAP[importer]["imports"]:
        return []
    return [f"{label}:{hit.line} imports apps.{hit.app}"]


def test_app_dependencies_point_one_way() -> None:
    offences = [
        o for app, label, hit in _all_imports() for o in dependency_offences(app, label, hit)
    ]
    assert offences == []


def test_no_import_cycles_between_apps() -> None:
    graph: dict[str, set[str]] = {app: set() for app in EVERY_APP}
    for app, _label, hit in _all_imports():
        graph[app].add(hit.app)
    for first, second in MAP["type_only_pairs"]:  # type-only imports between the base apps
        graph[first].discard(second)
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        assert node not in visiting, f"import cycle: {' -> '.join([*trail, node])}"
        if node in done:
            return
        visiting.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for app in graph:
        visit(app, [])


# --------------------------------------------------------------------------- 3–4 public faces


def public_offences(importer: str, label: str, hit: Imported) -> list[str]:
    if hit.app not in APP_MAP:
        return []  # not an app of the map: the dependency check names it
    public = APP_MAP[hit.app]["public"]
    if public == "*" or hit.module in public:
        return []
    if hit.module == MAP["seed_module"] and importer in MAP["seed_importers"]:
        return []
    return [f"{label}:{hit.line} imports apps.{hit.app}.{hit.module or '*'} (not public)"]


def private_offences(label: str, hit: Imported) -> list[str]:
    private = [n for n in hit.names if n.startswith("_") and not n.endswith("__")]
    return [f"{label}:{hit.line} apps.{hit.app}.{hit.module}.{name}" for name in private]


def test_apps_import_only_the_public_modules_of_other_apps() -> None:
    offences = [o for app, label, hit in _all_imports() for o in public_offences(app, label, hit)]
    assert offences == [], "import the app's selectors/services (or ask for a public function)"


def test_no_app_imports_another_apps_private_names() -> None:
    offences = [o for _app, label, hit in _all_imports() for o in private_offences(label, hit)]
    assert offences == [], "ask the other app for a public function instead"


def test_the_checks_catch_a_higher_app_reaching_into_training_and_private_names() -> None:
    sample = (
        "from apps.training.views.common import TrainingSchoolMixin\n"
        "from apps.training import apis\n"
        "import apps.training.excel.layout\n"
        "from apps.training.selectors import credits_for\n"  # public: fine
        "from apps.people.demo import DEMO_PASSWORD\n"  # a seed module, not for studios
        "from apps.people.selectors import _count, __all__\n"
        "from ...training.services import _hours_value\n"  # relative, still another app
        "from .models import Studio\n"  # the app's own
        "from apps.reports.selectors import rows\n"  # not an allowed dependency
    )
    hits = imports_of(sample, package="apps.studios.views")
    APP_MAP.setdefault("studios", {"imports": ["core", "people", "training"], "public": []})
    try:
        public = [o for hit in hits for o in public_offences("studios", "s.py", hit)]
        private = [o for hit in hits for o in private_offences("s.py", hit)]
        deps = [o for hit in hits for o in dependency_offences("studios", "s.py", hit)]
    finally:
        del APP_MAP["studios"]
    assert public == [
        "s.py:1 imports apps.training.views (not public)",
        "s.py:2 imports apps.training.apis (not public)",
        "s.py:3 imports apps.training.excel (not public)",
        "s.py:5 imports apps.people.demo (not public)",
        "s.py:9 imports apps.reports.selectors (not public)",
    ]
    assert private == [
        "s.py:6 apps.people.selectors._count",
        "s.py:7 apps.training.services._hours_value",
    ]
    assert deps == ["s.py:9 imports apps.reports"]
    assert public_offences("demo", "d.py", imports_of(sample, package="apps.demo")[4]) == []


# --------------------------------------------------------------------------- 5 one door


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
            in_package = any(
                part in INTERFACE_MODULES for part in path.relative_to(APPS / app).parts[:-1]
            )
            if path.stem in INTERFACE_MODULES or in_package:
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


# --------------------------------------------------------------------------- 6 sizes


def size_offences(source: str, label: str) -> list[str]:
    limits = MAP["limits"]
    lines = source.count("\n") + 1
    found = [f"{label}: {lines} lines"] if lines > limits["module_lines"] else []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limits["function_lines"]:
                found.append(f"{label}:{node.lineno} {node.name}() has {length} lines")
    return found


def test_no_module_or_function_past_the_limits() -> None:
    offences = [
        o
        for app in EVERY_APP
        for path in _app_files(app)
        for o in size_offences(path.read_text("utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert offences == [], "split by sub-domain into a package, or into named steps"


def test_the_size_check_catches_a_long_function() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAP["limits"]["function_lines"]))
    assert size_offences(f"def f():\n{body}", "m.py") == [
        f"m.py:1 f() has {MAP['limits']['function_lines'] + 1} lines"
    ]


# --------------------------------------------------------------------------- 7. audited
# Every concrete model of a domain app keeps its history through the kit
# (`apps.core.audit.audited`: history table, context, append-only triggers), so every
# table a later app adds is audited from its first migration. The exceptions, each with
# its reason (the history models themselves are the record, and are never listed):
UNAUDITED = {
    "compliance.ComplianceResult": (
        "an immutable snapshot: the database refuses to change or delete one (compliance "
        "migrations 0002, 0006); the row is its own record — run, time, values — and the "
        "run that wrote it is audited"
    ),
    "compliance.CurrentResult": (
        "derived: a pointer per (school, indicator, year) to the newest immutable result, "
        "rewritten by every run inside its own transaction (ADR 0013); the result rows it "
        "points at and the audited run that wrote them are the record"
    ),
    "compliance.RunChunk": (
        "a share of an audited run's work (ADR 0014): its lease, attempts and progress are "
        "job bookkeeping; the rows it wrote are immutable results, and the run's outcome, "
        "written by its last chunk, is the audited record"
    ),
    "compliance.RecomputeRequest": (
        "a debounce timer (when a school's automatic recompute may run): no one's data and "
        "no decision; the change that armed it is audited where it was made"
    ),
}
AUDITED_APPS = [app for app in EVERY_APP if app not in ("core", "demo")]


def unaudited(models: list[Any]) -> list[str]:
    """Labels of the concrete models that neither keep a history nor are exempt."""
    from apps.core.audit import AuditEvent, history_model

    return sorted(
        model._meta.label
        for model in models
        if not model._meta.abstract
        and not model._meta.proxy
        and not issubclass(model, AuditEvent)
        and history_model(model) is None
        and model._meta.label not in UNAUDITED
    )


def test_every_domain_model_keeps_its_history() -> None:
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in AUDITED_APPS]
    assert len(models) > len(UNAUDITED)
    assert unaudited(models) == [], "decorate the model with @audited() (apps.core.audit)"
    from apps.core.audit import history_model

    unkept = {m._meta.label for m in models if history_model(m) is None}
    stale = set(UNAUDITED) - unkept
    assert stale == set(), "exemptions of models that are gone or keep a history after all"


def test_the_audit_check_catches_an_unaudited_model() -> None:
    from django.db import models
    from django.test.utils import isolate_apps

    from apps.people.models import Teacher

    with isolate_apps("apps.people"):

        class Sample(models.Model):
            name = models.CharField(max_length=10)

            class Meta:
                app_label = "people"

            def __str__(self) -> str:
                return self.name

    assert unaudited([Sample, Teacher]) == ["people.Sample"]
