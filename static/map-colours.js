/* Styles and keys: folium's base style (the coverage of the summaries) under the colouring
   by a measure, hover on top; the tooltip; the coverage key and the legend, which marks
   the selected areas' values. The colours of every set and measure come from the server
   once, when a measure is first asked for (geoapp/choropleth.py). */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  // The server writes the coverage key's colours as data (CSP: no inline styles).
  geoapp.paintSwatches = function (root) {
    Array.prototype.forEach.call(root.querySelectorAll(".legend-swatch[data-colour]"), function (s) {
      s.style.backgroundColor = s.dataset.colour;
    });
  };

  geoapp.colours = function (app) {
    var legend = app.elements.legend;
    var coverageKey = app.elements.coverageKey;
    var colours = null;
    var loading = null;

    function colouring() {
      return app.state.measure && colours ? colours[app.state.set][app.state.measure] : null;
    }

    function styleArea(area) {
      var code = area.feature.properties.code;
      app.layer().resetStyle(area);
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

    // The colouring each set's layer was last painted with (none: folium's own style, which
    // its areas are drawn with), so that showing the same again repaints nothing.
    var painted = {};

    function restyle() {
      var scheme = colouring();
      if ((painted[app.state.set] || null) === scheme) { return; }
      painted[app.state.set] = scheme;
      app.layer().eachLayer(styleArea);
    }

    function tooltipFor(area) {
      var box = document.createElement("span");
      var name = document.createElement("strong");
      name.textContent = geoapp.decodeName(area.feature.properties.name);
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
      if (coverageKey) { coverageKey.hidden = Boolean(scheme) || app.state.set !== app.options.defaultSet; }
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
      app.selectedCodes.forEach(function (code) {
        var area = null;
        app.layer().eachLayer(function (each) { if (each.feature.properties.code === code) { area = each; } });
        if (!area) { return; }
        var value = scheme.areas[code];
        var name = geoapp.decodeName(area.feature.properties.name);
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

    // The colours, once a measure is asked for; the opening's request may be under way.
    function load() {
      if (colours || !app.state.measure) { return Promise.resolve(); }
      if (!loading) {
        var request = app.early.colours || app.server.fetchColours();
        app.early.colours = null;  // asked for again after a failure
        loading = request.then(function (data) { colours = data; }, function (error) {
          loading = null;
          throw error;
        });
      }
      return loading;
    }

    function apply() {
      return load().then(function () { restyle(); showKeys(); });
    }

    return {
      colouring: colouring,
      styleArea: styleArea,
      tooltipFor: tooltipFor,
      markSelectedValue: markSelectedValue,
      load: load,
      apply: apply
    };
  };
})();
