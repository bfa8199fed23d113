#!/usr/bin/env python3
"""Generates ptreg's built-in country and city names from CLDR.

Reads the CLDR data that Python's `babel` ships (pip install babel==2.19.0,
which carries CLDR 49) and writes, next to the Rust code that embeds them:

  src/rules/lists/countries.cldr.tsv  every country and territory name
                                      (ISO 3166-1 code) in every CLDR locale
  src/rules/lists/cities.cldr.tsv     the exemplar-city names of the time
                                      zones of well-known cities, in their
                                      country's own languages and the main
                                      European ones (Lisboa, Açores and
                                      Madeira in every CLDR locale)

One line per spelling and place: `NAME<TAB>CODE-OR-ZONE<TAB>LANGUAGES`, where
LANGUAGES are the BCP 47 tags of the locales that spell it so (a regional
tag such as pt-PT is dropped when its language, pt, spells it the same).
The first line is a `#` header naming the babel and CLDR versions.

Only names a .pt domain label can hold are kept: a label has the letters
a-z, digits, the hyphen and the Portuguese letters (Art. 5.1, 5.2), so a
name that still holds a letter of another script once folded (lower case,
diacritics removed, spaces and punctuation dropped: the key ptreg matches
on) could never match a name anyone registers. The generator counts how many
it leaves out. A name in brackets ("Myanmar (Burma)") gives the whole name,
the part before the bracket and the part in it.

Run from the repository root: python3 scripts/lists/cldr_names.py
The output is deterministic for a given babel version.
"""

import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import babel
from babel import Locale, localedata
from babel.core import get_cldr_version, get_global
from babel.languages import get_official_languages

OUT = Path(__file__).resolve().parents[2] / "src" / "rules" / "lists"

# Letters without a canonical decomposition, spelled as ptreg's fold_key does.
SPELLED = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
           "ð": "d", "þ": "th", "ı": "i"}

# Time zones whose exemplar city is a well-known foreign city or capital
# (Art. 7.1.c), besides those whose English name is on ptreg's curated
# cities.txt (read below), and the three Portuguese zones, whose names in
# other languages are exonyms of Lisboa, Açores and Madeira (Art. 7.1.b).
EXTRA_ZONES = """
Europe/Lisbon Atlantic/Azores Atlantic/Madeira
Atlantic/Canary Europe/Andorra Europe/Malta Europe/Gibraltar Europe/Vatican
Asia/Kuwait Asia/Qatar Asia/Bahrain Asia/Brunei Asia/Macau Asia/Karachi
Asia/Ho_Chi_Minh Asia/Almaty Asia/Samarkand Asia/Yangon Asia/Gaza
America/Panama America/Guatemala America/El_Salvador America/Costa_Rica
America/Jamaica America/Barbados America/Belize America/Puerto_Rico
America/Santiago America/Argentina/Cordoba America/Argentina/Mendoza
America/Bahia America/Belem America/Tijuana America/Cancun
America/Monterrey America/Denver America/Detroit America/Phoenix
America/Anchorage America/Halifax America/Edmonton America/Winnipeg
America/Curacao America/Martinique America/Guadeloupe Atlantic/Bermuda
Pacific/Auckland Pacific/Honolulu Pacific/Fiji Pacific/Tahiti
Australia/Adelaide Australia/Brisbane Australia/Perth
Europe/Kaliningrad Europe/Volgograd Europe/Samara Asia/Yekaterinburg
Asia/Novosibirsk Asia/Vladivostok Africa/Dar_es_Salaam Africa/Douala
Indian/Mauritius Indian/Maldives Indian/Reunion
""".split()

# The main European languages a foreign city's name is listed in besides its
# country's own: the official languages of the European Union, and the
# other languages of Europe written in the Latin script. (Other scripts never
# match a label; see above.) The Portuguese zones take every language.
EUROPEAN = set("""
bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv
ca gl eu is nb nn no sq bs sr tr lb fo rm
""".split())

# Territory codes that are not countries or territories: regions, groupings,
# pseudo and unknown codes.
NOT_TERRITORIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


def fold(text: str) -> str:
    """ptreg's folded key (rules/lists.rs fold_key), for the script filter."""
    out = []
    for c in unicodedata.normalize("NFD", text):
        for c in c.lower():
            if unicodedata.combining(c):
                continue
            if c in SPELLED:
                out.append(SPELLED[c])
            elif c.isalnum():
                out.append(c)
    return "".join(out)


def matchable(name: str) -> bool:
    key = fold(name)
    return len(key) >= 2 and all(c.isascii() for c in key)


def spellings(name: str):
    """The name, and for "A (B)" also A and B."""
    name = " ".join(name.split())
    yield name
    if "(" in name and name.endswith(")"):
        before, inside = name[:-1].split("(", 1)
        for part in (before.strip(), inside.strip()):
            if part:
                yield part


def tag(locale_id: str) -> str:
    return locale_id.replace("_", "-")


def parent(locale_id: str):
    """The language (and script) a regional locale belongs to: pt_PT -> pt,
    sr_Latn_BA -> sr_Latn; None for a bare language."""
    parts = locale_id.split("_")
    if len(parts) == 1:
        return None
    if len(parts[1]) == 4:  # a script subtag
        return "_".join(parts[:2]) if len(parts) > 2 else parts[0]
    return parts[0]


def compact(locales: set) -> str:
    """Drops a locale whose parent spells the name the same."""
    kept = sorted(l for l in locales if parent(l) not in locales)
    return " ".join(tag(l) for l in kept)


def city(loc: Locale, zone: str):
    try:
        return loc.time_zones[zone]["city"]
    except KeyError:
        return None


def curated_city_keys():
    keys = set()
    for line in (OUT / "cities.txt").read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            keys.add(fold(name))
    return keys


def main() -> int:
    locales = sorted(localedata.locale_identifiers())
    versions = f"babel {babel.__version__}, CLDR {get_cldr_version()}"

    countries = defaultdict(set)  # (code, spelling) -> locales
    dropped = 0
    en = Locale.parse("en")
    codes = sorted(c for c in en.territories
                   if len(c) == 2 and c.isalpha() and c not in NOT_TERRITORIES)
    for lid in locales:
        loc = Locale.parse(lid)
        for code in codes:
            name = loc.territories.get(code)
            if not name:
                continue
            for s in spellings(name):
                if matchable(s):
                    countries[(code, s)].add(lid)
                else:
                    dropped += 1

    zone_country = get_global("zone_territories")
    curated = curated_city_keys()
    zones = sorted(z for z in zone_country
                   if z in EXTRA_ZONES
                   or fold(city(en, z) or z.rsplit("/", 1)[-1].replace("_", " "))
                   in curated)
    def languages_of(zone):
        country = zone_country[zone]
        if country == "PT":
            return None  # every language
        own = set(get_official_languages(country, regional=True, de_facto=True))
        return EUROPEAN | {l.split("_")[0] for l in own}

    allowed = {z: languages_of(z) for z in zones}
    cities = defaultdict(set)  # (zone, spelling) -> locales
    dropped_cities = 0
    for lid in locales:
        loc = Locale.parse(lid)
        language = lid.split("_")[0]
        for zone in zones:
            if allowed[zone] is not None and language not in allowed[zone] \
                    and lid not in ("root", "en"):
                continue
            name = city(loc, zone)
            if name is None and lid in ("root", "en"):
                # CLDR leaves the English name implicit: the zone id's city.
                name = zone.rsplit("/", 1)[-1].replace("_", " ")
            if not name:
                continue
            for s in spellings(name):
                if matchable(s):
                    cities[(zone, s)].add(lid)
                else:
                    dropped_cities += 1

    def write(path, rows, what):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# {what}; generated by scripts/lists/cldr_names.py from "
                    f"{versions}. NAME<TAB>PLACE<TAB>LANGUAGES\n")
            for (place, name), locs in sorted(rows.items()):
                f.write(f"{name}\t{place}\t{compact(locs)}\n")

    write(OUT / "countries.cldr.tsv", countries,
          "Country and territory names (ISO 3166-1) in every CLDR locale")
    write(OUT / "cities.cldr.tsv", cities,
          "Exemplar-city names of the time zones of well-known cities, in their own and the main European languages")
    print(f"{versions}: {len(locales)} locales; {len(countries)} country names "
          f"({dropped} in other scripts left out), {len(zones)} zones, "
          f"{len(cities)} city names ({dropped_cities} in other scripts left out)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
