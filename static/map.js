/* The map page: a click shows, in the panel, every area containing the clicked point.
   The panel's HTML comes from the server (/panel/at), escaped there by Jinja, so the
   same template serves the map and the area pages. */
(function () {
  "use strict";
  var map = window.map_areas;
  var layer = window.geo_json_areas;
  var main = document.getElementById("main");
  var panel = document.getElementById("panel");
  var status = document.getElementById("status");
  var SELECTED = { color: "#0b0c0c", weight: 3, fillOpacity: 0.45 };
  var selectedCodes = [];
  var marker = null;
  var latestRequest = 0;

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

  function showPanel(html) {
    panel.innerHTML = html;
    var content = panel.querySelector(".panel-content");
    selectedCodes = content && content.dataset.codes ? content.dataset.codes.split(" ") : [];
    styleSelection();
    var names = Array.prototype.map.call(panel.querySelectorAll(".area-name"), function (h) {
      return h.textContent;
    });
    status.textContent = names.length ? "Showing " + names.join(" and ") : "No area at this point";
    panel.removeAttribute("aria-busy");
  }

  function loadPanel(url) {
    var request = ++latestRequest;
    panel.setAttribute("aria-busy", "true");
    return fetch(url)
      .then(function (response) { return response.text(); })
      .then(function (html) { if (request === latestRequest) { showPanel(html); } })
      .catch(function () {
        if (request === latestRequest) {
          showPanel('<div class="panel-content panel-error"><h2>Sorry, that did not work</h2>' +
                    "<p>The details could not be loaded. Please try again.</p></div>");
        }
      });
  }

  function showPoint(latlng) {
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, {
        radius: 6, color: "#0b0c0c", weight: 2, fillColor: "#ffdd00", fillOpacity: 1,
        interactive: false
      }).addTo(map);
    }
    var query = "?lat=" + latlng.lat.toFixed(5) + "&lon=" + latlng.lng.toFixed(5);
    return loadPanel(main.dataset.panelAt + query);
  }

  map.fitBounds(layer.getBounds(), { animate: false });
  map.on("click", function (event) { showPoint(event.latlng); });
  document.documentElement.classList.add("map-ready");
  main.dataset.mapReady = "true";
})();
