"""Evidence that holds up later: signed reports (and, to come, baselines and the override ledger)."""
from auditor.evidence.signing import SigningError, Verification, generate_keypair, sign_report, verify_report

__all__ = ["SigningError", "Verification", "generate_keypair", "sign_report", "verify_report"]
