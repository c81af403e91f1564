"""The layer order of docs/architecture.md, enforced: every import of every module of
qualify/ (at the top or inside a function) points to an earlier layer or its own package,
every package has a place in the order, and no packages import each other in a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import qualify

PACKAGE_ROOT = Path(qualify.__file__).parent

# Earlier layers first; packages on one step may not import each other.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(step.split())
    for step in (
        "core",
        "config",
        "db",
        "extensions",
        "web",
        "jobs",
        "audit",
        "accounts",
        "cohorts",
        "courses",
        "assessment",
        # Practice assignments: essay questions handed in on their own; certificates read them.
        "assignments",
        "certificates",
        "learners",
        "privacy reports",
        "dashboard admin legal",
        # Badges name the operator (legal) as their issuer.
        "badges",
        # Composition: these assemble the domains; no domain imports them.
        "content",
        # Authoring publishes a course with content's parsers and imports.
        "authoring",
        "models",
        "migrations",
        "qualify",
        "cli",
        "wsgi",
    )
)
RANK = {package: rank for rank, step in enumerate(LAYERS) for package in step}


def package_of(module: str) -> str:
    """`qualify.assessment.gift.parse` -> `assessment`; `qualify` itself -> `qualify`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> set[str]:
    """Every qualify module a source imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
    return {name for name in found if name == "qualify" or name.startswith("qualify.")}


def read_sources() -> dict[str, tuple[str, bool]]:
    """Module name -> (source, is a package), for every module of qualify/."""
    return {
        module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted(PACKAGE_ROOT.rglob("*.py"))
    }


def package_graph(sources: Mapping[str, tuple[str, bool]]) -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) -> the modules that make the arrow."""
    arrows: dict[tuple[str, str], set[str]] = {}
    for module, (source, is_package) in sources.items():
        for target in imported_modules(source, module, is_package):
            edge = (package_of(module), package_of(target))
            if edge[0] != edge[1]:
                arrows.setdefault(edge, set()).add(f"{module} -> {target}")
    return arrows


def violations(arrows: Mapping[tuple[str, str], set[str]]) -> list[str]:
    """Arrows that do not point to an earlier layer, and packages without a layer."""
    found = []
    for (source, target), where in sorted(arrows.items()):
        unknown = [p for p in (source, target) if p not in RANK]
        if unknown:
            found.append(f"package {unknown[0]!r} has no place in LAYERS ({sorted(where)[0]})")
        elif RANK[target] >= RANK[source]:
            found += [f"{line}: {target} is not below {source}" for line in sorted(where)]
    return found


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Groups of packages that import each other, directly or round about (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_every_import_follows_the_layer_order() -> None:
    assert violations(package_graph(read_sources())) == []


def test_no_packages_import_each_other_in_a_cycle() -> None:
    assert cycles(package_graph(read_sources())) == []


def test_every_package_has_a_layer() -> None:
    packages = {package_of(module) for module in read_sources()}
    assert sorted(packages - set(RANK)) == []


def test_a_planted_back_import_is_caught() -> None:
    sources = read_sources()
    sources["qualify.courses.planted"] = ("from qualify.certificates import service\n", False)
    sources["qualify.web.planted"] = ("def f():\n    from qualify.accounts import models\n", False)
    found = violations(package_graph(sources))
    assert (
        "qualify.courses.planted -> qualify.certificates: certificates is not below courses"
        in found
    )
    assert "qualify.web.planted -> qualify.accounts: accounts is not below web" in found


def test_a_planted_sibling_import_and_an_unknown_package_are_caught() -> None:
    sources = read_sources()
    sources["qualify.admin.planted"] = ("from qualify.dashboard.service import Dashboard\n", False)
    sources["qualify.surveys.views"] = ("import qualify.learners.service\n", False)
    found = violations(package_graph(sources))
    assert any(line.startswith("qualify.admin.planted -> ") for line in found)
    assert any("package 'surveys' has no place in LAYERS" in line for line in found)


def test_relative_imports_are_resolved() -> None:
    assert imported_modules("from ..courses import service", "qualify.assessment.views", False) == {
        "qualify.courses"
    }
    assert imported_modules("from . import review", "qualify.assessment", True) == {
        "qualify.assessment"
    }
    assert imported_modules("from .models import Quiz", "qualify.assessment.views", False) == {
        "qualify.assessment.models"
    }


def test_cycles_are_found() -> None:
    assert cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [["a", "b", "c"]]
    assert cycles([("a", "b"), ("b", "c")]) == []
