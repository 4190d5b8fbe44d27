"""`python -m atlas ingest` (issue 20): pages and feeds served by a local HTTP server, the skip of stored pages,
errors, the date rules, repeat marking, and the proposals' sentences. Nothing reaches the internet."""

from __future__ import annotations

import datetime as dt
import html
import json
import socket
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas import dates
from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.ingest import Article, normalise_url, source_id
from atlas.propose import propose
from tests.conftest import REPO, frozen_data

# the engine is tested against the data as it was on 30 Nov 2026 (tests/fixtures/data_2026_11): its statuses and
# figures are what these tests name, and keeping data/ current must not change what they assert
_FROZEN_TMP = tempfile.TemporaryDirectory(prefix="atlas-frozen-")
FROZEN_DIR = frozen_data(Path(_FROZEN_TMP.name) / "data")
CAT = load_catalog(FROZEN_DIR)
REAL = REPO / "tests" / "articles" / "real"
WHOOSH = (REAL / "nnn_xinhua_2025_10_18_whoosh_two_years.txt").read_text(encoding="utf-8")
WHOOSH_URL_PATH = "/news/2025/10/18/whoosh-two-years.html"


def article_page(text: str, *, title: str, site: str, published: str, lang: str = "en") -> bytes:
    """An HTML page around an article's text, with the metadata a news site gives."""
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.splitlines() if p.strip())
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(site)}</title>'
        f'<meta property="og:title" content="{html.escape(title)}">'
        f'<meta property="og:site_name" content="{html.escape(site)}">'
        f'<meta property="article:published_time" content="{published}T09:00:00+08:00">'
        f'<meta name="author" content="Dames Alexander Sinaga"></head><body>'
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{paras}</article>"
        f"<footer>Copyright 2025 NNN. All rights reserved.</footer></body></html>"
    ).encode()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on leaving: connection refused


@pytest.fixture(scope="module")
def server():
    pages: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if self.path not in pages:
                self.send_error(404, "Not Found")
                return
            kind, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    dead = f"http://127.0.0.1:{closed_port()}"
    pages[WHOOSH_URL_PATH] = (
        "text/html; charset=utf-8",
        article_page(WHOOSH, title="Whoosh high-speed railway marks two years", site="NNN", published="2025-10-18"),
    )
    stored = CAT.sources["malaymail_2025_01_07_gemas_jb"]
    pages["/stored.html"] = (
        "text/html; charset=utf-8",
        article_page(
            "\n".join(ex.text for ex in stored.excerpts) + "\nThe minister said more details would follow next month.",
            title=stored.title,
            site="Malay Mail",
            published="2025-01-07",
        ),
    )
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>NNN Rail News</title><link>{base}/</link><description>rail</description>
<item><title>Whoosh high-speed railway marks two years</title><link>{base}{WHOOSH_URL_PATH}</link>
<pubDate>Sat, 18 Oct 2025 01:00:00 GMT</pubDate><description>Two years of Whoosh.</description></item>
<item><title>Customs at Mohan busy</title><link>{dead}/gone.html</link><pubDate>Mon, 20 Oct 2025 01:00:00 GMT</pubDate>
<description>&lt;p&gt;Customs officers at Mohan cleared more than 3,000 trucks on 19 October.&lt;/p&gt;</description></item>
</channel></rss>"""
    pages["/feed.xml"] = ("application/rss+xml", rss.encode())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"base": base, "dead": dead}
    httpd.shutdown()
    httpd.server_close()


def run(capsys, *argv):
    code = main(["ingest", *argv, *(() if "--data-dir" in argv else ("--data-dir", str(FROZEN_DIR)))])
    out, err = capsys.readouterr()
    return code, out, err


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_a_served_page_gives_its_metadata_and_proposals_each_with_its_sentence(server, capsys, tmp_path):
    url = server["base"] + WHOOSH_URL_PATH
    code, out, err = run(capsys, url, "--json", "--inbox", str(tmp_path))
    assert code == 0, err
    doc = last_json(out)
    (src,) = doc["sources"]
    assert src["url"] == url and src["title"] == "Whoosh high-speed railway marks two years"
    assert src["outlet"] == "NNN" and src["published"] == "2025-10-18" and src["language"] == "en"
    assert src["id"].startswith("127_2025_10_18_") or src["id"].endswith("_2025_10_18_whoosh_high_speed")
    by = {(p["type"], p.get("metric"), p.get("status"), p.get("event"), p["repeat"]): p for p in doc["proposals"]}
    twelve = by[("figure", "passengers", None, None, False)]
    assert twelve["feature_id"] == "jakarta_bandung_hsr" and twelve["value"] == 12_000_000 and twelve["unit"] == "passengers"
    assert twelve["qualifier"] == "more than" and twelve["as_of"] == "2025-10-18"
    assert twelve["text"].startswith("In the past two years, Whoosh has carried more than 12 million passengers")
    opened = by[("milestone", None, None, "opened", False)]
    assert opened["date"] == "2023-10-17" and opened["text"].startswith("Since commencing official operations on Oct 17, 2023")
    confirm = by[("status", None, "operational", None, False)]
    assert confirm["date"] == "2025-10-18" and confirm["date_from"] == "published" and confirm["old_date"] == "2025-08-02"
    page = "Whoosh high-speed railway marks two years\n" + WHOOSH  # the headline is a sentence of the page too
    for p in doc["proposals"]:  # every proposal rests on a verbatim sentence of the page
        assert p["text"] in page
        assert p["id"].startswith(src["id"] + ":") and p["source_id"] == src["id"]
    written = json.loads((tmp_path / f"{src['id']}.json").read_text(encoding="utf-8"))
    assert written == {"sources": [src], "proposals": [p for p in doc["proposals"]]}
    assert "12,000,000 passengers" in out and "“In the past two years, Whoosh has carried" in out


def test_repeat_marks_what_the_data_holds(capsys, tmp_path):
    props = propose(WHOOSH, CAT, source_id="t", published="2025-10-18")
    speed = next(p for p in props if p["type"] == "figure" and p["metric"] == "design_speed")
    length = next(p for p in props if p["type"] == "figure" and p["metric"] == "length")
    assert speed["value"] == 350 and speed["repeat"] and length["value"] == 142.3 and length["repeat"]
    status = [p for p in props if p["type"] == "status"]
    assert {(p["date"], p["repeat"]) for p in status} == {("2023-10-17", True), ("2025-10-18", False)}
    # a stored excerpt proposed again is a repeat
    stored = CAT.sources["thestar_2026_03_16_ecrl"].excerpts[0]
    again = propose(stored.text, CAT, source_id="t", published="2026-03-16")
    assert any(p["type"] == "excerpt" and p["feature_id"] == "ecrl" and p["repeat"] for p in again)


def test_a_feed_ingests_each_entry_and_falls_back_to_the_entrys_own_text(server, capsys, tmp_path):
    code, out, err = run(capsys, server["base"] + "/feed.xml", "--json", "--inbox", str(tmp_path))
    assert code == 0, err
    doc = last_json(out)
    assert [s["published"] for s in doc["sources"]] == ["2025-10-18", "2025-10-20"]
    fallback = doc["sources"][1]
    assert fallback["outlet"] == "NNN Rail News" and fallback["url"] == server["dead"] + "/gone.html"
    assert "feed's own text" in fallback["note"] and "refused" in fallback["note"].lower()
    mohan = [p for p in doc["proposals"] if p["source_id"] == fallback["id"]]
    assert {p["feature_id"] for p in mohan} == {"mohan_station"}
    assert any(p["type"] == "excerpt" and p["text"].startswith("Customs officers at Mohan cleared") for p in mohan)
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_a_page_the_data_holds_is_skipped_with_a_message(server, capsys, tmp_path):
    code, out, err = run(capsys, server["base"] + "/stored.html", "--json", "--inbox", str(tmp_path))
    assert code == 0
    assert "skipped: already in the data as sources/malaymail_2025_01_07_gemas_jb.json" in err
    assert last_json(out) == {"sources": [], "proposals": []} and not list(tmp_path.glob("*.json"))
    # the same address as a stored source, written another way, in a text file's header block
    url = CAT.sources["thestar_2026_03_16_ecrl"].url
    odd = url.replace("https://www.", "http://").rstrip("/") + "/?utm_source=x#top"
    txt = tmp_path / "a.txt"
    txt.write_text(f"URL: {odd}\nTitle: ECRL\nPublished: 2026-03-16\n\nThe ECRL is on track.\n", encoding="utf-8")
    code, out, err = run(capsys, str(txt), "--inbox", str(tmp_path / "inbox"))
    assert code == 0 and "sources/thestar_2026_03_16_ecrl.json (same address)" in err


def test_an_unreachable_address_is_one_line_and_exit_1_only_when_nothing_succeeded(server, capsys, tmp_path):
    dead = server["dead"] + "/x.html"
    code, out, err = run(capsys, dead, "--json", "--inbox", str(tmp_path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {dead}: cannot fetch:") and "refused" in lines[0].lower()
    code, out, err = run(capsys, dead, server["base"] + WHOOSH_URL_PATH, "--json", "--inbox", str(tmp_path))
    assert code == 0 and len(last_json(out)["sources"]) == 1 and f"error: {dead}" in err
    code, out, err = run(capsys, server["base"] + "/missing.html", "--inbox", str(tmp_path))
    assert code == 1 and "HTTP 404" in err


def test_a_text_file_with_a_header_block(capsys, tmp_path):
    txt = tmp_path / "gemas.txt"
    txt.write_text(
        "URL: https://example.org/news/gemas-jb-opens\nTitle: Gemas-JB line opens\nOutlet: Example News\n"
        "Published: 2025-12-12\nLanguage: en\n\n"
        "The Gemas-Johor Bahru Electrified Double-Track Rail Project was launched on 11 December.\n"
        "Trains will run every hour.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(txt), "--json", "--inbox", str(tmp_path / "inbox"))
    assert code == 0, err
    doc = last_json(out)
    assert doc["sources"][0]["id"] == "example_2025_12_12_gemas_jb_line"
    status = next(p for p in doc["proposals"] if p["type"] == "status")
    assert (status["feature_id"], status["status"], status["date"], status["date_from"]) == (
        "gemas_jb_edtp",
        "operational",
        "2025-12-11",
        "text",
    )
    assert status["old_status"] == CAT.feature("gemas_jb_edtp")["status"]
    milestone = next(p for p in doc["proposals"] if p["type"] == "milestone")
    assert (milestone["date"], milestone["event"]) == ("2025-12-11", "opened") and not milestone["repeat"]


def test_an_old_event_of_the_current_status_is_a_repeat_and_a_newer_article_confirms_it():
    assert CAT.feature("gemas_jb_edtp")["status"] == "under_construction"
    props = propose("The Gemas-JB EDTP broke ground on Dec 11, 2019.", CAT, source_id="t", published="2099-12-12")
    status = [(p["status"], p["date"], p["date_from"], p["repeat"]) for p in props if p["type"] == "status"]
    assert status == [
        ("under_construction", "2019-12-11", "text", True),
        ("under_construction", "2099-12-12", "published", False),
    ]


@pytest.mark.parametrize(
    ("sentence", "status", "date", "date_from"),
    [
        ("The Gemas-JB EDTP was suspended yesterday.", "suspended", "2025-12-11", "text"),
        ("The Gemas-JB EDTP was scrapped.", "cancelled", "2025-12-12", "published"),
        ("The Gemas-JB EDTP reopened on 11/12/2025.", "operational", "2025-12-12", "published"),  # ambiguous: skipped
    ],
)
def test_status_words_and_their_dates(sentence, status, date, date_from):
    props = [p for p in propose(sentence, CAT, source_id="t", published="2025-12-12") if p["type"] == "status"]
    assert [(p["status"], p["date"], p["date_from"]) for p in props] == [(status, date, date_from)]


def test_a_plan_is_no_status_but_a_planned_opening():
    props = propose("The Gemas-JB EDTP is expected to open in 2027.", CAT, source_id="t", published="2025-12-12")
    assert not [p for p in props if p["type"] == "status"]
    assert [(p["event"], p["date"]) for p in props if p["type"] == "milestone"] == [("planned_opening", "2027")]


def test_chinese_status_and_date():
    props = propose("中老铁路于2021年12月3日开通运营。", CAT, source_id="t", published="2025-12-12")
    ms = [p for p in props if p["type"] == "milestone"]
    assert [(p["feature_id"], p["date"], p["event"], p["repeat"]) for p in ms] == [
        ("china_laos_railway", "2021-12-03", "opened", True)
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 11 December", "2025-12-11"),
        ("Dec 11, 2025", "2025-12-11"),
        ("December 11", "2025-12-11"),
        ("2025年12月11日", "2025-12-11"),
        ("12月11日", "2025-12-11"),
        ("on 30 December", "2024-12-30"),  # without a year: never after publication
        ("in December 2025", "2025-12"),
        ("since 2013", "2013"),
        ("25/12/2024", "2024-12-25"),
        ("on Friday", "2025-12-12"),
        ("yesterday", "2025-12-11"),
    ],
)
def test_date_forms(text, value):
    assert [f.value for f in dates.find_dates(text, dt.date(2025, 12, 12))] == [value]


def test_an_ambiguous_numeric_date_is_skipped():
    assert dates.find_dates("on 11/12/2025", dt.date(2025, 12, 12)) == []


FORMATS = ("{d} {B} {Y}", "{b} {d}, {Y}", "{B} {d}, {Y}", "{Y}年{m}月{d}日", "{Y}-{m:02d}-{d:02d}")
YEARLESS = ("on {d} {B}", "{B} {d}", "{m}月{d}日", "{d} {b}")


@given(st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)), st.sampled_from(FORMATS))
def test_any_full_date_reads_back(day, fmt):
    text = fmt.format(d=day.day, m=day.month, Y=day.year, B=day.strftime("%B"), b=day.strftime("%b"))
    assert [f.value for f in dates.find_dates(f"It opened {text} here.", dt.date(2036, 1, 1))] == [day.isoformat()]


@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
    st.dates(dt.date(1991, 1, 1), dt.date(2035, 12, 31)),
    st.sampled_from(YEARLESS),
)
def test_a_date_without_a_year_is_the_latest_such_day_not_after_publication(day, published, fmt):
    text = fmt.format(d=day.day, m=day.month, B=day.strftime("%B"), b=day.strftime("%b"))
    found = dates.find_dates(f"It opened {text} here.", published)
    if day.month == 2 and day.day == 29 and not any(_leap(y) for y in (published.year, published.year - 1)):
        return  # no 29 February in either year: nothing read
    assert len(found) == 1 and found[0].yearless
    got = dt.date.fromisoformat(found[0].value)
    assert (got.month, got.day) == (day.month, day.day)
    assert got <= published and (published - got).days < 366 + 365


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def test_addresses_compare_without_their_dress():
    a = normalise_url("https://www.Example.com/news/a/?utm_source=rss&id=3#frag")
    assert a == normalise_url("http://example.com/news/a?id=3") and a != normalise_url("http://example.com/news/b?id=3")


def test_source_ids_are_snake_case_and_unique():
    art = Article(text="x", url="https://www.malaymail.com/news/x", title="Gemas–JB: the line opens!", published="2025-12-11")
    first = source_id(art, set())
    assert first == "malaymail_2025_12_11_gemas_jb_line"
    assert source_id(art, {first}) == f"{first}_2"
    zh = Article(text="x", url="http://news.tielu.cn/pinglun/2024-11-18/310766.html", title="中老铁路", published=None)
    assert source_id(zh, set()) == "tielu_undated_310766"


def test_the_real_articles_are_read_with_their_labels_metadata(capsys, tmp_path):
    code, out, err = run(capsys, str(REAL / "sina_2026_01_04_zhonglao_2025_full_year.txt"), "--json", "--inbox", str(tmp_path))
    assert code == 0, err
    src = last_json(out)["sources"][0]
    assert (src["published"], src["language"], src["url"]) == (
        "2026-01-04",
        "zh",
        "https://reportify.ai/news/1205442387866947584",
    )
    figures = {(p["metric"], p["value"], p["as_of"]) for p in last_json(out)["proposals"] if p["type"] == "figure"}
    assert ("passengers", 19_510_000, "2025-12-31") in figures and ("freight", 24_480_000, "2025-12-31") in figures


# --- the linker where ingest needs it (issue 20 item 5) -------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "ids"),
    [
        ("Customs officers at Mohan inspected more than 3,000 trucks last week.", ["mohan_station"]),
        ("Border officers in Boten checked the passports of travellers.", ["boten_station"]),
        ("Mohan customs cleared 500 freight trains in March.", ["mohan_station"]),
        ("Chinese factories in Morowali employ thousands of workers.", ["morowali_industrial_park"]),
        ("New investment in Kuantan reached a record last year.", ["mckip"]),
        ("Investors in Qinzhou welcomed the new rules.", ["cmqip"]),
        ("Workers at the Kuantan park went on strike.", ["mckip"]),
        ("Trucks queued at the Vientiane dry port on Monday.", ["thanaleng_dry_port"]),
        ("Ships called at Kuantan port in May.", ["kuantan_port"]),
        ("Trade through the Dongxing border gate rose.", ["mong_cai_dongxing_border"]),
    ],
)
def test_a_town_and_what_the_sentence_says_name_the_feature(sentence, ids):
    from atlas.linking import link_article

    assert [e["feature_ids"] for e in link_article(sentence, CAT)["excerpts"]] == [ids]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chinese investments have transformed Kuantan, the capital city of Pahang.",
        "The company's presence in Kuantan not only encourages other companies to invest in the city.",
        "A resident of Padalarang said she liked the train.",
        "Officers in Mohan said the weather was fine.",
    ],
)
def test_a_town_alone_still_names_nothing(sentence):
    from atlas.linking import link_article

    assert link_article(sentence, CAT)["excerpts"] == []


def test_new_traffic_figures_in_a_newer_article_confirm_an_operational_line():
    text = (REAL / "sina_2026_01_04_zhonglao_2025_full_year.txt").read_text(encoding="utf-8")
    props = propose(text, CAT, source_id="t", published="2026-01-04")
    (status,) = [p for p in props if p["type"] == "status"]
    # confirmed as of the date the figures speak of (全年 2025), not the publication
    assert (status["feature_id"], status["status"], status["date"], status["date_from"]) == (
        "china_laos_railway",
        "operational",
        "2025-12-31",
        "text",
    )
    assert "1951万人次" in status["text"]
    # the same figures in an article no newer than the status's date confirm nothing
    older = propose(text, CAT, source_id="t", published=CAT.feature("china_laos_railway")["status_as_of"])
    assert not [p for p in older if p["type"] == "status"]


def test_an_atom_feed_file_with_entry_content(capsys, tmp_path):
    atom = tmp_path / "feed.atom"
    atom.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Border News</title><id>urn:x</id><updated>2025-10-25T00:00:00Z</updated>
<entry><title>Kachin gate reopens</title><id>urn:x:1</id><link href="http://127.0.0.1:{closed_port()}/lweje"/>
<updated>2025-10-25T00:00:00Z</updated>
<content type="html">&lt;p&gt;The Lweje-Zhangfeng border gate reopened on 24 October.&lt;/p&gt;</content></entry></feed>""",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(atom), "--json", "--inbox", str(tmp_path / "inbox"))
    assert code == 0, err
    doc = last_json(out)
    assert doc["sources"][0]["outlet"] == "Border News" and doc["sources"][0]["published"] == "2025-10-25"
    status = next(p for p in doc["proposals"] if p["type"] == "status")
    assert (status["feature_id"], status["status"], status["date"], status["old_status"]) == (
        "lweje_gate",
        "operational",
        "2025-10-24",
        "suspended",
    )
    milestone = next(p for p in doc["proposals"] if p["type"] == "milestone")
    assert (milestone["event"], milestone["date"]) == ("service_resumed", "2025-10-24")


def test_a_saved_html_file_takes_its_address_from_the_page(capsys, tmp_path):
    page = article_page(WHOOSH, title="Whoosh high-speed railway marks two years", site="NNN", published="2025-10-18")
    page = page.replace(b"</head>", b'<link rel="canonical" href="https://www.namnewsnetwork.org/?p=314901"></head>')
    saved = tmp_path / "whoosh.html"
    saved.write_bytes(page)
    code, out, err = run(capsys, str(saved), "--json", "--inbox", str(tmp_path / "inbox"))
    assert code == 0, err
    src = last_json(out)["sources"][0]
    assert src["url"] == "https://www.namnewsnetwork.org/?p=314901" and src["published"] == "2025-10-18"
    assert src["id"] == "namnewsnetwork_2025_10_18_whoosh_high_speed"


def test_ingesting_a_page_again_refreshes_its_inbox_file_under_the_same_id(server, capsys, tmp_path):
    url = server["base"] + WHOOSH_URL_PATH
    first = last_json(run(capsys, url, "--json", "--inbox", str(tmp_path))[1])["sources"][0]["id"]
    second = last_json(run(capsys, url, "--json", "--inbox", str(tmp_path))[1])["sources"][0]["id"]
    assert first == second and [f.name for f in tmp_path.glob("*.json")] == [f"{first}.json"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Malaysia launched a feasibility study of the Gemas-JB EDTP extension on 3 May.",
        "Officials held closed-door talks on the Gemas-JB EDTP on 3 May.",
        "The Gemas-JB EDTP opened the door to more trade on 3 May.",
    ],
)
def test_a_status_word_about_something_else_changes_no_status(sentence):
    props = propose(sentence, CAT, source_id="t", published="2025-12-12")
    assert [p for p in props if p["type"] in ("status", "milestone")] == []


def test_an_approval_reported_of_a_feature_already_further_on_is_history_only():
    assert CAT.feature("jakarta_bandung_hsr")["status"] == "operational"
    props = propose("The Jakarta-Bandung HSR was approved on 3 May 2026.", CAT, source_id="t", published="2026-05-04")
    assert not [p for p in props if p["type"] == "status"]
    assert [(p["event"], p["date"]) for p in props if p["type"] == "milestone"] == [("approved", "2026-05-03")]


def test_a_text_file_with_a_sidecar_json_and_one_with_no_metadata(capsys, tmp_path):
    txt = tmp_path / "whoosh.txt"
    txt.write_text(WHOOSH, encoding="utf-8")
    txt.with_suffix(".json").write_text(
        json.dumps({"url": "https://www.namnewsnetwork.org/?p=314901", "outlet": "NNN (Xinhua)", "published": "2025-10-18"}),
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(txt), "--json", "--inbox", str(tmp_path / "inbox"))
    src = last_json(out)["sources"][0]
    assert code == 0 and (src["outlet"], src["published"]) == ("NNN (Xinhua)", "2025-10-18")
    assert src["title"] is None  # the first line is a byline, not a headline
    bare = tmp_path / "bare" / "note.txt"
    bare.parent.mkdir()
    bare.write_text("Mohan customs cleared 500 freight trains in March.\n", encoding="utf-8")
    code, out, err = run(capsys, str(bare), "--json", "--inbox", str(tmp_path / "inbox"))
    doc = last_json(out)
    assert code == 0 and doc["sources"][0]["id"] == "source_undated_article" and doc["sources"][0]["published"] is None
    assert {p["feature_id"] for p in doc["proposals"]} == {"mohan_station"}


def test_each_status_word_takes_its_own_date():
    text = (
        "The Gemas-Johor Bahru Electrified Double-Track Rail Project was launched on 11 Dec 2025 "
        "and opened to the public on 12 Dec."
    )
    props = propose(text, CAT, source_id="t", published="2025-12-12")
    assert [p["date"] for p in props if p["type"] == "milestone"] == ["2025-12-11", "2025-12-12"]
    zh = propose("章凤口岸于2025年10月24日恢复通关,2026年1月5日起实行新的通关时间。", CAT, source_id="t", published="2026-01-06")
    assert [(p["event"], p["date"]) for p in zh if p["type"] == "milestone"] == [("service_resumed", "2025-10-24")]


def test_a_phase_named_with_its_line_in_one_sentence_is_the_phase():
    props = propose(
        "The second phase of the Thai-China high-speed railway is expected to open in 2031.",
        CAT,
        source_id="t",
        published="2026-01-03",
    )
    assert {p["feature_id"] for p in props} == {"thai_china_hsr_phase2"}
    assert [(p["event"], p["date"]) for p in props if p["type"] == "milestone"] == [("planned_opening", "2031")]
