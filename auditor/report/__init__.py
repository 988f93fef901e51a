"""report stage: JSON (schema v1) and text renderings of a scan; never raw values."""
from auditor.report.explain import explain_finding
from auditor.report.json_report import (
    ReportSchemaError,
    build_report,
    report_schema,
    strip_explanations,
    validate_report,
    write_json,
)
from auditor.report.sarif import build_sarif
from auditor.report.text import render_text, summary_line

__all__ = ["ReportSchemaError", "build_report", "build_sarif", "explain_finding", "render_text", "report_schema",
           "strip_explanations", "summary_line", "validate_report", "write_json"]
