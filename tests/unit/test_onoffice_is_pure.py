"""explorer/onoffice/ may import only the standard library, requests and itself: it must work without Django."""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "explorer" / "onoffice"
ALLOWED_THIRD_PARTY = {"requests"}


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            roots.add("__import__")
    return roots


def forbidden_imports(source: str) -> set[str]:
    return {r for r in imported_roots(source) if r not in sys.stdlib_module_names and r not in ALLOWED_THIRD_PARTY}


def test_protocol_package_imports_only_stdlib_and_requests():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, "explorer/onoffice has no modules?"
    offenders = {str(f.relative_to(PACKAGE)): forbidden_imports(f.read_text()) for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_catches_django_and_app_imports():
    assert forbidden_imports("from django.conf import settings") == {"django"}
    assert forbidden_imports("import explorer.models") == {"explorer"}
    assert forbidden_imports("__import__('django')") == {"__import__"}
    assert forbidden_imports("import json, requests\nfrom . import signing") == set()
