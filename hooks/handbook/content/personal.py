"""What personal data looks like: the patterns of identity codes, e-mail addresses, phone numbers,
street addresses and persons' names, in one place.

The card loader refuses a personal contact in ``card.yml`` with them (:func:`personal_contact`,
:mod:`handbook.content.cards`); the privacy check (:mod:`handbook.checks.privacy`) looks through
every page and data file with them.
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from handbook import i18n
from handbook.content import vocab


#: a Finnish personal identity code (henkilötunnus); its checksum is checked with python-stdnum
HETU = re.compile(r"\b\d{6}[-+A-FYXWVU]\d{3}[0-9A-FHJ-NPR-Y]\b")
#: a street address: a street name ending in a street word, and a number
STREET = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+(?:katu|tie|kuja|polku|väylä|ranta|raitti|rinne|puisto|kaari|aukio|street|road)"
                    r"\s+\d+(?:\s?[A-Z])?(?:\s?\d+)?\b")
#: two capitalised words of three letters or more, beside a street address (an address is personal
#: only next to a person's name)
PERSON_NEAR_ADDRESS = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]{2,}\s+[A-ZÅÄÖ][a-zåäö]{2,}(?:-[A-ZÅÄÖ][a-zåäö]+)?\b")
#: an e-mail address, also written with "(at)" or "(ät)"
EMAIL = re.compile(r"[\w.+-]+(?:@|\s?\((?:ät|at)\)\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)


#: A line worth asking libphonenumber about: a + or 0 followed by at least six more digits
PHONE_HINT = re.compile(r"(?:\+|(?<!\d)0)\d(?:[\s()-]?\d){5,}")


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
    "wellbeing", "well-being", "north", "south", "east", "west", "central", "välfärdsområde", "välfärdsområdet", "stad", "staden", "kommun", "kommunen",
)


@functools.lru_cache(maxsize=1)
def official_names() -> tuple[str, ...]:
    """The names of Finland's regions and wellbeing services counties, as the project's vocabulary writes
    them in every catalog language (``vocab.regions``, ``vocab.counties``), case-folded: an official
    name (``Kymenlaakso Wellbeing Services County``, ``Keski-Uusimaan hyvinvointialue``) is no person's."""
    names = {vocab.REGIONS[key][lang] for key in vocab.REGIONS for lang in i18n.available_languages()}
    for lang in i18n.available_languages():
        names.update(str(value) for value in i18n.catalog(lang).get("vocab", {}).get("counties", {}).values())
    words = {word for name in names for word in re.split(r"\s+", name.casefold())
             if len(word) >= 5}  # shorter ones are the start of surnames too (Savo, Savolainen)
    return tuple(sorted(words, key=len, reverse=True))


def person_name(text: str) -> str | None:
    """A likely person's name (first name and surname) in ``text``, unless organisation or role words."""
    official = official_names()
    for match in NAME.finditer(text):
        whole = [w.casefold() for w in match.group(0).split()]
        if any(w.startswith(official) for w in whole):  # a region's or county's name, inflected or not
            continue
        words = [w.casefold() for w in re.split(r"[\s-]+", match.group(0))]
        if not any(w.endswith(NOT_A_NAME) for w in words):
            return match.group(0)
    return None


def personal_contact(text: str) -> str | None:
    """The first e-mail address or phone number in ``text``, if any."""
    email = EMAIL.search(text)
    if email:
        return email.group(0)
    if PHONE_HINT.search(text):
        for match in phonenumbers.PhoneNumberMatcher(text, "FI", leniency=phonenumbers.Leniency.VALID):
            return match.raw_string
    return None
