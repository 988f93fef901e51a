"""Policy: loaded and validated once, then passed down to every stage."""
from auditor.policy.loader import Policy, PolicyError, load_policy, shipped_policies

__all__ = ["Policy", "PolicyError", "load_policy", "shipped_policies"]
