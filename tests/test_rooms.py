"""Each package is a room with one door: another room imports only what its ``__init__`` offers,
and no two rooms depend on each other, directly or round a longer loop (design.md, "Layout").

Read from the source with ``ast``, so an import inside a function or under TYPE_CHECKING counts
as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("ontology", "graph_build", "model", "queries", "viz", "publish", "web", "bench", "dgkg")


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every absolute import in the file."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def _room_files() -> list[tuple[str, Path]]:
    return [(room, path) for room in ROOMS if (ROOT / room).is_dir() for path in sorted((ROOT / room).rglob("*.py"))]


def _doors_of(room: str) -> set[str]:
    """The names a room's door offers: the imports its __init__.pyi lists (lazy_loader reads the
    same file at run time, so what the test sees is what callers get)."""
    tree = ast.parse((ROOT / room / "__init__.pyi").read_text(encoding="utf-8"))
    return {alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names}


def _room_of(module: str) -> str | None:
    head = module.split(".", 1)[0]
    return head if head in ROOMS else None


def test_rooms_import_each_other_only_through_their_doors():
    bypasses = []
    for room, path in _room_files():
        for line, module, _names in _imports(path):
            other = _room_of(module)
            if other and other != room and module != other:
                bypasses.append(f"{path.relative_to(ROOT)}:{line}: imports {module} (use `from {other} import …`)")
    assert not bypasses, "\n".join(bypasses)


def test_every_name_taken_from_a_door_is_offered_there():
    offered = {room: _doors_of(room) for room in ROOMS if (ROOT / room / "__init__.pyi").is_file()}
    missing = []
    for room, path in _room_files():
        for line, module, names in _imports(path):
            if module in offered and module != room:
                missing += [
                    f"{path.relative_to(ROOT)}:{line}: {module} does not offer {n}" for n in names if n not in offered[module]
                ]
    assert not missing, "\n".join(missing)


def test_no_two_rooms_depend_on_each_other():
    graph = nx.DiGraph()
    for room, path in _room_files():
        for _line, module, _names in _imports(path):
            other = _room_of(module)
            if other and other != room:
                graph.add_edge(room, other)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"rooms in a loop: {cycles}"


def test_each_door_stub_declares_all_it_imports():
    """mypy re-exports only what a stub's __all__ names; lazy_loader serves what it imports."""
    for room in ROOMS:
        stub = ROOT / room / "__init__.pyi"
        if not stub.is_file():
            continue
        tree = ast.parse(stub.read_text(encoding="utf-8"))
        declared = next(
            (
                ast.literal_eval(node.value)
                for node in tree.body
                if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__"
            ),
            None,
        )
        assert declared is not None and sorted(declared) == sorted(_doors_of(room)), room
