"""Editor-facing messages in Finnish and English.

Each message says what is wrong and what to do. Templates use
``str.format`` fields filled from a finding's parameters.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "summary": {
        "fi": "Virheitä: {errors}, varoituksia: {warnings}.",
        "en": "Errors: {errors}, warnings: {warnings}.",
    },
    # --- card facts (card.yml) -------------------------------------------
    "yaml-syntax": {
        "fi": "YAML-tiedosto ei ole kelvollinen: {problem}. Tarkista sisennys ja kaksoispisteet tällä rivillä.",
        "en": "the YAML file is not valid: {problem}. Check the indentation and colons on this line.",
    },
    "card-not-mapping": {
        "fi": "card.yml:n pitää olla kenttien luettelo (avain: arvo). Katso mallia schema/card.schema.json.",
        "en": "card.yml must be a list of fields (key: value). See schema/card.schema.json.",
    },
    "field-missing": {
        "fi": "pakollinen kenttä '{field}' puuttuu. Lisää se: {hint}",
        "en": "required field '{field}' is missing. Add it: {hint}",
    },
    "field-unknown": {
        "fi": "tuntematon kenttä '{field}'. Sallitut kentät: {allowed}.",
        "en": "unknown field '{field}'. Allowed fields: {allowed}.",
    },
    "field-type": {
        "fi": "kentän '{field}' arvo {value} on väärää tyyppiä: odotettiin {expected}.",
        "en": "field '{field}' has the wrong type ({value}): expected {expected}.",
    },
    "field-enum": {
        "fi": "kentän '{field}' arvo '{value}' ei ole sallittu. Sallitut arvot: {allowed}.",
        "en": "field '{field}' has the value '{value}', which is not allowed. Allowed values: {allowed}.",
    },
    "field-pattern": {
        "fi": "kentän '{field}' arvo '{value}' on väärässä muodossa: {expected}.",
        "en": "field '{field}' has the value '{value}' in the wrong form: {expected}.",
    },
    "field-empty": {
        "fi": "kenttä '{field}' ei saa olla tyhjä. Täytä se.",
        "en": "field '{field}' must not be empty. Fill it in.",
    },
    "field-invalid": {
        "fi": "kentän '{field}' arvo ei kelpaa: {problem}.",
        "en": "field '{field}' is not valid: {problem}.",
    },
    "date-future": {
        "fi": "kentän '{field}' päivämäärä {value} on tulevaisuudessa. Käytä päivää, joka on jo mennyt.",
        "en": "field '{field}' has the date {value}, which is in the future. Use a date that has passed.",
    },
    "id-mismatch": {
        "fi": "kortin id '{value}' ei vastaa kansion nimeä '{folder}'. Käytä samaa tunnusta molemmissa.",
        "en": "the card id '{value}' does not match its folder name '{folder}'. Use the same slug for both.",
    },
    "placeholder": {
        "fi": "paikkamerkki {placeholder} on vielä täyttämättä. Korvaa se kortin omalla tiedolla.",
        "en": "the placeholder {placeholder} has not been filled in. Replace it with the card's own text.",
    },
    # --- card text (index.fi.md / index.en.md) ---------------------------
    "lang-file-missing": {
        "fi": "kortilta puuttuu kieliversio {file}. Luo tiedosto (kopioi rakenne toisesta kieliversiosta).",
        "en": "the card has no {file}. Create the file (copy the structure of the other language version).",
    },
    "facts-in-text": {
        "fi": "kieliversiossa on front matter -kenttiä ({fields}). Kortin tiedot kirjoitetaan vain card.yml-tiedostoon.",
        "en": "the language file has front matter ({fields}). A card's facts belong in card.yml only.",
    },
    "section-missing": {
        "fi": "osio '## {section}' puuttuu. Kortissa pitää olla osiot tässä järjestyksessä: {order}.",
        "en": "section '## {section}' is missing. A card needs these sections in this order: {order}.",
    },
    "section-order": {
        "fi": "osio '## {section}' on väärässä kohdassa. Järjestys on: {order}.",
        "en": "section '## {section}' is out of order. The order is: {order}.",
    },
    "section-unknown": {
        "fi": "tuntematon osio '## {section}'. Kortin osiot ovat: {order}. Käytä alaotsikoille tasoa ###.",
        "en": "unknown section '## {section}'. A card's sections are: {order}. Use ### for subheadings.",
    },
    "section-empty": {
        "fi": "osio '## {section}' on tyhjä. Kirjoita siihen vähintään yksi kappale.",
        "en": "section '## {section}' is empty. Write at least one paragraph in it.",
    },
    "summary-missing": {
        "fi": "kortilta puuttuu tiivistelmä: kirjoita yksi kappale ennen ensimmäistä ##-otsikkoa.",
        "en": "the card has no summary: write one paragraph before the first ## heading.",
    },
    "summary-long": {
        "fi": "tiivistelmän pitää olla yksi kappale ennen ensimmäistä ##-otsikkoa; nyt kappaleita on {count}.",
        "en": "the summary must be one paragraph before the first ## heading; there are {count}.",
    },
    "h1-in-card": {
        "fi": "kortissa ei kirjoiteta #-pääotsikkoa: otsikko tulee card.yml:n kentästä name.",
        "en": "do not write a # title in a card: the title comes from the name field in card.yml.",
    },
    "contact-personal": {
        "fi": "yhteystiedoksi ei saa merkitä henkilön sähköpostia tai puhelinnumeroa ({value}). Merkitse organisaatio, rooli ja organisaation verkko-osoite.",
        "en": "a contact must not be a person's e-mail or phone number ({value}). Give the organisation, role and the organisation's web address.",
    },
    # --- key figures and glossary ------------------------------------------
    "fact-duplicate": {
        "fi": "luvun tunnus '{id}' on jo käytössä ({other}). Anna luvulle oma tunnus.",
        "en": "the figure id '{id}' is already used ({other}). Give this figure its own id.",
    },
    "fact-unknown": {
        "fi": "tuntematon luku '{{{{fact:{id}}}}}'. Lisää se tiedostoon docs/data/facts.yml tai korjaa tunnus.",
        "en": "unknown figure '{{{{fact:{id}}}}}'. Add it to docs/data/facts.yml or fix the id.",
    },
    "term-duplicate": {
        "fi": "termin tunnus '{id}' on jo käytössä ({other}).",
        "en": "the term id '{id}' is already used ({other}).",
    },
    "summary-structure": {
        "fi": "tutkimustiivistelmästä puuttuu {what}. Tiivistelmässä pitää olla front matter -kenttä reviewed ja loppuosio '## {section}'.",
        "en": "the research summary has no {what}. A summary needs the front matter field reviewed and a final section '## {section}'.",
    },
    # --- bibliography and citations --------------------------------------
    "bib-syntax": {
        "fi": "BibTeX-tiedostossa on virhe: {problem}. Tarkista aaltosulkeet ja pilkut tällä rivillä ja sitä edellä.",
        "en": "the BibTeX file is malformed: {problem}. Check the braces and commas on this line and the lines before it.",
    },
    "bib-duplicate": {
        "fi": "lähteen avain '{key}' on jo käytössä ({other}). Anna tälle lähteelle oma avain tai poista kaksoiskappale.",
        "en": "the source key '{key}' is already used ({other}). Give this entry its own key or remove the duplicate.",
    },
    "bib-field-missing": {
        "fi": "lähteeltä '{key}' (@{type}) puuttuu kenttä {field}. Tämän tyypin pakolliset kentät: {required}.",
        "en": "entry '{key}' (@{type}) has no {field} field. Required for this type: {required}.",
    },
    "bib-year": {
        "fi": "lähteen '{key}' vuosi '{value}' ei ole uskottava vuosiluku (neljä numeroa, enintään {max}).",
        "en": "entry '{key}' has the year '{value}', which is not a plausible year (four digits, at most {max}).",
    },
    "bib-url": {
        "fi": "lähteen '{key}' osoite '{value}' ei ala http:// tai https://. Korjaa osoite tai poista url-kenttä.",
        "en": "entry '{key}' has the URL '{value}', which does not start with http:// or https://. Fix it or remove the url field.",
    },
    "bib-date": {
        "fi": "lähteen '{key}' päivämäärä '{value}' ei ole muotoa VVVV-KK-PP.",
        "en": "entry '{key}' has the date '{value}', which is not in the form YYYY-MM-DD.",
    },
    "cite-unknown-guess": {
        "fi": "tuntematon lähteen avain '@{key}' – tarkoititko '@{guess}'? Korjaa avain tai lisää lähde bibliography/-kansioon.",
        "en": "unknown citation key '@{key}' – did you mean '@{guess}'? Fix the key or add the entry to bibliography/.",
    },
    "cite-unknown": {
        "fi": "tuntematon lähteen avain '@{key}'. Lisää lähde bibliography/-kansioon tai korjaa avain; jos @ ei ole viittaus, kirjoita \\@.",
        "en": "unknown citation key '@{key}'. Add the entry to bibliography/ or fix the key; if the @ is not a citation, write \\@.",
    },
    "bib-uncited": {
        "fi": "lähteeseen '{key}' ei viitata millään sivulla.",
        "en": "nothing cites the entry '{key}'.",
    },
}


def render(code: str, params: dict[str, str], lang: str) -> str:
    """Fill the message ``code`` in ``lang``; unknown codes fall back to the code itself."""
    templates = MESSAGES.get(code)
    if templates is None:
        return code + (": " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    template = templates.get(lang) or templates["en"]
    try:
        return template.format(**params)
    except KeyError:
        return template
