/* Framing: the whole set, the selection or the opening area fitted into the part of the
   map left uncovered (by the sheet on narrow screens, and by the attribution and scale
   along the bottom), and fitted again when the map's box changes, until the person moves
   or zooms the map themselves. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};
  var FRAME_PADDING = 16;
  var MAX_FRAME_ZOOM = 10;

  geoapp.framing = function (app) {
    var map = app.map;
    var panel = app.elements.panel;
    // What the map frames: the whole set, the selection, or the opening area.
    var view = { framed: "whole", userMoved: false, moving: false };

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
      app.layer().eachLayer(function (area) {
        if (codes.indexOf(area.feature.properties.code) !== -1) { bounds.extend(area.getBounds()); }
      });
      return bounds;
    }

    function frameWhole() {
      view.framed = "whole";
      fitInto(app.layer().getBounds());
    }

    // The whole set, as the "Whole UK" button and a URL without a selection show it.
    function showWhole() {
      view.userMoved = false;
      frameWhole();
    }

    function frameSelection() {
      if (!app.selectedCodes.length) { return; }
      view.framed = "selection";
      view.userMoved = false;
      fitInto(boundsOf(app.selectedCodes), MAX_FRAME_ZOOM);
    }

    function reframe() {
      if (view.userMoved) { return; }
      if (view.framed === "selection" && app.selectedCodes.length) { frameSelection(); } else { frameWhole(); }
    }

    // A map in a hidden frame (a preview not yet shown) has no size to fit; the "resize"
    // handler fits it once it has one.
    function fitOpeningView() {
      if (app.options.area && !app.options.panel) {
        view.framed = "area";
        fitInto(boundsOf([app.options.area]), MAX_FRAME_ZOOM);
        return;
      }
      frameWhole();
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
          showWhole();
          app.elements.status.textContent = "Showing the whole UK";
        });
        return button;
      }
    });

    return {
      liftBottomControls: liftBottomControls,
      frameSelection: frameSelection,
      fitOpeningView: fitOpeningView,
      showWhole: showWhole,
      watchMoves: watchMoves,
      addWholeUkControl: function () { new WholeUkControl().addTo(map); }
    };
  };
})();
