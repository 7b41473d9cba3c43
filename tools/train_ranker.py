"""Fit the sentence ranker's weights (facts/ranker.json) on WikiQA's training split.

    .venv/bin/python tools/train_ranker.py [--data ../shared/bench/wikiqa] [--squad FILE] [--write]

Every WikiQA training document becomes a seed; each question is asked against its own
document and every candidate sentence's features (facts.rank.FEATURES) are paired with the
WikiQA label. A listwise logistic ranker with a little L2 is fitted by gradient descent. Only
the training split is used: the dev split stays for measuring. With ``--squad``, SQuAD
questions that the scorer never asks (after the first 25 of each article) are added, so the
weights also fit long, many-paragraph articles, where the first sentence is less often the
answer than in WikiQA's short summaries.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facts import Engine  # noqa: E402
from facts.question import understand  # noqa: E402
from facts.rank import FEATURES  # noqa: E402


def _seed_id(raw: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", raw)


def load(path: Path) -> tuple[dict, dict]:
    questions: dict[str, dict] = {}
    docs: dict[str, tuple[str, list[str]]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            q = questions.setdefault(
                row["QuestionID"], {"q": row["Question"], "doc": row["DocumentID"], "good": set()})
            if row["Label"] == "1":
                q["good"].add(" ".join(row["Sentence"].split()))
            title, sents = docs.setdefault(row["DocumentID"], (row["DocumentTitle"], []))
            n = int(row["SentenceID"].rsplit("-", 1)[1])
            while len(sents) <= n:
                sents.append("")
            sents[n] = row["Sentence"]
    return questions, docs


def load_squad(path: Path, skip: int) -> tuple[dict, dict]:
    """SQuAD questions after the first ``skip`` of each article (the scorer asks the first
    25), with their answer texts; a sentence is correct when it holds an answer."""
    questions: dict[str, dict] = {}
    docs: dict[str, tuple[str, list[str]]] = {}
    for art in json.loads(path.read_text(encoding="utf-8"))["data"]:
        docs[art["title"]] = (art["title"].replace("_", " "),
                              [p["context"] for p in art["paragraphs"]])
        qas = [qa for p in art["paragraphs"] for qa in p["qas"]][skip:]
        for qa in qas:
            questions[qa["id"]] = {"q": qa["question"], "doc": art["title"],
                                   "answers": {a["text"] for a in qa["answers"]}}
    return questions, docs


async def dataset(questions: dict, docs: dict, separator: str, label
                  ) -> tuple[list, list, list]:
    rows: list = []
    labels: list = []
    groups: list = []
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        for doc_id, (title, parts) in docs.items():
            body = separator.join(s for s in parts if s)
            (seeds / f"{_seed_id(doc_id)}.md").write_text(
                f"---\ntitle: {json.dumps(title)}\n---\n{body}\n", encoding="utf-8")
        engine = await Engine.open(Path(tmp) / "facts.db")
        await engine.reload(seeds)
        index = await engine._load_index()
        for number, q in enumerate(questions.values()):
            parsed = understand(q["q"], index)
            source = _seed_id(q["doc"])
            for ranked in await engine._rank(index, engine._version, parsed, source, 100,
                                             fully=100):
                rows.append(ranked.features)
                labels.append(label(q, " ".join(index.texts[ranked.row].split())))
                groups.append(number)
        await engine.close()
    return rows, labels, groups


def _wikiqa_label(q: dict, text: str) -> float:
    return float(any(text in g or g in text for g in q["good"]))


def _squad_label(q: dict, text: str) -> float:
    return float(any(a in text for a in q["answers"]))


async def datasets(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    questions, docs = load(args.data / "WikiQA-train.tsv")
    questions = {k: q for k, q in questions.items() if q["good"]}
    rows, labels, groups = ([], [], []) if args.no_wikiqa else await dataset(
        questions, docs, " ", _wikiqa_label)
    if args.squad:
        squad_q, squad_docs = load_squad(args.squad, skip=25)
        more = await dataset(squad_q, squad_docs, "\n\n", _squad_label)
        rows += more[0]
        labels += more[1]
        groups += [g + len(questions) for g in more[2]]
    return np.asarray(rows), np.asarray(labels), np.asarray(groups)


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, l2: float = 1e-3,
        steps: int = 3000) -> np.ndarray:
    """Listwise logistic ranking: maximise, for every question, the softmax probability of
    its correct sentences among its candidates (the bias is then set for a pointwise fit of
    the scores, so that the probability threshold for answering stays meaningful)."""
    keep = np.isin(groups, [g for g in np.unique(groups) if y[groups == g].sum() > 0])
    x, y, groups = x[keep], y[keep], groups[keep]
    _, group = np.unique(groups, return_inverse=True)
    n_groups = group.max() + 1
    w = np.zeros(x.shape[1])
    rate = 2.0
    for _ in range(steps):
        s = x @ w
        s -= np.bincount(group, weights=s, minlength=n_groups)[group] / np.bincount(group)[group]
        e = np.exp(np.clip(s, -30, 30))
        total = np.bincount(group, weights=e, minlength=n_groups)
        good = np.bincount(group, weights=e * y, minlength=n_groups)
        p_all = e / total[group]
        p_good = e * y / np.maximum(good[group], 1e-12)
        grad = x.T @ (p_all - p_good) / n_groups + l2 * w
        w -= rate * grad
    z = x @ w
    bias = 0.0
    for _ in range(2000):
        p = 1 / (1 + np.exp(-(z + bias)))
        bias -= 1.0 * float(np.mean(p - y))
    return np.r_[w, bias]


def mean_ap(x: np.ndarray, y: np.ndarray, groups: np.ndarray, w: np.ndarray) -> float:
    scores = np.hstack([x, np.ones((len(x), 1))]) @ w
    aps = []
    for g in np.unique(groups):
        mask = groups == g
        order = np.argsort(-scores[mask], kind="stable")
        rel = y[mask][order]
        if rel.sum() == 0 or rel.sum() == len(rel):
            continue
        hits = np.cumsum(rel)
        aps.append(float((hits / np.arange(1, len(rel) + 1))[rel == 1].mean()))
    return float(np.mean(aps))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/bench/wikiqa"))
    ap.add_argument("--squad", type=Path, help="also fit on SQuAD questions after the "
                    "first 25 of each article (those the scorer does not ask)")
    ap.add_argument("--no-wikiqa", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--write", action="store_true", help="write facts/ranker.json")
    args = ap.parse_args()
    x, y, groups = asyncio.run(datasets(args))
    w = fit(x, y, groups)
    fitted = mean_ap(x, y, groups, w)
    print(f"{len(y)} candidates, {int(y.sum())} correct; training MAP {fitted:.4f}")
    weights = {name: round(float(v), 4) for name, v in zip(FEATURES, w[:-1], strict=True)}
    print(json.dumps(weights), "bias", round(float(w[-1]), 4))
    if args.write:
        out = Path(__file__).resolve().parents[1] / "facts" / "ranker.json"
        out.write_text(json.dumps({"weights": weights, "bias": round(float(w[-1]), 4)},
                                  indent=1) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
