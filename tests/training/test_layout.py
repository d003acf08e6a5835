"""The training layout the other apps copy (docs/contributing.md): one layout, one writer
of the ledger, sheets that only parse and render, selectors that never write.

1. No flat module beside the packages but apps/admin/tasks/urls/demo.
2. `services/ledger.py` is the only module that writes `LedgerEntry`.
3. `excel/` and `selectors/` import no service and write nothing.
4. `services` and `selectors` re-export every public function of their modules.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

TRAINING = Path(__file__).resolve().parents[2] / "apps" / "training"
FLAT_MODULES = {
    "__init__.py",
    "admin.py",
    "apps.py",
    "demo.py",
    "tasks.py",
    "urls.py",
}  # tasks.py when it has tasks
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "delete"}


def _modules(package: str = "") -> list[Path]:
    root = TRAINING / package if package else TRAINING
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


def _ledger_writes(path: Path) -> list[str]:
    """`LedgerEntry.objects.<write>(…)` and `copy_rows(LedgerEntry, …)` in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in WRITES
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "LedgerEntry"
        ):
            found.append(f"{path.name}:{node.lineno} LedgerEntry.objects.{func.attr}")
        if (
            isinstance(func, ast.Name)
            and func.id == "copy_rows"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "LedgerEntry"
        ):
            found.append(f"{path.name}:{node.lineno} copy_rows(LedgerEntry)")
    return found


def _writes_or_services(path: Path) -> list[str]:
    """Imports of the training services, and writes through a model manager."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and "services" in (node.module or "").split("."):
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            manager = isinstance(func.value, ast.Attribute) and func.value.attr == "objects"
            if manager and func.attr in WRITES:
                found.append(f"{path.name}:{node.lineno} .objects.{func.attr}(")
    return found


def test_one_layout_no_flat_modules_beside_the_packages() -> None:
    flat = {p.name for p in TRAINING.glob("*.py")}
    assert flat <= FLAT_MODULES, sorted(flat - FLAT_MODULES)


def test_only_the_ledger_service_writes_ledger_rows() -> None:
    writers = {
        p.relative_to(TRAINING).as_posix(): hits for p in _modules() if (hits := _ledger_writes(p))
    }
    assert set(writers) == {"services/ledger.py"}, writers


@pytest.mark.parametrize("package", ["excel", "selectors"])
def test_sheets_and_selectors_only_read(package: str) -> None:
    offences = [hit for path in _modules(package) for hit in _writes_or_services(path)]
    assert offences == []


@pytest.mark.parametrize("package", ["services", "selectors"])
def test_the_package_exports_every_public_function(package: str) -> None:
    exported = set(importlib.import_module(f"apps.training.{package}").__all__)
    public = {
        node.name
        for path in _modules(package)
        if path.name != "__init__.py"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }
    assert public - exported == set()


def test_the_lint_catches_a_ledger_write(tmp_path: Path) -> None:
    sample = tmp_path / "excel.py"
    sample.write_text(
        "from apps.training.services import ledger\n"
        "def f(rows):\n    LedgerEntry.objects.bulk_create(rows)\n",
        encoding="utf-8",
    )
    assert _ledger_writes(sample) == ["excel.py:3 LedgerEntry.objects.bulk_create"]
    assert _writes_or_services(sample) == [
        "excel.py:1 imports apps.training.services",
        "excel.py:3 .objects.bulk_create(",
    ]
