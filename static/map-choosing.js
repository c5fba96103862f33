/* Choosing areas: a click or tap (a point), Enter or Space on a focused area, the site
   search and the URL all choose the same way; the chosen areas are outlined and named. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  geoapp.choosing = function (app) {
    var map = app.map;
    var selectionLayer = null;
    var marker = null;

    // The selection is drawn in its own pane above the areas: a white halo under a black
    // line, so it stands out (≥ 3:1) against any fill and background, and each area named.
    // The areas themselves keep their order, so the keyboard's Tab order never changes.
    function drawSelection() {
      if (selectionLayer) { map.removeLayer(selectionLayer); selectionLayer = null; }
      // Names are placed at the areas' centres, which Leaflet finds only for areas on the
      // map: the opening selection is drawn once its set is on the map (static/map.js).
      if (!app.selectedCodes.length || !map.hasLayer(app.layer())) { return; }
      var chosen = [];
      app.layer().eachLayer(function (area) {
        if (app.selectedCodes.indexOf(area.feature.properties.code) !== -1) { chosen.push(area); }
      });
      var features = chosen.map(function (area) { return area.feature; });
      var halo = L.geoJSON(features, {
        pane: "selection", interactive: false,
        style: { color: "#ffffff", weight: 7, opacity: 1, fill: false }
      });
      var line = L.geoJSON(features, {
        pane: "selection", interactive: false,
        style: { color: "#0b0c0c", weight: 3, opacity: 1, fill: false }
      });
      var labels = [];
      chosen.forEach(function (area) {
        // A node, not a string: Leaflet writes strings with innerHTML.
        var name = document.createElement("span");
        name.textContent = geoapp.decodeName(area.feature.properties.name);
        labels.push(L.tooltip({
          permanent: true, direction: "center", className: "selection-label", interactive: false
        }).setLatLng(area.getCenter()).setContent(name));
      });
      selectionLayer = L.layerGroup([halo, line].concat(labels)).addTo(map);
      keepLabelsClear();
    }

    // A name at an area's centre can fall under the map's controls in a small frame (the
    // "Whole UK" button at 320×480): it moves down until it is clear of them.
    var LABEL_CLEARANCE = 4;
    function keepLabelsClear() {
      if (!selectionLayer) { return; }
      var controls = map.getContainer().querySelectorAll(".leaflet-top .leaflet-control");
      selectionLayer.eachLayer(function (layer) {
        if (!(layer instanceof L.Tooltip) || !layer.getElement()) { return; }
        layer.options.offset = L.point(0, 0);
        layer.update();
        var label = layer.getElement().getBoundingClientRect();
        var shift = 0;
        Array.prototype.forEach.call(controls, function (control) {
          var box = control.getBoundingClientRect();
          var near = LABEL_CLEARANCE;
          if (label.left < box.right + near && label.right > box.left - near &&
              label.top < box.bottom + near && label.bottom > box.top - near) {
            shift = Math.max(shift, box.bottom + near - label.top);
          }
        });
        if (shift) { layer.options.offset = L.point(0, shift); layer.update(); }
      });
    }

    function placeMarker(latlng) {
      if (marker) { marker.setLatLng(latlng); return; }
      marker = L.circleMarker(latlng, {
        radius: 6, color: "#0b0c0c", weight: 2, fillColor: "#ffdd00", fillOpacity: 1,
        interactive: false, pane: "selection"
      }).addTo(map);
    }

    function removeMarker() {
      if (marker) { map.removeLayer(marker); marker = null; }
    }

    // "record" adds the choice to the page URL's history.
    function selectPoint(lat, lon, record) {
      placeMarker([lat, lon]);
      if (record) { app.url.remember({ lat: lat.toFixed(5), lon: lon.toFixed(5) }); }
      return app.panel.load(function () { return app.server.fetchPanelAt(lat, lon, app.state.set); }, false);
    }

    function selectArea(code, moveFocus, record) {
      removeMarker();
      if (record) { app.url.remember({ area: code }); }
      return app.panel.load(function () { return app.server.fetchPanel(code, app.state.set); }, moveFocus);
    }

    // An area chosen outside the map (the site search): shown among the default set.
    function chooseArea(code) {
      var open = function () {
        app.returnFocusTo = document.activeElement;
        selectArea(code, true, true);
      };
      if (app.state.set === app.options.defaultSet) { open(); return; }
      app.panel.clear();
      app.sets.syncControls(app.options.defaultSet);
      app.sets.show(app.options.defaultSet).then(open);
    }

    // ---- Keyboard: every area is a focusable button named after the area.
    function makeFocusable(area) {
      var element = area.getElement && area.getElement();
      if (!element || element.hasAttribute("tabindex")) { return; }
      var props = area.feature.properties;
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "button");
      element.setAttribute("aria-label", geoapp.decodeName(props.name));
      element.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          app.returnFocusTo = element;
          selectArea(props.code, true, true);
        }
      });
      // Focus names and highlights the area as hovering does: the tooltip and the highlight
      // belong to the layer, which hears its areas' events when they propagate.
      element.addEventListener("focus", function () {
        area.fire("mouseover", { latlng: area.getCenter() }, true);
      });
      element.addEventListener("blur", function () { area.fire("mouseout", {}, true); });
    }

    // Clicks and taps choose the areas at a point; the site search chooses an area.
    function listen() {
      var lastPointer = "mouse";
      map.on("moveend", keepLabelsClear);
      map.getContainer().addEventListener("pointerdown", function (event) {
        lastPointer = event.pointerType;
      }, true);
      if (app.options.panel) {
        map.on("click", function (event) {
          app.returnFocusTo = null;
          // A tap has no hover to end it: close the name it opened (the sheet names the area).
          if (lastPointer === "touch") { app.layer().closeTooltip(); }
          selectPoint(event.latlng.lat, event.latlng.lng, true);
        });
      }
      if (app.options.history) {
        // The site search (static/search.js) chose an area: show it here, not on its own page.
        document.addEventListener("geoapp:choose", function (event) {
          event.preventDefault();
          chooseArea(event.detail.code);
        });
      }
    }

    return {
      drawSelection: drawSelection,
      placeMarker: placeMarker,
      removeMarker: removeMarker,
      selectPoint: selectPoint,
      selectArea: selectArea,
      makeFocusable: makeFocusable,
      listen: listen
    };
  };
})();
