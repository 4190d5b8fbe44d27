"""HTML for the details panel and the Sources page, from Jinja2 templates (atlas/templates/).

Pure functions (no Streamlit): each builds the values a template shows and renders it
autoescaped, so every string from data is text; links are built only from the
schema-checked http(s) URLs and from ids (urlencoded by the template).
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from atlas import changelog, cite, i18n, reading
from atlas.data import Catalog
from atlas.finance import ATTRIBUTION, project_ids
from atlas.i18n import t
from atlas.linking import Terms, highlight_spans
from atlas.schema import Source, parse_partial_date
from atlas.stats import conflicts
from atlas.templating import render


def esc(value) -> str:
    """Text as HTML, for the few attributes still built in Python (map runtime options)."""
    if value is None or value != value:  # None or NaN
        return ""
    return html.escape(str(value), quote=True)


def cite_html(sources: list[Source], lang: str = "en") -> str:
    """Citation lines of `sources`: author, outlet, date and linked title."""
    return render("cites.html.j2", lang, sources=sources)


KEY_FIGURES = 3  # figures in the details' header: the newest of each metric, the rest under "Figures"


def _figures(catalog: Catalog, feature_id: str, lang: str, *, permalink: str = "", accessed: dt.date | None = None) -> list[dict]:
    """The feature's figures, newest first, each read as a phrase ('over 62.5 million passenger trips,
    Dec 2021 – Dec 2025'); figures quoted from the same sentence share one quote and one citation."""
    facts = catalog.facts[catalog.facts["feature_id"] == feature_id]
    if facts.empty:
        return []
    accessed = accessed or dt.date.today()
    disagree = conflicts(facts, catalog.sources, lang)  # a conflict is always within one feature
    facts = facts.assign(_d=facts["as_of"].map(parse_partial_date)).sort_values("_d", ascending=False)
    quotes = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
    groups: dict[str, list] = {}
    for f in facts.itertuples():
        key = f.excerpt_id if isinstance(f.excerpt_id, str) else f"{f.source_id}:{f.Index}"
        groups.setdefault(key, []).append(f)
    out = []
    for key, group in groups.items():
        src = catalog.sources[group[0].source_id]
        facts_out = [
            {
                "metric": f.metric,
                "line": reading.figure_line(f.value, f.unit, f.metric, f.period_start, f.as_of, lang, f.qualifier),
                "conflict": disagree.get(f.Index, ""),
            }
            for f in group
        ]
        quote = quotes.get(key, "")
        figure = "\n".join(x["line"] for x in facts_out)
        out.append(
            {
                "facts": facts_out,
                "quote": quote,
                "source": src,
                "cite": cite.citation(src, quote, permalink=permalink, lang=lang, accessed=accessed, figure=figure),
            }
        )
    return out


def _key_figures(figures: list[dict]) -> list[str]:
    """The header's figures: the newest of each metric, at most KEY_FIGURES."""
    seen, out = set(), []
    for group in figures:
        for f in group["facts"]:
            if f["metric"] not in seen and len(out) < KEY_FIGURES:
                seen.add(f["metric"])
                out.append(f["line"])
    return out


def _milestones(catalog: Catalog, feature_id: str, lang: str) -> list[dict]:
    ms = catalog.milestones[catalog.milestones["feature_id"] == feature_id]
    if ms.empty:
        return []
    ms = ms.assign(_d=ms["date"].map(parse_partial_date)).sort_values("_d")
    return [
        {
            "date": reading.date_text(m.date, lang),
            "event": i18n.label("event", m.event, lang),
            "description": m.description,
            "source": catalog.sources[m.source_id],
        }
        for m in ms.itertuples()
    ]


def _excerpts(
    catalog: Catalog,
    feature_id: str,
    lang: str = "en",
    *,
    shown: set[str] = frozenset(),
    permalink: str = "",
    accessed: dt.date | None = None,
) -> list[dict]:
    """The feature's excerpts, newest first, but those already quoted under a figure (`shown`): each quote once."""
    ex = catalog.excerpts[catalog.excerpts["feature_id"] == feature_id]
    if ex.empty:
        return []
    accessed = accessed or dt.date.today()
    ex = ex.assign(_d=ex["published"].map(parse_partial_date)).sort_values(["_d", "excerpt_id"], ascending=[False, True])
    return [
        {
            "text": e.text,
            "source": catalog.sources[e.source_id],
            "cite": cite.citation(catalog.sources[e.source_id], e.text, permalink=permalink, lang=lang, accessed=accessed),
        }
        for e in ex.itertuples()
        if " ".join(str(e.text).split()) not in shown
    ]


def _freshness(catalog: Catalog, feature_id: str, lang: str) -> tuple[str, str, bool]:
    """(how old the newest source is, in short; the sentence naming it; whether it is stale)."""
    from atlas.audit import feature_freshness

    fr = feature_freshness(catalog, feature_id)
    if fr.newest is None:
        return "", "", False
    src = catalog.sources[fr.newest_source]
    text = t("details.newest", lang, date=fr.newest, outlet=src.outlet, months=fr.months)
    if fr.stale:
        text += " " + t("details.stale", lang, date=fr.newest)
    return reading.age(fr.months, lang), text, fr.stale


def _parts(f, lang: str) -> list[tuple[str, str]]:
    """A line in parts: each part's name and how it is drawn ([] for a line in one piece)."""
    parts = f.get("part_precisions")
    if not isinstance(parts, list | tuple):
        return []
    names = f.get("part_names") if isinstance(f.get("part_names"), list | tuple) else [str(i + 1) for i in range(len(parts))]
    return [(n, i18n.precisions(lang)[p]) for n, p in zip(names, parts, strict=True)]


def _lenders(names, lang: str) -> str:
    return i18n.join(list(names), lang) if len(names) else t("details.finance.nolender", lang)


def _finance(catalog: Catalog, f: dict, lang: str) -> dict | None:
    """Who pays: the AidData projects the feature names (`aiddata_ids`), largest first, with their total."""
    ids = project_ids(f.get("aiddata_ids"), catalog.finance.index)
    if not ids:
        return None
    projects = catalog.finance.loc[ids].sort_values("amount_usd_2021", ascending=False, na_position="last")
    rows = []
    for p in projects.itertuples():
        terms = []
        if isinstance(p.interest_rate, str):
            terms.append(t("details.finance.rate", lang, rate=p.interest_rate))
        if pd.notna(p.maturity_years):
            terms.append(t("details.finance.maturity", lang, years=i18n.number(p.maturity_years, lang, digits=1)))
        if pd.notna(p.grace_period_years):
            terms.append(t("details.finance.grace", lang, years=i18n.number(p.grace_period_years, lang, digits=1)))
        known = pd.notna(p.amount_usd_2021)
        nominal = isinstance(p.nominal_currency, str) and pd.notna(p.nominal_amount)
        rows.append(
            {
                "lenders": _lenders(p.financiers, lang),
                "flow": i18n.label("finance.flow", p.flow_type, lang) if isinstance(p.flow_type, str) else "",
                "amount": t("details.finance.amount", lang, amount=i18n.money(p.amount_usd_2021, "USD", lang))
                if known
                else t("details.finance.noamount", lang),
                "nominal": t("details.finance.nominal", lang, amount=i18n.money(p.nominal_amount, p.nominal_currency, lang))
                if nominal
                else "",
                "year": t("details.finance.year", lang, year=p.commitment_year),
                "status": t("details.finance.status", lang, status=p.status),
                "terms": i18n.join(terms, lang),
                "title": p.title,
                "url": p.url,
                "id": p.aiddata_id,
            }
        )
    total = projects["amount_usd_2021"].sum(min_count=1)
    return {
        "projects": rows,
        "total": t("details.finance.total", lang, n=len(rows), amount=i18n.money(total, "USD", lang)) if pd.notna(total) else "",
        "cite": t("details.finance.cite", lang, attribution=ATTRIBUTION),
    }


def details_html(
    catalog: Catalog, feature_id: str, lang: str = "en", *, permalink: str = "", accessed: dt.date | None = None
) -> str:
    """Everything about one feature except the related-feature buttons: a header a reader scans (names,
    kind, countries, status and its date, how old the newest source is, the key figures), then sections
    to open (figures, timeline, sources, geometry, who pays); every quote once, each with a citation
    whose permalink is `permalink` (the view's share link)."""
    f = catalog.feature(feature_id)
    if f is None:
        return ""
    title, other = i18n.names(f["name"], f["name_zh"], lang)
    where = f.get("location_source")
    age, freshness, stale = _freshness(catalog, feature_id, lang)
    figures = _figures(catalog, feature_id, lang, permalink=permalink, accessed=accessed)
    quoted = {" ".join(g["quote"].split()) for g in figures if g["quote"]}
    d = {
        "title": title,
        "other": other,
        "other_lang": "en" if other == f["name"] else "zh",  # the second name is the English or the Chinese one
        "kind": i18n.kinds(lang)[f["kind"]],
        "countries": i18n.join((i18n.countries(lang).get(c, c) for c in f["countries"]), lang),
        "corridor": f["corridor"] if isinstance(f.get("corridor"), str) else "",
        "status": f["status"],
        "status_label": i18n.statuses(lang)[f["status"]],
        "status_as_of": reading.date_text(f["status_as_of"], lang),
        "precision": i18n.precisions(lang)[f["geometry_precision"]],
        "parts": _parts(f, lang),
        "located": where if isinstance(where, str) and where.strip() else "",
        "age": age,
        "freshness": freshness,
        "stale": stale,
        "who": [(key, i18n.join(list(f.get(key) or ()), lang)) for key in ("builders", "financiers") if f.get(key)],
        "summary": f["summary"],
        "finance": _finance(catalog, f, lang),
        "key": _key_figures(figures),
        "figures": figures,
        "milestones": _milestones(catalog, feature_id, lang),
        "excerpts": _excerpts(catalog, feature_id, lang, shown=quoted, permalink=permalink, accessed=accessed),
        "history": changelog.history(catalog, feature_id, lang),
    }
    return render("details.html.j2", lang, d=d)


def whats_new_html(entries: list[dict], lang: str = "en") -> str:
    """The What's new list: each logged change with its feature (linked to the map), its source and quote."""
    return render("whats_new.html.j2", lang, entries=entries)


def mention_spans(catalog: Catalog, text: str, terms: Terms | None = None, *, known: set[str] | None = None) -> list[dict]:
    """The excerpt as spans: plain text, and each feature it names (`feature`: the id to link
    to the map, when the catalog has it; `title`: the names it may mean)."""
    known = set(catalog.features["id"]) if known is None else known
    out, pos = [], 0
    for m in highlight_spans(text, catalog, terms):
        if not m.feature_ids:
            continue
        out.append({"text": text[pos : m.start], "feature": None, "title": ""})
        fid = next((f for f in m.feature_ids if f in known), None)
        title = " / ".join(catalog.name_of(f) for f in m.feature_ids)
        out.append({"text": text[m.start : m.end], "feature": fid, "title": title})
        pos = m.end
    out.append({"text": text[pos:], "feature": None, "title": ""})
    return out


def source_html(catalog: Catalog, src: Source, terms: Terms | None = None, lang: str = "en") -> str:
    """A source with its excerpts; each excerpt links its features to the map."""
    known = set(catalog.features["id"])
    excerpts = [
        {
            "spans": mention_spans(catalog, ex.text, terms, known=known),
            "features": [(fid, catalog.name_of(fid, lang), fid in known) for fid in ex.feature_ids],
        }
        for ex in src.excerpts
    ]
    return render("source.html.j2", lang, src=src, excerpts=excerpts)
