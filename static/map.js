/* The map, on the map page and in embeds: the entry of the map's scripts, which
   geoapp/site.py joins into one file in this order (MAP_SCRIPTS):
     map-topology.js  decoding the boundaries (TopoJSON, geoapp/prepare.py)
     map-server.js    every request the map makes
     map-gestures.js  one finger scrolls the page over an embed, two move the map
     map-page.js      the page's options (data attributes of #map-view) and elements
     map-url.js       the state in the page URL
     map-framing.js   fitting the set or the selection into the uncovered frame
     map-colours.js   styles, the tooltip, the coverage key and the legend
     map-panel.js     the panel or sheet
     map-choosing.js  choosing areas by click, tap, keyboard, search or URL
     map.js           this: the sets of areas, and the opening
   What the page, folium's script and these share is declared in geoapp/outputs/map_contract.py.

   The bundle runs before Leaflet. The opening set's boundaries come next, as a script that
   calls geoapp.receiveBoundaries(key, topology): they are decoded before Leaflet is parsed.
   folium's script (areas-map.js, geoapp/mapping.py) then hands over its map and its empty
   layers, one per set, by calling geoapp.start({map, layers, basemap}), and the areas are
   drawn at once, without waiting for the page's other scripts. */
(function () {
  "use strict";
  var geoapp = window.geoapp;
  var mapView = document.getElementById("map-view");
  if (!mapView) { return; }
  var options = geoapp.readOptions(mapView);
  geoapp.server.configure(options);
  var early = {
    areas: {},  // decoded features by set, from the boundaries scripts
    colours: options.measure ? geoapp.server.fetchColours() : null
  };
  geoapp.receiveBoundaries = function (key, topology) {
    early.areas[key] = geoapp.decodeTopology(topology);
  };

  geoapp.start = function (folium) { run(folium, options, early); };
  enhancePage(geoapp.pageElements());

  // The page's controls as the script makes them: the toolbar folds into one menu on phones
  // (CSS shows its button on narrow screens), the map's controls apply at once (no Show
  // button), and the key's swatches get their colours. Made now, before Leaflet runs, the
  // page's new layout is worked out in the one layout Leaflet forces when it measures the
  // map, not in one more before the areas are drawn.
  function enhancePage(el) {
    var toggle = el.toolbarToggle, items = el.toolbarItems;
    if (toggle && items) {
      toggle.hidden = false;
      document.documentElement.classList.add("toolbar-folds");
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        items.classList.toggle("toolbar-items-open", open);
      });
    }
    if (el.controls) { el.controls.classList.add("map-controls-live"); }
    geoapp.paintSwatches(document);
  }

  function run(folium, options, early) {
    var map = folium.map;
    var app = {
      map: map,
      options: options,
      early: early,
      server: geoapp.server,
      elements: geoapp.pageElements(),
      embedded: document.body.classList.contains("embed"),
      state: { set: options.set, measure: options.measure },
      selectedCodes: [],
      returnFocusTo: null,
      layer: function () { return folium.layers[app.state.set]; }
    };
    var el = app.elements;
    var loading = {};
    app.url = geoapp.urlState(app);
    app.framing = geoapp.framing(app);
    app.colours = geoapp.colours(app);
    app.panel = geoapp.panel(app);
    app.choosing = geoapp.choosing(app);

    // ---- Sets of areas: each loaded once, on first use; one shown at a time.
    // A layer gets its areas while it is off the map (folium adds none to it), so they are
    // drawn once, when it goes on the map in the view it opens with: each area added to a
    // layer on the map is drawn at once, and each move of the map draws them all again.
    function load(key) {
      if (!loading[key]) {
        var layer = folium.layers[key];
        // Fetched unless its script came with the page (the set shown first).
        var areas = early.areas[key] ? Promise.resolve(early.areas[key]) :
          app.server.fetchBoundaries(key).then(geoapp.decodeTopology);
        delete early.areas[key];
        loading[key] = areas.then(function (features) {
          layer.addData(features);
          layer.bindTooltip(app.colours.tooltipFor, { sticky: true });
          // folium's hover highlight resets the style on mouseout; put ours back.
          layer.on("mouseout", function (event) { app.colours.styleArea(event.layer); });
        });
      }
      return loading[key];
    }

    function putOnMap(key) {
      Object.keys(folium.layers).forEach(function (other) {
        if (other !== key && map.hasLayer(folium.layers[other])) { map.removeLayer(folium.layers[other]); }
      });
      app.state.set = key;
      if (!map.hasLayer(folium.layers[key])) { folium.layers[key].addTo(map); }
      folium.layers[key].eachLayer(app.choosing.makeFocusable);
      el.mapView.dataset.set = key;
    }

    function show(key) {
      return load(key).then(function () {
        putOnMap(key);
        return app.colours.apply();
      });
    }

    function syncControls(key) {
      if (!el.controls) { return; }
      el.controls.elements.set.value = key;
      el.controls.elements.measure.value = app.state.measure;
    }

    // Back and Forward: show the state the page URL holds.
    function showFromUrl() {
      var wanted = app.url.read();
      app.state.measure = wanted.measure;
      syncControls(wanted.set);
      show(wanted.set).then(function () {
        if (wanted.area) { app.choosing.selectArea(wanted.area, false, false); }
        else if (isFinite(wanted.lat) && isFinite(wanted.lon)) { app.choosing.selectPoint(wanted.lat, wanted.lon, false); }
        else { app.panel.clear(); app.framing.showWhole(); }
      });
    }

    app.sets = { show: show, syncControls: syncControls };

    // The map's own controls; the full lines behind the one-line attribution (#map-sources).
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
          var open = el.sources.hidden;
          el.sources.hidden = !open;
          button.setAttribute("aria-expanded", String(open));
        });
        return button;
      }
    });

    function setUpEmbed() {
      var fullMap = document.querySelector(".embed-full-map");
      if (fullMap) {
        var FullMapControl = L.Control.extend({
          options: { position: "topright" },
          onAdd: function () { L.DomUtil.addClass(fullMap, "leaflet-control"); return fullMap; }
        });
        new FullMapControl().addTo(map);
      }
      app.panel.openLinksInNewTabs(document);
      // Links Leaflet writes later (the attribution) open new tabs too.
      document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[href]");
        if (link && link.target !== "_blank") { app.panel.openLinksInNewTabs(link.parentNode); }
      }, true);
    }

    function setUpControls() {
      if (!el.controls) { return; }
      el.controls.addEventListener("change", function () {
        var key = el.controls.elements.set.value;
        app.state.measure = el.controls.elements.measure.value;
        if (key !== app.state.set) { app.panel.clear(); }
        show(key).then(function () {
          app.url.remember(null);
          var scheme = app.colours.colouring();
          el.status.textContent = scheme ? "Coloured by " + scheme.label :
            "Coloured by the summary pages we hold";
        });
      });
    }

    // Set up the map and frame its opening view, with the areas still off the map.
    function start() {
      map.createPane("selection");
      if (!options.interactive) {
        ["dragging", "touchZoom", "doubleClickZoom", "scrollWheelZoom", "boxZoom", "keyboard"]
          .forEach(function (handler) { map[handler].disable(); });
        if (map.zoomControl) { map.removeControl(map.zoomControl); }
      } else {
        app.framing.addWholeUkControl();
        if (app.embedded && window.parent !== window) { geoapp.cooperativeGestures(map); }
      }
      if (app.embedded) { setUpEmbed(); }
      // Leaflet's credit without its flag, to keep the attribution to one line.
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
      if (el.sources) { new SourcesControl().addTo(map); }
      app.framing.watchMoves();
      app.panel.listen();
      setUpControls();
      app.framing.fitOpeningView();
      if (options.lat && options.lon) {
        app.choosing.placeMarker([parseFloat(options.lat), parseFloat(options.lon)]);
      }
      app.panel.adoptOpening();
      app.choosing.listen();
      window.addEventListener("popstate", showFromUrl);
      window.addEventListener("resize", app.panel.reportHeight);
    }

    // The benchmark's "map drawn" (bench/run.py): the start of the frame that paints the
    // areas in the opening view, whose style, layout and paint follow its animation frame
    // callbacks at once; the moment the benchmark's first poll, at each frame, saw them.
    function markDrawn() {
      window.requestAnimationFrame(function () {
        if (window.performance && performance.mark) { performance.mark("geoapp:map-drawn"); }
        window.setTimeout(addBasemap, 0);
      });
    }

    // The basemap goes on the map after that frame, once, in the fitted view: its tiles
    // arrive from their server later anyway, and laying them out at folium's zoom 5 and
    // again when the view was fitted held up the areas by about 20 ms.
    function addBasemap() {
      if (options.basemap && folium.basemap) { folium.basemap.addTo(map); }
    }

    // The opening: the colours (if asked for) load beside the boundaries; the map is set up
    // and framed before its areas go on it, so they are drawn once, in the opening view.
    Promise.all([load(app.state.set), app.colours.load()]).then(function () {
      start();
      putOnMap(app.state.set);
      app.choosing.drawSelection();
      markDrawn();
      return app.colours.apply();
    }).then(function () {
      el.mapView.dataset.mapReady = "true";
      app.panel.reportHeight();
    }, function () {
      el.status.textContent = "The map's areas could not be loaded. Please reload the page.";
      // Without the map the controls cannot apply at once: the Show button submits them.
      if (el.controls) { el.controls.classList.remove("map-controls-live"); }
      el.mapView.dataset.mapFailed = "true";
    });
  }
})();
