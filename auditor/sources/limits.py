"""Safety limits for reading files and expanding containers, from the policy's ``limits``."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.policy import Policy

MB = 2**20


@dataclass(frozen=True)
class Limits:
    max_file: int
    max_depth: int
    max_members: int
    max_expanded: int
    max_ratio: float

    @classmethod
    def from_policy(cls, policy: Policy) -> "Limits":
        return cls(
            max_file=int(policy.get("limits.max_file_mb", 200) * MB),
            max_depth=int(policy.get("limits.max_depth", 5)),
            max_members=int(policy.get("limits.max_members", 5000)),
            max_expanded=int(policy.get("limits.max_expanded_mb", 1024) * MB),
            max_ratio=float(policy.get("limits.max_compression_ratio", 200)),
        )
