/* Every request the map makes, in one place, so another source (a static export, issue 13)
   can take over by replacing these functions. Each returns a Promise.
     fetchBoundaries(set)      the set's display boundaries (TopoJSON), as parsed JSON
     fetchColours()            the colours of every set and measure (geoapp/choropleth.py)
     fetchPanelAt(lat, lon, set)  the panel's HTML for every area containing a point
     fetchPanel(code, set)     the panel's HTML for one area
   URLs come from the page's options (static/map-page.js), written by the server. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};
  var options = null;

  function ok(response) {
    if (!response.ok) { throw new Error(response.status + " " + response.url); }
    return response;
  }

  function withSet(url, set) {
    if (!set || set === options.defaultSet) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "set=" + encodeURIComponent(set);
  }

  geoapp.server = {
    configure: function (pageOptions) { options = pageOptions; },
    fetchBoundaries: function (set) {
      var url = options.boundaries[set];
      // The same mode as the page's <link rel=preload as=fetch crossorigin>, so the
      // preloaded response is used.
      return fetch(url, { credentials: "same-origin" })
        .then(ok).then(function (response) { return response.json(); });
    },
    fetchColours: function () {
      return fetch(options.colours).then(ok).then(function (response) { return response.json(); });
    },
    fetchPanelAt: function (lat, lon, set) {
      var query = "?lat=" + lat.toFixed(5) + "&lon=" + lon.toFixed(5);
      return fetch(withSet(options.panelAt + query, set))
        .then(ok).then(function (response) { return response.text(); });
    },
    fetchPanel: function (code, set) {
      var url = options.panelArea.replace("CODE", encodeURIComponent(code));
      return fetch(withSet(url, set)).then(ok).then(function (response) { return response.text(); });
    }
  };
})();
