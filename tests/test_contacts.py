"""Email and phone detection against tests/corpus/LABELLING.md: forms to find, look-alikes to leave alone."""
from __future__ import annotations

import pytest

from auditor.detect import Detector
from auditor.detect.filters import trim_names_at_line_breaks
from auditor.detect.hits import Hit
from auditor.detect.recognizers.contact import is_login, plain_address
from auditor.extract.html import html_to_extraction
from auditor.policy import load_policy
from tests.test_detect import FP, found, table, text


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_policy(), FP, nlp_model="none")


@pytest.mark.parametrize("body, address", [
    ("Write to dana [at] agency [dot] gov today.", "dana [at] agency [dot] gov"),
    ("Backup: marcus(at)agency.gov, desk 4.", "marcus(at)agency.gov"),
    ("https://portal.agency.gov/u?email=dana.whitfield%40agency.gov", "dana.whitfield%40agency.gov"),
    ("From: Dana Whitfield <DANA.WHITFIELD+HR@MAIL.AGENCY.GOV>", "DANA.WHITFIELD+HR@MAIL.AGENCY.GOV"),
])
def test_obfuscated_encoded_and_tagged_addresses_are_found(detector, body, address):
    assert found(text(detector, body), "EMAIL_ADDRESS") == [address]


def test_obfuscation_needs_a_public_domain():
    assert plain_address("dana [at] agency [dot] gov") == "dana@agency.gov"
    assert plain_address("a%40b.org") == "a@b.org"


@pytest.mark.parametrize("body", [
    "ssh ops@jump01.agency.gov", "ssh -p 2222 root@bastion.agency.gov", "scp app.tar deploy@build01.agency.gov:/srv/",
    "git clone git@github.com:agency/tools.git", "pip install git+ssh://git@github.com/agency/tools.git",
    "sftp backup@vault02.agency.gov:/nightly", "npm install lodash@4.17.21", "icons: logo@2x.png",
    "see dana [at] home for details",
])
def test_logins_pins_and_assets_are_not_addresses(detector, body):
    assert found(text(detector, body), "EMAIL_ADDRESS") == []


def test_an_address_after_a_login_line_still_counts(detector):
    body = "ssh ops@jump01.agency.gov\nQuestions: ops-team@agency.gov or mail dana@agency.gov: she knows."
    assert found(text(detector, body), "EMAIL_ADDRESS") == ["ops-team@agency.gov", "dana@agency.gov"]
    assert not is_login("mail dana@agency.gov: ok", 5, 20)


@pytest.mark.parametrize("body, number", [
    ("Desk (202) 555-0143 x4471, ask for Dana.", "(202) 555-0143 x4471"),
    ("Mobile 202.555.0143", "202.555.0143"),
    ("London: +44 20 7946 0958", "+44 20 7946 0958"),
    ("Phone: 555-0143", "555-0143"),
    ("Please order 4 chairs; call 2025550143 first.", "2025550143"),
])
def test_phone_forms_are_found(detector, body, number):
    assert found(text(detector, body), "PHONE_NUMBER") == [number]


@pytest.mark.parametrize("body", [
    "Order 4155550172 shipped", "Open ticket 4155550172 if the build fails", "PO 4155550172 approved",
    "Account 7035550123 pays", "request 2025550143 took 202 ms", "Ticket INC-2025550143 closed",
    "Fingerprint SHA256:2025550143", "Site 38.8977, -77.0365", "ISBN 0-306-40615-2", "routing 026009593",
    "1736071453 INFO started", "client 202.55.50.143", "Part 555-0143-22 in stock", "room 555-0143",
])
def test_numbers_labelled_as_something_else_are_not_phones(detector, body):
    assert found(text(detector, body), "PHONE_NUMBER") == []


def test_phone_columns_and_other_number_columns(detector):
    dets = table(detector, {"Desk": ["555-3200", "555-3201"], "Mobile": ["2025553100", "2025553101"],
                            "Order ID": ["4155550100", "4155550107"], "Ext": ["4400", "4401"]})
    assert sorted(found(dets, "PHONE_NUMBER")) == ["2025553100", "2025553101", "555-3200", "555-3201"]


def test_html_mailto_and_tel_targets_are_read():
    out = html_to_extraction('<p><a href="mailto:dana%2Bhr@agency.gov?subject=Hi">mail</a> '
                             '<a href="TEL:+12025550166">call</a> <a href="https://x.gov">site</a></p>')
    assert [s.text for s in out.segments] == ["mail call site", "dana+hr@agency.gov\n+12025550166"]
    assert out.segments[1].location == {"part": "link targets"}


def test_a_name_does_not_run_into_the_next_line():
    body = "Regards,\nTomas Okonkwo\nTel. 202-555-0177"
    hit = Hit("PERSON", 9, 27, 0.85, "SpacyRecognizer")
    assert [h.text(body) for h in trim_names_at_line_breaks([hit], body)] == ["Tomas Okonkwo"]


def test_a_number_split_after_an_area_code_column_is_a_phone(detector):
    dets = table(detector, {"Area code": ["703", "571"], "Number": ["555-0116", "555-0129"],
                            "Room": ["555-0101", "555-0102"]})
    assert sorted(found(dets, "PHONE_NUMBER")) == ["555-0116", "555-0129"]


def test_camel_case_keys_are_context_words(detector):
    assert found(text(detector, "B-367244", context=["employeeNumber"]), "EMPLOYEE_ID") == ["B-367244"]
    assert found(text(detector, "B-367244", context=["buildingCode"]), "EMPLOYEE_ID") == []


def test_first_and_last_columns_hold_name_parts(detector):
    dets = table(detector, {"first": ["Beatrix", "Jun"], "last": ["Nwosu", "Russo"], "email": ["b@x.gov", "j@x.gov"]})
    assert sorted(found(dets, "PERSON")) == ["Beatrix", "Jun", "Nwosu", "Russo"]


def test_a_name_before_its_labelled_phone_is_a_person_a_help_desk_is_not(detector):
    body = "Relief: Saoirse Gallagher, desk 571-555-0155 ext. 2290.\nOr the Help Desk, 202-555-0100."
    assert found(text(detector, body), "PERSON") == ["Saoirse Gallagher"]
