"""What code a student may hand in for grading, checked before it runs.

Everything that runs in the grading kernel can tamper with what the tests rely
on: replace ``numpy.testing`` or ``dlkit.checks`` functions, rebind ``np``,
blank later cells through IPython's input transformers, kill the kernel with
``os._exit``, or open the gradebook. The answer cells of this course need
none of that: NumPy, plain Python and a few standard modules. So every answer
is read (parsed, never run) and refused when it reaches for anything else.

This is a static check, not a sandbox: it covers the routes listed below. The
grading kernel also runs under memory and file-size limits
(:mod:`dlkit.course.limits`), and the README's instructor section says what
neither covers.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

ALLOWED_MODULES = frozenset({
    "numpy", "math", "cmath", "itertools", "functools", "collections",
    "dataclasses", "typing", "statistics", "random", "time", "json", "string",
    "re", "heapq", "bisect", "copy", "fractions", "decimal",
    "dlkit",
})
REFUSED_MODULES = frozenset({"dlkit.course", "dlkit.checks"})

REFUSED_NAMES = frozenset({
    "exec", "eval", "compile", "__import__", "globals", "locals", "vars",
    "getattr", "setattr", "delattr", "open", "input", "breakpoint", "exit",
    "quit", "get_ipython", "__builtins__", "__builtin__", "help",
    "methodcaller", "attrgetter",
})

# Attributes that reach the interpreter, the kernel or the file system.
REFUSED_ATTRIBUTES = frozenset({
    "_exit", "exit", "system", "popen", "fork", "kill", "abort", "remove",
    "unlink", "rmtree", "rmdir", "rename", "chmod", "write_text", "write_bytes",
    "save", "savez", "savez_compressed", "savetxt", "tofile", "fromfile", "load",
    "loadtxt", "genfromtxt", "memmap", "modules", "ctypeslib", "f_globals",
    "f_locals", "f_back", "f_builtins", "tb_frame", "gi_frame", "cr_frame",
    "input_transformers_cleanup", "input_transformers_post", "events",
    "run_cell", "ast_transformers", "DataSource", "methodcaller", "attrgetter",
})
# Test cells call builtins (type, float, len, ...): an answer may not rebind them.
BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))

ALLOWED_DUNDERS = frozenset({
    "__init__", "__call__", "__len__", "__getitem__", "__setitem__", "__iter__",
    "__next__", "__repr__", "__str__", "__name__", "__doc__", "__contains__",
})


@dataclass(frozen=True)
class Violation:
    """One thing an answer may not do, with where it is."""

    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and len(name) > 4


def _root(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


class _Checker(ast.NodeVisitor):
    def __init__(self, protected: frozenset[str]):
        self.protected = protected
        self.found: list[Violation] = []
        self.depth = 0

    def refuse(self, node: ast.AST, what: str) -> None:
        self.found.append(Violation(getattr(node, "lineno", 0), what))

    # imports ------------------------------------------------------------
    def _check_module(self, node: ast.AST, module: str) -> None:
        top = module.split(".")[0]
        if top not in ALLOWED_MODULES or any(
                module == m or module.startswith(m + ".") for m in REFUSED_MODULES):
            self.refuse(node, f"imports {module!r}; answers may import only "
                              f"{', '.join(sorted(ALLOWED_MODULES))}")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
            self._check_binding(node, (alias.asname or alias.name).split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        self._check_module(node, module)
        for alias in node.names:
            if alias.name == "*":
                self.refuse(node, "uses 'import *'")
                continue
            self._check_module(node, f"{module}.{alias.name}")
            self._check_binding(node, alias.asname or alias.name)

    # names and attributes ----------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in REFUSED_NAMES:
            self.refuse(node, f"uses {node.id!r}")
        if isinstance(node.ctx, ast.Store):
            self._check_binding(node, node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_dunder(node.attr) and node.attr not in ALLOWED_DUNDERS:
            self.refuse(node, f"uses the attribute {node.attr!r}")
        elif node.attr in REFUSED_ATTRIBUTES:
            self.refuse(node, f"uses the attribute {node.attr!r}")
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            root = _root(node)
            if not (isinstance(root, ast.Name) and root.id in ("self", "cls")):
                self.refuse(node, "sets an attribute of something other than "
                                  "self (only a class's own methods may)")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _is_dunder(node.value.strip()):
            self.refuse(node, f"names {node.value!r} in a string")

    # bindings of names the tests rely on ---------------------------------------
    def _check_binding(self, node: ast.AST, name: str) -> None:
        if self.depth == 0 and name in self.protected:
            self.refuse(node, f"rebinds {name!r}, which the tests rely on")

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if name in self.protected:
                self.refuse(node, f"declares {name!r} global, which the tests "
                                  "rely on")

    def _function(self, node) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._check_binding(node, node.name)
        self.depth += 1
        self.visit(node.args)
        for statement in node.body:
            self.visit(statement)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._check_binding(node, node.name)
        for base in node.bases:
            self.visit(base)
        self.depth += 1
        for statement in node.body:
            self.visit(statement)
        self.depth -= 1

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1


def check_answer(source: str,
                 protected: frozenset[str] = frozenset()) -> list[Violation]:
    """What in ``source`` an answer may not do (an empty list: nothing).

    Parameters
    ----------
    source : str
        The code of one answer cell.
    protected : frozenset of str
        Names the notebook's own cells bind (``np``, ``checks``, ...), which an
        answer must not rebind at the top level.
    """
    # Read the cell as the kernel will run it: IPython turns %magics and !shell
    # lines into get_ipython() calls, which are then refused like any other.
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return []       # it fails by itself when it runs; nothing to refuse
    checker = _Checker(frozenset(protected) | BUILTIN_NAMES)
    checker.visit(tree)
    return checker.found


def names_imported_by(source: str) -> set[str]:
    """Names a cell of the course's own imports (``np``, ``checks``, ...): the
    names answers may not rebind, since the tests call through them."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names
