"""Normalised tokens and the name variants a roster person may be mentioned by."""
from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[^\W_]+")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
STRONG, WEAK = "strong", "weak"
# variant name -> strength; the code is its index in the file
VARIANTS = {"full_name": STRONG, "last_first": STRONG, "middle_initial": STRONG, "email": STRONG, "id": STRONG,
            "first_initial": WEAK, "initials_surname": WEAK, "surname": WEAK, "nickname": WEAK}
VARIANT_CODES = {name: i for i, name in enumerate(VARIANTS)}
VARIANT_NAMES = list(VARIANTS)
NICKNAMES = {"william": ["bill", "will", "liam"], "robert": ["bob", "rob"], "elizabeth": ["liz", "beth"],
             "michael": ["mike"], "katherine": ["kate", "katie"], "catherine": ["kate", "cathy"],
             "james": ["jim", "jimmy"], "richard": ["rick", "dick"], "jennifer": ["jen"], "margaret": ["maggie", "peggy"],
             "joseph": ["joe"], "thomas": ["tom"], "christopher": ["chris"], "daniel": ["dan"], "matthew": ["matt"],
             "anthony": ["tony"], "alexander": ["alex"], "samuel": ["sam"], "benjamin": ["ben"], "nicholas": ["nick"],
             "patricia": ["pat", "trish"], "susan": ["sue"], "deborah": ["deb"]}
MIN_SURNAME = 3


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def name_variants(first: list[str], middle: list[str], last: list[str],
                  nicknames: bool = False) -> list[tuple[tuple[str, ...], str]]:
    """(token sequence, variant) pairs for one person's name parts (already tokenised)."""
    if not first or not last:
        return [(tuple(first or last), "surname")] if (first or last) else []
    out = [(tuple(first + last), "full_name"), (tuple(last + first), "last_first"),
           (tuple(first + [last[0][0]]), "first_initial"), (tuple([first[0][0]] + last), "initials_surname")]
    if middle:
        out += [(tuple(first + middle + last), "full_name"), (tuple(last + first + middle), "last_first"),
                (tuple(first + [m[0] for m in middle] + last), "middle_initial"),
                (tuple([first[0][0]] + [m[0] for m in middle] + last), "initials_surname")]
    if len("".join(last)) >= MIN_SURNAME:
        out.append((tuple(last), "surname"))
    if nicknames:
        out += [(tuple([nick] + last), "nickname") for nick in NICKNAMES.get(first[0], [])]
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
