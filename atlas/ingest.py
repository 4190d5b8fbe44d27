"""`python -m atlas ingest SOURCE…`: news in, proposals out (docs/pipeline.md §1–2).

A SOURCE is a web address, an .html/.htm/.txt file, or an RSS/Atom feed (address or file; a feed is told by
feedparser finding a feed in it, and each of its entries' links is ingested, falling back to the entry's own
content or summary when the link cannot be fetched). The article's main text and metadata come from trafilatura,
its publication date from htmldate. A text file may start with a header block (`URL:`, `Title:`, `Outlet:`,
`Author:`, `Published:`, `Language:` lines, then a blank line), or have a sidecar `<name>.json` with the same
fields, or be one of tests/articles/real's articles (whose labels.json holds them).

Pages the data already holds — the same address once normalised, or a page holding every excerpt of a stored
source — are skipped with a message. Each new article gets a source id like the stored ones
(`outlet_yyyy_mm_dd_slug`) and its proposals (atlas/propose.py) go to `<inbox>/<source_id>.json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from atlas.data import Catalog
from atlas.files import write_atomic
from atlas.propose import canon, propose
from atlas.schema import ID_RE

MAX_PAGE_BYTES = 5_000_000
USER_AGENT = "china-asean-atlas-ingest/1.0 (+https://github.com/)"
HEADER_KEYS = {"url", "title", "outlet", "author", "published", "language"}
HEADER_LINE = re.compile(r"^(URL|Title|Outlet|Author|Published|Language)\s*:\s*(.*)$", re.I)
CJK = re.compile(r"[\u3400-\u9fff]")
HOST_NOISE = {"www", "m", "en", "english", "news", "amp", "mobile", "web", "edition"}
TITLE_STOP = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "with", "as", "at", "by", "is", "are", "its", "from"}


class SourceError(Exception):
    """One source that could not be read: its message is one line."""


@dataclasses.dataclass
class Article:
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None
    via: str = "page"  # "page", "file", "feed entry" (the feed's own text: the link could not be fetched)
    note: str = ""


# --- reading -------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.I))


def fetch(url: str, timeout: float) -> bytes:
    """The page's bytes; a SourceError with one line saying why not."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only: is_url)
            body = resp.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise SourceError(f"{url}: HTTP {err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        reason = err.reason.strerror if isinstance(err.reason, OSError) and err.reason.strerror else err.reason
        raise SourceError(f"{url}: cannot fetch: {reason}") from err
    except TimeoutError as err:
        raise SourceError(f"{url}: cannot fetch: no answer within {timeout:g} s") from err
    except (OSError, ValueError) as err:
        raise SourceError(f"{url}: cannot fetch: {err}") from err
    if len(body) > MAX_PAGE_BYTES:
        raise SourceError(f"{url}: larger than {MAX_PAGE_BYTES // 1_000_000} MB: not an article page")
    return body


def _feed(raw: bytes):
    """The parsed feed, or None when `raw` is no RSS/Atom feed."""
    import feedparser

    if not re.search(rb"<(?:rss|feed|rdf:RDF)\b", raw[:4000], re.I):
        return None
    parsed = feedparser.parse(raw)
    return parsed if parsed.get("version") and parsed.entries else None


def _date_of(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups())).isoformat()
    except ValueError:
        return None


def _html_language(raw: str) -> str | None:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", raw[:5000], re.I)
    return m.group(1).lower() if m else None


def _guess_language(text: str) -> str:
    return "zh" if len(CJK.findall(text)) > len(text) / 4 else "en"


def from_html(raw: bytes | str, url: str | None, via: str = "page") -> Article:
    """The main text and metadata of an HTML page (trafilatura; the date by htmldate)."""
    import htmldate
    import trafilatura

    page = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False, include_tables=False)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise SourceError(f"{url or 'the page'}: no article text found in the page")
    try:
        published = htmldate.find_date(page, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on pages it cannot parse: the date is then unknown, not an error
        published = None
    published = _date_of(published) or _date_of(meta.get("date"))
    # the page's own address (its canonical link or og:url, which trafilatura reads) before the one it was fetched
    # from: a copy served elsewhere, or a link with tracking parameters, is still that article
    page_url = meta.get("url") if is_url(meta.get("url") or "") else url
    title = meta.get("title")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # the headline is a sentence of the article (it often names the feature)
    return Article(
        text=text,
        url=page_url,
        title=title,
        outlet=meta.get("sitename") or None,
        author=meta.get("author") or None,
        published=published,
        language=_html_language(page) or meta.get("language") or _guess_language(text),
        via=via,
    )


def from_text_file(path: Path) -> Article:
    """A .txt article: an optional header block, else a sidecar .json, else its folder's labels.json."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start})") from err
    meta: dict[str, str] = {}
    lines = text.splitlines()
    if lines and HEADER_LINE.match(lines[0]):
        i = 0
        while i < len(lines) and lines[i].strip():
            m = HEADER_LINE.match(lines[i])
            if not m:
                break
            meta[m.group(1).lower()] = m.group(2).strip()
            i += 1
        text = "\n".join(lines[i:]).strip("\n")
    else:
        for side in (path.with_suffix(".json"), path.parent / "labels.json"):
            if not side.is_file():
                continue
            try:
                doc = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if side.name == "labels.json":
                doc = doc.get(path.stem) if isinstance(doc, dict) else None
            if isinstance(doc, dict):
                meta = {k: str(v) for k, v in doc.items() if k in HEADER_KEYS and isinstance(v, str)}
                break
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    headline = first and len(first) <= 200 and not first.endswith((".", "。")) and not re.match(r"(?i)by\s", first)
    title = meta.get("title") or (first if headline else None)
    return Article(
        text=text,
        url=meta.get("url") if is_url(meta.get("url") or "") else None,
        title=title,
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        published=_date_of(meta.get("published")),
        language=meta.get("language") or _guess_language(text),
        via="file",
    )


def _plain(fragment: str) -> str:
    """Text of an HTML fragment (a feed's summary): tags out, paragraphs kept, entities decoded."""
    fragment = re.sub(r"(?i)<\s*(?:br|/p|/div|/li|/h\d)\s*/?>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def from_feed(parsed, timeout: float, where: str) -> list[Article | SourceError]:
    """Each entry of a feed: its linked page, else the entry's own content or summary."""
    outlet = parsed.feed.get("title") or None
    out: list[Article | SourceError] = []
    for entry in parsed.entries:
        link = entry.get("link")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entry_date = dt.date(*stamp[:3]).isoformat() if stamp else None
        problem = None
        if link and is_url(link):
            try:
                art = from_html(fetch(link, timeout), link)
                art.outlet = art.outlet or outlet
                art.published = art.published or entry_date
                art.title = art.title or entry.get("title")
                out.append(art)
                continue
            except SourceError as err:
                problem = str(err)
        content = entry.get("content") or []
        body = _plain(content[0].get("value", "")) if content else _plain(entry.get("summary", ""))
        if not body:
            out.append(SourceError(problem or f"{where}: an entry ({entry.get('title', 'untitled')!r}) has no link and no text"))
            continue
        title = entry.get("title")
        out.append(
            Article(
                text=f"{title}\n\n{body}" if title else body,
                url=link if link and is_url(link) else None,
                title=title,
                outlet=outlet,
                author=entry.get("author"),
                published=entry_date,
                language=_guess_language(body),
                via="feed entry",
                note=f"the feed's own text of the entry was used ({problem})" if problem else "the feed's own text of the entry",
            )
        )
    return out


def read_source(source: str, timeout: float = 20.0) -> list[Article | SourceError]:
    """The articles of one SOURCE (a feed gives several); a source that cannot be read gives one SourceError."""
    try:
        if is_url(source):
            raw = fetch(source, timeout)
            parsed = _feed(raw)
            return from_feed(parsed, timeout, source) if parsed is not None else [from_html(raw, source)]
        path = Path(source)
        if not path.is_file():
            raise SourceError(f"{source}: no such file (and not an http:// or https:// address)")
        if path.suffix.lower() == ".txt":
            return [from_text_file(path)]
        raw = path.read_bytes()
        if len(raw) > MAX_PAGE_BYTES:
            raise SourceError(f"{source}: larger than {MAX_PAGE_BYTES // 1_000_000} MB: not an article")
        parsed = _feed(raw)
        if parsed is not None:
            return from_feed(parsed, timeout, source)
        if path.suffix.lower() not in (".html", ".htm", ".xhtml"):
            raise SourceError(f"{source}: expected an .html/.htm/.txt file or an RSS/Atom feed, found neither")
        art = from_html(raw, None)
        art.via = "file"
        return [art]
    except SourceError as err:
        return [err]
    except OSError as err:
        return [SourceError(f"{source}: cannot read: {err.strerror or err}")]


# --- what the data already holds -----------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """An address as compared: no scheme, no www., host lower case, no fragment, no tracking parameters, no final /."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").casefold()
    host = host[4:] if host.startswith("www.") else host
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    q = urllib.parse.urlencode(sorted(query))
    path = re.sub(r"/+$", "", parts.path) or ""
    return f"{host}{':' + str(parts.port) if parts.port else ''}{path}{'?' + q if q else ''}"


def already_held(article: Article, catalog: Catalog) -> str | None:
    """Why the data already holds this page (a message), or None."""
    if article.url:
        key = normalise_url(article.url)
        for sid, src in catalog.sources.items():
            if src.url and normalise_url(src.url) == key:
                return f"already in the data as sources/{sid}.json (same address)"
    page = canon(article.text)
    for sid, src in catalog.sources.items():
        if src.excerpts and all(canon(ex.text) in page for ex in src.excerpts):
            return f"already in the data as sources/{sid}.json (all its {len(src.excerpts)} excerpts are in this page)"
    return None


# --- ids and the inbox ---------------------------------------------------------------------------------------


def _ascii_words(text: str) -> list[str]:
    import unicodedata

    spaced = re.sub(r"[\W_]+", " ", text)  # a dash between two words keeps them two words: "Gemas–JB"
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().casefold()
    return re.findall(r"[a-z0-9]+", folded)


def outlet_slug(article: Article) -> str:
    if article.url:
        labels = [p for p in (urllib.parse.urlsplit(article.url).hostname or "").casefold().split(".") if p]
        while len(labels) > 2 and labels[0] in HOST_NOISE:
            labels.pop(0)
        if labels:
            slug = "_".join(_ascii_words(labels[0]))
            if slug and slug not in ("localhost",) and not slug.isdigit():
                return slug
    words = [w for w in _ascii_words(article.outlet or "") if w not in TITLE_STOP]
    return "".join(words[:2]) or "source"


def source_id(article: Article, taken: set[str]) -> str:
    """`outlet_yyyy_mm_dd_slug`, snake_case, not in `taken` (a number added when it would be)."""
    date = article.published.replace("-", "_") if article.published else "undated"
    words = [w for w in _ascii_words(article.title or "") if w not in TITLE_STOP][:3]
    if not words and article.url:
        path = re.sub(r"\.(?:s?html?|php|aspx?)$", "", urllib.parse.urlsplit(article.url).path, flags=re.I)
        words = _ascii_words(path)[-1:]
    base = "_".join([outlet_slug(article), date, *(words or ["article"])])
    base = re.sub(r"_+", "_", base).strip("_")
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}_{n}", n + 1
    assert ID_RE.match(sid), sid
    return sid


def source_entry(article: Article, sid: str) -> dict:
    return {
        "id": sid,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "text_sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
    }


def _inbox_ids(inbox: Path) -> dict[str, str]:
    """Source id -> normalised address of the proposal files already in the inbox."""
    out = {}
    for f in sorted(inbox.glob("*.json")) if inbox.is_dir() else ():
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
            for s in doc.get("sources", []):
                out[s["id"]] = normalise_url(s["url"]) if s.get("url") else ""
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            out[f.stem] = ""
    return out


@dataclasses.dataclass
class Outcome:
    sources: list[dict]
    proposals: list[dict]
    written: list[Path]
    skipped: list[str]
    errors: list[str]


def ingest(sources: list[str], catalog: Catalog, inbox: Path, *, timeout: float = 20.0) -> Outcome:
    """Read every SOURCE, skip what the data holds, propose, and write one inbox file per new article."""
    out = Outcome([], [], [], [], [])
    in_inbox = _inbox_ids(inbox)
    taken = set(catalog.sources) | set(in_inbox)
    by_url = {u: sid for sid, u in in_inbox.items() if u}
    for source in sources:
        for item in read_source(source, timeout):
            if isinstance(item, SourceError):
                out.errors.append(str(item))
                continue
            where = item.url or source
            why = already_held(item, catalog)
            if why:
                out.skipped.append(f"{where}: skipped: {why}")
                continue
            key = normalise_url(item.url) if item.url else None
            sid = by_url.get(key) if key else None  # ingested before: the same id, its inbox file refreshed
            if sid is None:
                sid = source_id(item, taken)
                taken.add(sid)
                if key:
                    by_url[key] = sid
            props = propose(item.text, catalog, source_id=sid, published=item.published, outlet=item.outlet)
            entry = source_entry(item, sid)
            if item.note:
                entry["note"] = item.note
            doc = {"sources": [entry], "proposals": props}
            inbox.mkdir(parents=True, exist_ok=True)
            target = inbox / f"{sid}.json"
            write_atomic(target, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
            out.sources.append(entry)
            out.proposals += props
            out.written.append(target)
    return out


# --- the listing ------------------------------------------------------------------------------------------------


def describe(p: dict) -> str:
    """One line per proposal, for people."""
    t = p["type"]
    if t == "excerpt":
        what = f"excerpt  {p['feature_id']}"
    elif t == "status":
        since = " (publication date)" if p.get("date_from") == "published" else ""
        what = f"status   {p['feature_id']}: {p.get('old_status')} ({p.get('old_date')}) → {p['status']}, {p['date']}{since}"
    elif t == "figure":
        q = f"{p['qualifier']} " if p.get("qualifier") else ""
        period = f"{p['period_start']} – " if p.get("period_start") else ""
        what = f"figure   {p['feature_id']}: {p['metric']} = {q}{p['value']:,} {p['unit']} ({period}as of {p.get('as_of')})"
    else:
        since = " (publication date)" if p.get("date_from") == "published" else ""
        what = f"milestone {p['feature_id']}: {p['date']}{since} {p['event']} — {p['description']}"
    return f"[{p['id'].rsplit(':', 1)[-1]}] {what}" + ("   (repeat: the data holds it)" if p.get("repeat") else "")


def listing(outcome: Outcome) -> str:
    lines = []
    for src in outcome.sources:
        props = [p for p in outcome.proposals if p["source_id"] == src["id"]]
        new = sum(not p.get("repeat") for p in props)
        lines.append(
            f"{src['id']}: {src.get('title') or '(no title)'} — {src.get('outlet') or '(outlet unknown)'}, "
            f"{src.get('published') or 'date unknown'}; {src.get('url') or '(no address)'}"
        )
        if src.get("note"):
            lines.append(f"  note: {src['note']}")
        lines.append(f"  {len(props)} proposal(s), {new} new, {len(props) - new} repeat(s)")
        for p in props:
            lines.append("  " + describe(p))
            lines.append(f"      “{p['text']}”")
    return "\n".join(lines)
