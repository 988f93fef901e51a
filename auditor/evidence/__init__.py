"""Evidence that holds up later: signed reports, baselines, overrides and the decision ledger."""
from auditor.evidence.signing import SigningError, Verification, generate_keypair, sign_report, verify_report

__all__ = ["SigningError", "Verification", "generate_keypair", "sign_report", "verify_report"]
