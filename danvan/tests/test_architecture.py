"""Dependencies point one way: danvan <- plans <- tasks <- reports. A lower app never imports a
higher one, at module level or inside a function.

Test modules are left out: the whole-system tests (URL guard, archive, backup, fuzzing) live in
danvan/tests and build plans, tasks and reports on purpose.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["danvan", "plans", "tasks", "reports"]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def upward_imports(app: str) -> list[str]:
    higher = set(LAYERS[LAYERS.index(app) + 1:])
    problems = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" in path.relative_to(ROOT / app).parts:
            continue
        for line, module in imported_modules(path):
            if module.split(".")[0] in higher:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_a_lower_app_never_imports_a_higher_one(app):
    assert upward_imports(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The scan itself: an import of a higher app inside a function is found."""
    app = tmp_path / "plans"
    app.mkdir()
    (app / "views.py").write_text("def view():\n    from reports.models import UnitReport\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert upward_imports("plans") == ["plans/views.py:2 imports reports.models"]
