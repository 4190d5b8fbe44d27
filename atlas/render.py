"""HTML snippets for the details panel and the Sources page.

Pure functions (no Streamlit): every string from data goes through esc();
links are built only from the schema-checked http(s) URLs and from ids.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from atlas import i18n, vocab
from atlas.data import Catalog
from atlas.i18n import t
from atlas.linking import Terms, highlight_spans
from atlas.schema import Source, parse_partial_date
from atlas.stats import conflicts, period, qualifier

CSS = (
    """
<style>
.atlas-card h3 {margin: 0 0 2px 0; font-size: 1.25rem;}
.atlas-zh {color: #555; font-size: 1.05rem; margin-bottom: 6px;}
.atlas-meta {color: #444; font-size: 0.9rem; margin: 4px 0;}
.atlas-badge {display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 0.8rem; margin-right: 4px;
              background: #eceff1; color: #263238;}
"""
    + vocab.badge_css()
    + """
.atlas-badge.unreviewed {background: #ffcdd2; color: #b71c1c;}
.atlas-stale {color: #8d6e63;}
.atlas-badge.conflict {background: #fff3e0; color: #e65100; border: 1px solid #ffb74d;}
.atlas-section {font-weight: 600; margin: 12px 0 4px 0;}
.atlas-quote {border-left: 3px solid #b0bec5; margin: 6px 0; padding: 2px 10px; color: #222;}
.atlas-cite {color: #555; font-size: 0.85rem; margin: 0 0 8px 10px;}
.atlas-fact {margin: 4px 0;} .atlas-fact b {font-size: 1.05rem;}
.atlas-mention {background: #fff59d; padding: 0 2px; border-radius: 2px;}
</style>
"""
)


def esc(value) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return html.escape(str(value), quote=True)


def feature_link(feature_id: str, label: str) -> str:
    return f'<a href="./?feature={quote(feature_id)}" target="_self">{esc(label)}</a>'


def cite_html(src: Source, lang: str = "en") -> str:
    who = f"{esc(src.author)}, " if src.author else ""
    badge = f' <span class="atlas-badge unreviewed">{esc(t("details.unreviewed", lang))}</span>' if not src.reviewed else ""
    return (
        f'<div class="atlas-cite">— {who}<i>{esc(src.outlet)}</i>, {esc(src.published)}: '
        f'<a href="{esc(src.url)}" target="_blank" rel="noopener">{esc(src.title)}</a>{badge}</div>'
    )


def _fmt_value(value: float, unit: str, lang: str = "en") -> str:
    text = i18n.number(value, lang, digits=2)
    return f"{text}%" if unit == "percent" else f"{text} {i18n.unit(unit, lang)}"


def facts_html(catalog: Catalog, feature_id: str, lang: str = "en") -> str:
    """The feature's figures, newest first; figures quoted from the same
    sentence share one quote and one citation."""
    facts = catalog.facts[catalog.facts["feature_id"] == feature_id]
    disagree = conflicts(facts, catalog.sources, lang)  # a conflict is always within one feature
    if facts.empty:
        return ""
    facts = facts.assign(_d=facts["as_of"].map(parse_partial_date)).sort_values("_d", ascending=False)
    quotes = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
    groups: dict[str, list] = {}
    for f in facts.itertuples():
        key = f.excerpt_id if isinstance(f.excerpt_id, str) else f"{f.source_id}:{f.Index}"
        groups.setdefault(key, []).append(f)
    out = [f'<div class="atlas-section">{esc(t("details.figures", lang))}</div>']
    for key, group in groups.items():
        for f in group:
            qual = esc(qualifier(f.qualifier, lang))
            covers = esc(period(f.period_start, f.as_of, lang))
            flag = (
                f' <span class="atlas-badge conflict" title="{esc(disagree[f.Index])}">{esc(t("details.disagree", lang))}: '
                f"{esc(disagree[f.Index])}</span>"
                if f.Index in disagree
                else ""
            )
            out.append(
                f'<div class="atlas-fact"><b>{qual}{esc(_fmt_value(f.value, f.unit, lang))}</b> '
                f'<span class="atlas-meta">{esc(i18n.metric(f.metric, lang))}, {covers}</span>{flag}</div>'
            )
        if key in quotes:
            out.append(f'<div class="atlas-quote">“{esc(quotes[key])}”</div>')
        out.append(cite_html(catalog.sources[group[0].source_id], lang))
    return "".join(out)


def milestones_html(catalog: Catalog, feature_id: str, lang: str = "en") -> str:
    ms = catalog.milestones[catalog.milestones["feature_id"] == feature_id]
    if ms.empty:
        return ""
    ms = ms.assign(_d=ms["date"].map(parse_partial_date)).sort_values("_d")
    items = "".join(
        f"<li><b>{esc(m.date)}</b> {esc(i18n.label('event', m.event, lang))}: {esc(m.description)} "
        f'<a href="{esc(catalog.sources[m.source_id].url)}" target="_blank" rel="noopener">[{esc(catalog.sources[m.source_id].outlet)}]</a></li>'
        for m in ms.itertuples()
    )
    return f'<div class="atlas-section">{esc(t("details.milestones", lang))}</div><ul>{items}</ul>'


def excerpts_html(catalog: Catalog, feature_id: str, lang: str = "en") -> str:
    ex = catalog.excerpts[catalog.excerpts["feature_id"] == feature_id]
    if ex.empty:
        return ""
    ex = ex.assign(_d=ex["published"].map(parse_partial_date)).sort_values(["_d", "excerpt_id"], ascending=[False, True])
    out = [f'<div class="atlas-section">{esc(t("details.excerpts", lang, n=len(ex)))}</div>']
    for e in ex.itertuples():
        out.append(f'<div class="atlas-quote">“{esc(e.text)}”</div>')
        out.append(cite_html(catalog.sources[e.source_id], lang))
    return "".join(out)


def geometry_html(f: dict, lang: str = "en") -> str:
    """How the feature is drawn; for a line in parts, each part with its own precision."""
    label = t("details.geometry", lang)
    parts = f.get("part_precisions")
    if not isinstance(parts, list | tuple):
        where = f.get("location_source")
        located = (
            f'<div class="atlas-meta atlas-located">{esc(t("details.located", lang))}: {esc(where)}</div>'
            if isinstance(where, str) and where.strip()
            else ""
        )
        return (
            f'<div class="atlas-meta"><i>{esc(label)}: {esc(i18n.precisions(lang)[f["geometry_precision"]])}</i></div>{located}'
        )
    names = f.get("part_names") if isinstance(f.get("part_names"), list | tuple) else [str(i + 1) for i in range(len(parts))]
    items = "".join(f"<li>{esc(n)}: {esc(i18n.precisions(lang)[p])}</li>" for n, p in zip(names, parts, strict=True))
    return f'<div class="atlas-meta"><i>{esc(label)}:</i><ul class="atlas-parts">{items}</ul></div>'


def freshness_html(catalog: Catalog, feature_id: str, lang: str = "en") -> str:
    """How old the feature's newest source is; for a stale one, that nothing newer was found."""
    from atlas.audit import feature_freshness

    fr = feature_freshness(catalog, feature_id)
    if fr.newest is None:
        return ""
    src = catalog.sources[fr.newest_source]
    text = t("details.newest", lang, date=fr.newest, outlet=src.outlet, months=fr.months)
    if fr.stale:
        text += " " + t("details.stale", lang, date=fr.newest)
    cls = "atlas-meta atlas-stale" if fr.stale else "atlas-meta"
    return f'<div class="{cls}">{esc(text)}</div>'


def who_html(f: dict, lang: str = "en") -> str:
    """Builders and financiers, where a source names them."""
    rows = [(key, list(f.get(key) or ())) for key in ("builders", "financiers")]
    return "".join(
        f'<div class="atlas-meta"><b>{esc(t(f"details.{key}", lang))}:</b> {esc(i18n.join(names, lang))}</div>'
        for key, names in rows
        if names
    )


def details_html(catalog: Catalog, feature_id: str, lang: str = "en") -> str:
    """Everything about one feature except the related-feature buttons."""
    f = catalog.feature(feature_id)
    if f is None:
        return ""
    countries = i18n.join((i18n.countries(lang).get(c, c) for c in f["countries"]), lang)
    title, other = i18n.names(f["name"], f["name_zh"], lang)
    other_lang = "en" if other == f["name"] else "zh"  # the second name is the English or the Chinese one
    zh = f'<div class="atlas-zh" lang="{other_lang}">{esc(other)}</div>' if other else ""
    corridor = (
        f" · {esc(t('details.corridor', lang))} <code>{esc(f['corridor'])}</code>" if isinstance(f.get("corridor"), str) else ""
    )
    parts = [
        CSS,
        '<div class="atlas-card">',
        f"<h3>{esc(title)}</h3>",
        zh,
        f'<div class="atlas-meta">{esc(i18n.kinds(lang)[f["kind"]])} · {esc(countries)}{corridor}</div>',
        f'<div class="atlas-meta"><span class="atlas-badge status-{esc(f["status"])}">{esc(i18n.statuses(lang)[f["status"]])}</span>'
        f" {esc(t('details.asof', lang))} {esc(f['status_as_of'])}</div>",
        geometry_html(f, lang),
        freshness_html(catalog, feature_id, lang),
        who_html(f, lang),
        f"<p>{esc(f['summary'])}</p>",
        facts_html(catalog, feature_id, lang),
        milestones_html(catalog, feature_id, lang),
        excerpts_html(catalog, feature_id, lang),
        "</div>",
    ]
    return "".join(parts)


def mark_mentions(catalog: Catalog, text: str, terms: Terms | None = None, *, known: set[str] | None = None) -> str:
    """The excerpt, escaped, with each feature it names highlighted and linked to the map
    (`known`: the catalog's feature ids, when the caller has them already)."""
    known = set(catalog.features["id"]) if known is None else known
    out, pos = [], 0
    for m in highlight_spans(text, catalog, terms):
        if not m.feature_ids:
            continue
        out.append(esc(text[pos : m.start]))
        span = esc(text[m.start : m.end])
        fid = next((f for f in m.feature_ids if f in known), None)
        title = esc(" / ".join(catalog.name_of(f) for f in m.feature_ids))
        if fid:
            out.append(f'<a class="atlas-mention" href="./?feature={quote(fid)}" target="_self" title="{title}">{span}</a>')
        else:
            out.append(f'<span class="atlas-mention" title="{title}">{span}</span>')
        pos = m.end
    out.append(esc(text[pos:]))
    return "".join(out)


def source_html(catalog: Catalog, src: Source, terms: Terms | None = None, lang: str = "en") -> str:
    """A source with its excerpts; each excerpt links its features to the map."""
    who = f"{esc(src.author)} · " if src.author else ""
    badge = f' <span class="atlas-badge unreviewed">{esc(t("details.unreviewed", lang))}</span>' if not src.reviewed else ""
    out = [
        CSS,
        '<div class="atlas-card">',
        f'<h3><a href="{esc(src.url)}" target="_blank" rel="noopener">{esc(src.title)}</a>{badge}</h3>',
        f'<div class="atlas-meta">{who}<i>{esc(src.outlet)}</i> · {esc(src.published)} · {esc(t("sources.excerpts", lang, n=len(src.excerpts)))}</div>',
    ]
    known = set(catalog.features["id"])
    for ex in src.excerpts:
        links = []
        for fid in ex.feature_ids:
            name = catalog.name_of(fid, lang)
            links.append(feature_link(fid, name) if fid in known else f'<span class="atlas-badge">{esc(name)}</span>')
        out.append(f'<div class="atlas-quote">“{mark_mentions(catalog, ex.text, terms, known=known)}”</div>')
        out.append(f'<div class="atlas-cite">{esc(t("details.onmap", lang))}: {" · ".join(links)}</div>')
    out.append("</div>")
    return "".join(out)
