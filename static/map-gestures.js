/* Cooperative gestures for a map embedded in another site's page: one finger (or the
   mouse wheel) scrolls the page as it does over the rest of it; two fingers (or Ctrl and
   the wheel) move and zoom the map, and a hint says so. Written for this map, in the
   manner of the embeds of Google Maps and ONS.

   Leaflet's own CSS lets the browser pan the page when map dragging is off and touch zoom
   on (touch-action: pan-x pan-y), and its touch zoom handler already moves the map with
   a two-finger pinch; so one-finger dragging is turned off and the hint added. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  geoapp.cooperativeGestures = function (map) {
    var container = map.getContainer();
    var hint = document.createElement("div");
    var hideTimer = null;
    hint.className = "gesture-hint";
    hint.setAttribute("aria-hidden", "true");  // for touch and wheel users; keys work as ever
    container.appendChild(hint);

    function show(text) {
      hint.textContent = text;
      hint.classList.add("gesture-hint-shown");
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(hide, 1200);
    }
    function hide() { hint.classList.remove("gesture-hint-shown"); }

    map.dragging.disable();
    map.scrollWheelZoom.disable();
    container.addEventListener("touchmove", function (event) {
      if (event.touches.length === 1) { show("Use two fingers to move the map"); } else { hide(); }
    }, { passive: true });
    container.addEventListener("wheel", function (event) {
      if (!(event.ctrlKey || event.metaKey)) {
        show("Use Ctrl and scroll to zoom the map");
        return;  // the page scrolls
      }
      event.preventDefault();
      var point = map.mouseEventToContainerPoint(event);
      var step = event.deltaY < 0 ? 0.5 : -0.5;
      map.setZoomAround(point, map.getZoom() + step, { animate: false });
      hide();
    }, { passive: false });
    // A mouse still drags the map: only touch needs two fingers.
    container.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse") { map.dragging.enable(); }
    }, true);
    container.addEventListener("pointerup", function (event) {
      if (event.pointerType === "mouse") { window.setTimeout(function () { map.dragging.disable(); }, 0); }
    }, true);
  };
})();
