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
        "fi": "tiedostoa ei voi lukea tästä rivistä alkaen. Tarkista rivin sisennys (välilyönnit rivin alussa), kaksoispisteet, lainausmerkit ja sulkeet.",
        "en": "the file cannot be read from this line on. Check the line's indentation (the spaces at its start), colons, quotation marks and brackets.",
    },
    "yaml-unclosed-list": {
        "fi": "tällä rivillä alkava luettelo [ jää auki: lisää loppuun ], esim. approaches: [relationship-based-work, early-support].",
        "en": "the list that starts with [ on this line is not closed: add ] at its end, e.g. approaches: [relationship-based-work, early-support].",
    },
    "yaml-unclosed-map": {
        "fi": "tällä rivillä alkava { jää auki: lisää loppuun }, esim. name: {fi: Nimi suomeksi, en: Name in English}.",
        "en": "the { that starts on this line is not closed: add } at its end, e.g. name: {fi: Nimi suomeksi, en: Name in English}.",
    },
    "yaml-unclosed-quote": {
        "fi": "tällä rivillä alkava lainausmerkki \" jää auki: lisää arvon loppuun toinen \".",
        "en": "the quotation mark \" that starts on this line is not closed: add another \" at the end of the value.",
    },
    "yaml-colon": {
        "fi": "rivillä on arvon sisällä kaksoispiste ja välilyönti (: ). Kirjoita arvo lainausmerkkeihin, esim. fi: \"Tiimi: uusi malli\".",
        "en": "this line has a colon and a space (: ) inside the value. Put the value in quotation marks, e.g. en: \"Team: a new model\".",
    },
    "yaml-indent": {
        "fi": "rivin sisennys ei sovi yhteen yllä olevien rivien kanssa. Saman tason kentät alkavat yhtä monen välilyönnin jälkeen (esim. contact:-kentän alla kaksi välilyöntiä).",
        "en": "this line's indentation does not match the lines above it. Fields at the same level start after the same number of spaces (e.g. two spaces under contact:).",
    },
    "yaml-tab": {
        "fi": "rivillä on sarkain (Tab) siellä, missä pitää olla välilyöntejä. Sisennä välilyönneillä.",
        "en": "this line has a tab where spaces belong. Indent with spaces.",
    },
    "yaml-reserved-char": {
        "fi": "arvo alkaa merkillä, jota ei voi kirjoittaa sellaisenaan (esim. @, ` tai %). Kirjoita arvo lainausmerkkeihin.",
        "en": "the value starts with a character that cannot be written as it is (such as @, ` or %). Put the value in quotation marks.",
    },
    "yaml-no-colon": {
        "fi": "rivi ei ole kenttä (nimi: arvo) eikä luettelon kohta (- arvo). Lisää kentän nimen perään kaksoispiste tai kohdan alkuun viiva.",
        "en": "this line is neither a field (name: value) nor a list item (- value). Add a colon after the field's name or a dash before the item.",
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
    "field-unknown-guess": {
        "fi": "tuntematon kenttä '{field}' – tarkoititko '{guess}'? Korjaa kentän nimi: {guess}:",
        "en": "unknown field '{field}' – did you mean '{guess}'? Correct the field's name: {guess}:",
    },
    "field-list": {
        "fi": "kenttään '{field}' kirjoitetaan luettelo hakasulkeisiin, vaikka arvoja olisi vain yksi: {example}",
        "en": "field '{field}' takes a list in square brackets, even of one value: {example}",
    },
    "field-pair": {
        "fi": "kenttään '{field}' kirjoitetaan sen omat kentät, esim. {example}",
        "en": "field '{field}' takes its own fields, e.g. {example}",
    },
    "field-one-value": {
        "fi": "kenttään '{field}' kirjoitetaan yksi arvo, ei luetteloa eikä alakenttiä, esim. {example}",
        "en": "field '{field}' takes one value, not a list or fields of its own, e.g. {example}",
    },
    "field-quote": {
        "fi": "kentän '{field}' arvo {value} luetaan luvuksi. Kirjoita se lainausmerkkeihin: {key}: \"{value}\"",
        "en": "field '{field}' has the value {value}, which is read as a number. Write it in quotation marks: {key}: \"{value}\"",
    },
    "field-enum": {
        "fi": "kentän '{field}' arvo '{value}' ei ole sallittu. Sallitut arvot: {allowed_fi}.",
        "en": "field '{field}' has the value '{value}', which is not allowed. Allowed values: {allowed_en}.",
    },
    "field-enum-guess": {
        "fi": "kentän '{field}' arvo '{value}' ei ole sallittu – tarkoititko '{guess}'? Sallitut arvot: {allowed_fi}.",
        "en": "field '{field}' has the value '{value}', which is not allowed – did you mean '{guess}'? Allowed values: {allowed_en}.",
    },
    "field-enum-label": {
        "fi": "kentän '{field}' arvo '{value}' kirjoitetaan card.yml-tiedostoon muodossa {guess}. Kirjoita {example}",
        "en": "field '{field}': '{value}' is written {guess} in card.yml. Write {example}",
    },
    "field-pattern": {
        "fi": "kentän '{field}' arvo '{value}' on väärässä muodossa.",
        "en": "field '{field}' has the value '{value}' in the wrong form.",
    },
    "field-date": {
        "fi": "kentän '{field}' arvo '{value}' ei ole päivämäärä muodossa VVVV-KK-PP. Kirjoita esim. {field}: {fix}",
        "en": "field '{field}' has the value '{value}', which is not a date as YYYY-MM-DD. Write e.g. {field}: {fix}",
    },
    "field-year-month": {
        "fi": "kentän '{field}' arvo '{value}' ei ole vuosi (VVVV) eikä vuosi ja kuukausi (VVVV-KK). Kirjoita esim. {field}: {fix}",
        "en": "field '{field}' has the value '{value}', which is not a year (YYYY) or a year and month (YYYY-MM). Write e.g. {field}: {fix}",
    },
    "field-no-month": {
        "fi": "kentän '{field}' arvossa '{value}' ei ole olemassa olevaa kuukautta: kuukausi on 01–12. Korjaa kuukausi tai kirjoita pelkkä vuosi, esim. {field}: {fix}",
        "en": "field '{field}' has the value '{value}', whose month does not exist: a month is 01–12. Fix the month or write the year alone, e.g. {field}: {fix}",
    },
    "field-https-mail": {
        "fi": "kentän '{field}' arvo '{value}' on sähköpostiosoite. Käsikirja ei julkaise henkilöiden sähköpostiosoitteita: kirjoita organisaation verkkosivun osoite, joka alkaa https://, esim. https://www.pori.fi/",
        "en": "field '{field}' has the value '{value}', an e-mail address. The handbook does not publish people's e-mail addresses: write the address of the organisation's web page, starting with https://, e.g. https://www.pori.fi/",
    },
    "field-slug": {
        "fi": "kentän '{field}' arvo '{value}' ei kelpaa tunnukseksi: käytä pieniä kirjaimia a–z (ei ääkkösiä), numeroita ja yksittäisiä yhdysviivoja, esim. {fix}",
        "en": "field '{field}' has the value '{value}', which is not a valid slug: use lowercase letters a–z, digits and single hyphens, e.g. {fix}",
    },
    "field-https": {
        "fi": "kentän '{field}' arvo '{value}' ei ole verkko-osoite, joka alkaa https://. Kirjoita koko osoite, esim. https://www.pori.fi/",
        "en": "field '{field}' has the value '{value}', which is not a web address starting with https://. Write the whole address, e.g. https://www.pori.fi/",
    },
    "field-twice": {
        "fi": "kenttä '{field}' on kirjoitettu kahdesti (myös rivillä {other}); vain jälkimmäinen jäisi voimaan. Poista toinen.",
        "en": "field '{field}' is written twice (also on line {other}); only the later one would count. Remove one.",
    },
    "field-empty": {
        "fi": "kenttä '{field}' ei saa olla tyhjä. Täytä se, esim. {example}",
        "en": "field '{field}' must not be empty. Fill it in, e.g. {example}",
    },
    "field-repeated": {
        "fi": "kentässä '{field}' on sama arvo kahdesti. Poista toinen.",
        "en": "field '{field}' lists the same value twice. Remove one.",
    },
    "field-no-date": {
        "fi": "kentän '{field}' päivämäärää {value} ei ole olemassa. Tarkista päivä ja kuukausi (VVVV-KK-PP).",
        "en": "field '{field}' has the date {value}, which does not exist. Check the day and month (YYYY-MM-DD).",
    },
    "name-lang-missing": {
        "fi": "kentän '{field}' nimestä puuttuu kieli {lang}. Kirjoita nimi molemmilla kielillä, esim. - {{fi: Porin kaupunki, en: City of Pori}}, tai pelkkä nimi, jos se on sama molemmilla kielillä.",
        "en": "a name in field '{field}' has no {lang}. Write the name in both languages, e.g. - {{fi: Porin kaupunki, en: City of Pori}}, or the name alone when it is the same in both languages.",
    },
    "name-lang-unknown": {
        "fi": "kentän '{field}' nimessä on tuntematon kieli '{key}'. Sallitut kielet ovat fi ja en, esim. - {{fi: Porin kaupunki, en: City of Pori}}",
        "en": "a name in field '{field}' has the unknown language '{key}'. The languages are fi and en, e.g. - {{fi: Porin kaupunki, en: City of Pori}}",
    },
    "name-empty": {
        "fi": "kentän '{field}' nimi kielellä {lang} on tyhjä. Kirjoita nimi, esim. - {{fi: Porin kaupunki, en: City of Pori}}, tai pelkkä nimi, jos se on sama molemmilla kielillä.",
        "en": "a name in field '{field}' is empty in {lang}. Write the name, e.g. - {{fi: Porin kaupunki, en: City of Pori}}, or the name alone when it is the same in both languages.",
    },
    "field-invalid": {
        "fi": "kentän '{field}' arvo ei kelpaa. Kirjoita se samassa muodossa kuin tiedoston muissa kohdissa.",
        "en": "field '{field}' is not valid. Write it in the same form as the file's other entries do.",
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
    "section-unknown-guess": {
        "fi": "tuntematon osio '## {section}' – tarkoititko '## {guess}'? Kortin osiot ovat: {order}.",
        "en": "unknown section '## {section}' – did you mean '## {guess}'? A card's sections are: {order}.",
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
    "fact-quote-long": {
        "fi": "luvun '{id}' lainaus (quote) on {words} sanaa pitkä; enintään {most} sanaa sallitaan. Lyhennä se siihen lähteen lauseen osaan, joka ilmoittaa luvun, ja säilytä sanat täsmälleen lähteen mukaisina.",
        "en": "the quote of figure '{id}' is {words} words long; at most {most} words are allowed. Shorten it to the part of the source's sentence that states the figure, keeping the words exactly as the source has them.",
    },
    "term-duplicate": {
        "fi": "termin tunnus '{id}' on jo käytössä ({other}).",
        "en": "the term id '{id}' is already used ({other}).",
    },
    "summary-structure": {
        "fi": "tutkimustiivistelmästä puuttuu {what}. Tiivistelmässä pitää olla front matter -kenttä reviewed ja loppuosio '## {section}'.",
        "en": "the research summary has no {what}. A summary needs the front matter field reviewed and a final section '## {section}'.",
    },
    # --- links ----------------------------------------------------------------
    "link-page": {
        "fi": "linkki '{target}' osoittaa sivuun tai tiedostoon, jota ei ole. Korjaa polku (se lasketaan tämän tiedoston kansiosta).",
        "en": "the link '{target}' points to a page or file that does not exist. Fix the path (it is relative to this file's folder).",
    },
    "link-page-guess": {
        "fi": "linkki '{target}' osoittaa sivuun tai tiedostoon, jota ei ole. Tarkoititko '{fix}'? Linkitä sivun "
              "Markdown-tiedostoon; polku lasketaan tämän tiedoston kansiosta.",
        "en": "the link '{target}' points to a page or file that does not exist. Did you mean '{fix}'? Link to the "
              "page's Markdown file; the path is relative to this file's folder.",
    },
    "link-anchor": {
        "fi": "linkin '{target}' kohdetta (#-ankkuria) ei ole sivulla {page}. Sivun ankkureita ovat esimerkiksi: {anchors}.",
        "en": "the link '{target}' points to an anchor that {page} does not have. Anchors on that page include: {anchors}.",
    },
    "link-language": {
        "fi": "linkki '{target}' vie toisen kielen sivulle, vaikka sivusta on versio tällä kielellä ({lang}). Linkitä '{fix}'.",
        "en": "the link '{target}' goes to the other language's page although this language ({lang}) has its own version. Link to '{fix}'.",
    },
    "link-outside-docs": {
        "fi": "linkki '{target}' osoittaa docs/-kansion ulkopuolelle, eikä sitä julkaista sivustolla. Linkitä sivuston sisällä tai käytä verkko-osoitetta.",
        "en": "the link '{target}' points outside docs/, which is not published. Link inside the site or use a web address.",
    },
    "image-alt": {
        "fi": "kuvalta '{target}' puuttuu vaihtoehtoinen teksti. Kirjoita kuvaus hakasulkeisiin: ![kuvaus]({target}).",
        "en": "the image '{target}' has no alternative text. Write a description in the brackets: ![description]({target}).",
    },
    "link-empty-text": {
        "fi": "linkillä '{target}' ei ole tekstiä. Kirjoita hakasulkeisiin, mihin linkki vie.",
        "en": "the link '{target}' has no text. Write in the brackets where the link goes.",
    },
    "url-insecure": {
        "fi": "osoite '{url}' käyttää suojaamatonta http-yhteyttä. Käytä https-osoitetta.",
        "en": "the address '{url}' uses insecure http. Use the https address.",
    },
    "url-private-host": {
        "fi": "osoite '{url}' osoittaa yksityiseen tai paikalliseen palvelimeen ({host}), joka ei näy lukijoille. Käytä julkista osoitetta.",
        "en": "the address '{url}' points to a private or local host ({host}) that readers cannot reach. Use a public address.",
    },
    "url-tracking": {
        "fi": "osoitteessa '{url}' on seurantaparametreja ({params}). Poista ne osoitteesta.",
        "en": "the address '{url}' has tracking parameters ({params}). Remove them from the address.",
    },
    "url-dead": {
        "fi": "osoite '{url}' ei toimi ({status}). Korjaa tai poista linkki.",
        "en": "the address '{url}' is dead ({status}). Fix or remove the link.",
    },
    "url-unsure": {
        "fi": "osoitetta '{url}' ei voitu tarkistaa varmasti ({status}). Tarkista se selaimella.",
        "en": "the address '{url}' could not be checked for sure ({status}). Check it in a browser.",
    },
    "html-link": {
        "fi": "valmiilla sivulla {page} on linkki '{target}', jonka kohdetta ei ole.",
        "en": "the built page {page} has a link '{target}' whose target does not exist.",
    },
    "html-anchor": {
        "fi": "valmiilla sivulla {page} on linkki '{target}', jonka ankkuria ei ole kohdesivulla.",
        "en": "the built page {page} has a link '{target}' to an anchor that the target page does not have.",
    },
    # --- translations -----------------------------------------------------------
    "translation-missing": {
        "fi": "sivulta puuttuu {lang}-kieliversio {file}. Luo se (käännä tämän sivun teksti).",
        "en": "this page has no {lang} version {file}. Create it (translate this page's text).",
    },
    "translated-done": {
        "fi": "{file}: käännös merkitty ajan tasalle suomenkielisen tekstin kanssa (versio {revision}).",
        "en": "{file}: translation recorded as up to date with the Finnish text (version {revision}).",
    },
    "translated-not-translation": {
        "fi": "{file} ei ole käännös: anna englanninkielinen tiedosto, jonka nimi päättyy .en.md, esim. FILE=docs/faq.en.md",
        "en": "{file} is not a translation: give the English file, whose name ends in .en.md, e.g. FILE=docs/faq.en.md",
    },
    "translated-no-original": {
        "fi": "{file}: sen vieressä ei ole suomenkielistä alkutekstiä {original}. Tarkista tiedoston nimi.",
        "en": "{file}: there is no Finnish original {original} next to it. Check the file's name.",
    },
    "translation-sections": {
        "fi": "käännöksessä on {this} ##-osiota, alkukielisessä {other} ({file}). Osioiden pitää vastata toisiaan.",
        "en": "the translation has {this} ## sections, the original has {other} ({file}). The sections must match.",
    },
    "translation-citations": {
        "fi": "käännös viittaa eri lähteisiin kuin alkukielinen teksti ({file}). Vain käännöksessä: {extra}. "
              "Vain alkukielisessä: {missing}. Viittaa kummassakin samoihin lähteisiin.",
        "en": "the translation cites different sources than the original ({file}). Only in the translation: "
              "{extra}. Only in the original: {missing}. Cite the same sources in both.",
    },
    "translation-figures": {
        "fi": "käännös lainaa eri lukuja kuin alkukielinen teksti ({file}). Vain käännöksessä: {extra}. "
              "Vain alkukielisessä: {missing}. Lainaa kummassakin samoja lukuja.",
        "en": "the translation quotes different figures than the original ({file}). Only in the translation: "
              "{extra}. Only in the original: {missing}. Quote the same figures in both.",
    },
    "translation-stale": {
        "fi": "käännös on tehty suomenkielisen tekstin aiemmasta versiosta ({recorded}); teksti on muuttunut ({current}). Päivitä käännös ja aja 'make translated FILE={file}'.",
        "en": "the translation was made from an earlier version of the Finnish text ({recorded}); it has changed since ({current}). Update the translation and run 'make translated FILE={file}'.",
    },
    "translation-unrecorded": {
        "fi": "käännöksestä ei ole kirjattu, mistä suomenkielisen tekstin versiosta se on tehty. Aja 'make translated FILE={file}'.",
        "en": "the translation does not record which version of the Finnish text it was made from. Run 'make translated FILE={file}'.",
    },
    # --- privacy and safety -------------------------------------------------------
    "privacy-hetu": {
        "fi": "tekstissä on henkilötunnus ({value}). Poista se: käsikirja ei julkaise henkilötietoja.",
        "en": "the text contains a Finnish personal identity code ({value}). Remove it: the handbook publishes no personal data.",
    },
    "privacy-email": {
        "fi": "tekstissä on sähköpostiosoite ({value}). Poista se ja kerro sen sijaan organisaatio ja rooli.",
        "en": "the text contains an e-mail address ({value}). Remove it and name the organisation and role instead.",
    },
    "privacy-phone": {
        "fi": "tekstissä on puhelinnumero ({value}). Poista se ja kerro sen sijaan organisaatio ja rooli.",
        "en": "the text contains a phone number ({value}). Remove it and name the organisation and role instead.",
    },
    "privacy-name-org": {
        "fi": "organisaation nimessä näyttää olevan henkilön nimi ({value}). Kirjoita organisaation nimi, ei henkilöä. Jos '{value}' ei ole henkilö, lisää tiedostoon checks-allow.yml kohta: {{path: {file}, rule: privacy-name, match: {value}, reason: …}}.",
        "en": "an organisation's name seems to name a person ({value}). Give the organisation's name, not a person. If '{value}' is not a person, add to checks-allow.yml: {{path: {file}, rule: privacy-name, match: {value}, reason: …}}.",
    },
    "privacy-name": {
        "fi": "yhteystiedossa näyttää olevan henkilön nimi ({value}). Kirjoita yhteystiedoksi organisaatio ja rooli, ei henkilöä. Jos '{value}' ei ole henkilö, lisää tiedostoon checks-allow.yml kohta: {{path: {file}, rule: privacy-name, match: {value}, reason: …}}.",
        "en": "the contact seems to name a person ({value}). Give the organisation and a role, not a person. If '{value}' is not a person, add to checks-allow.yml: {{path: {file}, rule: privacy-name, match: {value}, reason: …}}.",
    },
    "privacy-address": {
        "fi": "tekstissä on katuosoite henkilön nimen vieressä ({value}). Poista osoite.",
        "en": "the text has a street address next to a person's name ({value}). Remove the address.",
    },
    "unsafe-html": {
        "fi": "sisällössä on {what}, jota käsikirjan sivuilla ei sallita. Kirjoita sisältö Markdownina.",
        "en": "the content has {what}, which handbook pages do not allow. Write the content in Markdown.",
    },
    # --- safety (handbook.safety, checks/html.py) -------------------------
    "html-element": {
        "fi": "sisällössä on {what}, jota käsikirjan sivuilla ei sallita. Sitä ei julkaista: kirjoita sisältö "
              "Markdownina: linkki [teksti](https://…), kuva ![kuvaus](kuva.png), taulukko | a | b |.",
        "en": "the content has {what}, which handbook pages do not allow. It would not be published: write "
              "the content in Markdown: a link [text](https://…), an image ![description](image.png), a table | a | b |.",
    },
    "html-attribute": {
        "fi": "sisällössä on attribuutti {what}, jota käsikirjan sivuilla ei sallita (sallittuja ovat mm. id, class, "
              "title, lang). Poista se: ulkoasu tulee käsikirjan tyyleistä, eikä sivuilla ajeta koodia.",
        "en": "the content has the attribute {what}, which handbook pages do not allow (allowed are e.g. id, class, "
              "title, lang). Remove it: the look comes from the handbook's styles, and pages run no code.",
    },
    "url-scheme": {
        "fi": "osoite '{url}' ({scheme}:) ei ole sallittu. Linkitä sivuston sisälle suhteellisella polulla "
              "(esim. ../sanasto/) tai verkko-osoitteeseen, joka alkaa https://.",
        "en": "the address '{url}' ({scheme}:) is not allowed. Link inside the site with a relative path "
              "(e.g. ../glossary/) or to a web address starting with https://.",
    },
    "url-mailto-personal": {
        "fi": "sähköpostilinkki '{url}' näyttää henkilön osoitteelta. Käytä organisaation yhteistä osoitetta "
              "(esim. kirjaamo@…) tai kerro organisaatio ja rooli.",
        "en": "the e-mail link '{url}' looks like a personal address. Use the organisation's shared address "
              "(e.g. registry@…) or name the organisation and role.",
    },
    "html-in-text": {
        "fi": "tekstissä on HTML-merkintä {what}. Tähän kenttään kirjoitetaan pelkkää tekstiä: merkintä näkyisi "
              "sivulla sellaisenaan. Poista se.",
        "en": "the text has the HTML markup {what}. This field takes plain text only: the markup would be shown "
              "as it is. Remove it.",
    },
    "html-sanitized": {
        "fi": "sivun HTML:stä poistettiin {what}, jota käsikirjan sivuilla ei sallita. Kirjoita sisältö Markdownina.",
        "en": "{what} was removed from the page's HTML: handbook pages do not allow it. Write the content in "
              "Markdown.",
    },
    "allow-no-reason": {
        "fi": "sallittujen poikkeusten kohdalta puuttuu perustelu (reason). Kerro, miksi poikkeus on tarpeen.",
        "en": "an allow-list entry has no reason. Say why the exception is needed.",
    },
    # --- bibliography and citations --------------------------------------
    "bib-syntax": {
        "fi": "lähdettä '{key}' ei voi lukea tältä riviltä alkaen. Tarkista, että jokainen kenttä on muotoa nimi = {{arvo}}, kentät erotetaan pilkulla ja lähde päättyy merkkiin }}.",
        "en": "the entry '{key}' cannot be read from this line on. Check that every field is written name = {{value}}, fields are separated by commas and the entry ends with }}.",
    },
    "bib-unclosed": {
        "fi": "lähde '{key}' ei pääty: sen viimeisen kentän jälkeen puuttuu loppusulje }}. Lisää }} tämän rivin jälkeen.",
        "en": "the entry '{key}' is not closed: the closing }} after its last field is missing. Add }} after this line.",
    },
    "bib-unclosed-field": {
        "fi": "lähteen '{key}' kentän {field} arvosta puuttuu loppusulje }}. Lisää }} arvon loppuun tällä rivillä.",
        "en": "the value of the field {field} of the entry '{key}' is not closed: add }} at the end of the value on this line.",
    },
    "bib-extra-brace": {
        "fi": "lähteessä '{key}' on ylimääräinen loppusulje }} tällä rivillä. Poista se tai lisää sitä vastaava {{.",
        "en": "the entry '{key}' has a }} too many on this line. Remove it or add the {{ it closes.",
    },
    "bib-macro": {
        "fi": "lähteen '{key}' arvo {macro} ei ole määritelty lyhenne. Kirjoita arvo aaltosulkeisiin ({{{macro}}}) tai määrittele se @string-rivillä.",
        "en": "the value {macro} of the entry '{key}' is not a defined abbreviation. Write the value in braces ({{{macro}}}) or define it with @string.",
    },
    "bib-field-twice": {
        "fi": "lähteessä '{key}' on kenttä {field} kahdesti; vain ensimmäinen otetaan huomioon. Poista toinen.",
        "en": "the entry '{key}' has the field {field} twice; only the first is used. Remove the other.",
    },
    "bib-encoding": {
        "fi": "tiedosto ei ole UTF-8-merkistössä (virheellinen merkki tällä rivillä). Tallenna se UTF-8-muodossa.",
        "en": "the file is not in UTF-8 (an invalid character on this line). Save it as UTF-8.",
    },
    "bib-type-unknown": {
        "fi": "lähteen '{key}' tyyppi @{type} ei ole BibLaTeXin tyyppi; se näytetään kuten @misc. Käytä esim. @article, @book, @online, @report.",
        "en": "the entry type @{type} of '{key}' is not a BibLaTeX type; it is shown as @misc. Use e.g. @article, @book, @online, @report.",
    },
    "bib-field-unknown": {
        "fi": "lähteessä '{key}' on kenttiä, joita BibLaTeX ei tunne: {fields}. Niitä ei näytetä; tarkista kirjoitusasu.",
        "en": "the entry '{key}' has fields BibLaTeX does not know: {fields}. They are not shown; check the spelling.",
    },
    "bib-field-advised": {
        "fi": "lähteeltä '{key}' (@{type}) puuttuu kenttä {field}. Lisää se, jos se on tiedossa (tämän tyypin kentät: {required}).",
        "en": "entry '{key}' (@{type}) has no {field} field. Add it if it is known (fields of this type: {required}).",
    },
    "bib-url-http": {
        "fi": "lähteen '{key}' osoite {value} alkaa http://. Käytä https://-osoitetta, jos sivusto tarjoaa sen.",
        "en": "entry '{key}' has an http:// address ({value}). Use the https:// address if the site offers one.",
    },
    "bib-doi-missing": {
        "fi": "artikkelilla '{key}' ei ole DOI-tunnusta eikä osoitetta. Lisää doi-kenttä, jos artikkelilla on DOI.",
        "en": "the article '{key}' has no DOI and no URL. Add a doi field if the article has one.",
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
        "fi": "lähteen '{key}' kentän {field} päivämäärä '{value}' ei ole kelvollinen. Kirjoita VVVV, VVVV-KK tai VVVV-KK-PP (aikaväli: VVVV/VVVV).",
        "en": "entry '{key}' has the {field} '{value}', which is not a valid date. Write YYYY, YYYY-MM or YYYY-MM-DD (a range: YYYY/YYYY).",
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
