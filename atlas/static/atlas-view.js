/* China–ASEAN Connectivity Atlas: the map's view and its small-screen controls.
 *
 * atlasFitView(map, target): fit the map to target = {key, bounds: [[s, w], [n, e]], point, maxZoom},
 * computed in Python (atlas.mapview.FitView): the selected feature, else the filtered features, else the
 * region. The map's own size decides the zoom, so a phone sees the whole region and a desktop is not
 * zoomed out. The view changes only when the target does: a rerun for another reason keeps the
 * reader's own pan and zoom.
 *
 * atlasCompactAttribution(map): on a narrow map the attribution is an ⓘ that opens on tap (the credit
 * stays in the page, whole, and is read out by screen readers); wide maps show it as Leaflet does.
 */
(function () {
    "use strict";

    var NARROW = 640;  // px of map width below which the attribution folds into an ⓘ

    window.atlasFitView = function (map, target) {
        if (!map || !target || map._atlasViewKey === target.key) { return; }
        map._atlasViewKey = target.key;
        var b = L.latLngBounds(target.bounds);
        map.invalidateSize(false);
        var size = map.getSize();
        var pad = Math.max(8, Math.min(40, Math.round(Math.min(size.x, size.y) * 0.06)));
        if (target.point) {
            map.setView(b.getCenter(), target.maxZoom, {animate: false});
        } else {
            map.fitBounds(b, {padding: [pad, pad], maxZoom: target.maxZoom, animate: false});
        }
    };

    window.atlasCompactAttribution = function (map, label) {
        var ctl = map && map.attributionControl;
        if (!ctl || !ctl.getContainer()) { return; }
        var box = ctl.getContainer();
        if (box.dataset.atlasCompact) { return; }
        box.dataset.atlasCompact = "1";
        function apply() {
            var narrow = map.getSize().x < NARROW;
            box.classList.toggle("atlas-attr-compact", narrow);
            if (narrow) {
                box.setAttribute("role", "button");
                box.setAttribute("tabindex", "0");
                box.setAttribute("aria-label", label);
                box.setAttribute("aria-expanded", box.classList.contains("atlas-attr-open") ? "true" : "false");
            } else {
                ["role", "tabindex", "aria-label", "aria-expanded"].forEach(function (a) { box.removeAttribute(a); });
            }
        }
        function toggle(e) {
            if (!box.classList.contains("atlas-attr-compact")) { return; }
            if (e.target && e.target.closest && e.target.closest("a")) { return; }  // a link in the open credit
            box.classList.toggle("atlas-attr-open");
            box.setAttribute("aria-expanded", box.classList.contains("atlas-attr-open") ? "true" : "false");
        }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(box, "click", toggle);
        L.DomEvent.on(box, "keydown", function (e) { if (e.key === "Enter" || e.key === " ") { L.DomEvent.preventDefault(e); toggle(e); } });
        map.on("resize", apply);
        apply();
    };
})();
