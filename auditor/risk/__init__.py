"""risk stage: individuals, linkage, destination and a decision with plain-word reasons."""
from auditor.risk.assess import RiskContext, assess_scan

__all__ = ["RiskContext", "assess_scan"]
