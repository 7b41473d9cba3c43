"""The benchmark's report: Markdown tables, a PNG chart and the results as JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

__all__ = ["BARS", "chart", "table", "write"]

HERE = Path(__file__).resolve().parent

# The bars at 10,000 articles: (label, where in a size's results, at most, unit)
BARS = (
    ("ask, median", ("engine", "median_ms"), 2.0, "ms"),
    ("ask, median of questions asked the first time", ("engine", "first_asked_median_ms"), 2.0,
     "ms"),
    ("ask, 99th percentile", ("engine", "p99_ms"), 10.0, "ms"),
    ("reload, nothing changed", ("reload", "unchanged_s"), 1.0, "s"),
    ("reload, one article added", ("reload", "one_added_s"), 1.0, "s"),
    ("reload from scratch", ("reload", "scratch_s"), 60.0, "s"),
    ("peak RSS, answering", ("serve_peak_rss_mb",), 300.0, "MB"),
    ("peak RSS, reload from scratch", ("reload_peak_rss_mb",), 300.0, "MB"),
)
_BAR_SIZE = 10_000
_TICKS = (10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000)


def write(results: dict[str, Any], out: Path, publish: bool = False) -> None:
    """results.json, results.md and results.png in ``out``; with ``publish``, the table and
    chart also go to bench/results.md and bench/results.png."""
    (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    (out / "results.md").write_text(markdown(results), "utf-8")
    chart(results, out / "results.png")
    if publish:
        shutil.copyfile(out / "results.md", HERE / "results.md")
        shutil.copyfile(out / "results.png", HERE / "results.png")


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    mix = results["questions"]
    return (
        "# Benchmark results\n\n"
        f"Measured {machine['date']} on {machine['cpus']} CPUs ({machine['platform']}), Python "
        f"{machine['python']}, SQLite {machine['sqlite']}, NumPy {machine['numpy']}, RapidFuzz "
        f"{machine['rapidfuzz']}; commit {machine['commit']}; generator seed {results['seed']}; "
        f"load average {machine['load_average']:.1f} at the start."
        f"\n{mix['total']} questions: {mix['answerable']} answerable, {mix['unanswerable']} "
        f"not, {mix['with_typo']} with a typo. Reproduce with `.venv/bin/python -m bench` "
        "(see README.md).\n"
        "Other programs share this machine: the 1-minute load average before and after each "
        "size was " + ", ".join(
            f"{s['articles']:,}: {s['load_average'][0]:.1f} → {s['load_average'][1]:.1f}"
            for s in results["sizes"] if "load_average" in s)
        + " (the benchmark itself adds about 1).\n\n" + table(results) + "\n")


def table(results: dict[str, Any]) -> str:
    """The results as Markdown tables: the engine, the alternatives, the bars."""
    sizes = results["sizes"]
    return "\n".join([
        "## The engine\n",
        "| articles | sentences | from scratch s | unchanged s | one added s | "
        "open s | ask median ms | ask p99 ms | questions/s | "
        "RSS answering MB | RSS reload MB | database MB |",
        "|---:" * 12 + "|",
        *(f"| {s['articles']:,} | {s['sentences']:,} | {s['reload']['scratch_s']:.1f} | "
          f"{s['reload']['unchanged_s']:.2f} | {s['reload']['one_added_s']:.2f} | "
          f"{s['open_s']:.2f} | "
          f"{s['engine']['median_ms']:.2f} | {s['engine']['p99_ms']:.1f} | "
          f"{s['engine']['per_second']:.0f} | {s['serve_peak_rss_mb']:.0f} | "
          f"{s['reload_peak_rss_mb']:.0f} | {s['db_mb']:.1f} |" for s in sizes),
        "",
        "## Side by side, same corpus and questions\n",
        "Each alternative's latency is also given as a multiple of the engine's on the same "
        f"questions (brute-force rapidfuzz is asked the first {results['fuzzy_questions']}). "
        "Top-1 is the share of answerable questions whose first sentence is the one that "
        "answers.\n",
        "| articles | engine median / p99 ms | FTS5 bm25 median / p99 ms | FTS5 × engine "
        "(median / p99) | rapidfuzz median / p99 ms | rapidfuzz × engine (median / p99) | "
        "top-1: engine / FTS5 / rapidfuzz |",
        "|---:" * 7 + "|",
        *(f"| {s['articles']:,} | {_pair(s['engine'])} | {_pair(s['fts5'])} | "
          f"{_times(s['fts5']['median_ratio'])} / {_times(s['fts5']['p99_ratio'])} | "
          f"{_pair(s['rapidfuzz'])} | {_times(s['rapidfuzz']['median_ratio'])} / "
          f"{_times(s['rapidfuzz']['p99_ratio'])} | {_pct(s['engine']['top1'])} / "
          f"{_pct(s['fts5']['top1'])} / {_pct(s['rapidfuzz']['top1'])} |" for s in sizes),
        "",
        "## Where a reload from scratch goes (seconds)\n",
        "| articles | " + " | ".join(sizes[0]["reload"]["scratch_phases_s"]) + " | other |",
        "|---:" * (len(sizes[0]["reload"]["scratch_phases_s"]) + 2) + "|",
        *(f"| {s['articles']:,} | " + " | ".join(
            f"{v:.1f}" for v in s["reload"]["scratch_phases_s"].values())
          + f" | {s['reload']['scratch_s'] - sum(s['reload']['scratch_phases_s'].values()):.1f} |"
          for s in sizes),
        "",
        *_bars(sizes),
    ])


def _bars(sizes: list[dict[str, Any]]) -> list[str]:
    at = next((s for s in sizes if s["articles"] == _BAR_SIZE), None)
    if at is None:
        return []
    rows = ["## The bars at 10,000 articles\n", "| measure | bar | measured | met |",
            "|---|---:|---:|:---:|"]
    for label, path, limit, unit in BARS:
        value = _get(at, path)
        if value is None:  # e.g. every question asked was a repeat
            rows.append(f"| {label} | ≤ {limit:g} {unit} | n/a | n/a |")
            continue
        rows.append(f"| {label} | ≤ {limit:g} {unit} | {value:.2f} {unit} | "
                    f"{'yes' if value <= limit else '**no**'} |")
    return rows + [""]


def _get(size: dict[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = size
    for key in path:
        value = value[key]
    return None if value is None else float(value)


def _pair(stats: dict[str, float]) -> str:
    return f"{_ms(stats['median_ms'])} / {_ms(stats['p99_ms'])}"


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def _times(ratio: float) -> str:
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:,.0f}×"


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def chart(results: dict[str, Any], path: Path) -> None:
    """Four panels against corpus size: reload times, ask latency beside the alternatives,
    peak memory and database size, and top-1 accuracy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    x = [s["articles"] for s in sizes]
    figure, axes = plt.subplots(2, 2, figsize=(12, 9))
    reload, ask, memory, quality = axes.flat

    for key, label in (("scratch_s", "from scratch"), ("unchanged_s", "nothing changed"),
                       ("one_added_s", "one added")):
        reload.plot(x, [s["reload"][key] for s in sizes], "o-", label=label)
    _bar_lines(reload, [(60, "60 s"), (1, "1 s")])
    _style(reload, "Reload (seconds)", log_y=True)

    for name, colour in (("engine", "C0"), ("fts5", "C1"), ("rapidfuzz", "C2")):
        title = {"engine": "engine", "fts5": "FTS5 bm25", "rapidfuzz": "rapidfuzz"}[name]
        ask.plot(x, [s[name]["median_ms"] for s in sizes], "o-", color=colour,
                 label=f"{title} median")
        ask.plot(x, [s[name]["p99_ms"] for s in sizes], "s--", color=colour,
                 label=f"{title} p99")
    _bar_lines(ask, [(2, "2 ms"), (10, "10 ms")])
    _style(ask, "Ask latency (ms, in-process)", log_y=True)

    memory.plot(x, [s["serve_peak_rss_mb"] for s in sizes], "o-", label="peak RSS, answering")
    memory.plot(x, [s["reload_peak_rss_mb"] for s in sizes], "o-",
                label="peak RSS, reload from scratch")
    memory.plot(x, [s["db_mb"] for s in sizes], "o-", label="database file")
    _bar_lines(memory, [(300, "300 MB")])
    _style(memory, "Memory and disk (MB)", log_y=True)

    for name, label in (("engine", "engine"), ("fts5", "FTS5 bm25"),
                        ("rapidfuzz", "rapidfuzz")):
        quality.plot(x, [100 * (s[name]["top1"] or 0) for s in sizes], "o-", label=label)
    quality.plot(x, [100 * (s["engine"]["abstained_unanswerable"] or 0) for s in sizes], "o:",
                 label="engine abstains when unanswerable")
    quality.set_ylim(0, 100)
    _style(quality, "Generated questions: top-1 sentence right (%)", log_y=False)

    figure.suptitle(f"Fact engine at {min(x):,} to {max(x):,} generated articles "
                    f"({results['machine']['cpus']} CPUs)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _bar_lines(axis: Any, bars: list[tuple[float, str]]) -> None:
    for value, label in bars:
        axis.axhline(value, color="grey", linestyle=":", linewidth=1)
        axis.annotate(f"bar {label}", (0.01, value), xycoords=("axes fraction", "data"),
                      fontsize=8, color="grey", va="bottom")


def _style(axis: Any, title: str, log_y: bool) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    axis.set_xscale("log")
    axis.xaxis.set_major_locator(FixedLocator(_TICKS))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    axis.xaxis.set_minor_locator(NullLocator())
    if log_y:
        axis.set_yscale("log")
    axis.set_xlabel("articles")
    axis.set_title(title)
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
