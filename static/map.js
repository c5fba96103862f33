/* The map, on the map page and in embeds. Options come from data attributes on #map-view,
   written (and validated) by the server:
     data-boundaries    {set: URL} of each set of areas' shapes: TopoJSON (geoapp/prepare.py)
     data-set           the set shown first
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
   Requests go through geoapp.server (map-server.js); the panel's HTML comes from the
   server, escaped there by Jinja.

   This script runs before Leaflet: it asks for the opening set's boundaries (preloaded by
   the page) and decodes them while Leaflet and folium's script are parsed. folium's script
   (areas-map.js, geoapp/mapping.py) then hands over its map and its layers, one per set,
   by calling geoapp.start({map, layers, basemap}). */
(function () {
  "use strict";
  var geoapp = window.geoapp;
  var server = geoapp.server;
  var page = document.getElementById("map-view");
  if (!page) { return; }
  server.configure(page.dataset);
  var openingSet = page.dataset.set || page.dataset.defaultSet;
  var early = {
    set: openingSet,
    areas: server.fetchBoundaries(openingSet).then(geoapp.decodeTopology),
    colours: page.dataset.measure ? server.fetchColours() : null
  };
  geoapp.start = function (folium) { run(folium, early); };

  function run(folium, early) {
    var map = folium.map;
    var main = document.getElementById("map-view");
    var panel = document.getElementById("panel");
    var panelBody = document.getElementById("panel-body");
    var panelToggle = document.getElementById("panel-toggle");
    var status = document.getElementById("status");
    var closeButton = document.getElementById("panel-close");
    var legend = document.getElementById("legend");
    var coverageKey = document.getElementById("coverage-key");
    var sources = document.getElementById("map-sources");
    var controls = document.getElementById("map-controls");
    var options = main.dataset;
    var boundaries = JSON.parse(options.boundaries);
    var DEFAULT_SET = options.defaultSet;
    var EMBEDDED = document.body.classList.contains("embed");
    var FRAME_PADDING = 16;
    var MAX_FRAME_ZOOM = 10;
    var state = { set: options.set || DEFAULT_SET, measure: options.measure || "" };
    var layers = {};
    var loading = {};
    var colours = null;
    var selectedCodes = [];
    var selectionLayer = null;
    var marker = null;
    var latestRequest = 0;
    var returnFocusTo = null;
    // What the map frames: the whole set, or the selection. Kept up to date on resize until
    // the person moves or zooms the map themselves.
    var view = { framed: "whole", userMoved: false, moving: false };
    // The panel's opening text (map page) comes back when a selection is closed.
    var introHtml = panelBody && !panelBody.querySelector(".panel-content") ? panelBody.innerHTML : "";

    Object.keys(boundaries).forEach(function (key) { layers[key] = folium.layers[key]; });

    function layer() { return layers[state.set]; }

    // Names arrive HTML-escaped for folium by Python's html.escape (geoapp/mapping.py), which
    // writes only these five entities: undoing them is exact, inert and needs no parser.
    var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
    function decodeName(escaped) {
      return escaped.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
    }

    // ---- Framing: fit the set or the selection into the part of the map left uncovered.
    function narrow() { return window.matchMedia("(max-width: 48rem), (max-height: 26rem)").matches; }

    function coveredBottom() {
      // The sheet (narrow screens) lies over the map's lower part; beside it, it covers nothing.
      if (!panel || panel.hidden) { return 0; }
      var mapBox = map.getContainer().getBoundingClientRect();
      var panelBox = panel.getBoundingClientRect();
      var overlapsSideways = panelBox.left < mapBox.right - 1 && panelBox.right > mapBox.left + 1;
      if (!overlapsSideways || panelBox.top >= mapBox.bottom) { return 0; }
      return Math.max(0, mapBox.bottom - panelBox.top);
    }

    function bottomControlsHeight() {
      var corners = map.getContainer().querySelectorAll(".leaflet-bottom");
      return Math.max.apply(null, Array.prototype.map.call(corners, function (corner) {
        return corner.getBoundingClientRect().height;
      }).concat([0]));
    }

    // The attribution and scale sit above the sheet (app.css reads --covered-bottom).
    function liftBottomControls() {
      map.getContainer().style.setProperty("--covered-bottom", coveredBottom() + "px");
    }

    function fitInto(bounds, maxZoom) {
      if (!bounds || !bounds.isValid()) { return; }
      var size = map.getSize();
      if (!size.x || !size.y) { return; }
      // Keep the areas clear of the sheet and of the attribution and scale along the bottom.
      liftBottomControls();
      var bottom = Math.min(coveredBottom() + bottomControlsHeight(), size.y * 0.7);
      // A frame too small for any margin (a preview before it is shown) gets none.
      var pad = size.x > 4 * FRAME_PADDING && size.y - bottom > 4 * FRAME_PADDING ? FRAME_PADDING : 0;
      if (!pad) { bottom = 0; }
      view.moving = true;
      map.fitBounds(bounds, {
        animate: false,
        paddingTopLeft: [pad, pad],
        paddingBottomRight: [pad, pad + bottom],
        maxZoom: maxZoom
      });
      view.moving = false;
    }

    function boundsOf(codes) {
      var bounds = L.latLngBounds([]);
      layer().eachLayer(function (area) {
        if (codes.indexOf(area.feature.properties.code) !== -1) { bounds.extend(area.getBounds()); }
      });
      return bounds;
    }

    function frameWhole() {
      view.framed = "whole";
      fitInto(layer().getBounds());
    }

    function frameSelection() {
      if (!selectedCodes.length) { return; }
      view.framed = "selection";
      view.userMoved = false;
      fitInto(boundsOf(selectedCodes), MAX_FRAME_ZOOM);
    }

    function reframe() {
      if (view.userMoved) { return; }
      if (view.framed === "selection" && selectedCodes.length) { frameSelection(); } else { frameWhole(); }
    }

    function watchMoves() {
      map.on("movestart zoomstart", function () { if (!view.moving) { view.userMoved = true; } });
      map.on("resize", reframe);
      // The map's box also changes without a window resize (the layout settling, a sheet,
      // a frame's size set by its page): Leaflet only watches the window.
      if (window.ResizeObserver) {
        new ResizeObserver(function () { map.invalidateSize({ pan: false }); })
          .observe(map.getContainer());
      }
    }

    var WholeUkControl = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "map-button whole-uk");
        button.type = "button";
        button.textContent = "Whole UK";
        button.title = "Show the whole UK";
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          view.userMoved = false;
          frameWhole();
          status.textContent = "Showing the whole UK";
        });
        return button;
      }
    });

    // The one-line attribution's (i) button shows the full lines (#map-sources).
    var SourcesControl = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "map-button sources-button");
        button.type = "button";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", "map-sources");
        button.innerHTML = '<span class="sources-icon" aria-hidden="true">i</span><span class="visually-hidden">Sources and licences</span>';
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          var open = sources.hidden;
          sources.hidden = !open;
          button.setAttribute("aria-expanded", String(open));
        });
        return button;
      }
    });

    // ---- Styles: folium's base style (coverage), then the colouring, hover on top.
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
    }

    function restyle() { layer().eachLayer(styleArea); }

    // The selection is drawn in its own pane above the areas: a white halo under a black
    // line, so it stands out (≥ 3:1) against any fill and background, and each area named.
    // The areas themselves keep their order, so the keyboard's Tab order never changes.
    function drawSelection() {
      if (selectionLayer) { map.removeLayer(selectionLayer); selectionLayer = null; }
      // Names are placed at the areas' centres, which Leaflet finds only for areas on the
      // map: the opening selection is drawn once its set is on the map (see the end).
      if (!selectedCodes.length || !map.hasLayer(layer())) { return; }
      var chosen = [];
      layer().eachLayer(function (area) {
        if (selectedCodes.indexOf(area.feature.properties.code) !== -1) { chosen.push(area); }
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
        name.textContent = decodeName(area.feature.properties.name);
        labels.push(L.tooltip({
          permanent: true, direction: "center", className: "selection-label", interactive: false
        }).setLatLng(area.getCenter()).setContent(name));
      });
      selectionLayer = L.layerGroup([halo, line].concat(labels)).addTo(map);
    }

    function tooltipFor(area) {
      var box = document.createElement("span");
      var name = document.createElement("strong");
      name.textContent = decodeName(area.feature.properties.name);
      box.appendChild(name);
      var scheme = colouring();
      if (scheme) {
        var value = scheme.areas[area.feature.properties.code];
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(
          scheme.label + ": " + (value ? value.text : scheme.no_data.label.toLowerCase())));
      }
      return box;
    }

    function swatch(colour, noData) {
      var element = document.createElement("span");
      element.className = "legend-swatch" + (noData ? " legend-no-data" : "");
      element.style.backgroundColor = colour;
      return element;
    }

    function showKeys() {
      var scheme = colouring();
      if (coverageKey) { coverageKey.hidden = Boolean(scheme) || state.set !== DEFAULT_SET; }
      if (!legend) { return; }
      legend.hidden = !scheme;
      if (!scheme) { return; }
      legend.querySelector(".legend-title").textContent = scheme.label + " (" + scheme.unit + ")";
      legend.querySelector(".legend-description").textContent = scheme.description;
      legend.querySelector(".legend-note").textContent = scheme.scale === "diverging" ?
        "Reds are falls and blues are rises, darker for bigger changes; each side is split into classes of about the same number of areas." :
        "Each colour holds about a fifth of the areas with data (quantiles), light to dark as values rise.";
      var list = legend.querySelector(".legend-classes");
      list.textContent = "";
      var items = scheme.legend.slice();
      if (scheme.no_data.count) {
        items.push({ colour: scheme.no_data.colour, noData: true,
                     label: scheme.no_data.label + " (" + scheme.no_data.count + " areas)" });
      }
      items.forEach(function (item, index) {
        var entry = document.createElement("li");
        entry.dataset.index = item.noData ? "none" : String(index);
        entry.appendChild(swatch(item.colour, item.noData));
        entry.appendChild(document.createTextNode(item.label));
        list.appendChild(entry);
      });
      markSelectedValue();
    }

    // The legend marks the class of each selected area and says its value.
    function markSelectedValue() {
      var scheme = colouring();
      if (!legend || !scheme) { return; }
      var line = legend.querySelector(".legend-selected");
      var said = [];
      Array.prototype.forEach.call(legend.querySelectorAll(".legend-classes li"), function (entry) {
        entry.classList.remove("legend-class-selected");
        var mark = entry.querySelector(".legend-mark");
        if (mark) { entry.removeChild(mark); }
      });
      selectedCodes.forEach(function (code) {
        var area = null;
        layer().eachLayer(function (each) { if (each.feature.properties.code === code) { area = each; } });
        if (!area) { return; }
        var value = scheme.areas[code];
        var name = decodeName(area.feature.properties.name);
        var entry = legend.querySelector('.legend-classes li[data-index="' +
          (value ? value.legend_index : "none") + '"]');
        if (entry) {
          entry.classList.add("legend-class-selected");
          var mark = entry.querySelector(".legend-mark") || document.createElement("span");
          mark.className = "legend-mark";
          mark.textContent = (mark.textContent ? mark.textContent + ", " : "◀ ") + name;
          entry.appendChild(mark);
        }
        said.push(name + ": " + (value ? value.text : "no data"));
      });
      line.hidden = !said.length;
      line.textContent = said.length ? "Selected: " + said.join("; ") : "";
    }

    function paintSwatches(root) {
      Array.prototype.forEach.call(root.querySelectorAll(".legend-swatch[data-colour]"), function (s) {
        s.style.backgroundColor = s.dataset.colour;
      });
    }

    var coloursLoading = null;
    function loadColours() {
      if (colours || !state.measure) { return Promise.resolve(); }
      if (!coloursLoading) {
        var request = early.colours || server.fetchColours();
      early.colours = null;  // asked for again after a failure
      coloursLoading = request.then(function (data) { colours = data; }, function (error) {
          coloursLoading = null;  // asked again on the next change
          throw error;
        });
      }
      return coloursLoading;
    }

    function applyColours() {
      return loadColours().then(function () { restyle(); showKeys(); });
    }

    // ---- The panel: beside the map, or a sheet over its lower part on narrow screens.
    function setSheet(expanded) {
      if (!panel) { return; }
      window.requestAnimationFrame(liftBottomControls);
      panel.dataset.sheet = expanded ? "expanded" : "collapsed";
      if (panelToggle) {
        panelToggle.setAttribute("aria-expanded", String(expanded));
        panelToggle.firstChild.textContent = expanded ? "Less" : "More";
      }
    }

    function showPanel(html, moveFocus) {
      panelBody.innerHTML = html;
      var content = panelBody.querySelector(".panel-content");
      selectedCodes = content && content.dataset.codes ? content.dataset.codes.split(" ") : [];
      if (EMBEDDED) { openLinksInNewTabs(panelBody); }
      var names = Array.prototype.map.call(panelBody.querySelectorAll(".area-name"), function (h) {
        return h.textContent;
      });
      status.textContent = names.length ? "Showing " + names.join(" and ") : "No area at this point";
      panel.hidden = false;
      closeButton.hidden = false;
      if (panelToggle) { panelToggle.hidden = false; }
      setSheet(false);
      panel.scrollTop = 0;
      panel.removeAttribute("aria-busy");
      main.dataset.selected = selectedCodes.join(" ");
      drawSelection();
      markSelectedValue();
      frameSelection();
      if (moveFocus) { panel.focus({ preventScroll: true }); }
      reportHeight();
    }

    function loadPanel(request, moveFocus) {
      if (options.panel === "false") { return Promise.resolve(); }
      var number = ++latestRequest;
      panel.setAttribute("aria-busy", "true");
      return request()
        .then(function (html) { if (number === latestRequest) { showPanel(html, moveFocus); } })
        .catch(function () {
          if (number === latestRequest) {
            showPanel('<div class="panel-content panel-error"><h2>Sorry, that did not work</h2>' +
                      "<p>The details could not be loaded. Please try again.</p></div>", moveFocus);
          }
        });
    }

    function clearPanel() {
      selectedCodes = [];
      drawSelection();
      if (marker) { map.removeLayer(marker); marker = null; }
      main.dataset.selected = "";
      markSelectedValue();
      if (!panel) { return; }
      panelBody.innerHTML = introHtml;
      panel.hidden = !introHtml;
      closeButton.hidden = true;
      if (panelToggle) { panelToggle.hidden = !introHtml; }
      setSheet(false);
    }

    // In an embed every link opens a new tab (our other pages refuse to be framed), except
    // downloads and links within the frame.
    function openLinksInNewTabs(root) {
      Array.prototype.forEach.call(root.querySelectorAll("a[href]"), function (link) {
        if (link.hasAttribute("download") || link.getAttribute("href").charAt(0) === "#") { return; }
        link.target = "_blank";
        link.rel = "noopener";
      });
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
        interactive: false, pane: "selection"
      }).addTo(map);
    }

    function selectPoint(lat, lon, record) {
      placeMarker([lat, lon]);
      if (record) { remember({ lat: lat.toFixed(5), lon: lon.toFixed(5) }); }
      return loadPanel(function () { return server.fetchPanelAt(lat, lon, state.set); }, false);
    }

    function selectArea(code, moveFocus, record) {
      if (marker) { map.removeLayer(marker); marker = null; }
      if (record) { remember({ area: code }); }
      return loadPanel(function () { return server.fetchPanel(code, state.set); }, moveFocus);
    }

    function chooseArea(code) {
      var open = function () {
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
      element.setAttribute("aria-label", decodeName(props.name));
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
    // A layer gets its areas while it is off the map (folium adds none to it), so they are
    // drawn once, when it goes on the map in the view it opens with: each area added to a
    // layer on the map is drawn at once, and each move of the map draws them all again.
    function loadSet(key) {
      if (!loading[key]) {
        var areas = key === early.set ? early.areas :
          server.fetchBoundaries(key).then(geoapp.decodeTopology);
        loading[key] = areas.then(function (features) {
          layers[key].addData(features);
          layers[key].bindTooltip(tooltipFor, { sticky: true });
          // folium's hover highlight resets the style on mouseout; put ours back.
          layers[key].on("mouseout", function (event) { styleArea(event.layer); });
        });
      }
      return loading[key];
    }

    function putOnMap(key) {
      Object.keys(layers).forEach(function (other) {
        if (other !== key && map.hasLayer(layers[other])) { map.removeLayer(layers[other]); }
      });
      state.set = key;
      if (!map.hasLayer(layers[key])) { layers[key].addTo(map); }
      layers[key].eachLayer(makeFocusable);
      main.dataset.set = key;
    }

    function showSet(key) {
      return loadSet(key).then(function () {
        putOnMap(key);
        return applyColours();
      });
    }

    // The benchmark's "map drawn" (bench/run.py): the frame that paints the areas in the
    // opening view. Its rendering steps (style, layout, paint) run after the animation
    // frame's callbacks; a message posted from there is handled once they are done.
    function markDrawn() {
      if (!(window.performance && performance.mark)) { return; }
      window.requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { performance.mark("geoapp:map-drawn"); };
        channel.port2.postMessage(null);
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
        else { clearPanel(); view.userMoved = false; frameWhole(); }
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

    // A map in a hidden frame (a preview not yet shown) has no size to fit; the "resize"
    // handler fits it once it has one.
    function fitOpeningView() {
      if (options.area && options.panel === "false") {
        view.framed = "area";
        fitInto(boundsOf([options.area]), MAX_FRAME_ZOOM);
        return;
      }
      frameWhole();
    }

    function setUpToolbar() {
      var toggle = document.getElementById("toolbar-toggle");
      var items = document.getElementById("toolbar-items");
      if (!toggle || !items) { return; }
      // On phones the controls fold into one menu (CSS shows the button on narrow screens).
      toggle.hidden = false;
      document.documentElement.classList.add("toolbar-folds");
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        items.classList.toggle("toolbar-items-open", open);
      });
    }

    function start() {
      map.createPane("selection");
      if (options.basemap === "tiles" && folium.basemap) {
        folium.basemap.addTo(map);
      }
      if (options.interactive === "false") {
        ["dragging", "touchZoom", "doubleClickZoom", "scrollWheelZoom", "boxZoom", "keyboard"]
          .forEach(function (handler) { map[handler].disable(); });
        if (map.zoomControl) { map.removeControl(map.zoomControl); }
      } else {
        new WholeUkControl().addTo(map);
        if (EMBEDDED && window.parent !== window) { geoapp.cooperativeGestures(map); }
      }
      if (EMBEDDED) {
        var fullMap = document.querySelector(".embed-full-map");
        if (fullMap) {
          var FullMapControl = L.Control.extend({
            options: { position: "topright" },
            onAdd: function () { L.DomUtil.addClass(fullMap, "leaflet-control"); return fullMap; }
          });
          new FullMapControl().addTo(map);
        }

        openLinksInNewTabs(document);
        // Links Leaflet writes later (the attribution) open new tabs too.
        document.addEventListener("click", function (event) {
          var link = event.target.closest && event.target.closest("a[href]");
          if (link && link.target !== "_blank") { openLinksInNewTabs(link.parentNode); }
        }, true);
      }
      // Leaflet's credit without its flag, to keep the attribution to one line.
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
      if (sources) { new SourcesControl().addTo(map); }
      paintSwatches(document);
      watchMoves();
      setUpToolbar();
      if (panel) {
        closeButton.addEventListener("click", closePanel);
        panel.addEventListener("keydown", function (event) {
          if (event.key === "Escape") { closePanel(); }
        });
        if (panelToggle) {
          if (introHtml) { panelToggle.hidden = false; }
          panelToggle.addEventListener("click", function () {
            setSheet(panel.dataset.sheet !== "expanded");
          });
        }
      }
      if (controls) {
        controls.classList.add("map-controls-live");  // changes apply at once: no Show button
        controls.addEventListener("change", function () {
          var key = controls.elements.set.value;
          state.measure = controls.elements.measure.value;
          if (key !== state.set) { clearPanel(); }
          showSet(key).then(function () {
            remember(null);
            status.textContent = colouring() ? "Coloured by " + colouring().label :
              "Coloured by the summary pages we hold";
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
      var lastPointer = "mouse";
      map.getContainer().addEventListener("pointerdown", function (event) {
        lastPointer = event.pointerType;
      }, true);
      if (options.panel !== "false") {
        map.on("click", function (event) {
          returnFocusTo = null;
          // A tap has no hover to end it: close the name it opened (the sheet names the area).
          if (lastPointer === "touch") { layer().closeTooltip(); }
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
    }

    // The opening: the colours (if asked for) load beside the boundaries; the map is set up
    // and framed before its areas go on it, so they are drawn once, in the opening view.
    var opening = Promise.all([loadSet(state.set), loadColours()]);
    opening.then(function () {
      start();
      putOnMap(state.set);
      drawSelection();
      markDrawn();
      return applyColours();
    }).then(function () {
      main.dataset.mapReady = "true";
      reportHeight();
    }, function () {
      status.textContent = "The map's areas could not be loaded. Please reload the page.";
      main.dataset.mapFailed = "true";
    });
  }
})();
