"""Protected-roster matching: find known people in outgoing content without storing their names.

The roster file holds only keyed hashes (HMAC-SHA256 under HKDF-derived keys) of
normalised name variants, emails and IDs, plus row ids; the file is authenticated.
"""
from auditor.roster.build import RosterSourceError, build_roster
from auditor.roster.keys import read_secret_key, write_secret_key
from auditor.roster.match import RosterHit, RosterMatcher, corroborate
from auditor.roster.store import Roster, RosterError, RosterKeyError, RosterTamperedError

__all__ = ["Roster", "RosterError", "RosterHit", "RosterKeyError", "RosterMatcher", "RosterSourceError",
           "RosterTamperedError", "build_roster", "corroborate", "read_secret_key", "write_secret_key"]
