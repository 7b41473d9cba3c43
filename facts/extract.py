"""Extract typed facts from a sentence: money, durations, dates, counts, percentages,
ordinals, people with their roles, organisations and places.

Each extractor is a regular expression over the sentence as written, so that every fact's
``start``/``end`` points into the verbatim sentence. Number words ("four million", "ten") are
turned into digits by text2num; dates are normalised with dateutil.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources

from dateutil import parser as date_parser
from text_to_num import alpha2digit

from .models import Fact
from .text import STOPWORDS

__all__ = ["EXTRACTION_VERSION", "FACT_KINDS", "extract_facts", "number_value"]

# Bump with every change to what the extractor finds, or to the words a sentence's stored
# terms are made of (facts.text.words): a seed loaded by another version is
# extracted again on the next reload, though its file is unchanged (seeds.loaded_hash).
EXTRACTION_VERSION = 10

FACT_KINDS = ("money", "percent", "duration", "date", "count", "ordinal", "person",
              "organisation", "place", "measure")

_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)"
)
# a number in words is a chain of them ("five hundred", "twenty-five thousand"): taking only
# the first word would count "hundred firefighters" as the thing counted
_NUMBER_WORDS = (
    rf"(?:{_NUMBER_WORD}|hundred|a hundred|a dozen|dozens|hundreds|thousands|millions|billions"
    rf"|half a (?:dozen|hundred|thousand|million|billion))"
    rf"(?:[- ](?:{_NUMBER_WORD}|hundred)\b)*"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_DIGITS}|{_NUMBER_WORDS})"
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|m|k|tn|trn|b)\b"
_APPROX = (r"(?:(?:about|approximately|around|nearly|almost|roughly|some|over|under|more than|"
           r"less than|fewer than|at least|at most|up to|as many as|as much as|an estimated|"
           r"just over|just under|well over|close to|exceed(?:ing)?|below|above)\s+)")
_CURRENCY_SIGN = r"(?:US\$|A\$|C\$|HK\$|NZ\$|\$|€|£|¥|₹|₽|₩|CHF\s?|USD\s?|EUR\s?|GBP\s?|JPY\s?)"
_CURRENCY_WORD = (r"(?:dollars?|euros?|pounds?(?: sterling)?|yen|yuan|rupees?|roubles?|rubles?|"
                  r"francs?|won|crowns?|kronor|kroner|kronur|krona|krone|zlotys?|pesos?|rand|"
                  r"lira|shekels?|dirhams?|riyals?|ringgit|baht|rupiah|"
                  r"USD|EUR|GBP|JPY|CNY|SEK|NOK|DKK|CHF|PLN|INR|AUD|CAD)")
_AMOUNT = (rf"(?:{_CURRENCY_SIGN}\s?{_NUM}(?:\s?{_SCALE})?"
           rf"|{_NUM}(?:\s?{_SCALE}|\s(?:thousand|million|billion|trillion))?\s{_CURRENCY_WORD}\b)")
_MONEY = re.compile(
    rf"(?<![\w$€£¥]){_APPROX}?{_AMOUNT}(?:\s?\((?:{_APPROX})?{_AMOUNT}\))?", re.IGNORECASE)
_PERCENT = re.compile(rf"(?<![\w.]){_APPROX}?{_NUM}\s?(?:%|per ?cent\b|percentage points?\b)",
                      re.IGNORECASE)
# a fraction as a share: "over half the", "about one-third of", "two-thirds of", "a quarter of"
# ("half a million" is a number, "the first half of" a time, "a third of a mile" a length)
_FRACTION = re.compile(
    rf"(?<![\w-]){_APPROX}?(?P<n>(?:(?:a|one|two|three|four|five|seven|nine)[- ])?"
    r"(?:half|halves|thirds?|quarters?|fifths?|eighths?|tenths?))"
    r"(?=\s(?:of\s(?!an?\s)|the\s|its\s|their\s|all\s))", re.IGNORECASE)
_FRACTION_OF = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5, "eighth": 8,
                "tenth": 10}
_FRACTION_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
                   "nine": 9}
# what each fraction's word holds, in either case (a cheap test before the pattern)
_FRACTION_PARTS = ("alf", "alv", "hird", "uarter", "ifth", "ighth", "enth")
# the word before an ordinal that is not a fraction: "the first half", "the third of them"
_NOT_FRACTION = re.compile(r"(?:\b(?:the|first|second|last|latter|final|other|this|that|each|"
                           r"every|its|his|her|their|our|early|late)\s)$", re.IGNORECASE)
_UNIT = r"(?:year|month|week|day|hour|minute|second|decade|century|centuries)"
_DURATION = re.compile(
    rf"(?<![\w-]){_APPROX}?(?:{_NUM}(?:[- ](?:thousand|million|billion))?|a|an|half a)"
    rf"(?:[- ]and[- ]a[- ]half)?(?:\sof)?[- ]{_UNIT}s?"
    r"(?:[- ](?:long|old))?\b", re.IGNORECASE)
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:(?:1[5-9]\d\d|20\d\d)s?|1[0-4]\d0s)"
_DATE_CORE = (
    rf"(?:{_WEEKDAY},?\s)?(?:{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s{_YEAR})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?"
    rf"|(?:(?:early|mid|late|the end of|the start of|the beginning of|the middle of)[- ])?"
    rf"(?:{_MONTH}\s{_YEAR}|{_YEAR}(?:[-–/]\d{{1,4}})?)"
    rf"|(?:early|mid|late)[- ]{_MONTH}"
    rf"|{_MONTH}(?=\s(?:this|next|last)\b)|{_WEEKDAY}(?:\s(?:morning|afternoon|evening|night))?"
    r"|(?:last|next|this|earlier this|later this) (?:year|month|week|spring|summer|autumn|fall|"
    r"winter|decade)|yesterday|today|tomorrow"
    r"|(?:in|from|since|until|by|during|before|after|for) "
    rf"(?:{_MONTH}(?!\s\d)|the (?:spring|summer|autumn|fall|winter)(?: of {_YEAR})?))"
)
_DATE = re.compile(
    rf"(?<![\w$€£-])(?:(?:(?:later|earlier|early|late|sometime|back)\s)?"
    rf"(?:in|on|since|from|until|till|by|before|after|during|through|as of|as early as|"
    rf"as late as|starting|beginning|between)\s)?{_DATE_CORE}(?![\w$%-])"
)
# a time told from now or from another: "next Tuesday", "by the end of September", "the
# previous day", "in the coming weeks", "last night" (read before _DATE, which would take the
# weekday alone; a month with its year is _DATE's)
_RELATIVE_DATE = re.compile(
    r"(?<![\w-])(?:(?:in|on|at|by|until|till|before|after|from|since|towards?|within|over|"
    r"during|for)\s)?"
    rf"(?:(?:next|last|this|this coming|the following|the previous)\s{_WEEKDAY}"
    r"(?:\s(?:morning|afternoon|evening|night))?"
    r"|(?:yesterday|tomorrow)\s(?:morning|afternoon|evening)"
    r"|(?:this|last) (?:morning|afternoon|evening|night)|tonight"
    r"|(?:the\s)?(?:end|start|beginning|middle|close|turn) of (?:(?:the |this |next |last )?"
    rf"(?:year|month|week|decade|quarter|day|summer|spring|autumn|winter|{_MONTH}(?!\s\d))"
    r"|(?:the |this |next |last )season)"
    r"|the (?:previous|following|same|next) (?:day|week|month|morning|afternoon|evening|night|"
    r"weekend)"
    r"|the (?:coming|past|last|next|following) (?:few |several |couple of )?(?:days|weeks|"
    r"months))(?![\w-])")
# what every relative date holds (a weekday holds "day")
_RELATIVE_HINTS = ("day", "night", "morning", "afternoon", "evening", "end of", "start of",
                   "beginning of", "middle of", "close of", "turn of", "the coming", "the past",
                   "the last", "the next", "the following")
_MEASURE_UNIT = (
    r"(?:km/h|kph|mph|km/s|m/s|miles? (?:an|per) hour|kilometres? (?:an|per) hour|"
    r"kilometers? (?:an|per) hour|knots|mach|"
    r"(?:square |cubic )?(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|foot|ft|"
    r"inches|inch|centimetres?|centimeters?|cm|millimetres?|mm|yards?|light[- ]years?|"
    r"parsecs?)|"
    r"tonnes?|tons?|kilograms?|kg|grams?|pounds? in weight|lbs?|litres?|liters?|gallons?|"
    r"barrels?|acres?|hectares?|degrees?(?: celsius| fahrenheit| north| south| east| west)?|"
    r"°\s?(?:[CFNSEW](?![\w]))?|"
    r"(?:kilo|mega|giga|tera)?watts?|[kMGT]W|[kMGT]Wh|(?:kilo|mega|giga|tera)bytes?|[KMGT]B)")
_MEASURE = re.compile(
    rf"(?<![\w$€£.,-]){_APPROX}?{_NUM}(?:\s?{_SCALE})?[- ]?{_MEASURE_UNIT}(?![\w])"
    rf"|\b(?:Mach|mach)\s\d+(?:\.\d+)?\b"
    rf"|(?<![\w-]){_NUM}\stimes\s(?:the\s)?speed of (?:sound|light)", re.IGNORECASE)
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|twentieth|hundredth|\d+(?:st|nd|rd|th))\b"
    r"(?:[- ](?:largest|biggest|busiest|highest|most|oldest|time|place))?",
    re.IGNORECASE)
_COUNT = re.compile(rf"(?<![\w$€£.,-]){_APPROX}?{_NUM}(?:\s?{_SCALE})?(?![\w%])", re.IGNORECASE)

_CAP = r"(?:[A-Z][\w’'.&-]*[\w.]|[A-Z])"
_NAME = rf"{_CAP}(?:\s(?:de|da|van|von|der|al|bin|la|le|du)?\s?{_CAP}){{0,3}}"
_ROLE = (r"(?:President|Vice[- ]President|Prime Minister|Deputy Prime Minister|Chancellor|"
         r"Minister(?: of [A-Z]\w+| for [A-Z]\w+)?|Secretary(?: of State| of [A-Z]\w+)?|"
         r"Defen[cs]e Minister|Foreign Minister|Finance Minister|Interior Minister|Governor|"
         r"Senator|Representative|Mayor|King|Queen|Prince|Princess|Pope|Emperor|Sultan|Sheikh|"
         r"General|Admiral|Colonel|Commander|Judge|Justice|Ambassador|Speaker|Leader|"
         r"CEO|chief executive(?: officer)?|Chief Executive(?: Officer)?|founder|co-founder|"
         r"chairman|chairwoman|chair|director|spokesperson|spokesman|spokeswoman|"
         r"[Cc]hief [A-Z]?\w+ [Oo]fficer|head|boss|coach|manager|editor|analyst|professor|"
         r"striker|goalkeeper|midfielder|defender|winger|captain|"
         r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sir|Dame|Lord|Lady)")
_ROLE_PERSON = re.compile(rf"\b(?P<role>(?i:{_ROLE}))\s(?P<name>{_NAME})")
# the words before a role that belong to it: "Italian Prime Minister", "the US President"
_ROLE_PREFIX = re.compile(rf"(?:(?:{_CAP}|the)\s){{1,3}}$")
_LED_BY = re.compile(
    rf"\b(?P<role>led|headed|run|founded|co-founded|chaired|owned|directed|managed|created|"
    rf"established|started|launched|started|coached|written|designed|invented|built)\s+by\s+"
    rf"(?:the\s)?(?P<name>{_NAME})")
_APPOSITIVE = re.compile(
    rf"(?P<name>{_NAME}),\s(?:the\s|a\s|an\s|its\s)?(?P<role>(?:[\w’'-]+\s){{0,3}}?"
    rf"(?:{_ROLE}|{_ROLE.lower()})(?:\s(?:of|at|for)\s{_NAME})?),")
_SAID = re.compile(rf"\b(?:said|says|told|according to)\s(?P<name>{_NAME})")
_REPORTS = re.compile(
    rf"\b(?:reports?|reported|according to|told|cited by|said|says)\s(?:the\s)?(?P<name>{_NAME})")
_ORG_WORD = (r"(?:Ministry|Services?|Agency|Company|Corporation|Corp\.?|Inc\.?|Ltd\.?|plc|LLC|"
             r"Group|Bank|University|Institute|Council|Commission|Committee|Party|Association|"
             r"Department|Office|Authority|Federation|Union|Foundation|Organi[sz]ation|Telecom|"
             r"Airlines?|Airways|News|Times|Post|Journal|Press|Reuters|Agency|Court|Parliament|"
             r"Congress|Senate|Army|Navy|Force|Forces|Police|Club|Society|Network|Systems|Labs?|"
             r"Technologies|Motors|Holdings|Partners|Capital|Fund|Exchange|Board|Bureau|Centre|"
             r"Center|School|College|Hospital|Museum|Team|Studios?|Records|Media|Communications)")
_ORG = re.compile(
    rf"(?P<name>(?:{_CAP}\s){{0,4}}{_ORG_WORD}(?:\s(?:of|for)\s(?:the\s)?{_CAP}(?:\s{_CAP}){{0,2}}"
    rf"|(?:\s{_CAP}){{0,2}})"
    rf"|\b[A-Z]{{2,6}}\d?\b|\b[A-Z][a-z]+[A-Z]\w*\b)")
_DATELINE = re.compile(r"(?P<name>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*)(?:, [A-Z][a-z]+\.? \d{1,2})?"
                       r" \([^()]{2,40}\) ?[-–—]")
_PLACE = re.compile(
    rf"\b(?P<prep>in|at|from|near|across|throughout|outside|inside|into|to(?:wards?)?|off|around|"
    rf"via)\s"
    rf"(?:the\s)?(?:{_CAP}['’]s\s)?(?P<name>{_NAME}(?:,\s{_CAP}(?:\s{_CAP})?\b"
    r"(?!\s(?:has|have|had|is|are|was|were|will|would|said|says|and)\b))?)")
# "to" leads to a place after a word of going or sending, a few words before ("diverted to
# Rotterdam", "sent 40 engineers to Kestrel"), not after others ("alternatives to Starlink")
_MOVED = re.compile(
    r"\b(?:mov(?:e[ds]?|ing)|divert\w*|travel\w*|fl(?:ew|own|y|ies|ying|ights?)|sail\w*|"
    r"return\w*|relocat\w*|sen(?:ds?|t|ding)|head(?:s|ed|ing)|bound|deport\w*|export\w*|"
    r"import\w*|ship(?:s|ped|ping|ments?)?|(?:re)?rout(?:e[ds]?|ing)|redirect\w*|evacuat\w*|"
    r"went|go(?:es|ing|ne)?|c[ao]me|coming|visit\w*|trips?|journey\w*|(?:e|im)?migrat\w*|"
    r"transfer\w*|driv(?:e[ns]?|ing)|drove|march\w*|t(?:ake[ns]?|aking|ook)|"
    r"br(?:ings?|inging|ought)|deliver\w*|transport\w*|airlift\w*|expand\w*|extend\w*|"
    r"fle(?:d|es?|eing)|escap\w*|retreat\w*|withdr(?:ew|aw\w*)|exiled?|banish\w*|sent|"
    r"invit\w*|smuggl\w*|carr(?:y|ied|ies|ying)|dispatch\w*|posted|(?:re)?settl\w*)"
    r"\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# the next name of a list: "and"/"or", or a comma when the list goes on to "and"/"or"
_AND_NAME = re.compile(rf"(?:,?\s(?:and|or)\s|,\s(?=(?:{_NAME},\s)*{_NAME},?\s(?:and|or)\s))"
                       rf"(?:the\s)?(?P<name>{_NAME})")
_PLURAL = re.compile(r"[^su]s$")
_PROPER = re.compile(rf"(?P<name>{_NAME})")

_NOT_NAMES = frozenset(
    """The A An In On At For From By Of And But Or If It Its This That These Those He She
    They We His Her Their Our Meanwhile However While Under After Before Since During
    Already Sources Although Though When Where What Who Why How According Also Yet Still
    So Then Now Today Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December I You""".split())
_ENTITY_KINDS = ("person", "organisation", "place")


_NUMBER_KINDS = frozenset({"money", "percent", "duration", "count", "measure"})
_DIGIT = re.compile(r"\d")
_NUMBERISH = frozenset("""one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
    sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion
    billions dozen dozens half a an""".split())
# cheap tests that let a sentence skip the costly number and measure patterns
_UNIT_HINT = re.compile(r"km|mph|mile|metre|meter|feet|foot|ft|inch|tonne|ton|kg|gram|lb|litre"
                        r"|light|parsec"
                        r"|liter|gallon|barrel|acre|hectare|degree|°|watt|W|byte|B\b|mach|Mach"
                        r"|speed of")


def _has_number(sentence: str) -> bool:
    if _DIGIT.search(sentence):
        return True
    return not _NUMBERISH.isdisjoint(sentence.lower().replace("-", " ").split())


def extract_facts(sentence: str) -> list[Fact]:
    """Every typed fact of one sentence, in order, without overlapping spans of a kind."""
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    numbers = _has_number(sentence)
    for kind, finder in _FINDERS:
        if kind in _NUMBER_KINDS and not numbers:
            continue
        for start, end, value, about in finder(sentence):
            start, end = _trim(sentence, start, end)
            if end <= start or _overlaps(taken, start, end, kind):
                continue
            taken.append((start, end))
            facts.append(Fact.model_construct(
                kind=kind, text=sentence[start:end], value=value,
                about=about or _about(sentence, start, end), start=start, end=end))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


def _overlaps(taken: list[tuple[int, int]], start: int, end: int, kind: str) -> bool:
    return any(start < b and a < end for a, b in taken)


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    if sentence[start:end].endswith(("’s", "'s")):
        end -= 2
    while end > start and sentence[end - 1] in " ,;:.’'\"”)" and not (
            sentence[end - 1] == ")" and "(" in sentence[start:end]) and not (
            sentence[end - 1] == "." and _KEEPS_DOT.search(sentence, start, end)):
        end -= 1
    while start < end and sentence[start] in " ,;:“\"'(":
        start += 1
    return start, end


# a dot that belongs to the last word: an initial, "U.S.", "a.m."
_KEEPS_DOT = re.compile(r"\b[A-Z][a-z]?\.$|\b[A-Z]\.[A-Z]\.$|\b[ap]\.m\.$")


def _about(sentence: str, start: int, end: int, width: int = 4) -> str:
    before = re.findall(r"[\w’'-]+", sentence[:start])
    after = re.findall(r"[\w’'-]+", sentence[end:])
    near = [w for w in before[-width:] + after[:width] if w.lower() not in STOPWORDS]
    return " ".join(near)


_SCALED_DIGITS = re.compile(rf"({_DIGITS})(?:\s?({_SCALE}))?", re.IGNORECASE)


def number_value(text: str) -> str:
    """The digits a number phrase stands for: 'four million' -> '4000000', '1.6bn' -> '1.6e9'.
    Digits with a scale ('12.5 million') are read as written: text2num would turn the scale
    alone into digits ('12.5 1000000') and the scale would be lost."""
    match = _SCALED_DIGITS.search(text)
    half = _HALF_A.search(text)
    if half and not match:
        return f"{_SCALES[half.group(1).lower()] / 2:.15g}"
    if not match:
        digits = alpha2digit(text.replace("-", " "), "en")
        match = _SCALED_DIGITS.search(digits)
    if not match:
        return text.lower()
    number = float(match.group(1).replace(",", ""))
    scale = (match.group(2) or "").lower()
    number *= _SCALES.get(scale, 1)
    return f"{number:.15g}"


_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6,
           "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
           "trn": 1e12}
_HALF_A = re.compile(r"half a (dozen|hundred|thousand|million|billion)", re.IGNORECASE)


def _money(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for m in _MONEY.finditer(sentence):
        amounts = re.findall(rf"({_CURRENCY_SIGN}|\b{_CURRENCY_WORD}\b)", m.group(0), re.I)
        values = [number_value(part) for part in re.split(r"\(", m.group(0))]
        start, values[0] = _range_before(sentence, m, values[0], found)
        currency = [_currency(a) for a in amounts]
        value = "; ".join(f"{c} {v}" for c, v in zip(currency, values, strict=False))
        found.append((start, m.end(), value, ""))
    yield from found


def _percents(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for m in _PERCENT.finditer(sentence):
        start, value = _range_before(sentence, m, number_value(m.group(0)), found)
        found.append((start, m.end(), value, ""))
    yield from found


def _range_before(sentence: str, m: re.Match[str], value: str,
                  found: list[tuple[int, int, str, str]]) -> tuple[int, str]:
    """The start and value of an amount with the lower end of its range before it: "between
    1.6 billion and 1.7 billion euros", "1.6-1.7 billion euros", "5% to 7%". A range rises
    ("from 5% to 7%" is a change); an amount of it found already is dropped from found."""
    if not _RANGE_WORD.search(sentence, max(0, m.start() - 8), m.start()):
        return m.start(), value
    head = _RANGE_HEAD.search(sentence, max(0, m.start() - 40), m.start())
    if head is None or (head.group("to").lower() == "and") != bool(head.group("between")) or (
            bool(head.group("percent")) and not m.group(0).rstrip().endswith(("%", "cent"))) or (
            head.group("to").lower() == "to"
            and _CHANGE_BEFORE.search(sentence, max(0, head.start() - 40), head.start())):
        return m.start(), value
    scaled = _SCALED_DIGITS.search(m.group(0))
    scale = head.group("scale") or (scaled.group(2) if scaled else "")
    low = number_value(f"{head.group('lo')} {scale or ''}".strip())
    try:
        if float(low) >= float(value):
            return m.start(), value
    except ValueError:
        return m.start(), value
    while found and found[-1][1] > head.start():
        found.pop()
    return head.start(), f"{low}-{value}"


_RANGE_WORD = re.compile(r"(?:[-–]|\bto|\band)\s?$", re.IGNORECASE)
_RANGE_HEAD = re.compile(
    rf"(?:\b(?P<between>between)\s)?(?<![\w.,-])(?:{_CURRENCY_SIGN})?\s?(?P<lo>{_DIGITS})"
    rf"(?:\s?(?P<scale>{_SCALE}))?(?P<percent>\s?(?:%|per ?cent\b))?"
    rf"\s?(?P<to>[-–]|to|and)\s?$", re.IGNORECASE)


def _currency(symbol: str) -> str:
    symbol = symbol.strip().lower()
    for code, marks in (("USD", ("$", "usd", "dollar")), ("EUR", ("€", "eur")),
                        ("GBP", ("£", "gbp", "pound")), ("JPY", ("¥", "jpy", "yen"))):
        if any(mark in symbol for mark in marks):
            return code
    return symbol.upper()


def _simple(pattern: re.Pattern[str], normalise):  # type: ignore[no-untyped-def]
    def find(sentence: str) -> Iterator[tuple[int, int, str, str]]:
        for m in pattern.finditer(sentence):
            yield m.start(), m.end(), normalise(m.group(0)), ""
    return find


def _fractions(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    if not any(part in sentence for part in _FRACTION_PARTS):
        return
    for m in _FRACTION.finditer(sentence):
        if _NOT_FRACTION.search(sentence, max(0, m.start() - 12), m.start()):
            continue
        words = re.split(r"[- ]", m.group("n").lower())
        of = _FRACTION_OF[words[-1].rstrip("s")]
        count = _FRACTION_COUNT.get(words[0], 1) if len(words) > 1 else 1
        if count >= of or (len(words) == 1 and of != 2):
            continue  # "thirds of" alone, "three thirds"
        yield m.start(), m.end(), f"{round(100 * count / of, 1):g}", ""


def _ages(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """A person's age as news gives it, between commas after the name: "Costa, 22, signed"."""
    for m in _AGE.finditer(sentence):
        name = _clean_name(m.group("name"))
        if name and 0 < int(m.group("age")) < 120:
            yield m.start("age"), m.end("age"), f"{m.group('age')} years old", name


_AGE = re.compile(rf"(?P<name>{_NAME}),\s(?P<age>\d{{1,3}}),\s(?=[a-z])(?!(?:and|or)\b)")


def _dates(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    if any(hint in sentence for hint in _RELATIVE_HINTS):
        for m in _RELATIVE_DATE.finditer(sentence):
            yield m.start(), m.end(), m.group(0).lower(), ""
    for m in _DATE.finditer(sentence):
        if not _COMPARED_WITH.match(m.group(0)):
            yield m.start(), m.end(), _date_value(m.group(0)), ""
    if "entur" in sentence or "illenni" in sentence:
        for m in _CENTURY.finditer(sentence):
            yield m.start(), m.end(), _century_value(m), ""
    if _OLD_HINT.search(sentence):
        for m in _OLD_DATE.finditer(sentence):
            if not _counts_after(sentence, m):
                yield m.start(), m.end(), _old_date_value(m.group(0)), ""


# an era: "44 BC", "AD 79", "1200 CE"
_ERA = r"(?-i:BCE|BC|CE|AD|B\.C\.(?:E\.)?|A\.D\.|C\.E\.)(?!\w)"
_ERA_FIRST = r"(?:AD|A\.D\.)"  # "AD 79": only AD comes before its year
_OLD_YEAR = r"1[0-4]\d\d"
# what every date of _OLD_DATE holds: a year before 1500, an era, a year range in brackets
_OLD_HINT = re.compile(r"1[0-4]\d\d|[AB]\.?[DC]\b|CE\b|\(\D{0,4}\d{3}")
_ERA_YEAR = r"(?:\d{1,3}(?:,\d{3})+|\d{1,4})"
# a year before 1500 is only a date where a date is meant: after a word of time ("in 1013",
# "until 1130"), with an era, in a range ("1346-53", "(1013-1066)"); "1200 workers" counts
_OLD_DATE = re.compile(
    rf"(?<![\w$€£.,-])(?:"
    rf"(?:(?i:later|earlier|early|late|sometime|back|only)\s)?(?i:in|since|from|until|till|by|"
    rf"before|after|during|through|around|circa|c\.|ca\.|between|as early as|as late as|"
    rf"in the year|the year|year|dated to|dating from|dates from|until about)\s"
    rf"(?:(?:early|mid|late)[- ])?(?:{_OLD_YEAR}|{_ERA_YEAR}\s?{_ERA}|{_ERA_FIRST}\s?\d{{1,4}}\b)"
    rf"(?:\s?[-–/]\s?\d{{1,4}}|\s(?:to|and|until|or)\s(?:{_OLD_YEAR}|1[5-9]\d\d)\b)?"
    rf"(?:\s?{_ERA})?"
    rf"|(?<![\d,]){_ERA_YEAR}\s?{_ERA}|\b{_ERA_FIRST}\s?\d{{1,4}}\b"
    rf"|{_OLD_YEAR}\s?[-–]\s?(?:{_OLD_YEAR}|\d{{1,2}})\b"
    rf"|(?<=\()(?:c\.\s?)?\d{{3,4}}\s?[-–]\s?\d{{3,4}}(?=\))"
    rf")(?![\w$%-])")
# centuries and millennia: "the 10th century", "the late nineteenth century", "the first half
# of the 12th century", "the 5th century BC", "the 11th and 12th centuries"
_CENTURY_ORDINAL = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|twenty-first)")
_CENTURY = re.compile(
    rf"(?<![\w-])(?:(?:in|since|from|until|till|by|before|after|during|through|around|"
    rf"throughout|between)\s)?"
    rf"(?:(?:the\s)?(?:(?:first|second|last|latter|early|later|final|closing|opening)\s)?"
    rf"(?:half|part|quarter|third|decades?|years|days)\sof\s)?"
    rf"(?:the\s)?(?:(?:early|mid|middle|late)[- ])?(?P<n>{_CENTURY_ORDINAL})"
    rf"(?:\s(?:and|or|to|and\sthe|or\sthe)\s{_CENTURY_ORDINAL})?"
    rf"[- ](?P<unit>centur(?:y|ies)|millenni(?:um|a))(?:\s(?P<era>{_ERA}))?"
    rf"(?![\w-])", re.IGNORECASE)
_ORDINAL_NUMBER = {w: n for n, w in enumerate(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    """.split(), start=1)} | {"twenty-first": 21}


def _century_value(m: re.Match[str]) -> str:
    """'C10' for the 10th century, 'M1' for the first millennium, ' BC' after one before."""
    n = m.group("n").lower()
    number = _ORDINAL_NUMBER.get(n) or int(re.sub(r"\D", "", n))
    era = " BC" if m.group("era") and m.group("era").upper().startswith("B") else ""
    return f"{'C' if m.group('unit').lower().startswith('c') else 'M'}{number}{era}"


def _old_date_value(text: str) -> str:
    """The first year a date before 1500 names: '1013', '44 BC'."""
    year = re.search(r"\d{1,4}(?:,\d{3})?", text)
    if not year:
        return text.lower()
    era = re.search(_ERA, text)
    bc = era is not None and era.group(0).upper().startswith("B")
    return year.group(0).replace(",", "") + (" BC" if bc else "")


def _counts_after(sentence: str, m: re.Match[str]) -> bool:
    """Whether a bare year-like number after 'by'/'from' counts what follows rather than
    dating: 'rose by 1200 workers', 'from 1300 members'."""
    if re.search(_ERA, m.group(0)) or re.search(r"[-–]", m.group(0)):
        return False
    after = _WORD_AFTER.match(sentence, m.end())
    return after is not None and after.group(1).islower() and _is_thing(after.group(1)) \
        and not sentence[m.end():after.start(1)].strip()


# "up 6% on last year" compares with a time, it does not date anything
_COMPARED_WITH = re.compile(r"on (?:last|this|next|earlier this|later this) ")


def _date_value(text: str) -> str:
    text = text.rstrip(".")  # a month's abbreviation dot, or the sentence's full stop
    year = re.search(r"\b(1\d\d\d|20\d\d)", text)
    try:
        when = date_parser.parse(text, default=datetime(2000, 1, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return year.group(1) if year else text.lower()
    month = re.search(_MONTH, text)
    if year and month:
        return when.strftime("%Y-%m") if not re.search(r"\d{1,2}(?:st|nd|rd|th)?\b(?!\d)",
                                                       text.replace(year.group(1), "")) \
            else when.strftime("%Y-%m-%d")
    return year.group(1) if year else text.lower()


def _count(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for m in _COUNT.finditer(sentence):
        if _is_label(sentence, m.start()):
            continue  # "Phase 3 trial", "Article 5 of the treaty", "Apollo 11"
        end, value = _count_range(sentence, m)
        part = _PART_OF.match(sentence, end)
        if part and m.group(0).strip().lower() not in ("one", "zero"):
            things = _counted_thing(sentence[part.end():])
            if things:  # "two of the six licences": two, of the licences
                yield m.start(), part.end() + len(things), value, things.strip()
                continue
        things = _counted_thing(sentence[end:])
        if re.fullmatch(r"(?:1[5-9]\d\d|20\d\d)", m.group(0).strip()):
            continue
        if things:
            yield _between(sentence, m.start()) if end > m.end() else m.start(), \
                end + len(things), value, things.strip()
        elif end == m.end():
            yield from _bare_count(sentence, m)


def _is_label(sentence: str, start: int) -> bool:
    """Whether a number names rather than counts, after a word that it numbers: a capitalised
    word inside the sentence ("Apollo 11", "Super Bowl 50", "Route 66") or a word of
    numbering ("Phase 3", "section 2"); not after a word that opens the sentence ("Only 12"),
    nor a number in words ("the Scots three times")."""
    if start < 2 or sentence[start - 1] != " ":
        return False
    before = _LABEL_BEFORE.search(sentence, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1)
    if word.lower() in _LABEL_WORDS:
        return True
    return (word[:1].isupper() and _LABEL_NUMBER.match(sentence, start) is not None
            and word not in _NOT_NAMES and word.lower() not in STOPWORDS
            and re.fullmatch(_MONTH, word) is None
            and (before.start(1) > 0 or not (word.endswith("ly") or word in _NOT_LABELS)))


# a number that can name: in digits, and not one of how many times ("in Venice 22 times")
_LABEL_NUMBER = re.compile(r"\d[\d,.]*(?!\d|[.,]\d|\s+times\b)")


_LABEL_BEFORE = re.compile(r"(?<![\w’'-])([A-Za-z][\w-]*\.?) $")
_LABEL_WORDS = frozenset(
    """phase article section chapter clause paragraph route highway interstate flight gate
    platform terminal category grade level stage tier page room round version number no.
    model series week""".split())
# words that open a sentence before a number that they do not name: "Another 300 workers"
_NOT_LABELS = frozenset("Another Almost Every Exactly Last Next Fully Those Nearly".split())


def _count_range(sentence: str, m: re.Match[str]) -> tuple[int, str]:
    """The end and value of a number, or of the range it opens: "between 300 and 400",
    "1.65-1.72 billion", "20 to 25". A range rises: "3-1" is a score, "from 5 to 7" a change."""
    value = number_value(m.group(0))
    after = sentence[m.end():m.end() + 5]
    tail = _RANGE_TAIL.match(sentence, m.end()) if (
        "-" in after or "–" in after or "to " in after or "and " in after) else None
    if tail is None:
        return m.end(), value
    between = sentence[max(0, m.start() - 8):m.start()].lower().endswith("between ")
    if (tail.group("to") == "and") != between or (
            tail.group("to") == "to" and _CHANGE_BEFORE.search(sentence, 0, m.start())):
        return m.end(), value
    high = number_value(tail.group("hi"))
    low = value
    scale = _SCALED_DIGITS.fullmatch(tail.group("hi"))
    if scale and scale.group(2) and m.group(0)[-1].isdigit():  # "1.65-1.72 billion"
        low = number_value(f"{m.group(0)} {scale.group(2)}")
    try:
        if float(low) >= float(high):
            return m.end(), value
    except ValueError:
        return m.end(), value
    return tail.end(), f"{low}-{high}"


def _between(sentence: str, start: int) -> int:
    """The start of a range's "between" before its first number, or the number's start."""
    return start - 8 if sentence[max(0, start - 8):start].lower() == "between " else start


_RANGE_TAIL = re.compile(
    rf"\s?(?P<to>[-–]|to|and)\s?(?P<hi>{_DIGITS}(?:\s?{_SCALE})?)(?![\w.,%-])", re.IGNORECASE)
# a change from one number to another, not a range: "from 5 to 7", "by 3 to 5", "rose 0.5%
# to 3.2%"
_CHANGE_BEFORE = re.compile(
    r"\b(?:from|by|rose|rise|rises|rising|fell|fall|falls|falling|jumped|jumps|climbed|grew|"
    r"dropped|increased|decreased|up|down|gained|lost|slipped|declined|surged|soared|slumped|"
    rf"plunged|tumbled|cut|raised|lowered|added|shed|edged)\s{_APPROX}?$", re.IGNORECASE)


def _bare_count(sentence: str, m: re.Match[str]) -> Iterator[tuple[int, int, str, str]]:
    """A number that counts nothing named, after a word of scoring ("scored 27", "an unbeaten
    128", "made 71 off 80 balls") or of people harmed ("injuring more than 300")."""
    after = sentence[m.end():m.end() + 1]
    if (not after or after in " ,.;:)") and _SCORED.search(
            sentence, max(0, m.start() - 30), m.start()):
        yield m.start(), m.end(), number_value(m.group(0)), ""


def _tallies(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """Numbers that are read as measures, which answer "how many" only when they say what they
    count ("how many runs": not "296 for eight" in a story of rescuers sent): an innings' total
    with its wickets ("296 for eight"), a game's score ("won 3-1", "a 5-2 win"; not "2024-25",
    "3-4%", nor a vote's split "voted 5-2", which answers no question of how many).
    (A number joined to a noun, "a seven-judge panel", "a two-stage rocket", is none: as a
    count it answers "how many farmers", as a measure "how fast".)"""
    if " for " in sentence:
        for m in _WICKETS.finditer(sentence):
            lost = m.group("lost").lower()
            lost = "0" if lost.startswith("no") else number_value(lost)
            yield m.start(), m.end(), f"{m.group('runs')}/{lost}", "total"
    if _SCORE_HINT.search(sentence):
        for m in _SCORE.finditer(sentence):
            if _SCORE_AFTER.match(sentence, m.end()) or _SCORE_BEFORE.search(
                    sentence, max(0, m.start() - 40), m.start()):
                yield m.start(), m.end(), f"{m.group(1)}-{m.group(2)}", \
                    "score " + _about(sentence, m.start(), m.end())


_WICKETS = re.compile(
    r"(?<![\w.,-])(?P<runs>\d{2,3}) for (?P<lost>no loss|one|two|three|four|five|six|seven|"
    r"eight|nine|[0-9])\b(?! (?:per|percent|cents?|pence|dollars?|euros?|pounds?)\b)",
    re.IGNORECASE)
# the words before a score made ("scored 27", "hit an unbeaten 128", "all out for 187"), or
# before people harmed or saved ("killing 40 and injuring more than 300")
_SCORED = re.compile(
    r"\b(?:killing|injuring|wounding|rescuing|evacuating|arresting|displacing|"
    r"scored|scores|scoring|made|makes|making|hit|hits|hitting|struck|smashed|compiled|"
    r"posted|carded|shot|fired|totall?ed|(?:all|bowled) out for|unbeaten|undefeated|"
    r"career-best|quickfire|brisk|patient|battling|gritty|fluent|superb|brilliant)\s$",
    re.IGNORECASE)


# a part of a whole: "two of the six licences", "three of its ships", "16 of the region's 20
# districts"
_PART_OF = re.compile(rf"\s+of\s+(?:(?:(?:the|its|their|his|her|our|these|those)"
                      rf"(?:\s+[\w-]+['’]s)?|[\w-]+['’]s)"
                      rf"(?:\s+{_NUM}(?:\s?{_SCALE})?)?|{_NUM})(?=\s)", re.IGNORECASE)


def _counted_thing(rest: str) -> str:
    """The words a number counts: up to three words, 'X and Y' kept together. A verb after
    them ends them: in 'hire 300 teachers and buy 45 buses' the count is '300 teachers'."""
    taken = 0
    count = 0
    for m in _WORD_AFTER.finditer(rest):
        if m.start() != taken or count == 3:
            break
        word = m.group(1).lower()
        if word == "and" and count:
            follower = _AND_WORD.match(rest, taken)
            if follower and _is_thing(follower.group(1)) and not _OBJECT.match(
                    rest, follower.end()) and not _VERB_FORM.search(follower.group(1)):
                return rest[:follower.end()]
            break
        if not _is_thing(word) or (count and _is_verb(word, rest, m)):
            break
        taken, count = m.end(), count + 1
    return rest[:taken]


def _is_thing(word: str) -> bool:
    return word not in STOPWORDS and word not in _STOP and _LETTER.search(word) is not None


def _is_verb(word: str, rest: str, m: re.Match[str]) -> bool:
    """Whether a word after the first of a counted thing is rather its verb: one with an
    object ('buy' in 'buy 45 buses', 'joined the walkout') or a past tense after a plural
    ('dockworkers joined'; 'highly skilled workers' keeps its participle)."""
    return (_OBJECT.match(rest, m.end()) is not None or word in _VERBS
            or (_VERB_FORM.search(word) is not None
                and (rest[:m.start()].endswith("s")
                     or _IRREGULAR_PLURAL.search(rest, 0, m.start()) is not None)))


# a past tense or a present participle ("dockworkers joined", "miners working"); after "and"
# such a word starts another clause: "killing 40 people and injuring 300"
_VERB_FORM = re.compile(r"\w\wed$|\w\w\wing$")
# verbs that end a thing counted wherever they come: the past tenses without -ed ("a 6.2
# quake struck", "the 40 villages hit"), and the auxiliaries and modals ("32 members must")
_VERBS = frozenset(
    """struck hit left took made came went fell rose won lost sent met held told gave began
    ran saw found kept brought bought built caught drew drove fled flew grew knew led paid
    put quit shot shut sold spent stood swept threw tore wrote broke chose spoke became sank
    shook fought sought taught thought meant felt slid spread stuck swam wept withdrew
    overtook forgot understood must may might shall cannot remain remains
    is are was were will would can could should has have had do does did""".split())


# plurals without an s, after which a past tense is the verb: "500 people marched"
_IRREGULAR_PLURAL = re.compile(r"\b(?:people|men|women|children|police|staff|personnel|cattle|"
                               r"sheep|fish|deer|aircraft|troops)$", re.IGNORECASE)


_WORD_AFTER = re.compile(r"\s+([\w’'-]+)")
_AND_WORD = re.compile(r"\s+and\s+([a-z][\w’'-]*)")
_LETTER = re.compile(r"[a-z]")
# what starts an object: the word before it is a verb, not part of the thing counted
_OBJECT = re.compile(r"\s+(?:(?:the|a|an|its|their|his|her|our|this|these|those)\b|\d)")
# words that end the thing counted: prepositions, and the words that start a time ("4.2m
# passengers last year"), which the date finder has already taken
_STOP = frozenset(
    """across among around as before behind beyond despite during except inside near outside
    past since through throughout toward towards via within without including like per
    plus versus ago earlier later each every last next yesterday today tomorrow tonight""".split())


_SCORE_HINT = re.compile(r"\d\s?[-–]\s?\d")
_SCORE = re.compile(r"(?<![\w.,:/–-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\w%:/–-]|[.,]\d)")
_SCORE_AFTER = re.compile(
    r"\s(?:home\s|away\s|aggregate\s|extra-time\s|penalty\s|shootout\s)?(?:win|wins|"
    r"victory|victories|defeat|defeats|loss|losses|draw|lead|triumph|thrashing|drubbing|"
    r"rout|scoreline|success)\b"
    r"|\s(?:on aggregate|after extra time|on penalties)\b", re.IGNORECASE)
_SCORE_BEFORE = re.compile(
    r"\b(?:won|win|wins|winning|beat|beats|beating|lost|lose|loses|losing|drew|draw|drawn|"
    r"defeated|defeating|thrashed|edged|edging|trailed|trailing|led|leading|"
    r"score|scoreline|finished|ended)\b(?:\s[A-Za-z’'.-]+){0,3}\s$", re.IGNORECASE)


def _measures(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    if _UNIT_HINT.search(sentence):
        for m in _MEASURE.finditer(sentence):
            yield m.start(), m.end(), m.group(0).lower(), ""


def _magnitudes(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """An earthquake's magnitude: "magnitude 6.8", "a 7.1-magnitude quake", "measuring 5.4",
    "a 6.2 earthquake"."""
    if not _quake(sentence):
        return
    for m in _MAGNITUDE.finditer(sentence):
        yield m.start(), m.end(), m.group("n") or m.group("n2") or m.group("n3"), \
            "magnitude earthquake"


def _quake(sentence: str) -> bool:
    return any(word in sentence for word in _QUAKE_WORDS)


_QUAKE_WORDS = ("agnitude", "quake", "tremor", "temblor", "Richter", "measuring")
_MAGNITUDE = re.compile(
    rf"\b(?:magnitude|Magnitude)(?:-|\sof\s|\s)(?:{_APPROX})?(?P<n>\d{{1,2}}\.\d)\b(?![.,]\d)"
    rf"|(?<![\w.,-])(?P<n2>\d{{1,2}}\.\d)(?:[- ]magnitude\b|(?=\s(?:magnitude\s)?"
    rf"(?:earthquake|quake|tremor|temblor|aftershock)s?\b)|\son the Richter scale)"
    rf"|\bmeasuring\s(?P<n3>\d{{1,2}}\.\d)\b(?![.,]\d)(?:\son the Richter scale)?")


def _times(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """A time of day: "at 4:17 a.m.", "at 9.30pm", "at noon", "shortly after midnight",
    "at 14:00 GMT"."""
    if not (("noon" in sentence or "midnight" in sentence or "midday" in sentence)
            or (":" in sentence or "m" in sentence or "M" in sentence)
            and _TIME_HINT.search(sentence)):
        return
    for m in _TIME.finditer(sentence):
        yield m.start(), m.end(), _time_value(m), ""


_TIME_HINT = re.compile(r"\d[.:][0-5]\d|\d\s?[apAP]\.?[mM]\b")
_TIME_ZONE = r"(?:\s(?:local time|(?-i:[A-Z]{1,3}T|GMT|UTC)\b))?"
_TIME = re.compile(
    rf"(?<![\w$€£.,:-])(?:(?:(?:shortly|just|soon|late|early|until|till|around|about|before|"
    rf"after|by|at|from|since)\s)*(?P<pre>at|by|until|till|from|since|before|after|around|about)"
    rf"\s)?(?:(?P<h>\d{{1,2}})(?:[:.](?P<min>[0-5]\d))?\s?(?P<ampm>[ap]\.m\.|[ap]m\b)"
    rf"|(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?=\s?(?:hours|hrs|local time|"
    rf"(?-i:[A-Z]{{1,3}}T|GMT|UTC)\b))"
    rf"){_TIME_ZONE}"
    r"|\b(?:(?:shortly|just|soon|late|early|well)\s)?(?:at|by|until|till|from|since|before|"
    r"after|around|about|past)\s(?P<word>noon|midnight|midday)\b", re.IGNORECASE)


def _time_value(m: re.Match[str]) -> str:
    """'04:17' for 4:17 a.m., '21:30' for 9.30pm, '12:00' for noon, '00:00' for midnight."""
    if m.group("word"):
        return "00:00" if m.group("word").lower() == "midnight" else "12:00"
    if m.group("h24"):
        return f"{int(m.group('h24')):02d}:{m.group('min24')}"
    hour = int(m.group("h")) % 12 + (12 if m.group("ampm").lower().startswith("p") else 0)
    return f"{hour:02d}:{m.group('min') or '00'}"


def _people(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for m in _ROLE_PERSON.finditer(sentence):
        name = _clean_name(m.group("name"))
        if name:
            before = sentence[max(0, m.start() - 60):m.start()]
            prefix = _ROLE_PREFIX.search(before)
            start = m.start() - (len(before) - prefix.start()) if prefix else m.start()
            yield start, m.end(), name, m.group("role")
    for pattern in (_APPOSITIVE, _LED_BY):
        for m in pattern.finditer(sentence):
            name = _clean_name(m.group("name"))
            if name:
                start = m.start() if pattern is not _LED_BY else m.start("role")
                yield start, m.end(), name, m.group("role")
    for m in _SAID.finditer(sentence):
        name = _clean_name(m.group("name"))
        if name and " " in name and not re.search(_ORG_WORD, name):
            yield *_name_span(m, name), name, "said"


def _named_people(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """Capitalised names of two or more words that open with a common given name and hold
    no word of an organisation or a place ('Lena Hoyt told', 'Amina Rashid, who'): people,
    where the default would call them organisations. A given name alone ('Ahmed said') is
    left to the other finders, as is a name the place table knows."""
    for start, end, name, _initial in _capitalised(sentence):
        first, _, rest = name.partition(" ")
        if rest and first.lower() in _given_names() and not name.isupper() \
                and _NOT_PERSON.search(name) is None and not _is_place(name) \
                and not _is_place(name.rpartition(" ")[2]):  # "Norman Italy"
            yield start, end, name, ""


# words that make a name that opens with a given name something other than a person:
# "Mark Holdings", "Grace Bank", "Jackson Hole", "Nelson Mandela Bay", "Louis Vuitton Prize"
_NOT_PERSON = re.compile(
    rf"\b(?:{_ORG_WORD}|Motor|Street|Road|Avenue|Square|Park|Bridge|Airport|Stadium|Arena|"
    r"Hall|Prize|Awards?|Cup|Trophy|Medal|Memorial|Station|Tower|Building|Church|Cathedral|"
    r"Temple|Mosque|Lake|River|Mountains?|Valley|Bay|Islands?|Hotel|Theat(?:re|er)|Festival|"
    r"Games|Act|Law|Day|Show|Line|Railway|Hole|Falls|Springs|Beach|Heights|County|City|"
    r"Town|Village|Province|State|Region|District|Island|Port|Harbou?r|Square|Gardens?|"
    r"Institution|Library|Zoo|Mall|Market|Plaza|Palace|Castle|Fort)\b")


def _organisations(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for pattern in (_REPORTS, _ORG):
        for m in pattern.finditer(sentence):
            name = _clean_name(m.group("name"))
            if name and not re.fullmatch(_MONTH, name) and not (
                    pattern is _REPORTS and _is_place(name)):
                yield *_name_span(m, name), name, ""


def _dateline(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """The place a wire story was filed from: "OSLO, April 30 (Reuters) -" gives Oslo."""
    m = _DATELINE.match(sentence)
    if m:
        yield m.start("name"), m.end("name"), m.group("name").title(), ""


def _places(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for m in _PLACE.finditer(sentence):
        if m.group("prep") == "to" and not _moved_to(sentence, m):
            continue
        name = _clean_name(m.group("name"))
        if name and not re.match(rf"{_MONTH}|{_WEEKDAY}", name):
            yield *_name_span(m, name), name, ""
            yield from _places_after(sentence, m.end("name"))


def _moved_to(sentence: str, m: re.Match[str]) -> bool:
    """Whether the name after 'to' is where someone or something goes: after a word of going
    or sending, and not an adjective of a plural that follows ('sent to Latin schools',
    'exports to Asian markets'; 'exports to Brazil fell' keeps Brazil)."""
    if _MOVED.search(sentence, max(0, m.start() - 30), m.start()) is None:
        return False
    after = _WORD_AFTER.match(sentence, m.end("name"))
    return not (after and after.group(1).islower() and _is_thing(after.group(1))
                and _PLURAL.search(after.group(1)) is not None)


def _places_after(sentence: str, end: int) -> Iterator[tuple[int, int, str, str]]:
    """The places named after a place with 'and'/'or': 'in Europe and Africa', 'in France,
    Spain or Italy'. ('between' is not a place's word: a deal between Ireland and Halrasis
    is between a country and a company.)"""
    m = _AND_NAME.match(sentence, end)
    if m:
        name = _clean_name(m.group("name"))
        if name and not re.match(rf"{_MONTH}|{_WEEKDAY}", name):
            yield *_name_span(m, name), name, ""
            yield from _places_after(sentence, m.end("name"))


def _proper_names(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for start, end, name, initial in _capitalised(sentence):
        if not initial or " " in name or name.isupper() or re.search(r"[a-z][A-Z]", name):
            yield start, end, name, ""


def _named_places(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """Capitalised names that no preposition marks but a gazetteer knows: 'the Duke fled
    with his court to Geneva' ... 'Geneva was the seat of'. A name of one word is none
    before a word of a thing, where it rather qualifies it ('Norman rule'); one that opens
    the sentence is one only before a verb or a comma ('Geneva was', not 'Mobile phones')."""
    for start, end, name, initial in _capitalised(sentence):
        if not _is_place(name):
            continue
        if " " not in name:
            after = _WORD_AFTER.match(sentence, end)
            if after and after.group(1).islower() and _is_thing(after.group(1)) \
                    and not after.group(1).endswith("ed"):
                continue  # a word that names a thing: "Norman rule", "the Paris office"
            if initial and not _PLACE_SUBJECT.match(sentence, end):
                continue
        yield start, end, name, ""


_PLACE_SUBJECT = re.compile(r",|['’]s\b|\s+(?:is|was|are|were|has|had|have|will|would|can|"
                            r"could|may|lies|lay|remains|remained|became|becomes|\w+ed)\b")


@lru_cache(maxsize=4)
def _capitalised(sentence: str) -> tuple[tuple[int, int, str, bool], ...]:
    """The capitalised names of a sentence (start, end, name, whether it opens the sentence),
    read once for the two finders that use them."""
    found = []
    for m in _PROPER.finditer(sentence):
        name = _clean_name(m.group("name"))
        if name:
            found.append((*_name_span(m, name), name, m.start() == 0))
    return tuple(found)


def _is_place(name: str) -> bool:
    return name.lower() in _place_names() and re.search(_ORG_WORD, name) is None


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """The lower-cased names of well-known places: countries, their states and regions,
    continents and cities (facts/data/places.txt, built by tools/build_places.py from
    GeoNames and ISO 3166)."""
    text = resources.files(__package__).joinpath("data", "places.txt").read_text("utf-8")
    return frozenset(line.lower() for line in text.splitlines() if line)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The lower-cased common given names ('lena', 'amina', 'aleksandr'): facts/data/
    given_names.txt, built by tools/build_given_names.py from Faker's person lists with
    common English words and place names dropped."""
    text = resources.files(__package__).joinpath("data", "given_names.txt").read_text("utf-8")
    # through a set, which sizes the frozenset's table to fit (half the memory of a generator)
    return frozenset(set(text.lower().split()))


def _name_span(m: re.Match[str], name: str) -> tuple[int, int]:
    """Where a cleaned name is in the sentence: dropping a leading 'The' moves its start."""
    start = m.start("name") + max(0, m.group("name").find(name))
    return start, start + len(name)


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0].strip(".,’'") in _NOT_NAMES:
        words.pop(0)
    while words and words[-1].strip(".,’'") in _NOT_NAMES:
        words.pop()
    name = " ".join(words).rstrip(".,’'")
    name = re.sub(r"[’']s$", "", name)
    if " " not in name and re.search(r"(?:ian|ese|ish)$", name):
        return ""  # a demonym ("Italian"), not a name
    return name if len(name) > 1 else ""


_FINDERS = (
    ("money", _money),
    ("percent", _percents),
    ("percent", _fractions),
    ("duration", _simple(_DURATION, lambda t: t.lower())),
    ("duration", _ages),
    ("date", _dates),
    ("date", _times),
    ("measure", _magnitudes),
    ("measure", _measures),
    ("measure", _tallies),
    ("ordinal", _simple(_ORDINAL, lambda t: t.lower())),
    ("count", _count),
    ("place", _dateline),
    ("person", _people),
    ("person", _named_people),
    ("organisation", _organisations),
    ("place", _places),
    ("place", _named_places),
    ("organisation", _proper_names),
)
