"""pyproject.toml declares what the code imports, and says truthfully who imports it.

Every third-party package imported anywhere in app/, ui/ or server/ (read with ast, so an
import inside a function or under TYPE_CHECKING counts too) must be a direct dependency of the
project, not something that happens to arrive with another one. Each dependency sits under a
`# imported by app/ ...` comment naming exactly the packages that import it; one that nothing
imports sits under a comment saying why it is needed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ("app", "ui", "server")
FIRST_PARTY = {*CODE, "resources"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return _normal(match.group())


def imported_modules() -> dict[str, set[str]]:
    """Top-level third-party module -> the packages among CODE that import it."""
    found: dict[str, set[str]] = {}
    for package in CODE:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.partition(".")[0]
                    if top in sys.stdlib_module_names or top in FIRST_PARTY:
                        continue
                    if top == "__future__":
                        continue
                    found.setdefault(top, set()).add(package)
    return found


def importers_by_distribution() -> dict[str, set[str]]:
    """Distribution (normalised name) -> the packages among CODE that import it."""
    providers = packages_distributions()
    found: dict[str, set[str]] = {}
    for module, packages in imported_modules().items():
        distributions = providers.get(module)
        assert distributions, f"{module} is imported ({sorted(packages)}) but not installed"
        for distribution in {_normal(d) for d in distributions}:
            found.setdefault(distribution, set()).update(packages)
    return found


def labelled_dependencies() -> dict[str, str]:
    """Each runtime dependency -> the comment line it sits under in pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[\n(.*?)^\]", text, re.MULTILINE | re.DOTALL)
    assert block, "no dependencies list in pyproject.toml"
    labels: dict[str, str] = {}
    label = ""
    for line in block.group(1).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            label = stripped.lstrip("# ")
        elif stripped.startswith('"'):
            labels[_requirement_name(stripped.strip('",'))] = label
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared = {_requirement_name(r) for r in tomllib.load(f)["project"]["dependencies"]}
    assert set(labels) == declared, "the dependencies list is not one requirement a line"
    return labels


def test_every_imported_third_party_package_is_a_declared_dependency() -> None:
    declared = set(labelled_dependencies())
    undeclared = {
        distribution: sorted(packages)
        for distribution, packages in importers_by_distribution().items()
        if distribution not in declared
    }
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


def test_each_dependency_is_labelled_with_exactly_who_imports_it() -> None:
    importers = importers_by_distribution()
    wrong = {}
    for distribution, label in labelled_dependencies().items():
        if label.startswith("imported by "):
            said = set(re.findall(r"\b(app|ui|server)/", label))
            if said != importers.get(distribution, set()):
                wrong[distribution] = (label, sorted(importers.get(distribution, set())))
        elif distribution in importers or not label.startswith("needed, not imported: "):
            wrong[distribution] = (label, sorted(importers.get(distribution, set())))
    assert not wrong, f"dependency: (its label, who imports it): {wrong}"


def test_the_scan_sees_imports_the_code_is_known_to_make() -> None:
    # Guards the two tests above against a scan that silently finds nothing.
    importers = importers_by_distribution()
    assert importers["pyside6-essentials"] == {"ui"}
    assert importers["python-dateutil"] == {"server"}
    assert importers["orjson"] == {"app", "server"}
    assert "urllib3" in importers
