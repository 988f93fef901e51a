"""Defer the third-party modules a command-line scan never uses (start-up time only; no behaviour change).

- Presidio's ``predefined_recognizers`` packages import every recognizer class on import, and each class
  compiles its regexes as it is defined (about 100 recognizers; auditor uses a dozen). Their ``__init__``
  files only re-export names (``from .x import Name``), so they are given a module ``__getattr__``
  (PEP 562) that imports a name's module when the name is first used. A package whose ``__init__`` does
  anything else is imported as usual.
- ``httpx`` (imported by spaCy's CLI, through weasel, for downloads) gets the standard library's
  ``importlib.util.LazyLoader``: it is loaded only if an attribute is used, which a scan never does.
  (On Python 3.11 a second ``import httpx`` statement would load it too; weasel's is the only one.)

Only the CLI process installs this: Presidio finds predefined recognizers named in a registry
configuration among the loaded subclasses of EntityRecognizer, so a library caller building Presidio's
default registry needs the eager imports. auditor builds its registry from classes it imports itself.
"""
from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from functools import partial
from importlib import import_module
from types import ModuleType

LAZY_PACKAGES = "presidio_analyzer.predefined_recognizers"
LAZY_MODULES = ("httpx",)
_DISPLAY = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.List, ast.Tuple, ast.Set, ast.Dict)


def _attribute(module: str, name: str | None) -> object:
    return import_module(module) if name is None else getattr(import_module(module), name)


def _evaluated(code, package: ModuleType) -> object:  # noqa: ANN001
    """A deferred display (``{"spacy": SpacyRecognizer}``) with its names looked up on the package."""
    names = type("Names", (dict,), {"__missing__": lambda _, key: getattr(package, key)})()
    return eval(code, {"__builtins__": {}}, names)  # noqa: S307 - Presidio's own display, names only


def re_exports(source: str, package: ModuleType) -> tuple[dict, dict] | None:
    """A re-export-only ``__init__`` as (name -> how to get it, literal assignments); None for anything else."""
    exports, literals = {}, {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and all(a.name != "*" for a in node.names):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package.__name__)
            for alias in node.names:
                where = (f"{base}.{alias.name}", None) if node.module is None else (base, alias.name)
                exports[alias.asname or alias.name] = partial(_attribute, *where)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # docstring
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            expression = ast.Expression(node.value)
            if not all(isinstance(n, _DISPLAY) for n in ast.walk(expression)):
                return None
            try:
                literals.update((t.id, ast.literal_eval(node.value)) for t in node.targets)
            except ValueError:  # names in it: evaluated when first used
                code = compile(expression, package.__name__, "eval")
                exports.update((t.id, partial(_evaluated, code, package)) for t in node.targets)
        else:
            return None
    return exports, literals


class _ReExportLoader(importlib.abc.Loader):
    """Runs a re-export-only package ``__init__`` as a table of names, each resolved on first use."""

    def __init__(self, loader: importlib.abc.Loader):
        self.loader = loader

    def create_module(self, spec):  # noqa: ANN001
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        source = self.loader.get_source(module.__name__)  # None when installed without sources
        table = None if source is None else re_exports(source, module)
        if table is None:
            self.loader.exec_module(module)
            return
        exports, literals = table
        vars(module).update(literals)

        def __getattr__(name: str):  # noqa: N807
            if name not in exports:  # an eagerly run __init__ would have imported its submodules too
                if name.startswith("__") or importlib.util.find_spec(f"{module.__name__}.{name}") is None:
                    raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
                exports[name] = partial(_attribute, f"{module.__name__}.{name}", None)
            value = exports[name]()
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__
        module.__dir__ = lambda: sorted(set(vars(module)) | set(exports))


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds the deferred modules itself (an already imported module cannot be deferred any more)."""

    def find_spec(self, name: str, path=None, target=None):  # noqa: ANN001
        whole_module = name in LAZY_MODULES
        if not whole_module and name != LAZY_PACKAGES and not name.startswith(LAZY_PACKAGES + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not hasattr(spec.loader, "get_source"):
            return spec
        if whole_module:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        elif spec.submodule_search_locations is not None:  # a package; its plain modules load as usual
            spec.loader = _ReExportLoader(spec.loader)
        return spec


def defer_unused_imports() -> None:
    """Install the deferrals for this process (idempotent); modules already imported stay as they are."""
    if not any(isinstance(f, _DeferringFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferringFinder())
