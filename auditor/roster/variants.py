"""Normalised tokens and the name variants a roster person may be mentioned by."""
from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[^\W_]+")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
STRONG, WEAK = "strong", "weak"
# variant name -> strength; the code stored in the file is its index, so only ever append
VARIANTS = {"full_name": STRONG, "last_first": STRONG, "middle_initial": STRONG, "email": STRONG, "id": STRONG,
            "first_initial": WEAK, "initials_surname": WEAK, "surname": WEAK, "nickname": WEAK,
            "surname_part": WEAK}
VARIANT_CODES = {name: i for i, name in enumerate(VARIANTS)}
VARIANT_NAMES = list(VARIANTS)
NICKNAMES = {"william": ["bill", "will", "liam"], "robert": ["bob", "rob"], "elizabeth": ["liz", "beth"],
             "michael": ["mike"], "katherine": ["kate", "katie"], "catherine": ["kate", "katie", "cathy"],
             "james": ["jim", "jimmy"], "richard": ["rick", "dick"], "jennifer": ["jen"], "margaret": ["maggie", "peggy"],
             "joseph": ["joe"], "thomas": ["tom"], "christopher": ["chris"], "daniel": ["dan"], "matthew": ["matt"],
             "anthony": ["tony"], "alexander": ["alex"], "samuel": ["sam"], "benjamin": ["ben"], "nicholas": ["nick"],
             "patricia": ["pat", "trish"], "susan": ["sue"], "deborah": ["deb"]}
MIN_SURNAME = 3  # shorter surnames alone ("Li", "Do") are not worth a weak hit on every mention


def fold(text: str) -> str:
    """Accents stripped (NFKD), case folded."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """Word tokens of folded text: punctuation and whitespace only separate."""
    return TOKEN.findall(fold(text))


def normalise_email(value: str) -> str | None:
    """The address inside a cell ("Name <a@b.c>", "mailto:a@b.c"), folded; None when there is none."""
    found = EMAIL.search(value)
    return found.group().casefold() if found else None


def id_sequences(value: str) -> list[tuple[str, ...]]:
    """An ID as tokens ("EMP-104233" -> emp 104233) and, when split, run together (emp104233)."""
    parts = tokens(value)
    return [tuple(parts), ("".join(parts),)] if len(parts) > 1 else [tuple(parts)] if parts else []


def name_variants(first: list[str], middle: list[str], last: list[str],
                  nicknames: bool = False) -> list[tuple[tuple[str, ...], str]]:
    """(token sequence, variant) pairs for one person's name parts (already tokenised), strongest first."""
    if not first or not last:
        alone = first or last
        return [(tuple(alone), "surname")] if len("".join(alone)) >= MIN_SURNAME else []
    initial, middles = first[0][0], [m[0] for m in middle]
    out = [(tuple(first + last), "full_name"), (tuple(last + first), "last_first")]
    if middle:
        out += [(tuple(first + middle + last), "full_name"), (tuple(last + first + middle), "last_first"),
                (tuple(last + first + middles), "last_first"), (tuple(first + middles + last), "middle_initial")]
    out += [(tuple(first + [last[0][0]]), "first_initial"), (tuple([initial] + last), "initials_surname")]
    if middle:
        out.append((tuple([initial] + middles + last), "initials_surname"))
    if len("".join(last)) >= MIN_SURNAME:
        out.append((tuple(last), "surname"))
    if nicknames:
        out += [(tuple([nick] + last), "nickname") for nick in NICKNAMES.get(first[0], [])]
    if len(last) > 1:  # a compound surname is often shortened to one of its parts
        for part in (p for p in last if len(p) >= MIN_SURNAME):
            out += [(tuple(first + [part]), "surname_part"), ((initial, part), "surname_part"),
                    ((part,), "surname_part")]
    return out


def split_full_name(value: str) -> tuple[list[str], list[str], list[str]]:
    """"First [Middle] Last" or "Last, First [Middle]" into token lists."""
    if "," in value:
        last, _, rest = value.partition(",")
        rest_tokens = tokens(rest)
        return rest_tokens[:1], rest_tokens[1:], tokens(last)
    words = value.split()  # a hyphenated surname stays the surname
    if len(words) < 2:
        return [], [], tokens(value)
    return tokens(words[0]), tokens(" ".join(words[1:-1])), tokens(words[-1])
