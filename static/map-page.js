/* The page around the map (geoapp/outputs/map_contract.py): its options, read once from the data
   attributes of #map-view, which the server writes (templates/_map.html) and validates;
   the elements the map uses; and the areas' names as the boundaries carry them. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  // The one place the options are read (PAGE_OPTIONS in geoapp/outputs/map_contract.py).
  geoapp.readOptions = function (mapView) {
    var data = mapView.dataset;
    return {
      boundaries: JSON.parse(data.boundaries),  // {set: URL} of each set's TopoJSON
      set: data.set || data.defaultSet,         // the set shown first
      defaultSet: data.defaultSet,              // the set a URL without ?set= means
      colours: data.colours,                    // URL of every set's and measure's colours
      measure: data.measure || "",              // the measure coloured at first, or ""
      panelAt: data.panelAt,                    // URL of a point's panel (lat, lon appended)
      panelArea: data.panelArea,                // URL of an area's panel, CODE for its code
      area: data.area || "",                    // an area to open at start
      lat: data.lat || "",                      // with lon, a point to open at start
      lon: data.lon || "",
      basemap: data.basemap === "tiles",        // the configured basemap, or none
      interactive: data.interactive !== "false",  // zoom and pan, or a static map
      panel: data.panel !== "false",            // the panel, or hover names only
      history: data.history === "true"          // the state kept in the page URL
    };
  };

  // The elements the map uses (PAGE_ELEMENTS); all but the first four are on some pages only.
  geoapp.pageElements = function () {
    function byId(id) { return document.getElementById(id); }
    return {
      mapView: byId("map-view"),
      status: byId("status"),
      sources: byId("map-sources"),
      legend: byId("legend"),
      coverageKey: byId("coverage-key"),
      panel: byId("panel"),
      panelBody: byId("panel-body"),
      panelToggle: byId("panel-toggle"),
      closeButton: byId("panel-close"),
      controls: byId("map-controls"),
      toolbarToggle: byId("toolbar-toggle"),
      toolbarItems: byId("toolbar-items")
    };
  };

  // Names arrive HTML-escaped for folium by Python's html.escape (geoapp/mapping.py), which
  // writes only these five entities: undoing them is exact, inert and needs no parser.
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
  geoapp.decodeName = function (escaped) {
    return escaped.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
  };
})();
