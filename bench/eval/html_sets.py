"""Main text and metadata from HTML: ScrapingHub AEB, WCXB (test split), htmldate's MediaCloud 2020.

Each runner reads the set in place, runs Dateline's HTML path on every page and scores
it the way the set's SOURCE.md describes its upstream metric.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import scoring
from .common import GoldSet, html_article, limited, progress, read_page


def run_aeb(folder: Path, limit: int | None) -> dict[str, Any]:
    """Micro-averaged 4-gram shingle F1 of the main text over all pages."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    total, exact, empty = scoring.PRF(), 0, 0
    items = limited(sorted(gold.items()), limit)
    for item_id, g in progress("scrapinghub-aeb", items):
        art = html_article(read_page(folder / "html" / f"{item_id}.html.gz"), item_id, g.get("url"))
        text = art.text if art else ""
        empty += not text
        total = total + scoring.shingle_counts(text, g["articleBody"])
        exact += scoring.exact_tokens(text, g["articleBody"])
    return {"pages": len(items), "text": total.to_dict(), "accuracy": round(exact / len(items), 4),
            "no_text": empty}


def _wcxb_pages(folder: Path, limit: int | None) -> list[tuple[str, dict[str, Any]]]:
    gt = sorted((folder / "test" / "ground-truth").glob("*.json"))
    return limited([(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in gt], limit)


def run_wcxb(folder: Path, limit: int | None) -> dict[str, Any]:
    """Page-averaged bag-of-words F1 of the main text (all pages and article pages), and
    strict title/author/date matches over the pages whose gold has them."""
    rows = []
    for pid, page in progress("wcxb-test", _wcxb_pages(folder, limit)):
        g = page["ground_truth"]
        art = html_article(read_page(folder / "test" / "html" / f"{pid}.html.gz"), pid, page.get("url"))
        kind = (page.get("_internal") or {}).get("page_type", {}).get("primary")
        rows.append((kind, g, art))
    return {"all": _wcxb_figures(rows), "article": _wcxb_figures([r for r in rows if r[0] == "article"])}


def _wcxb_figures(rows: list[tuple[Any, dict[str, Any], Any]]) -> dict[str, Any]:
    f1s = [scoring.bag_of_words(a.text if a else "", g.get("main_content") or "").f1 for _, g, a in rows]
    out: dict[str, Any] = {"pages": len(rows), "text_f1": scoring.mean(f1s)}
    for field, attr in (("title", "title"), ("author", "author"), ("publish_date", "published")):
        judged = [(g[field], getattr(a, attr) if a else None) for _, g, a in rows if g.get(field)]
        same = scoring.same_text if field != "publish_date" else (lambda p, q: bool(p) and p[:10] == q[:10])
        hits = sum(same(p, gold) for gold, p in judged)
        out[attr if attr != "published" else "date"] = {"accuracy": round(hits / len(judged), 4) if judged else 0.0,
                                                       "pages": len(judged)}
    return out


def run_htmldate(folder: Path, limit: int | None) -> dict[str, Any]:
    """Publication date at day granularity, htmldate's precision/recall/F/accuracy."""
    gold = json.loads((folder / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    outcomes = []
    for url, g in progress("htmldate-mediacloud2020", limited(sorted(gold.items()), limit)):
        path = folder / "html" / f"{g['file']}.gz"
        art = html_article(read_page(path), g["file"], url)
        day = g.get("date") if isinstance(g.get("date"), str) else None  # NaN: the page has no date
        outcomes.append(scoring.date_outcome(art.published if art else None, day))
    return scoring.date_scores(outcomes)


SETS = (
    GoldSet("scrapinghub-aeb", "scrapinghub-aeb",
            {"text F1": {"trafilatura 2.0.0": 0.958, "newspaper4k": 0.949, "readability-lxml": 0.922}, "target": 0.95},
            run_aeb),
    GoldSet("wcxb-test", "wcxb-test",
            {"text F1 (all pages)": {"rs-trafilatura": 0.893, "trafilatura": 0.833, "readability": 0.726},
             "articles (issue 7)": {"text": 0.95, "date": 0.85, "author": 0.62, "title": 0.56}},
            run_wcxb),
    GoldSet("htmldate-mediacloud2020", "htmldate-mediacloud2020",
            {"htmldate extensive": {"f": 0.944, "accuracy": 0.895}}, run_htmldate),
)
