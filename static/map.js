/* The map, on the map page and in embeds. Options come from data attributes on #main,
   written (and validated) by the server:
     data-panel-at      URL of the panel for a point (lat, lon are appended)
     data-panel-area    URL of the panel for one area, with CODE in place of its code
     data-area          an area to open at start; data-lat, data-lon a point to open
     data-basemap       "tiles" to show the configured basemap, "none" for boundaries only
     data-interactive   "false" for a static map (no zoom or pan)
     data-panel         "false" to show no panel (hover names only)
     data-history       "true" to keep the selection in the page URL (map page only)
   The panel's HTML comes from the server, escaped there by Jinja. */
(function () {
  "use strict";
  var map = window.map_areas;
  var layer = window.geo_json_areas;
  var main = document.getElementById("map-view");
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var status = document.getElementById("status");
  var options = main.dataset;
  var SELECTED = { color: "#0b0c0c", weight: 3, fillOpacity: 0.45 };
  var selectedCodes = [];
  var marker = null;
  var latestRequest = 0;
  var returnFocusTo = null;
  var closeButton = document.getElementById("panel-close");
  // The panel's opening text (map page) comes back when a selection is closed.
  var introHtml = panelBody && !panelBody.querySelector(".panel-content") ? panelBody.innerHTML : "";

  function areaLayers() {
    var found = {};
    layer.eachLayer(function (area) { found[area.feature.properties.code] = area; });
    return found;
  }

  function styleSelection() {
    layer.eachLayer(function (area) {
      layer.resetStyle(area);
      if (selectedCodes.indexOf(area.feature.properties.code) !== -1) {
        area.setStyle(SELECTED);
        area.bringToFront();
      }
    });
  }

  // folium's hover highlight resets the style on mouseout; keep the selection visible.
  layer.on("mouseout", function (event) {
    if (selectedCodes.indexOf(event.layer.feature.properties.code) !== -1) {
      event.layer.setStyle(SELECTED);
    }
  });

  function showPanel(html, moveFocus) {
    panelBody.innerHTML = html;
    var content = panelBody.querySelector(".panel-content");
    selectedCodes = content && content.dataset.codes ? content.dataset.codes.split(" ") : [];
    styleSelection();
    var names = Array.prototype.map.call(panelBody.querySelectorAll(".area-name"), function (h) {
      return h.textContent;
    });
    status.textContent = names.length ? "Showing " + names.join(" and ") : "No area at this point";
    panel.hidden = false;
    closeButton.hidden = false;
    panel.removeAttribute("aria-busy");
    main.dataset.selected = selectedCodes.join(" ");
    if (moveFocus) { panel.focus(); }
    reportHeight();
  }

  function loadPanel(url, moveFocus) {
    if (options.panel === "false") { return Promise.resolve(); }
    var request = ++latestRequest;
    panel.setAttribute("aria-busy", "true");
    return fetch(url)
      .then(function (response) { return response.text(); })
      .then(function (html) { if (request === latestRequest) { showPanel(html, moveFocus); } })
      .catch(function () {
        if (request === latestRequest) {
          showPanel('<div class="panel-content panel-error"><h2>Sorry, that did not work</h2>' +
                    "<p>The details could not be loaded. Please try again.</p></div>", moveFocus);
        }
      });
  }

  function remember(query) {
    if (options.history !== "true") { return; }
    var url = window.location.pathname + (query ? "?" + query : "");
    if (url !== window.location.pathname + window.location.search) {
      try { window.history.pushState({ query: query }, "", url); } catch (e) { /* sandboxed */ }
    }
  }

  function placeMarker(latlng) {
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.circleMarker(latlng, {
      radius: 6, color: "#0b0c0c", weight: 2, fillColor: "#ffdd00", fillOpacity: 1,
      interactive: false
    }).addTo(map);
  }

  function selectPoint(lat, lon, record) {
    placeMarker([lat, lon]);
    var query = "lat=" + lat.toFixed(5) + "&lon=" + lon.toFixed(5);
    if (record) { remember(query); }
    return loadPanel(options.panelAt + "?" + query, false);
  }

  function selectArea(code, moveFocus, record) {
    if (marker) { map.removeLayer(marker); marker = null; }
    if (record) { remember("area=" + encodeURIComponent(code)); }
    return loadPanel(options.panelArea.replace("CODE", encodeURIComponent(code)), moveFocus);
  }

  function fitArea(code) {
    var area = areaLayers()[code];
    if (area) { map.fitBounds(area.getBounds(), { animate: false, padding: [12, 12] }); }
  }

  // Keyboard: every area is a focusable button named after the area.
  function makeFocusable(area) {
    var element = area.getElement && area.getElement();
    if (!element) { return; }
    var props = area.feature.properties;
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    // The name arrives HTML-escaped for folium's tooltip; DOMParser decodes it inertly.
    var name = new DOMParser().parseFromString(props.name, "text/html").documentElement.textContent;
    element.setAttribute("aria-label", name);
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        returnFocusTo = element;
        selectArea(props.code, true, true);
      }
    });
    element.addEventListener("focus", function () { area.openTooltip(area.getCenter()); });
    element.addEventListener("blur", function () { area.closeTooltip(); });
  }

  function closePanel() {
    selectedCodes = [];
    styleSelection();
    if (marker) { map.removeLayer(marker); marker = null; }
    panelBody.innerHTML = introHtml;
    panel.hidden = !introHtml;
    closeButton.hidden = true;
    main.dataset.selected = "";
    status.textContent = "Selection cleared";
    remember("");
    if (returnFocusTo) { returnFocusTo.focus(); returnFocusTo = null; } else { main.focus(); }
  }

  function showFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon"));
    if (params.get("area")) { selectArea(params.get("area"), false, false); }
    else if (isFinite(lat) && isFinite(lon)) { selectPoint(lat, lon, false); }
    else if (!panel.hidden && panelBody.querySelector(".panel-content")) { closePanel(); }
  }

  // Auto-height for sites that want it: tell the parent page how tall we would like to be.
  function reportHeight() {
    if (window.parent === window) { return; }
    window.parent.postMessage({ type: "geoapp:height", height: document.body.scrollHeight }, "*");
  }

  // TopoJSON: arcs of quantised, delta-encoded points shared by neighbouring areas.
  function decodeTopology(topology) {
    var scale = topology.transform.scale, translate = topology.transform.translate;
    var arcs = topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (step) {
        x += step[0]; y += step[1];
        return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
      });
    });
    function ring(indexes) {
      var points = [];
      indexes.forEach(function (index, position) {
        var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
        points = points.concat(position === 0 ? arc : arc.slice(1));
      });
      return points;
    }
    function polygon(rings) {
      var decoded = rings.map(ring);
      // Quantisation can collapse a tiny islet's outline: drop it, and holes too small to see.
      return decoded[0].length < 4 ? null : decoded.filter(function (r) { return r.length >= 4; });
    }
    return {
      type: "FeatureCollection",
      features: topology.objects.areas.geometries.map(function (geometry) {
        var polygons = geometry.type === "Polygon" ? [geometry.arcs] :
          geometry.type === "MultiPolygon" ? geometry.arcs : [];
        return {
          type: "Feature", id: geometry.id, properties: geometry.properties,
          geometry: { type: "MultiPolygon", coordinates: polygons.map(polygon).filter(Boolean) }
        };
      })
    };
  }

  function start() {
    if (options.basemap === "tiles" && window.tile_layer_basemap) {
      window.tile_layer_basemap.addTo(map);
    }
    if (options.interactive === "false") {
      ["dragging", "touchZoom", "doubleClickZoom", "scrollWheelZoom", "boxZoom", "keyboard"]
        .forEach(function (handler) { map[handler].disable(); });
      if (map.zoomControl) { map.removeControl(map.zoomControl); }
    }
    layer.eachLayer(makeFocusable);
    if (panel) {
      closeButton.addEventListener("click", closePanel);
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { closePanel(); }
      });
    }

    // A map in a hidden frame (a preview not yet shown) has no size to fit; wait until it has.
    function fitOpeningView() {
      if (!map.getSize().x || !map.getSize().y) {
        window.addEventListener("resize", function retry() {
          map.invalidateSize();
          if (map.getSize().x && map.getSize().y) {
            window.removeEventListener("resize", retry);
            fitOpeningView();
          }
        });
        return;
      }
      map.fitBounds(layer.getBounds(), { animate: false });
      if (options.area) { fitArea(options.area); }
    }
    fitOpeningView();
    // The server renders the opening selection into the panel; adopt it without a fetch.
    if (options.lat && options.lon) { placeMarker([parseFloat(options.lat), parseFloat(options.lon)]); }
    var opening = panelBody && panelBody.querySelector(".panel-content");
    if (opening) { showPanel(panelBody.innerHTML, false); }
    if (options.panel !== "false") {
      map.on("click", function (event) {
        returnFocusTo = null;
        selectPoint(event.latlng.lat, event.latlng.lng, true);
      });
    }
    window.addEventListener("popstate", showFromUrl);
    window.addEventListener("resize", reportHeight);
    main.dataset.mapReady = "true";
    reportHeight();
  }

  fetch(options.boundaries)
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      layer.addData(decodeTopology(topology));
      start();
    }, function () {
      status.textContent = "The map's areas could not be loaded. Please reload the page.";
      main.dataset.mapFailed = "true";
    });
})();
