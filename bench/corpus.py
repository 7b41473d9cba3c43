"""Generate news articles and questions for the benchmark, deterministically from a seed number.

Article ``n`` of seed ``s`` is the same text whatever the corpus size, so a 1,000-article
corpus is the 100-article one plus 900 more, and the question mix (about the first hundred
articles, the shipped seed article, and things no article mentions) is the same at every size.
Words and sentence templates live in ``lexicon.toml``.
"""

from __future__ import annotations

import random
import re
import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Article", "Question", "article", "articles", "questions", "write_article"]

HERE = Path(__file__).resolve().parent
QUESTION_ARTICLES = 100  # answerable questions are about articles 0..99, present at every size
_TYPO_SHARE = 0.25
_UNANSWERABLE_SHARE = 0.25
_SEED_SHARE = 0.05
_ABSENT_SYLLABLES = ("quo", "zyph", "oxl", "yth", "uvr", "qix", "phaz")
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth", "eleventh", "twelfth", "13th", "14th", "15th", "20th")
_EURO = {"Italy", "France", "Germany", "Spain", "Portugal", "the Netherlands", "Belgium",
         "Finland", "Greece", "Ireland", "Austria"}
_SEED_QUESTIONS = (  # (question template filled with the seed's slots, words its quote has)
    ("How much is the {org} contract with {gov_short} worth?", "$1.6bn"),
    ("how many years is the {gov_short} {org} contract", "five-year contract"),
    ("Which {demonym} bodies approved the {org} agreement?", "received approval from"),
    ("When is the next {product} flight scheduled?", "Scheduled for later in January 2025"),
    ("How many {units} will {product} deploy?", "deploy ten model"),
    ("How many people does {org}'s {service} serve?", "more than four million people"),
    ("Who leads {org}?", "led by Elon Musk"),
    ("What could the {gov_short} alternatives to {service} cost?", "exceed €10bn"),
)
_SEED_SLOTS = {"org": "SpaceX", "gov_short": "Italy", "demonym": "Italian", "product": "Starship",
               "units": "Starlink satellites", "service": "Starlink"}


@dataclass(frozen=True)
class Question:
    """A benchmark question; ``quote`` is the sentence that answers it (None: unanswerable)."""

    text: str
    quote: str | None
    answer: str | None
    typo: bool


@dataclass(frozen=True)
class Article:
    """A generated article: its seed file's id and header, and its sentences in paragraphs."""

    id: str
    title: str
    published: str
    source: str
    paragraphs: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]

    @property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]


@cache
def _lexicon() -> dict:  # type: ignore[type-arg]
    with open(HERE / "lexicon.toml", "rb") as file:
        data = tomllib.load(file)
    for key in ("first_names", "surnames", "syllables"):
        data[key] = data[key].split()
    data["countries"] = [c.split("|") for c in data["countries"]]
    data["cities"] = [c.split("|") for c in data["cities"]]
    return data


def articles(seed: int, count: int, start: int = 0) -> Iterator[Article]:
    """Articles ``start`` .. ``start + count - 1`` of a seed."""
    for number in range(start, start + count):
        yield article(seed, number)


def article(seed: int, number: int) -> Article:
    """Article ``number`` of a seed: about fifteen sentences on one story."""
    rng = random.Random(f"newsfacts-bench:{seed}:{number}")
    lex = _lexicon()
    story = _story(rng, lex)
    templates = _pick_templates(rng, lex["sentence"])
    sentences: list[str] = []
    asked: list[Question] = []
    for template in templates:
        slots = _Slots(story, rng, lex)
        text = _fill(template["text"], slots)
        sentences.append(text)
        for question in template["questions"]:
            answer = slots[template["answer"]] if template["answer"] else None
            asked.append(Question(text=_fill(question, slots), quote=text, answer=answer,
                                  typo=False))
    title = _fill(rng.choice(lex["phrases"]["title"]), _Slots(story, rng, lex))
    year, month, day = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return Article(
        id=f"bench-{seed}-{number:05d}", title=title,
        published=f"{year}-{month:02d}-{day:02d}", source=rng.choice(lex["news_sources"]),
        paragraphs=tuple(_paragraphs(rng, sentences)), questions=tuple(asked))


def write_article(folder: Path, item: Article) -> Path:
    """Write an article as a seed file (front matter, then one paragraph a line)."""
    path = folder / f"{item.id}.md"
    body = "\n\n".join(" ".join(p) for p in item.paragraphs)
    title = item.title.replace('"', "'")
    path.write_text(f'---\ntitle: "{title}"\npublished: {item.published}\n'
                    f"source: {item.source}\n---\n{body}\n", encoding="utf-8")
    return path


def questions(seed: int, count: int = 400, about: int = QUESTION_ARTICLES) -> list[Question]:
    """A fixed mix of questions: about articles ``0 .. about-1`` and the shipped seed
    article, and unanswerable ones; a quarter with a typo."""
    rng = random.Random(f"newsfacts-bench:{seed}:questions")
    lex = _lexicon()
    out: list[Question] = []
    for _ in range(count):
        roll = rng.random()
        if roll < _UNANSWERABLE_SHARE:
            question = _unanswerable(rng, lex)
        elif roll < _UNANSWERABLE_SHARE + _SEED_SHARE:
            template, quote_has = rng.choice(_SEED_QUESTIONS)
            question = Question(text=template.format_map(_SEED_SLOTS), quote=quote_has,
                                answer=None, typo=False)
        else:
            asked = article(seed, rng.randrange(about)).questions
            question = rng.choice(asked)
        if rng.random() < _TYPO_SHARE:
            text = _typo(rng, question.text)
            question = Question(text=text, quote=question.quote, answer=question.answer,
                                typo=text != question.text)
        out.append(question)
    return out


def _story(rng: random.Random, lex: Mapping) -> dict[str, str]:  # type: ignore[type-arg]
    """The fixed cast of an article: who, what, where."""
    sector = rng.choice(lex["sector"])
    country, demonym, capital, ministry, ministry2 = rng.choice(lex["countries"])
    city, region = rng.choice(lex["cities"])
    years = rng.choice([2, 3, 4, 5, 5, 7, 10, 10, 12, 15, 20])
    duration_words = f"{_words(years)} years"
    money_pair, money_short = _money(rng, country)
    return {
        "org": _org_name(rng, lex), "rival": _org_name(rng, lex),
        "gov": f"the {demonym} government", "gov_short": country[:1].upper() + country[1:],
        "demonym": demonym, "ministry": ministry, "ministry2": ministry2,
        "visit_city": rng.choice([c for c, _ in lex["cities"]] + [capital]),
        "official_role": rng.choice(lex["official_roles"]), "official": _person(rng, lex),
        "person_role": rng.choice(lex["company_roles"]), "person": _person(rng, lex),
        "analyst": _person(rng, lex), "opposition_person": _person(rng, lex),
        "analyst_firm": rng.choice(lex["analyst_firms"]),
        "source": rng.choice(lex["news_sources"]),
        "project": rng.choice(sector["projects"]), "purpose": rng.choice(sector["purposes"]),
        "concern": rng.choice(sector["concerns"]), "units": rng.choice(sector["units"]),
        "product": rng.choice(sector["products"]) + rng.choice(["", "", " X", " 2", " Pro"]),
        "test": rng.choice(sector["tests"]), "city": city, "region_of_city": region,
        "town": _town(rng, lex), "exchange": rng.choice(lex["stock_exchanges"]),
        "duration_adj": f"{_words(years)}-year", "duration_words": duration_words,
        "money_pair": money_pair, "money_short": money_short,
        "money_alt": _money(rng, country)[1],
        "since_year": str(rng.randint(2015, 2024)), "founded": str(rng.randint(1950, 2018)),
        "listed": str(rng.randint(1990, 2022)),
        "employees": f"{rng.randint(40, 900) * rng.choice([10, 100]):,}",
        "review_since": rng.choice(["mid-", "early ", "late ", "March ", "October "])
        + str(rng.randint(2019, 2024)),
        "town_people": _count(rng), "ordinal": rng.choice(_ORDINALS),
        "count_countries": _words(rng.randint(3, 120)),
    }


class _Slots(dict):  # type: ignore[type-arg]
    """A sentence's slots: the story's, plus figures drawn afresh for each sentence."""

    def __init__(self, story: dict[str, str], rng: random.Random,
                 lex: Mapping) -> None:  # type: ignore[type-arg]
        super().__init__(story)
        self._rng, self._lex = rng, lex

    def __missing__(self, key: str) -> str:
        rng = self._rng
        phrases = self._lex["phrases"]
        if key in phrases:
            value = rng.choice(phrases[key])
        elif key == "weekday":
            value = rng.choice(self._lex["weekdays"])
        elif key == "approx":
            value = rng.choice(["", "", "approximately ", "about ", "more than ", "nearly "])
        elif key == "approx_count":
            value = rng.choice(["", "more than ", "about ", "nearly ", "over "])
        elif key in ("count", "count_small"):
            value = _count(rng)
        elif key == "percent":
            value = _percent(rng)
        elif key == "date_phrase":
            value = _date(rng, self._lex)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _fill(template: str, slots: Mapping[str, str]) -> str:
    return string.Formatter().vformat(template, (), slots)


def _pick_templates(rng: random.Random, templates: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """A lead, the money sentence, then other sentences: about fifteen, no template twice."""
    size = max(8, min(24, round(rng.gauss(15, 3))))
    lead = rng.choice([t for t in templates if t["kind"] == "lead"])
    money = rng.choice([t for t in templates if t["kind"] == "money"])
    rest = [t for t in templates if t["kind"] not in ("lead", "money")]
    return [lead, money] + rng.sample(rest, min(size - 2, len(rest)))


def _paragraphs(rng: random.Random, sentences: list[str]) -> Iterator[tuple[str, ...]]:
    at = 0
    while at < len(sentences):
        size = rng.choice([1, 1, 2, 2, 3])
        yield tuple(sentences[at:at + size])
        at += size


def _org_name(rng: random.Random, lex: Mapping) -> str:  # type: ignore[type-arg]
    stem = "".join(rng.choice(lex["syllables"]) for _ in range(rng.choice([2, 2, 3])))
    stem = stem.capitalize() + rng.choice(["", "", "x", "a", "on", "is", "ia"])
    return stem if rng.random() < 0.3 else f"{stem} {rng.choice(lex['org_suffixes'])}"


def _town(rng: random.Random, lex: Mapping) -> str:  # type: ignore[type-arg]
    stem = "".join(rng.choice(lex["syllables"]) for _ in range(2)).capitalize()
    return stem + rng.choice(["a", "o", "ia", "ino", "burg", "stad", "ford", "by", "mouth"])


def _person(rng: random.Random, lex: Mapping) -> str:  # type: ignore[type-arg]
    return f"{rng.choice(lex['first_names'])} {rng.choice(lex['surnames'])}"


def _words(number: int) -> str:
    return _NUMBER_WORDS[number - 2] if 2 <= number <= 12 else str(number)


def _money(rng: random.Random, country: str) -> tuple[str, str]:
    """An amount as a news desk writes it, e.g. ("$1.6bn (€1.5bn)", "$1.6bn")."""
    dollars = 10 ** rng.uniform(6.5, 10.5)
    sign, rate = ("€", 0.93) if country in _EURO else rng.choice(
        [("$", 1.0), ("$", 1.0), ("£", 0.79), ("US$", 1.0)])
    if country == "Japan":
        sign, rate = "¥", 150.0
    local = _amount(rng, sign, dollars * rate)
    if sign in ("$", "US$"):
        return (f"{local} ({_amount(rng, '€', dollars * 0.93, short=True)})"
                if rng.random() < 0.5 else local), local
    return f"{local} ({_amount(rng, '$', dollars, short=True)})", local


def _amount(rng: random.Random, sign: str, value: float, short: bool = False) -> str:
    long = not short and rng.random() < 0.3
    for size, word, abbr in ((1e12, "trillion", "tn"), (1e9, "billion", "bn"),
                             (1e6, "million", "m")):
        if value >= size:
            number = f"{value / size:.1f}".removesuffix(".0") if value < 100 * size else (
                f"{value / size:.0f}")
            return f"{sign}{number} {word}" if long else f"{sign}{number}{abbr}"
    return f"{sign}{value:,.0f}"


def _count(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.randint(120, 99_000):,}"
    if kind < 0.5:
        return _words(rng.randint(2, 12))
    if kind < 0.75:
        return f"{rng.choice(_NUMBER_WORDS)} {rng.choice(['thousand', 'million'])}"
    return f"{rng.randint(11, 99) / 10:.1f}".removesuffix(".0") + " million"


def _percent(rng: random.Random) -> str:
    value = f"{rng.uniform(0.5, 45):.1f}".removesuffix(".0")
    return rng.choice([f"{value}%", f"{value}%", f"{value} per cent", f"{value} percent"])


def _date(rng: random.Random, lex: Mapping) -> str:  # type: ignore[type-arg]
    month, year = rng.choice(lex["months"]), rng.randint(2019, 2027)
    day = rng.randint(1, 28)
    return rng.choice([
        f"later in {month} {year}", f"in {month} {year}", f"by the end of {year}",
        f"in the second half of {year}", "early next year", f"on {day} {month}",
        f"in mid-{year}", "before the end of the year", f"on {month} {day}, {year}",
        f"in early {year}"])


def _unanswerable(rng: random.Random, lex: Mapping) -> Question:  # type: ignore[type-arg]
    table = lex["unanswerable"]
    absent = "".join(rng.choice(_ABSENT_SYLLABLES) for _ in range(2)).capitalize()
    slots = {"year": str(rng.randint(1990, 2022)), "absent_town": absent + "ton",
             "absent_org": f"{absent} {rng.choice(lex['org_suffixes'])}",
             "absent_person": f"{rng.choice(lex['first_names'])} {absent}",
             "absent_book": f"The {absent} Letters", "dish": rng.choice(table["dishes"])}
    return Question(text=rng.choice(table["questions"]).format_map(slots), quote=None,
                    answer=None, typo=False)


def _typo(rng: random.Random, text: str) -> str:
    """The question with one slip of the keyboard in one of its longer words."""
    spans = [m.span() for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not spans:
        return text
    start, end = rng.choice(spans)
    word = text[start:end]
    at = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["swap", "drop", "double", "replace"])
    if edit == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    elif edit == "drop":
        word = word[:at] + word[at + 1:]
    elif edit == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + rng.choice("aeioulnrst") + word[at + 1:]
    return text[:start] + word + text[end:]
