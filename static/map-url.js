/* The page URL holds the state on the map page: the set (when not the default), the
   measure, and the selection (an area, or a point). Back and Forward show it again. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  geoapp.urlState = function (app) {
    var options = app.options;

    // Add the state, with "selection" ({area} or {lat, lon}, or null), to the history.
    function remember(selection) {
      if (!options.history) { return; }
      var params = new URLSearchParams();
      if (app.state.set !== options.defaultSet) { params.set("set", app.state.set); }
      if (app.state.measure) { params.set("measure", app.state.measure); }
      Object.keys(selection || {}).forEach(function (key) { params.set(key, selection[key]); });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "");
      if (url !== window.location.pathname + window.location.search) {
        try { window.history.pushState(null, "", url); } catch (e) { /* sandboxed frame */ }
      }
    }

    // Return the state the page URL holds: a known set (else the default), the measure,
    // and an area, or a point's lat and lon (NaN when absent).
    function read() {
      var params = new URLSearchParams(window.location.search);
      return {
        set: Object.prototype.hasOwnProperty.call(options.boundaries, params.get("set")) ?
          params.get("set") : options.defaultSet,
        measure: params.get("measure") || "",
        area: params.get("area") || "",
        lat: parseFloat(params.get("lat")),
        lon: parseFloat(params.get("lon"))
      };
    }

    return { remember: remember, read: read };
  };
})();
