"""Interface strings in English and Chinese: one catalogue, nothing hard-coded in a page.

t(key, lang, **values) looks a string up and fills its {placeholders}. Data
(names, excerpts, summaries) is not translated here: a feature's Chinese
name comes from its `name_zh`, and excerpts stay in the language of their
source. `tests/unit/test_i18n.py` checks every key has both languages.
"""

from __future__ import annotations

LANGS = {"en": "English", "zh": "中文"}

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "China–ASEAN Connectivity Atlas", "zh": "中国—东盟互联互通地图"},
    "nav.map": {"en": "Map", "zh": "地图"},
    "nav.projects": {"en": "Projects", "zh": "项目"},
    "nav.progress": {"en": "Progress", "zh": "进展"},
    "nav.sources": {"en": "Sources", "zh": "来源"},
    "nav.soft": {"en": "Soft links", "zh": "软联通"},
    "sb.lang": {"en": "Language / 语言", "zh": "语言 / Language"},
    "sb.filters": {"en": "Filters", "zh": "筛选"},
    "sb.country": {"en": "Country", "zh": "国家"},
    "sb.country.ph": {"en": "All countries", "zh": "全部国家"},
    "sb.kind": {"en": "Project type", "zh": "项目类型"},
    "sb.kind.ph": {"en": "All types", "zh": "全部类型"},
    "sb.status": {"en": "Status", "zh": "状态"},
    "sb.status.ph": {"en": "All statuses", "zh": "全部状态"},
    "sb.search": {"en": "Search names", "zh": "搜索名称"},
    "sb.search.ph": {"en": "e.g. Mohan, ECRL, 雅万高铁", "zh": "例如：磨憨、雅万高铁、ECRL"},
    "sb.search.help": {
        "en": "Matches English and Chinese names, other names used in sources, and summaries.",
        "zh": "匹配中英文名称、来源中使用的其他名称以及简介。",
    },
    "sb.year": {"en": "Network at the end of", "zh": "显示某年年底的网络"},
    "sb.year.latest": {"en": "latest reports", "zh": "最新报道"},
    "sb.year.help": {
        "en": "Each feature's status at the end of that year, from its dated milestones; features whose state then no source gives are left out.",
        "zh": "根据带日期的里程碑显示各要素在该年年底的状态；没有来源说明当时状态的要素不显示。",
    },
    "sb.basemap": {"en": "Basemap", "zh": "底图"},
    "sb.basemap.help": {
        "en": "Tiles need the internet; the outline (Natural Earth, with country names) works offline.",
        "zh": "瓦片底图需要联网；国界轮廓（Natural Earth，含国名）可离线使用。",
    },
    "basemap.carto": {"en": "Tiles: CARTO Positron", "zh": "瓦片：CARTO Positron"},
    "basemap.osm": {"en": "Tiles: OpenStreetMap", "zh": "瓦片：OpenStreetMap"},
    "basemap.outline": {"en": "Outline only (offline)", "zh": "仅国界轮廓（离线）"},
    "sb.clear": {"en": "Clear filters", "zh": "清除筛选"},
    "sb.share": {
        "en": "The address bar keeps your filters and selected feature: copy it to share this view.",
        "zh": "地址栏保存筛选条件和所选要素：复制即可分享当前视图。",
    },
    "problems": {
        "en": "{n} problem(s) in the data: the affected records are left out and the rest is shown.",
        "zh": "数据中有 {n} 个问题：受影响的记录未显示，其余照常显示。",
    },
    "problems.show": {"en": "Show the data problems", "zh": "查看数据问题"},
    "assets.missing": {
        "en": "The map's JavaScript is not installed in static/ (missing: {missing}). Run `make run`, or `python -m atlas assets` and then restart Streamlit: it serves static/ only if the folder exists when the server starts.",
        "zh": "地图所需的 JavaScript 未安装在 static/（缺少：{missing}）。请运行 `make run`，或运行 `python -m atlas assets` 后重启 Streamlit：服务器仅在启动时已存在该文件夹时才提供 static/。",
    },
    "map.count": {"en": "{n} of {total} features on the map.", "zh": "地图上显示 {n} 个要素（共 {total} 个）。"},
    "map.none": {
        "en": "No feature matches these filters. Clear or widen them in the sidebar.",
        "zh": "没有符合筛选条件的要素。请在侧栏放宽或清除筛选。",
    },
    "map.caption": {
        "en": "Lines follow their stations in order; faded dashed lines are schematic. Basemap tiles need the internet; the country outline (Natural Earth) does not.",
        "zh": "线路按车站顺序绘制；淡色虚线为示意线形。底图瓦片需要联网；国界轮廓（Natural Earth）无需联网。",
    },
    "map.fresh": {
        "en": "Statuses and figures as of their sources: newest {newest} ({outlet}), oldest {oldest}; each figure shows its own date.",
        "zh": "状态和数据以来源日期为准：最新 {newest}（{outlet}），最早 {oldest}；每项数据都标有自己的日期。",
    },
    "map.track_credit": {
        "en": "Rail track, park outlines © OpenStreetMap contributors (ODbL) · AidData (ODC-By)",
        "zh": "铁路轨道、园区轮廓 © OpenStreetMap 贡献者（ODbL）· AidData（ODC-By）",
    },
    "map.nosource": {"en": "No source for these features.", "zh": "这些要素没有来源。"},
    "map.fresh.features": {
        "en": "{fresh} of {n} features have a source from the last {months} months; the longest without news: {name} (newest source {date}).",
        "zh": "{n} 个要素中有 {fresh} 个在最近 {months} 个月内有来源；最久没有消息的是：{name}（最新来源 {date}）。",
    },
    "details.hint": {
        "en": "Click a line or a point on the map to see its details, figures and source excerpts here.",
        "zh": "点击地图上的线或点，在此查看详情、数据和来源摘录。",
    },
    "details.related": {"en": "Related features", "zh": "相关要素"},
    "details.clear": {"en": "Clear selection", "zh": "取消选择"},
    "details.figures": {"en": "Figures", "zh": "数据"},
    "details.milestones": {"en": "Milestones", "zh": "里程碑"},
    "details.excerpts": {"en": "Source excerpts ({n})", "zh": "来源摘录（{n}）"},
    "details.geometry": {"en": "Geometry", "zh": "几何"},
    "details.located": {"en": "Position from", "zh": "位置来源"},
    "details.asof": {"en": "as of", "zh": "截至"},
    "details.corridor": {"en": "part of corridor", "zh": "所属走廊"},
    "details.unreviewed": {"en": "unreviewed", "zh": "未审核"},
    "details.disagree": {"en": "sources disagree", "zh": "来源不一致"},
    "details.onmap": {"en": "On the map", "zh": "在地图上"},
    "details.hint.popup": {"en": "Details are shown beside the map.", "zh": "详情显示在地图旁。"},
    "details.schematic": {"en": "schematic geometry", "zh": "示意几何"},
    "details.newest": {
        "en": "Newest source: {date} ({outlet}), {months} months before today.",
        "zh": "最新来源：{date}（{outlet}），距今 {months} 个月。",
    },
    "details.stale": {
        "en": "No report since {date} was found; the status is kept as last reported.",
        "zh": "自 {date} 以来未找到新的报道；状态保留为最后一次报道的情况。",
    },
    "details.builders": {"en": "Built / operated by", "zh": "建设/运营方"},
    "details.financiers": {"en": "Financed by", "zh": "融资方"},
    "head.km_open": {"en": "Rail km open", "zh": "已开通铁路（公里）"},
    "head.km_under_construction": {"en": "Rail km under construction", "zh": "在建铁路（公里）"},
    "head.km_planned": {"en": "Rail km planned", "zh": "规划铁路（公里）"},
    "head.km_suspended": {"en": "Rail km suspended", "zh": "暂停铁路（公里）"},
    "head.km_cancelled": {"en": "Rail km cancelled", "zh": "已取消铁路（公里）"},
    "head.passengers": {"en": "Passengers carried", "zh": "客运量（人次）"},
    "head.freight": {"en": "Freight carried (tonnes)", "zh": "货运量（吨）"},
    "head.asof": {"en": "as of {date}", "zh": "截至 {date}"},
    "head.nodate": {"en": "no date", "zh": "无日期"},
    "head.sources": {"en": "Sources of these figures ({n})", "zh": "这些数据的来源（{n}）"},
    "head.approx": {
        "en": "Includes lengths measured on our drawn lines (≈), where no source gives one.",
        "zh": "包括在没有来源给出长度时按所绘线路测量的长度（≈）。",
    },
    "head.share": {
        "en": "Filtered by country: only the part of each cross-border line inside {countries} is counted, as on the Progress page; the details panel gives whole lines.",
        "zh": "按国家筛选时，跨境线路只计算位于{countries}境内的部分（与“进展”页相同）；详情面板给出整条线路。",
    },
    "legend.title": {"en": "Legend", "zh": "图例"},
    "legend.kind": {"en": "Kind (colour)", "zh": "类型（颜色）"},
    "legend.status": {"en": "Status (line style)", "zh": "状态（线型）"},
    "legend.schematic": {"en": "Schematic geometry (faded)", "zh": "示意几何（淡色）"},
    "legend.stations": {"en": "Thin: drawn through its stations", "zh": "细线：按车站连线"},
    "legend.traced": {"en": "Full: traced from OpenStreetMap", "zh": "粗线：依据 OpenStreetMap 轨道"},
    "legend.outline": {"en": "Shaded: a park's published outline (zoom in)", "zh": "阴影：园区公布的轮廓（放大查看）"},
    "legend.points": {"en": "Points: solid fill = operational, pale fill = planned.", "zh": "点：实心＝运营中，浅色＝规划中。"},
    "projects.title": {"en": "Projects", "zh": "项目"},
    "projects.count": {"en": "{n} features. Click a column header to sort.", "zh": "共 {n} 个要素。点击列标题可排序。"},
    "projects.csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "projects.geojson": {"en": "Download GeoJSON", "zh": "下载 GeoJSON"},
    "projects.gpkg": {"en": "Download GeoPackage", "zh": "下载 GeoPackage"},
    "projects.map_inline": {"en": "Download this map (HTML, works offline)", "zh": "下载此地图（HTML，可离线）"},
    "projects.map_inline.help": {
        "en": "One file with Leaflet inside: opens with no network (basemap tiles aside).",
        "zh": "单个文件内含 Leaflet：无需联网即可打开（底图瓦片除外）。",
    },
    "projects.map_cdn": {"en": "Download this map (HTML, Leaflet from CDN)", "zh": "下载此地图（HTML，从 CDN 加载 Leaflet）"},
    "projects.map_cdn.help": {
        "en": "A smaller file that loads Leaflet from the internet when opened.",
        "zh": "文件较小，打开时从互联网加载 Leaflet。",
    },
    "projects.km.help": {
        "en": "From a cited figure, or measured on the drawn line (see km_source).",
        "zh": "来自有出处的数据，或按所绘线路测量（见 km 来源）。",
    },
    "projects.caption": {
        "en": "Downloads hold exactly the rows above (the current filters). Figures and excerpts: see the Progress and Sources pages.",
        "zh": "下载内容与上表完全一致（当前筛选）。数据和摘录见“进展”和“来源”页面。",
    },
    "progress.title": {"en": "Progress", "zh": "进展"},
    "progress.km": {"en": "Rail km by country and status", "zh": "各国铁路里程（按状态）"},
    "progress.km.none": {"en": "No rail sections in the current filters.", "zh": "当前筛选中没有铁路段。"},
    "progress.km.caption": {
        "en": "A cross-border line is split by the share of its drawn line inside each country. Lengths come from cited figures where sources give them, otherwise from the drawn line.",
        "zh": "跨境线路按所绘线路在各国境内的比例分配。长度优先采用来源给出的数据，否则按所绘线路测量。",
    },
    "progress.figures": {"en": "Figures and their sources", "zh": "数据及其来源"},
    "progress.figures.none": {"en": "No figures for the current filters.", "zh": "当前筛选没有数据。"},
    "progress.percent": {"en": "Percent complete", "zh": "完成百分比"},
    "progress.passengers": {
        "en": "Passengers carried, as reported (cumulative or for a period: see the tooltip)",
        "zh": "报道的客运量（累计或某一时期，见提示）",
    },
    "progress.covers": {"en": "Figure covers", "zh": "数据范围"},
    "progress.status": {"en": "Status", "zh": "状态"},
    "progress.event": {"en": "Event", "zh": "事件"},
    "progress.conflicts": {
        "en": "{n} figures disagree with another source for the same feature and period. Both are kept, side by side, newest first; see the conflict column.",
        "zh": "有 {n} 项数据与同一要素、同一时期的其他来源不一致。两者均保留并列显示，按日期由新到旧；见“冲突”列。",
    },
    "progress.milestones": {"en": "Milestones", "zh": "里程碑"},
    "progress.csv": {"en": "Download these figures (CSV)", "zh": "下载这些数据（CSV）"},
    "soft.csv": {"en": "Download this table (CSV)", "zh": "下载此表（CSV）"},
    "progress.milestones.none": {"en": "No milestones for the current filters.", "zh": "当前筛选没有里程碑。"},
    "sources.title": {"en": "Sources", "zh": "来源"},
    "sources.count": {"en": "{n} sources, {e} excerpts, newest first.", "zh": "{n} 个来源，{e} 条摘录，按日期由新到旧。"},
    "sources.count.filtered": {
        "en": "{n} sources, {e} excerpts, newest first — only those that mention a feature in the current filters.",
        "zh": "{n} 个来源，{e} 条摘录，按日期由新到旧——仅显示提及当前筛选中要素的来源。",
    },
    "sources.caption": {
        "en": "Excerpts are quoted verbatim; highlighted names link to the feature on the map.",
        "zh": "摘录为原文引用；高亮的名称可链接到地图上的要素。",
    },
    "sources.unreviewed": {
        "en": "{n} source(s) added by `python -m atlas link-article --write` are not reviewed yet: check their excerpts and tags, then set `reviewed: true`.",
        "zh": "有 {n} 个由 `python -m atlas link-article --write` 添加的来源尚未审核：请核对摘录和标签，然后设置 `reviewed: true`。",
    },
    "sources.excerpts": {"en": "{n} excerpt(s)", "zh": "{n} 条摘录"},
    "soft.title": {"en": "Soft links", "zh": "软联通"},
    "soft.intro": {
        "en": "Trade agreements, visa schemes, MOUs, forums and visits — the rules and people that go with the rails and ports. {n} of {total} shown (filtered by country and search).",
        "zh": "贸易协定、签证安排、谅解备忘录、论坛和访问——与铁路和港口相伴的规则与人员往来。显示 {n} 项（共 {total} 项，按国家和搜索筛选）。",
    },
    "col.name": {"en": "name", "zh": "名称"},
    "col.name_zh": {"en": "name_zh", "zh": "中文名"},
    "col.kind": {"en": "kind", "zh": "类型"},
    "col.countries": {"en": "countries", "zh": "国家"},
    "col.status": {"en": "status", "zh": "状态"},
    "col.status_as_of": {"en": "status_as_of", "zh": "状态日期"},
    "col.km": {"en": "km", "zh": "公里"},
    "col.km_source": {"en": "km_source", "zh": "公里来源"},
    "col.summary": {"en": "summary", "zh": "简介"},
    "col.type": {"en": "type", "zh": "类别"},
    "col.parties": {"en": "parties", "zh": "各方"},
    "col.date": {"en": "date", "zh": "日期"},
    "col.excerpt": {"en": "excerpt", "zh": "摘录"},
    "col.source": {"en": "source", "zh": "来源"},
    "col.link": {"en": "link", "zh": "链接"},
    "col.open": {"en": "open", "zh": "打开"},
    "col.feature": {"en": "feature", "zh": "要素"},
    "col.metric": {"en": "metric", "zh": "指标"},
    "col.value": {"en": "value", "zh": "数值"},
    "col.unit": {"en": "unit", "zh": "单位"},
    "col.qualifier": {"en": "qualifier", "zh": "限定"},
    "col.period": {"en": "period", "zh": "时期"},
    "col.basis": {"en": "basis", "zh": "范围"},
    "col.as_of": {"en": "as of", "zh": "截至"},
    "col.country": {"en": "country", "zh": "国家"},
    "col.event": {"en": "event", "zh": "事件"},
    "col.description": {"en": "description", "zh": "说明"},
    "col.quote": {"en": "quote", "zh": "引文"},
    "col.conflict": {"en": "conflict", "zh": "冲突"},
    "describe.all": {"en": "All projects", "zh": "全部项目"},
    "describe.in": {"en": " in ", "zh": "："},
    "describe.and": {"en": " and ", "zh": "、"},
    "describe.or": {"en": " or ", "zh": "或"},
    "describe.q": {"en": ', matching "{q}"', "zh": "，匹配“{q}”"},
    "describe.year": {"en": ", as at the end of {year}", "zh": "，截至 {year} 年底"},
}

KIND_ZH = {
    "rail_corridor": "铁路走廊",
    "border_station": "口岸站",
    "station": "车站",
    "industrial_park": "产业园",
    "port": "港口",
    "shipping_corridor": "航运走廊",
    "economic_corridor": "经济走廊",
}
STATUS_ZH = {
    "operational": "运营中",
    "trial_operation": "试运营",
    "under_construction": "在建",
    "preliminary_work": "前期工作",
    "planned": "规划中",
    "suspended": "暂停",
    "cancelled": "已取消",
}
PRECISION_ZH = {
    "traced": "依据 OpenStreetMap 轨道描绘",
    "surveyed": "实测几何",
    "through_stations": "按车站顺序绘制",
    "approximate": "人工定位（约±2公里）",
    "town": "位于最近的城镇（GeoNames），尚未定位到具体地点（简介注明距离）",
    "schematic": "示意：线形未公开，仅示意位置",
    "station_page": "位于车站：依据公布的车站坐标",
    "chainage": "按车站公布的里程置于实测轨道上（约±1公里）",
    "outline": "位于公布轮廓的中心，放大后显示轮廓",
}
METRIC_ZH = {
    "passengers": "客运量",
    "freight": "货运量",
    "length": "长度",
    "percent_complete": "完成百分比",
    "percent": "百分比",
    "design_speed": "设计时速",
    "investment": "投资",
    "area": "面积",
    "agreements": "文件数量",
    "visa_validity": "签证有效期",
}
UNIT_ZH = {
    "passengers": "人次",
    "tonnes": "吨",
    "km": "公里",
    "km/h": "公里/小时",
    "USD": "美元",
    "ha": "公顷",
    "agreements": "份",
    "years": "年",
    "percent": "%",
}
COUNTRY_ZH = {
    "CHN": "中国",
    "LAO": "老挝",
    "THA": "泰国",
    "VNM": "越南",
    "KHM": "柬埔寨",
    "MMR": "缅甸",
    "MYS": "马来西亚",
    "IDN": "印度尼西亚",
    "SGP": "新加坡",
    "PHL": "菲律宾",
    "BRN": "文莱",
    "TLS": "东帝汶",
}


def t(key: str, lang: str = "en", **values) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def kinds(lang: str) -> dict[str, str]:
    from atlas.schema import KINDS

    return KIND_ZH if lang == "zh" else KINDS


def statuses(lang: str) -> dict[str, str]:
    from atlas.schema import STATUSES

    return STATUS_ZH if lang == "zh" else STATUSES


def precisions(lang: str) -> dict[str, str]:
    from atlas.schema import PRECISIONS

    return PRECISION_ZH if lang == "zh" else PRECISIONS


def countries(lang: str) -> dict[str, str]:
    from atlas.schema import COUNTRIES

    return COUNTRY_ZH if lang == "zh" else COUNTRIES


LIST_SEP = {"en": ", ", "zh": "、"}


def join(items, lang: str) -> str:
    """A list for running text: 'China, Laos' / '中国、老挝'."""
    return LIST_SEP.get(lang, ", ").join(items)


def names(name: str, name_zh, lang: str) -> tuple[str, str]:
    """(name in the interface language, the other name or ''): `name_zh` leads in
    Chinese when there is one, the English name leads otherwise."""
    if not (isinstance(name_zh, str) and name_zh):
        return name, ""
    return (name_zh, name) if lang == "zh" else (name, name_zh)


def feature_name(row, lang: str) -> str:
    """The name in the interface language: `name_zh` in Chinese when there is one."""
    return names(row["name"], row.get("name_zh"), lang)[0]


def metric(name: str, lang: str) -> str:
    return METRIC_ZH.get(name, name.replace("_", " ")) if lang == "zh" else name.replace("_", " ")


def unit(name: str, lang: str) -> str:
    return UNIT_ZH.get(name, name) if lang == "zh" else name


STATUS_GROUP_ZH = {"open": "已开通", "under construction": "在建", "planned": "规划", "suspended": "暂停", "cancelled": "已取消"}
BASIS_ZH = {"a period": "某一时期", "to date": "累计至今"}


def status_group(name: str, lang: str) -> str:
    return STATUS_GROUP_ZH.get(name, name) if lang == "zh" else name


def basis(name: str, lang: str) -> str:
    return BASIS_ZH.get(name, name) if lang == "zh" else name
