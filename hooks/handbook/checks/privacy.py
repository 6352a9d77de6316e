"""The privacy check: personal data in the content, each at its ``file:line``.

It looks, with the patterns of :mod:`handbook.content.personal`, for Finnish personal identity
codes (validated with the checksum and century sign, so random digits are not flagged), e-mail
addresses, phone numbers (Finnish and international, via libphonenumber) and street addresses
next to personal names, and for persons' names in a card's contact.
(Raw HTML is checked against an allow-list by :mod:`handbook.checks.html`.)
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from stdnum.fi import hetu

from handbook.content import reading
from handbook.content.cards import Card
from handbook.content.handbook import Handbook
from handbook.content.personal import EMAIL, HETU, PERSON_NEAR_ADDRESS, PHONE_HINT, STREET, person_name
from handbook.findings import Finding, finding

_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
#: Cheap first looks: identity codes, phone numbers and addresses need a digit, an e-mail address
#: a word character on both sides of its @ (a citation has none before it) or "(at)"
_DIGIT = re.compile(r"\d")
_AT = re.compile(r"[\w.+-]@[\w-]|\((?:ät|at)\)", re.I)


#: where a value is in ``card.yml``: its keys and indexes (:meth:`handbook.content.yamlmap.LineMap.line`)
Place = tuple[str | int, ...]


def _names(path: Place, item: object) -> list[tuple[Place, object]]:
    """The place and text of each form of a name: one for a name given once, one per language of ``{fi, en}``."""
    if isinstance(item, dict):
        return [((*path, lang), value) for lang, value in item.items()]
    return [(path, item)]


def contact_names(card: Card, rel: str) -> list[Finding]:
    """Warnings for a person's name in a card's contact (organisation and role) or in its organisations
    (a name given in both languages, the contact's organisation too, is looked at in both): contacts are roles."""
    contact = card.facts.get("contact") or {}
    role = contact.get("role") or {}
    fields = _names(("contact", "organisation"), contact.get("organisation"))
    fields += [(("contact", "role", lang), value) for lang, value in role.items()] if isinstance(role, dict) else []
    for index, item in enumerate(card.facts.get("organisations") or []):
        fields += _names(("organisations", index), item)
    out = []
    for path, value in fields:
        name = person_name(value) if isinstance(value, str) else None
        if name:
            code = "privacy-name-org" if path[0] == "organisations" else "privacy-name"
            out.append(finding(rel, card.line_of(*path), "privacy-name", code, severity="warning",
                               value=name, file=rel))
    return out


@functools.lru_cache(maxsize=16384)
def scan_text(text: str, path: str, first_line: int = 1, markup: bool = True) -> tuple[Finding, ...]:
    """Privacy and safety findings in one text (Markdown or YAML); cached, so a rebuild rescans only changes."""
    return tuple(_scan(text, path, first_line, markup))


def _scan(text: str, path: str, first_line: int, markup: bool) -> list[Finding]:
    out: list[Finding] = []
    in_code = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if markup and _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        digits = _DIGIT.search(line) is not None
        if digits:
            for match in HETU.finditer(line):
                if hetu.is_valid(match.group(0)):
                    out.append(finding(path, number, "privacy-hetu", "privacy-hetu", value=match.group(0)))
        if ("@" in line or "(" in line) and _AT.search(line):
            for match in EMAIL.finditer(line):
                out.append(finding(path, number, "privacy-email", "privacy-email", value=match.group(0)))
        if digits:
            if PHONE_HINT.search(line):
                for phone in phonenumbers.PhoneNumberMatcher(line, "FI", leniency=phonenumbers.Leniency.VALID):
                    out.append(finding(path, number, "privacy-phone", "privacy-phone", value=phone.raw_string))
            street = STREET.search(line)
            if street and PERSON_NEAR_ADDRESS.search(line.replace(street.group(0), "")):
                out.append(finding(path, number, "privacy-address", "privacy-address", value=street.group(0)))
    return out


def check(hb: Handbook) -> list[Finding]:
    out: list[Finding] = []  # scan_text returns tuples (cached); this list is the caller's own
    for page in hb.pages:
        if not page.refused:  # a file the handbook does not read is reported as such
            out.extend(scan_text(page.path.read_text(encoding="utf-8-sig"), page.rel))
    # a personal contact in a card is already reported, with its own advice, by the card check
    reported = {(f.path, f.line) for f in hb.findings if f.code == "contact-personal"}
    for card in hb.cards:
        path = card.folder / "card.yml"
        rel = path.relative_to(hb.root).as_posix()
        out.extend(f for f in scan_text(path.read_text(encoding="utf-8"), rel, markup=False)
                   if (f.path, f.line) not in reported)
        out.extend(contact_names(card, rel))
    for name in ("facts.yml", "glossary.yml"):
        path = hb.docs / "data" / name
        try:
            text = reading.source_text(path, hb.root)
        except reading.Unreadable:
            continue  # missing, or reported by the file's own reader
        out.extend(scan_text(text, path.relative_to(hb.root).as_posix(), markup=False))
    return out
