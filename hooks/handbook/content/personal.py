"""What looks like personal data in a text: an e-mail address, a phone number, a person's name.

The card loader refuses a personal contact in ``card.yml`` (:mod:`handbook.content.cards`); the
privacy check (:mod:`handbook.checks.privacy`) looks through every page and data file.
"""

from __future__ import annotations

import re

import phonenumbers


EMAIL = re.compile(r"[\w.+-]+(?:@|\s?\((?:ät|at)\)\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)


#: A line worth asking libphonenumber about: a + or 0 followed by at least six more digits
_PHONE_HINT = re.compile(r"(?:\+|(?<!\d)0)\d(?:[\s()-]?\d){5,}")


#: Two capitalised words, as a first name and a surname are written (Matti Meikäläinen, Anna-Liisa Virtanen)
NAME = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?\s+[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?\b")


#: Words of organisations, places and roles: two capitalised words with one of these (or ending in one)
#: are not a person's name ("Porin kaupunki", "Senior Social Worker", "Family Services").
NOT_A_NAME = (
    "kaupunki", "kaupungin", "kunta", "kunnan", "kuntayhtymä", "yhtymä", "hyvinvointialue", "alue", "perusturva",
    "sote", "palvelut", "palvelu", "keskus", "lastensuojelu", "perhekeskus", "säätiö", "yhdistys", "ry", "oy",
    "yliopisto", "korkeakoulu", "ammattikorkeakoulu", "laitos", "virasto", "ministeriö", "tiimi", "yksikkö",
    "city", "town", "municipality", "county", "council", "region", "services", "service", "department", "unit",
    "team", "centre", "center", "university", "institute", "foundation", "association", "agency", "ministry",
    "office", "board", "social", "worker", "senior", "head", "manager", "director", "family", "families", "child",
    "children", "welfare", "protection", "care", "leader", "lead", "coordinator", "chief", "finland", "suomi",
)


def person_name(text: str) -> str | None:
    """A likely person's name (first name and surname) in ``text``, unless organisation or role words."""
    for match in NAME.finditer(text):
        words = [w.casefold() for w in re.split(r"[\s-]+", match.group(0))]
        if not any(w.endswith(NOT_A_NAME) for w in words):
            return match.group(0)
    return None


def personal_contact(text: str) -> str | None:
    """The first e-mail address or phone number in ``text``, if any."""
    email = EMAIL.search(text)
    if email:
        return email.group(0)
    if _PHONE_HINT.search(text):
        for match in phonenumbers.PhoneNumberMatcher(text, "FI", leniency=phonenumbers.Leniency.VALID):
            return match.raw_string
    return None
