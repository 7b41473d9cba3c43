"""Words: normalisation, tokens, stems and stop words, shared by indexing and matching."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

import Stemmer

__all__ = ["PREFIX", "STOPWORDS", "content_terms", "normalise", "shares_prefix", "stem", "terms",
           "words"]

_stemmer = Stemmer.Stemmer("english")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can could couldn't did didn't do does doesn't doing
    don't down during each either few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
    if in into is isn't it it's its itself just let's me more most mustn't my myself no nor not
    now of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under
    until up upon very was wasn't we we'd we'll we're we've were weren't what what's when when's
    where where's which while who who's whom why why's will with won't would wouldn't you you'd
    you'll you're you've your yours yourself yourselves s t d ll re ve m tell name named called
    many much long does did do done whose kind type sort one ones get got say said says""".split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def normalise(text: str) -> str:
    """Fold case, compatibility forms, accents ("Möngke" is "mongke": people type names
    without them) and curly apostrophes."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    if text.isascii():
        return text
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def words(text: str) -> list[str]:
    """Lower-cased words of a text, possessive endings dropped."""
    out = []
    for word in _WORD.findall(normalise(text)):
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.replace("'", ""))
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-cased word."""
    return str(_stemmer.stemWord(word))


def terms(text: str) -> list[str]:
    """Stems of every word of a text, stop words included, in order."""
    return [stem(w) for w in words(text)]


def content_terms(text: str) -> list[str]:
    """Stems of the words of a text that carry meaning (no stop words)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


PREFIX = 4  # letters two stems must share, at the least, to count as one word


def shares_prefix(a: str, b: str) -> bool:
    """Whether two stems are one word the stemmer split ("valuat"/"valu", "itali"/"italian"):
    they share their first four letters and most of the shorter one."""
    size = min(len(a), len(b))
    if size < PREFIX:
        return False
    common = len(os.path.commonprefix((a, b)))
    return common >= PREFIX and common >= 0.8 * size
