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
  name the place table knows ("Paris", "Jordan", "Virginia", "China": facts/data/places.txt),
  a month or weekday ("May", "June"), and a name of fewer than three letters.

The file is plain UTF-8 text, sorted, one name per line.

Reproduce (in a scratch venv, never the project's .venv; a few seconds)::

    apt-get install wamerican-small      # /usr/share/dict/american-english-small
    python3.11 -m venv /tmp/namesenv
    /tmp/namesenv/bin/pip install faker==40.63.0
    /tmp/namesenv/bin/python tools/build_given_names.py

(versions used: Faker 40.63.0, wamerican-small 2020.12.07-2).
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dict", type=Path, default=Path("/usr/share/dict/american-english-small"),
                    help="an English word list whose lower-case words are no given names")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    words = {w for w in args.dict.read_text("utf-8").split() if w.islower()}
    places = {p.lower() for p in (DATA / "places.txt").read_text("utf-8").splitlines()}
    names = {n for n in faker_names()
             if len(n) >= 3 and n.lower() not in words and n.lower() not in places
             and n.lower() not in _CALENDAR and n.lower() not in _NOT_GIVEN
             and not n.isupper()}
    args.out.write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names, {args.out.stat().st_size / 1e3:.0f} kB -> {args.out}")


if __name__ == "__main__":
    main()
