"""Load a YAML policy, resolve ``extends:``, validate it against the schema.

Errors always name the file and line. There is no silent fallback to defaults:
a missing file, an unknown key or a wrong type is a ``PolicyError``.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

SHIPPED_PACKAGE = "auditor.rules"
MAX_EXTENDS_DEPTH = 8
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: same documents


class PolicyError(Exception):
    """An invalid policy; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class Policy:
    name: str
    data: dict[str, Any]
    sha256: str
    files: tuple[str, ...] = field(default=())

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def __post_init__(self) -> None:
        object.__setattr__(self, "_entity_cache", {})

    def entity(self, entity_type: str) -> dict[str, Any]:
        """Settings for one entity type, with the defaults applied (read-only: shared between calls)."""
        cache = self._entity_cache
        if entity_type not in cache:
            base = dict(self.data.get("entity_defaults", {}))
            base.update(self.data.get("entities", {}).get(entity_type, {}))
            cache[entity_type] = base
        return cache[entity_type]

    def enabled_entities(self) -> list[str]:
        return sorted(e for e in self.data.get("entities", {}) if self.entity(e).get("enabled", True))


def shipped_policies() -> list[str]:
    root = resources.files(SHIPPED_PACKAGE)
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def _shipped_path(name: str) -> Path | None:
    candidate = resources.files(SHIPPED_PACKAGE).joinpath(f"{name}.yaml")
    return Path(str(candidate)) if candidate.is_file() else None


def _schema() -> dict[str, Any]:
    text = resources.files("auditor.policy").joinpath("policy.schema.json").read_text("utf-8")
    return json.loads(text)


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map each key path in a composed YAML tree to its 1-based line."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            out[sub] = key.start_mark.line + 1
            _line_index(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _line_index(value, path + (i,), out)
    return out


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[tuple, int]]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: policy file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc}") from None
    loader = SAFE_LOADER(text)
    try:  # parsed once: the node tree gives line numbers, the same tree the data
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PolicyError(f"{path}{where}: invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"{path}:1: a policy must be a mapping of settings, not {type(data).__name__}")
    return data, (_line_index(node) if node is not None else {})


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; lists and scalars in ``override`` replace."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _validate(data: dict[str, Any], path: Path, lines: dict[tuple, int], schema: dict[str, Any]) -> None:
    """jsonschema-rs decides (fast); a policy it rejects is explained by jsonschema, imported only then."""
    if jsonschema_rs.Draft202012Validator(schema, offline=True).is_valid(data):
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:  # the two disagree: still not accepted
        raise PolicyError(f"{path}:1: does not match the policy schema")
    err = errors[0]
    key_path = tuple(err.absolute_path)
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        if extra:
            key_path = key_path + (extra[0],)
    line = lines.get(key_path)
    while line is None and key_path:
        key_path = key_path[:-1]
        line = lines.get(key_path)
    dotted = ".".join(map(str, err.absolute_path)) or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise PolicyError(f"{path}:{line or 1}: {dotted}: {err.message}{more}")


def _resolve(ref: str, relative_to: Path | None) -> Path:
    shipped = _shipped_path(ref) if "/" not in ref and not ref.endswith((".yaml", ".yml")) else None
    if shipped:
        return shipped
    candidate = Path(ref)
    if not candidate.is_absolute() and relative_to is not None:
        candidate = relative_to.parent / candidate
    return candidate


def _load_chain(path: Path, schema: dict[str, Any], seen: tuple[Path, ...]) -> tuple[dict[str, Any], list[Path]]:
    if len(seen) > MAX_EXTENDS_DEPTH:
        raise PolicyError(f"{path}:1: extends chain deeper than {MAX_EXTENDS_DEPTH}")
    resolved = path.resolve()
    if resolved in seen:
        raise PolicyError(f"{path}:1: extends loop back to {resolved}")
    data, lines = _read_yaml(path)
    _validate(data, path, lines, schema)
    parent_ref = data.pop("extends", None)
    if not parent_ref:
        return data, [path]
    parent_path = _resolve(parent_ref, path)
    if not parent_path.is_file():
        line = lines.get(("extends",), 1)
        names = ", ".join(shipped_policies())
        raise PolicyError(f"{path}:{line}: extends: no shipped policy or file named {parent_ref!r} (shipped: {names})")
    parent, files = _load_chain(parent_path, schema, seen + (resolved,))
    return _merge(parent, data), files + [path]


def load_policy(ref: str | Path | None = None) -> Policy:
    """Load a policy by shipped name (``default``, ``strict``) or path; None = default."""
    ref = "default" if ref is None else str(ref)
    path = _resolve(ref, None)
    if not path.is_file():
        if path.exists():
            raise PolicyError(f"{path}: not a file")
        raise PolicyError(f"{ref}: policy file not found (shipped policies: {', '.join(shipped_policies())})")
    schema = _schema()
    data, files = _load_chain(path, schema, ())
    name = data.get("name") or path.stem
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return Policy(
        name=name,
        data=data,
        sha256=hashlib.sha256(canonical.encode()).hexdigest(),
        files=tuple(str(f) for f in files),
    )
