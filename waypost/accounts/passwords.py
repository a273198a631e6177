"""Password validators for words an attacker would try first (ASVS 6.1.2, 6.2.11, 6.2.12).

`ContextWordsValidator` refuses the documented context words (`CONTEXT_WORDS`) and the names
of the user's own partnership and agency, however they are spelt: any case, with spaces or
symbols between letters, and with common swaps such as 0 for o or @ for a.

`BreachedPasswordValidator` refuses passwords from an offline list of 1.46 million breached
passwords of 12 characters or more (`data/breached-passwords.txt.gz`; see its README). It is
offline on purpose: the server makes no outbound call with anything derived from a password.
"""

import gzip
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

# Words tied to this service and its work, documented in docs/security.md (ASVS 6.1.2).
CONTEXT_WORDS = ("waypost", "password", "rough", "sleeping", "outreach", "partnership")
# Shorter name words ("St", "NHS", "Hub") hide inside too many ordinary words to refuse.
MIN_NAME_WORD_LETTERS = 4
# What each character may stand for; letters stand for themselves, anything else for nothing.
SUBSTITUTIONS = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s"}

BREACHED_LIST = Path(__file__).parent / "data" / "breached-passwords.txt.gz"


def _letters(text: str) -> list[str]:
    """Each character as the set of letters it may stand for, non-letters dropped."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    out = []
    for char in plain:
        if char in SUBSTITUTIONS:
            out.append(SUBSTITUTIONS[char])
        elif char.isalpha() and char.isascii():
            out.append(char)
    return out


def _contains(letters: list[str], word: str) -> bool:
    span = len(word)
    return any(
        all(word[j] in letters[start + j] for j in range(span))
        for start in range(len(letters) - span + 1)
    )


def _name_words(names: Iterable[str]) -> list[str]:
    words = []
    for name in names:
        for part in unicodedata.normalize("NFKD", name.casefold()).split():
            word = "".join(c for c in part if c.isalpha() and c.isascii())
            if len(word) >= MIN_NAME_WORD_LETTERS:
                words.append(word)
    return words


def organisation_names(user: Any) -> list[str]:
    """The names of the user's agencies and their partnerships: from active memberships, and
    from open invitations to their email (someone accepting one has no membership yet)."""
    from waypost.accounts.models import Invitation, Membership

    if user is None:
        return []
    agencies = []
    if getattr(user, "pk", None):
        memberships = Membership.objects.active().filter(user=user)
        agencies += [m.agency for m in memberships.select_related("agency__partnership")]
    if getattr(user, "email", ""):
        invitations = Invitation.objects.filter(
            email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        agencies += [i.agency for i in invitations.select_related("agency__partnership")]
    names = set()
    for agency in agencies:
        names.update((agency.name, agency.partnership.name))
    return sorted(names)


class ContextWordsValidator:
    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        for word in CONTEXT_WORDS:
            if _contains(letters, word):
                raise ValidationError(
                    f"Your password contains the word “{word}”. Words to do with Waypost and "
                    "its work are among the first an attacker tries: choose a password "
                    "without it.",
                    code="password_has_context_word",
                )
        for word in _name_words(organisation_names(user)):
            if _contains(letters, word):
                raise ValidationError(
                    f"Your password contains “{word}”, part of your organisation’s name, "
                    "which an attacker would try first: choose a password without it.",
                    code="password_has_organisation_name",
                )

    def get_help_text(self) -> str:
        return (
            "Your password cannot contain words to do with Waypost and its work (such as "
            "“waypost” or “outreach”) or your organisation’s name."
        )


@cache
def _breached_lines() -> bytes:
    """The list as one block of newline-ended lines in byte order (21 MB, loaded on first
    use): searched in place, with no object per password."""
    with gzip.open(BREACHED_LIST, "rb") as compressed:
        return compressed.read()


def _has_line(lines: bytes, needle: bytes) -> bool:
    """Binary search of sorted, newline-ended lines; `low` is always the start of a line."""
    low, high = 0, len(lines)
    while low < high:
        start = max(low, lines.rfind(b"\n", 0, (low + high) // 2) + 1)
        end = lines.find(b"\n", start)
        line = lines[start:end]
        if needle == line:
            return True
        if needle < line:
            high = start
        else:
            low = end + 1
    return False


def is_breached(password: str) -> bool:
    lines = _breached_lines()
    return any(_has_line(lines, candidate.encode()) for candidate in {password, password.lower()})


class BreachedPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if is_breached(password):
            raise ValidationError(
                "This password has appeared in a data breach, so attackers already try it. "
                "Choose a different password: a few unrelated words work well.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one that has appeared in a known data breach."
