"""Shipped policies, installed as the package ``auditor.rules``."""
