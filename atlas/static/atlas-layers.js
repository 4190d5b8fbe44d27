/* China–ASEAN Connectivity Atlas: the map runtime.
 *
 * Draws the compact layers built by atlas/layers.py. Everything it needs comes
 * from window.atlasTables, set by the page before any layer (AtlasRuntime):
 *   styleIndex  {kind: {status: {precision: {"shape[|context]": n}}}} -> index into styles, for
 *               every combination the vocabulary allows (shape: L line, P point, O published outline;
 *               "|context" for an existing national line a project connects to)
 *   styles      the distinct Leaflet path options, computed by atlas.mapview.style_for;
 *               this file has no style rule of its own
 *   kinds, statusCodes, statusLabels, precisions, precisionLabels, text: labels
 *               in the interface language
 * The finance layer (atlasFinance) brings its own tables: AidData's projects as circle markers.
 * Names from data are put into the page with textContent only, never as HTML.
 */
(function () {
    "use strict";

    // Google's encoded polyline, precision 5 -> [[lon, lat], ...] (the `polyline` package encodes)
    window.atlasDecode = function (str) {
        var i = 0, lat = 0, lon = 0, out = [];
        while (i < str.length) {
            var d = [0, 0];
            for (var k = 0; k < 2; k++) {
                var b, shift = 0, result = 0;
                do { b = str.charCodeAt(i++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
                d[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
            }
            lat += d[0]; lon += d[1];
            out.push([lon / 1e5, lat / 1e5]);
        }
        return out;
    };

    function el(tag, text) {
        var e = document.createElement(tag);
        if (text) { e.textContent = text; }
        return e;
    }

    // the style of row r (drawn as shape L, P or O; prec: a further part's precision index)
    window.atlasStyle = function (kind, r, shape, prec) {
        var T = window.atlasTables;
        var path = [kind, T.statusCodes[r[1]], T.precisions[prec === undefined ? r[2] : prec], shape + (r[7] ? "|context" : "")];
        var n = path.reduce(function (level, k) { return level === undefined ? undefined : level[k]; }, T.styleIndex);
        if (n === undefined) { throw new Error("atlas: no style for " + path.join("|")); }
        return Object.assign({}, T.styles[n]);
    };

    window.atlasLayer = function (kind, cols, dates, places, canvas) {
        var T = window.atlasTables;
        var renderer = canvas ? L.canvas({padding: 0.3}) : undefined;

        function styleOf(r, shape, part) {
            var s = window.atlasStyle(kind, r, shape, part === undefined ? undefined : part);
            var role = shape === "O" ? "atlas-outline" : (part === undefined ? "atlas-feature" : "atlas-part");
            s.className = role + " atlas-kind-" + kind + " atlas-id-" + r[0];
            if (renderer) { s.renderer = renderer; }
            return s;
        }
        function tooltip(r) {
            var d = el("div"); d.appendChild(el("b", r[3]));
            if (r[4]) { d.appendChild(document.createTextNode(" · " + r[4])); }
            d.appendChild(el("br"));
            var note = (T.precisions[r[2]] === "schematic" ? " · " + T.text.schematic : "") +
                (r[7] ? " · " + T.text.context : "");
            d.appendChild(document.createTextNode(
                T.kinds[kind] + " · " + T.statusLabels[r[1]] + " (" + T.text.asOf + " " + dates[r[5]] + ")" + note));
            return d;
        }
        function popup(r) {
            var d = el("div"); d.appendChild(el("b", r[3]));
            [places[r[6]], T.statusLabels[r[1]] + ", " + T.text.asOf + " " + dates[r[5]]].forEach(function (t) {
                d.appendChild(el("br")); d.appendChild(document.createTextNode(t));
            });
            d.appendChild(el("br")); d.appendChild(el("i", T.precisionLabels[r[2]]));
            d.appendChild(el("br"));
            var hint = el("span", T.text.details); hint.style.color = "#555"; d.appendChild(hint);
            return d;
        }

        var decode = window.atlasDecode;
        var pts = decode(cols.pt), pi = 0, li = 0, byId = {}, parts = {}, outlines = {}, context = {};
        (cols.cx || []).forEach(function (i) { context[i] = true; });
        var fc = {type: "FeatureCollection", features: cols.ids.map(function (id, i) {
            var point = cols.t[i] === "P";
            var r = [id, cols.s[i], cols.p[i], cols.n[i], cols.z ? cols.z[i] : "", cols.d[i], cols.c[i], context[i] === true];
            byId[id] = r;
            return {type: "Feature", id: id, properties: {id: id, kind: kind},
                    geometry: point ? {type: "Point", coordinates: pts[pi++]} : {type: "LineString", coordinates: decode(cols.ln[li++])}};
        })};
        // further parts of lines drawn in parts of different precision: their own style, the same feature when clicked
        (cols.xp || []).forEach(function (x, n) {
            var id = cols.ids[x[0]], pid = id + "~" + n;
            byId[pid] = byId[id]; parts[pid] = x[1];
            fc.features.push({type: "Feature", id: pid, properties: {id: id, kind: kind},
                              geometry: {type: "LineString", coordinates: decode(x[2])}});
        });
        // published outlines of parks and ports: first in the collection, so that their points are drawn on top
        (cols.ol || []).forEach(function (x, n) {
            var id = cols.ids[x[0]], oid = id + "~ol" + n;
            byId[oid] = byId[id]; outlines[oid] = true;
            var rings = x[1].map(function (poly) { return poly.map(decode); });
            fc.features.unshift({type: "Feature", id: oid, properties: {id: id, kind: kind},
                                 geometry: {type: "MultiPolygon", coordinates: rings}});
        });
        return L.geoJSON(fc, {
            // Leaflet applies `style` to every layer, circle markers included: each gets the style of its own shape
            style: function (f) {
                var shape = outlines[f.id] ? "O" : (f.geometry.type === "Point" ? "P" : "L");
                return styleOf(byId[f.id], shape, parts[f.id]);
            },
            pointToLayer: function (f, latlng) { return L.circleMarker(latlng, styleOf(byId[f.id], "P")); },
            onEachFeature: function (f, layer) {
                var r = byId[f.id];
                layer.bindTooltip(function () { return tooltip(r); }, {sticky: true});
                layer.bindPopup(function () { return popup(r); });
                if (outlines[f.id]) { return; }  // the outline shows the point's tooltip and popup, without hover weight
                var base = layer.options.weight;
                layer.on("mouseover", function () { if (layer.setStyle) { layer.setStyle({weight: base + 3}); } });
                layer.on("mouseout", function () { if (layer.setStyle) { layer.setStyle({weight: base}); } });
            }
        });
    };

    // AidData's projects (atlas.layers.encode_finance): one circle marker each, radius and style given per row
    // by atlas/mapview.py; the legend (HTML from a Jinja template, autoescaped) is shown while the layer is on
    window.atlasFinance = function (data, legendHtml, canvas, openMinWidth) {
        var c = data.cols, T = data.text, pts = window.atlasDecode(c.pt), shape = {};
        var renderer = canvas ? L.canvas({padding: 0.3}) : undefined;
        c.o.forEach(function (i) { shape[i] = true; });
        // fills a catalogue string's {placeholder} (a function: a "$" in the value stays a "$")
        function fill(text, key, value) { return text.replace("{" + key + "}", function () { return String(value); }); }
        function line(d, text) { d.appendChild(el("br")); d.appendChild(document.createTextNode(text)); }
        function popup(i) {
            var d = el("div"); d.className = "atlas-finance-popup"; d.appendChild(el("b", c.n[i]));
            line(d, data.sectors[c.k[i]][0]);
            line(d, T.lender + ": " + (data.lenders[c.l[i]] || T.nolender));
            line(d, c.a[i] ? fill(T.amount, "amount", c.a[i]) : T.noamount);
            line(d, fill(T.year, "year", c.y[i]));
            line(d, fill(T.status, "status", data.statuses[c.s[i]]));
            if (shape[i]) { d.appendChild(el("br")); d.appendChild(el("i", T.shape)); }
            d.appendChild(el("br"));
            var a = el("a", fill(T.link, "id", c.ids[i]));
            a.href = data.url + c.ids[i]; a.target = "_blank"; a.rel = "noopener noreferrer";
            d.appendChild(a);
            return d;
        }
        var group = L.featureGroup();
        c.ids.forEach(function (id, i) {
            var s = Object.assign({}, data.sectors[c.k[i]][1][c.a[i] ? 0 : 1], {radius: c.r[i]});
            s.className = "atlas-finance atlas-finance-" + id;
            if (renderer) { s.renderer = renderer; }
            var m = L.circleMarker([pts[i][1], pts[i][0]], s);
            m.bindTooltip(function () { return el("span", c.n[i]); }, {sticky: true, className: "atlas-finance-tooltip"});
            m.bindPopup(function () { return popup(i); }, {maxWidth: 320});
            m.addTo(group);
        });
        var legend = L.control({position: "bottomleft"});
        legend.onAdd = function (map) {
            var div = L.DomUtil.create("div", "atlas-legend-box atlas-finance-legend-box");
            div.innerHTML = legendHtml;
            // like the map's legend: closed on a narrow map (its summary still says the layer's scope)
            if (map.getContainer().clientWidth < openMinWidth) { div.querySelector("details").removeAttribute("open"); }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        group.on("add", function () { legend.addTo(group._map); });
        group.on("remove", function () { legend.remove(); });
        return group;
    };
})();
