"""Free text structure: records (paragraphs, list items) and people in one-per-line lists.

A record groups values that belong to one person for the risk stage: a
paragraph (split on blank lines), each bullet line, and each line of a
one-per-line list.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from auditor.detect.hits import Hit, made_hit
from auditor.detect.names import INITIAL, NOT_NAME_WORDS, WORD

LIST_PERSON = "ListPersonRecognizer"
CUED_PERSON = "CuedPersonRecognizer"
CUED_PERSON_SCORE = 0.65
LIST_PERSON_SCORE = 0.7
MIN_LIST_LINES = 3
_BULLET = re.compile(r"\s*(?:[-*•·▪◦‣►–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_TAIL = r"(?=\s*(?:$|[,;:|(\t–—]|\s-\s))"
SHAPES = {  # name at the start of a line (after any bullet), then end of line or a separator
    "first_initial": re.compile(rf"(?P<name>{WORD}(?:\s+{WORD})?\s+{INITIAL}){_TAIL}"),
    "last_first": re.compile(rf"(?P<name>{WORD},\s*{WORD}(?:\s+(?:{INITIAL}|{WORD}))?){_TAIL}"),
    "first_last": re.compile(rf"(?P<name>{WORD}(?:\s+{INITIAL})?(?:\s+{WORD}){{1,2}}){_TAIL}"),
}
# A word that introduces a person ("Employee Quillon Vandermeer", "Dr. Ada Lovelace") and the name after it.
_CUES = r"(?i:employee|officer|agent|analyst|staffer|contractor|colleague|mr|mrs|ms|miss|dr|prof|named|signed" \
        r"|dear|attn|prepared\s+(?:for|by)|approved\s+by|contact)"
_CUED = re.compile(rf"\b{_CUES}\.?:?\s+(?P<name>{WORD}(?:\s+{INITIAL})?(?:\s+{WORD}){{1,2}})\b")
# A sign-off line ("Thanks,", "Regards,", the "--" signature delimiter) and a name alone on the next line.
_SIGNOFF = re.compile(r"(?m)^[ \t]*(?i:thanks|thank\s+you|(?:best|kind|warm)?\s*regards|best|sincerely|cheers"
                      rf"|respectfully|v/r|--)[ \t]*[,.!]?[ \t]*\r?\n[ \t]*(?P<name>{WORD}(?:\s+{INITIAL})?"
                      rf"(?:[ \t]+{WORD}){{1,2}})[ \t]*$")


@dataclass
class Line:
    start: int  # offset of the line in the text
    end: int
    body: int  # offset after any bullet

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        end = pos + len(raw.rstrip("\r"))
        bullet = _BULLET.match(text, pos, end)
        lines.append(Line(pos, end, bullet.end() if bullet else pos))
        pos += len(raw) + 1
    return lines


def _is_list_block(block: list[Line], text: str) -> bool:
    """A block of short lines that each start like an item (not a wrapped paragraph)."""
    if len(block) < MIN_LIST_LINES:
        return False
    sizes = [ln.end - ln.start for ln in block]
    starts_item = all(re.match(r"\s*[\p{Lu}\d\-*•(]", ln.text(text)) for ln in block)
    return starts_item and max(sizes) <= 100 and sum(sizes) / len(sizes) <= 60


def line_records(text: str, lines: list[Line], segment_index: int) -> list[str]:
    """The record key of every line: ``s{segment}:p{n}``."""
    keys, n, block = [""] * len(lines), 0, []

    def flush() -> None:
        nonlocal n
        listed = _is_list_block([lines[i] for i in block], text)
        current = None
        for i in block:
            if listed or lines[i].body != lines[i].start or current is None:
                n += 1
                current = f"s{segment_index}:p{n}"
            keys[i] = current
        block.clear()

    for i, line in enumerate(lines):
        if line.text(text).strip():
            block.append(i)
        elif block:
            flush()
    if block:
        flush()
    return keys


def _line_name(line: Line, text: str) -> tuple[str, int, int] | None:
    for shape, pattern in SHAPES.items():
        m = pattern.match(text, line.body, line.end)
        if m and not any(w.lower().strip(".") in NOT_NAME_WORDS for w in re.split(r"[\s,]+", m.group("name"))):
            return shape, m.start("name"), m.end("name")
    return None


def list_people(text: str, lines: list[Line]) -> list[Hit]:
    """PERSON for each line of a run of at least 3 consecutive lines that start with a same-shaped name."""
    hits, run, run_shape = [], [], None

    def close() -> None:
        if len(run) >= MIN_LIST_LINES:
            hits.extend(made_hit("PERSON", s, e, LIST_PERSON_SCORE, LIST_PERSON,
                                 f"name at the start of a {len(run)}-line list of '{run_shape}' lines")
                        for s, e in run)
        run.clear()

    for line in lines:
        found = _line_name(line, text)
        if found and found[0] == run_shape:
            run.append(found[1:])
            continue
        close()
        run_shape = found[0] if found else None
        if found:
            run.append(found[1:])
    close()
    return hits


# A name right beside its own contact detail: "Dana Whitfield (dana.whitfield@agency.gov)", "Dana Whitfield at
# (202) 555-0143", "Dana Whitfield, desk 202-555-0143".
_CONTACT = re.compile(rf"(?P<name>{WORD}(?:\s+{INITIAL})?(?:\s+{WORD}){{1,2}})(?:\s*[(<]\s*|\s+(?:at|on|via)\s+"
                      r"|,\s*(?:(?i:desk|cell|mobile|phone|tel|office|work)\.?:?\s+)?)"
                      r"(?=[\w.+'-]+@[\w-]+\.|\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b)")


def cued_people(text: str) -> list[Hit]:
    """PERSON for two or three capitalised words after a person cue, alone after a sign-off, or right
    beside a contact detail, where NER often fails."""
    hits = []
    for m in [*_CUED.finditer(text), *_SIGNOFF.finditer(text), *_CONTACT.finditer(text)]:
        name = m.group("name")
        if not any(w.lower().strip(".") in NOT_NAME_WORDS for w in name.split()):
            hits.append(made_hit("PERSON", m.start("name"), m.end("name"), CUED_PERSON_SCORE, CUED_PERSON,
                                 "capitalised name after a person cue word"))
    return hits
