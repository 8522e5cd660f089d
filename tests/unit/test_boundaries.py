"""Import boundaries of explorer/: features import downwards only, models import no services, and the
sandbox and the explorer reach each other only through what each exposes on purpose."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPLORER = ROOT / "explorer"
# Lower layers first: a feature may import the ones before it, never the ones after it.
FEATURES = ("accounts", "calls", "composer", "saved", "jobs")
# All the explorer uses of the sandbox: its demo API users (for the demo credential and the sandbox page),
# and its in-process entry point, one function answering a raw request body, which the signing service
# mounts as a transport adapter so the explorer never reaches its own sandbox over HTTP (issue 13); and for
# the sandbox console, its fault modes (and the banner of every page) and the seeding that resets the data.
SANDBOX_PUBLIC = {"explorer.sandbox.users", "explorer.sandbox.inprocess", "explorer.sandbox.faults",
                  "explorer.sandbox.seeding"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved, `from x import y` gives x.y too)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join(filter(None, [*base, node.module or ""])) if node.level else node.module
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def python_files(folder: Path):
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def explorer_imports(path: Path) -> set[str]:
    return {name for name in imports_of(path) if name == "explorer" or name.startswith("explorer.")}


def test_the_resolver_reads_relative_and_absolute_imports():
    sample = EXPLORER / "composer" / "services.py"
    found = imports_of(sample)
    assert "explorer.calls.services" in found and "explorer.composer.state" in found
    assert "explorer.accounts.selectors.credential_list" in found


def test_the_sandbox_imports_only_itself_and_the_protocol_package():
    offenders = {}
    for path in python_files(EXPLORER / "sandbox"):
        bad = {n for n in explorer_imports(path)
               if not n.startswith(("explorer.sandbox", "explorer.onoffice"))}
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_the_explorer_uses_only_the_sandbox_users_module():
    offenders = {}
    for path in [*python_files(EXPLORER), *python_files(ROOT / "core")]:
        if "sandbox" in path.relative_to(EXPLORER if path.is_relative_to(EXPLORER) else ROOT).parts:
            continue
        # `from ..sandbox import users` names the (empty) package too; what counts is what is taken from it.
        bad = {n for n in explorer_imports(path) if n.startswith("explorer.sandbox.")
               and not any(n == p or n.startswith(p + ".") for p in SANDBOX_PUBLIC)}
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_models_import_no_services_views_or_signals():
    models = [EXPLORER / "models.py", *EXPLORER.glob("*/models.py")]
    assert len(models) >= 3
    for path in models:
        bad = {n for n in explorer_imports(path)
               if {"services", "views", "signals", "selectors"} & set(n.split("."))}
        assert bad == set(), path


@pytest.mark.parametrize("feature", [f for f in FEATURES if (EXPLORER / f).is_dir()])
def test_features_import_downwards_only(feature):
    folder = EXPLORER / feature
    higher = FEATURES[FEATURES.index(feature) + 1:]
    for path in python_files(folder):
        names = explorer_imports(path)
        upward = {n for n in names if n.split(".")[1:2] and n.split(".")[1] in higher}
        assert upward == set(), path
        other_views = {n for n in names if ".views" in n and not n.startswith(f"explorer.{feature}.")}
        assert other_views == set(), path


def test_no_top_level_module_imports_a_feature_view():
    for path in EXPLORER.glob("*.py"):
        if path.name == "urls.py":
            continue  # the URLconf includes the features' URL modules by name
        assert {n for n in explorer_imports(path) if n.endswith(".views") or ".views." in n} == set(), path
