"""Imports point one way (docs/architecture.md): `method/` at the ground, then the base
apps (core, audit, projects), then the domain apps, then `overview`, which composes them.
A module that imports against the arrows fails here, naming the file and the import."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = {"core", "audit", "projects", "accounts", "notify"}
COMPOSITION = {"overview", "controls", "api"}
# Modules of the project itself, not apps: they wire everything together.
WIRING = {"settings", "urls", "cli", "wsgi", "env", "__init__"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _modules(root: Path, package: str):
    for path in sorted((root / package).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path


def _samspill_app(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "samspill" and len(parts) > 1 else None


def _app_of(root: Path, path: Path) -> str:
    return path.relative_to(root / "samspill").parts[0].removesuffix(".py")


def upward_from_base(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {name}"
        for path in _modules(root, "samspill")
        if _app_of(root, path) in BASE
        for name in _imports(path)
        # samspill/env.py (typed environment readers) imports nothing of the project.
        if (other := _samspill_app(name)) and other not in BASE | {"env"}
    ]


def into_composition(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {name}"
        for path in _modules(root, "samspill")
        if _app_of(root, path) not in {*COMPOSITION, *WIRING}
        for name in _imports(path)
        if _samspill_app(name) in COMPOSITION
    ]


def test_the_method_package_imports_neither_django_nor_the_app():
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules(ROOT, "method")
        for name in _imports(path)
        if name.split(".")[0] in {"django", "samspill"}
    ]
    assert not wrong


def test_the_base_apps_import_no_app_above_them():
    assert not upward_from_base(ROOT)


def test_no_app_imports_the_composition_layer():
    assert not into_composition(ROOT)


def test_the_checks_see_a_wrong_import(tmp_path):
    package = tmp_path / "samspill" / "projects"
    package.mkdir(parents=True)
    (package / "views.py").write_text("from samspill.overview.dashboard import dashboard\n")
    assert upward_from_base(tmp_path) == ["samspill/projects/views.py: samspill.overview.dashboard"]
    assert into_composition(tmp_path) == upward_from_base(tmp_path)
