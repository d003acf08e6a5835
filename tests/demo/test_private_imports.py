"""No module under apps/ imports another app's private (underscore-prefixed) name
(CONVENTIONS: "importing another app's `_private` helper: ask for a public function
instead"). The demo app, which calls every app, is where such imports used to gather.

The check reads every apps/**/*.py with `ast` and reports `from apps.X… import _name`
(and the same written relatively, `from ..X… import _name`) where X is not the importing
module's own app. Attribute access on an imported module (`import apps.X.y` then
`y._name`) is out of its scope.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ROOT / "apps"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The imported module's dotted name, relative imports resolved against `package`."""
    if node.level == 0:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_imports(source: str, *, package: str, label: str = "<source>") -> list[str]:
    """`label:line module._name` for each private name `source` imports from another app.

    `package` is the importing module's package (`apps.people` for apps/people/demo.py,
    `apps.demo.synthetic` for apps/demo/synthetic/people.py): its second part is the app.
    """
    app = package.split(".")[1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        parts = _absolute(node, package).split(".")
        if parts[0] != "apps" or len(parts) < 2 or parts[1] == app:
            continue
        found += [
            f"{label}:{node.lineno} {'.'.join(parts)}.{alias.name}"
            for alias in node.names
            if _is_private(alias.name)
        ]
    return found


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def test_no_app_imports_another_apps_private_names() -> None:
    offences = [
        hit
        for path in sorted(APPS.rglob("*.py"))
        if len(path.relative_to(APPS).parts) > 1  # apps/<app>/…, not apps/__init__.py
        for hit in private_imports(
            path.read_text(encoding="utf-8"),
            package=_package_of(path),
            label=path.relative_to(ROOT).as_posix(),
        )
    ]
    assert offences == [], "ask the other app for a public function instead"


def test_the_check_catches_a_private_import_from_another_app() -> None:
    sample = (
        "from apps.people.demo import DEMO_PASSWORD, _name, __all__\n"
        "from apps.training.credits import _round\n"  # the importing app's own: allowed
        "from ..people.demo import _date\n"  # relative, still another app
        "from .rows import _line\n"  # the same package
        "from apps.people import demo\n"
        "demo._login('x', 'y')\n"  # attribute access: out of scope
    )
    assert private_imports(sample, package="apps.training.management", label="t.py") == [
        "t.py:1 apps.people.demo._name",
    ]
    assert private_imports(sample, package="apps.training", label="t.py") == [
        "t.py:1 apps.people.demo._name",
        "t.py:3 apps.people.demo._date",
    ]
