/* The map, on the map page and in embeds. Options come from data attributes on #map-view,
   written (and validated) by the server:
     data-boundaries    {set: URL} of each set of areas' shapes: TopoJSON (geoapp/prepare.py)
     data-set           the set shown first; its folium layer is window["geo_json_" + set]
     data-default-set   the set a URL without ?set= means
     data-colours       URL of the colours for each set and measure (geoapp/choropleth.py)
     data-measure       the measure the areas are coloured by at first ("" for none)
     data-panel-at      URL of the panel for a point (lat, lon are appended)
     data-panel-area    URL of the panel for one area, with CODE in place of its code
     data-area          an area to open at start; data-lat, data-lon a point to open
     data-basemap       "tiles" to show the configured basemap, "none" for boundaries only
     data-interactive   "false" for a static map (no zoom or pan)
     data-panel         "false" to show no panel (hover names only)
     data-history       "true" to keep the state in the page URL (map page only)
   The panel's HTML comes from the server, escaped there by Jinja. */
(function () {
  "use strict";
  var map = window.map_areas;
  var main = document.getElementById("map-view");
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var status = document.getElementById("status");
  var closeButton = document.getElementById("panel-close");
  var legend = document.getElementById("legend");
  var controls = document.getElementById("map-controls");
  var options = main.dataset;
  var boundaries = JSON.parse(options.boundaries);
  var DEFAULT_SET = options.defaultSet;
  var SELECTED = { color: "#0b0c0c", weight: 3 };
  var state = { set: options.set || DEFAULT_SET, measure: options.measure || "" };
  var layers = {};
  var loading = {};
  var colours = null;
  var selectedCodes = [];
  var marker = null;
  var latestRequest = 0;
  var returnFocusTo = null;
  // The panel's opening text (map page) comes back when a selection is closed.
  var introHtml = panelBody && !panelBody.querySelector(".panel-content") ? panelBody.innerHTML : "";

  Object.keys(boundaries).forEach(function (key) { layers[key] = window["geo_json_" + key]; });

  function layer() { return layers[state.set]; }

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

  // ---- Styles: folium's base style, then the colouring, then the selection on top.
  function colouring() {
    return state.measure && colours ? colours[state.set][state.measure] : null;
  }

  function styleArea(area) {
    var code = area.feature.properties.code;
    layer().resetStyle(area);
    var scheme = colouring();
    if (scheme) {
      var value = scheme.areas[code];
      area.setStyle({
        fillColor: value ? value.colour : scheme.no_data.colour,
        fillOpacity: 0.85,
        dashArray: value ? null : "4 4"
      });
    }
    if (selectedCodes.indexOf(code) !== -1) {
      area.setStyle(scheme ? SELECTED : L.extend({ fillOpacity: 0.45 }, SELECTED));
      area.bringToFront();
    }
  }

  function restyle() { layer().eachLayer(styleArea); }

  function showLegend() {
    if (!legend) { return; }
    var scheme = colouring();
    legend.hidden = !scheme;
    if (!scheme) { return; }
    legend.querySelector(".legend-title").textContent = scheme.label + " (" + scheme.unit + ")";
    legend.querySelector(".legend-description").textContent = scheme.description;
    var list = legend.querySelector(".legend-classes");
    list.textContent = "";
    var items = scheme.legend.slice();
    if (scheme.no_data.count) {
      items.push({ colour: scheme.no_data.colour, noData: true,
                   label: scheme.no_data.label + " (" + scheme.no_data.count + " areas)" });
    }
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "legend-swatch" + (item.noData ? " legend-no-data" : "");
      swatch.style.backgroundColor = item.colour;
      entry.appendChild(swatch);
      entry.appendChild(document.createTextNode(item.label));
      list.appendChild(entry);
    });
  }

  function loadColours() {
    if (!colours && state.measure) {
      return fetch(options.colours)
        .then(function (response) { return response.json(); })
        .then(function (data) { colours = data; });
    }
    return Promise.resolve();
  }

  function applyColours() {
    return loadColours().then(function () { restyle(); showLegend(); });
  }

  // ---- The panel.
  function showPanel(html, moveFocus) {
    panelBody.innerHTML = html;
    var content = panelBody.querySelector(".panel-content");
    selectedCodes = content && content.dataset.codes ? content.dataset.codes.split(" ") : [];
    restyle();
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

  function withSet(url) {
    if (state.set === DEFAULT_SET) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "set=" + encodeURIComponent(state.set);
  }

  function loadPanel(url, moveFocus) {
    if (options.panel === "false") { return Promise.resolve(); }
    var request = ++latestRequest;
    panel.setAttribute("aria-busy", "true");
    return fetch(withSet(url))
      .then(function (response) { return response.text(); })
      .then(function (html) { if (request === latestRequest) { showPanel(html, moveFocus); } })
      .catch(function () {
        if (request === latestRequest) {
          showPanel('<div class="panel-content panel-error"><h2>Sorry, that did not work</h2>' +
                    "<p>The details could not be loaded. Please try again.</p></div>", moveFocus);
        }
      });
  }

  function clearPanel() {
    selectedCodes = [];
    if (marker) { map.removeLayer(marker); marker = null; }
    main.dataset.selected = "";
    if (!panel) { return; }
    panelBody.innerHTML = introHtml;
    panel.hidden = !introHtml;
    closeButton.hidden = true;
  }

  // ---- The page URL holds the state: set, measure and selection (map page only).
  function remember(selection) {
    if (options.history !== "true") { return; }
    var params = new URLSearchParams();
    if (state.set !== DEFAULT_SET) { params.set("set", state.set); }
    if (state.measure) { params.set("measure", state.measure); }
    Object.keys(selection || {}).forEach(function (key) { params.set(key, selection[key]); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (url !== window.location.pathname + window.location.search) {
      try { window.history.pushState(null, "", url); } catch (e) { /* sandboxed frame */ }
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
    if (record) { remember({ lat: lat.toFixed(5), lon: lon.toFixed(5) }); }
    return loadPanel(options.panelAt + "?" + query, false);
  }

  function selectArea(code, moveFocus, record) {
    if (marker) { map.removeLayer(marker); marker = null; }
    if (record) { remember({ area: code }); }
    return loadPanel(options.panelArea.replace("CODE", encodeURIComponent(code)), moveFocus);
  }

  function fitArea(code) {
    layer().eachLayer(function (area) {
      if (area.feature.properties.code === code) {
        map.fitBounds(area.getBounds(), { animate: false, padding: [12, 12] });
      }
    });
  }

  function chooseArea(code) {
    var open = function () {
      fitArea(code);
      returnFocusTo = document.activeElement;
      selectArea(code, true, true);
    };
    if (state.set === DEFAULT_SET) { open(); return; }
    clearPanel();
    syncControls(DEFAULT_SET);
    showSet(DEFAULT_SET).then(open);
  }

  function closePanel() {
    clearPanel();
    restyle();
    status.textContent = "Selection cleared";
    remember(null);
    if (returnFocusTo) { returnFocusTo.focus(); returnFocusTo = null; } else { main.focus(); }
  }

  // ---- Keyboard: every area is a focusable button named after the area.
  function makeFocusable(area) {
    var element = area.getElement && area.getElement();
    if (!element || element.hasAttribute("tabindex")) { return; }
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
    // Focus names and highlights the area as hovering does: the tooltip and the highlight
    // belong to the layer, which hears its areas' events when they propagate.
    element.addEventListener("focus", function () {
      area.fire("mouseover", { latlng: area.getCenter() }, true);
    });
    element.addEventListener("blur", function () { area.fire("mouseout", {}, true); });
  }

  // ---- Sets of areas: each loaded once, on first use; one shown at a time.
  function loadSet(key) {
    if (!loading[key]) {
      loading[key] = fetch(boundaries[key])
        .then(function (response) { return response.json(); })
        .then(function (topology) {
          layers[key].addData(decodeTopology(topology));
          // folium's hover highlight resets the style on mouseout; put ours back.
          layers[key].on("mouseout", function (event) { styleArea(event.layer); });
        });
    }
    return loading[key];
  }

  function showSet(key) {
    return loadSet(key).then(function () {
      Object.keys(layers).forEach(function (other) {
        if (other !== key && map.hasLayer(layers[other])) { map.removeLayer(layers[other]); }
      });
      state.set = key;
      if (!map.hasLayer(layers[key])) { layers[key].addTo(map); }
      layers[key].eachLayer(makeFocusable);
      main.dataset.set = key;
      return applyColours();
    });
  }

  function showFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var key = boundaries[params.get("set")] ? params.get("set") : DEFAULT_SET;
    state.measure = params.get("measure") || "";
    syncControls(key);
    showSet(key).then(function () {
      var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon"));
      if (params.get("area")) { selectArea(params.get("area"), false, false); }
      else if (isFinite(lat) && isFinite(lon)) { selectPoint(lat, lon, false); }
      else { clearPanel(); restyle(); }
    });
  }

  function syncControls(key) {
    if (!controls) { return; }
    controls.elements.set.value = key;
    controls.elements.measure.value = state.measure;
  }

  // Auto-height for sites that want it: tell the parent page how tall we would like to be.
  function reportHeight() {
    if (window.parent === window) { return; }
    window.parent.postMessage({ type: "geoapp:height", height: document.body.scrollHeight }, "*");
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
    map.fitBounds(layer().getBounds(), { animate: false });
    if (options.area) { fitArea(options.area); }
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
    if (panel) {
      closeButton.addEventListener("click", closePanel);
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { closePanel(); }
      });
    }
    if (controls) {
      controls.classList.add("map-controls-live");  // changes apply at once: no Show button
      controls.addEventListener("change", function () {
        var key = controls.elements.set.value;
        state.measure = controls.elements.measure.value;
        if (key !== state.set) { clearPanel(); }
        showSet(key).then(function () {
          remember(null);
          status.textContent = colouring() ? "Coloured by " + colouring().label : "Colours off";
        });
      });
    }
    fitOpeningView();
    // The server renders the opening selection into the panel; adopt it without a fetch.
    if (options.lat && options.lon) {
      placeMarker([parseFloat(options.lat), parseFloat(options.lon)]);
    }
    if (panelBody && panelBody.querySelector(".panel-content")) {
      showPanel(panelBody.innerHTML, false);
    }
    if (options.panel !== "false") {
      map.on("click", function (event) {
        returnFocusTo = null;
        selectPoint(event.latlng.lat, event.latlng.lng, true);
      });
    }
    window.addEventListener("popstate", showFromUrl);
    window.addEventListener("resize", reportHeight);
    if (options.history === "true") {
      // The site search (static/search.js) chose an area: show it here, not on its own page.
      document.addEventListener("geoapp:choose", function (event) {
        event.preventDefault();
        chooseArea(event.detail.code);
      });
    }
    main.dataset.mapReady = "true";
    reportHeight();
  }

  showSet(state.set).then(start, function () {
    status.textContent = "The map's areas could not be loaded. Please reload the page.";
    main.dataset.mapFailed = "true";
  });
})();
