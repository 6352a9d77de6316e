"""The package's design holds: no module keeps state at module level.

All of one build's state lives on its build object (``handbook.engine.build.Build``), and what a
process keeps between builds on the adapter's ``Memory``; a module only holds constants. The test
reads every module's syntax tree and reports, with its line:

- a ``global`` statement;
- a module-level name (not a CONSTANT) bound to a dict, list or set, which is where state hides;
- a module-level name changed after import: an item or attribute assigned or deleted, an augmented
  assignment, or a call of a mutating method (``append``, ``update``, ``setdefault`` …) in a
  function, in this module or through ``module.NAME`` in another;
- a module-level instance of one of the package's own classes that is not a CONSTANT (a constant
  may be an object, such as a read-only vocabulary; changing it is caught by the rule above).

Pure caches of functions (``functools.lru_cache``) are allowed: they hold no build's state.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "handbook"
MUTATING = {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add", "discard",
            "remove", "sort", "reverse", "__setitem__", "__delitem__"}
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


def modules(package: Path) -> dict[str, ast.Module]:
    """Dotted module name → its syntax tree, for every module of ``package``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return out


def _module_names(tree: ast.Module) -> dict[str, ast.stmt]:
    """Names bound by assignment at module level → the statement."""
    out: dict[str, ast.stmt] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for name in ([target] if isinstance(target, ast.Name) else getattr(target, "elts", [])):
                if isinstance(name, ast.Name):
                    out[name.id] = node
    return out


def _is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in MUTABLE_CALLS
    return False


def _root_name(node: ast.expr) -> tuple[str, ...]:
    """``a.b[c].d`` → (a, b): the dotted name an expression starts from (subscripts end it)."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            parts.clear()
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return tuple(reversed(parts))
        else:
            return ()


def _imported_modules(tree: ast.Module) -> dict[str, str]:
    """Local name → the package module it names (``from handbook.content import vocab``)."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("handbook"):
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("handbook"):
                    out[alias.asname or alias.name] = alias.name
    return out


def state_problems(trees: dict[str, ast.Module]) -> list[str]:
    """Every place where a module keeps or changes state at module level (see the module docstring)."""
    problems: list[str] = []
    names = {module: _module_names(tree) for module, tree in trees.items()}
    classes = {node.name for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    for module, tree in trees.items():
        for name, node in names[module].items():
            value = getattr(node, "value", None)
            if _is_mutable(value) and not name.isupper() and not name.startswith("__"):
                problems.append(f"{module}:{node.lineno}: module-level {name} holds a mutable container")
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in classes \
                    and not name.isupper():
                problems.append(f"{module}:{node.lineno}: module-level {name} is an instance of {value.func.id}")
        imported = _imported_modules(tree)
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            local = {a.arg for a in function.args.args + function.args.kwonlyargs}
            for node in ast.walk(function):
                if isinstance(node, ast.Global):
                    problems.append(f"{module}:{node.lineno}: global {', '.join(node.names)}")
                changed: list[ast.expr] = []
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    changed += [t for t in targets if isinstance(t, (ast.Subscript, ast.Attribute))]
                elif isinstance(node, ast.Delete):
                    changed += [t for t in node.targets if isinstance(t, (ast.Subscript, ast.Attribute))]
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
                    changed.append(node.func.value)
                for target in changed:
                    dotted = _root_name(target)
                    if not dotted or dotted[0] in local:
                        continue
                    owner, rest = module, dotted
                    if dotted[0] in imported and len(dotted) > 1:
                        owner, rest = imported[dotted[0]], dotted[1:]
                    if owner in names and rest[0] in names[owner] and rest[0] not in local:
                        problems.append(f"{module}:{node.lineno}: changes module-level {owner}.{rest[0]}")
    return sorted(set(problems))


def test_no_module_keeps_state():
    assert state_problems(modules(PACKAGE)) == []


@pytest.mark.parametrize("source, expected", [
    ("_cache = {}\n", "m:1: module-level _cache holds a mutable container"),
    ("seen: list[str] = []\n", "m:1: module-level seen holds a mutable container"),
    ("TABLE = {}\ndef f(k):\n    TABLE[k] = 1\n", "m:3: changes module-level m.TABLE"),
    ("TABLE = {}\ndef f(k):\n    TABLE.setdefault(k, 1)\n", "m:3: changes module-level m.TABLE"),
    ("count = 0\ndef f():\n    global count\n    count += 1\n", "m:3: global count"),
    ("class Box:\n    pass\nbox = Box()\n", "m:3: module-level box is an instance of Box"),
])
def test_each_kind_of_state_is_found(source, expected):
    """The rule can fail: each kind of module-level state in a made-up module is reported at its line."""
    assert expected in state_problems({"m": ast.parse(source)})


def test_state_changed_from_another_module_is_found():
    trees = {"handbook.a": ast.parse("MESSAGES = {}\n"),
             "handbook.b": ast.parse("from handbook import a\ndef f():\n    a.MESSAGES.update({})\n")}
    assert state_problems(trees) == ["handbook.b:3: changes module-level handbook.a.MESSAGES"]


def test_constants_and_locals_are_not_state():
    source = ("LABELS = {'a': 1}\n"
              "def f(table):\n    table['x'] = 1\n    out = []\n    out.append(LABELS['a'])\n    return out\n")
    assert state_problems({"m": ast.parse(source)}) == []
