/* The panel: beside the map, or a sheet over its lower part on narrow screens. It shows
   the HTML the server renders for the chosen areas (escaped there by Jinja), or the
   opening text (map page) when nothing is chosen. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  geoapp.panel = function (app) {
    var el = app.elements;
    var panel = el.panel, panelBody = el.panelBody, panelToggle = el.panelToggle;
    var latestRequest = 0;
    // The panel's opening text (map page) comes back when a selection is closed.
    var introHtml = panelBody && !panelBody.querySelector(".panel-content") ? panelBody.innerHTML : "";

    function setSheet(expanded) {
      if (!panel) { return; }
      window.requestAnimationFrame(app.framing.liftBottomControls);
      panel.dataset.sheet = expanded ? "expanded" : "collapsed";
      if (panelToggle) {
        panelToggle.setAttribute("aria-expanded", String(expanded));
        panelToggle.firstChild.textContent = expanded ? "Less" : "More";
      }
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

    // Auto-height for sites that want it: tell the parent page how tall we would like to be.
    function reportHeight() {
      if (window.parent === window) { return; }
      window.parent.postMessage({ type: "geoapp:height", height: document.body.scrollHeight }, "*");
    }

    // Show the server's HTML for a selection; its .panel-content names the codes chosen.
    function show(html, moveFocus) {
      panelBody.innerHTML = html;
      var content = panelBody.querySelector(".panel-content");
      app.selectedCodes = content && content.dataset.codes ? content.dataset.codes.split(" ") : [];
      if (app.embedded) { openLinksInNewTabs(panelBody); }
      var names = Array.prototype.map.call(panelBody.querySelectorAll(".area-name"), function (h) {
        return h.textContent;
      });
      el.status.textContent = names.length ? "Showing " + names.join(" and ") : "No area at this point";
      panel.hidden = false;
      el.closeButton.hidden = false;
      if (panelToggle) { panelToggle.hidden = false; }
      setSheet(false);
      panel.scrollTop = 0;
      panel.removeAttribute("aria-busy");
      el.mapView.dataset.selected = app.selectedCodes.join(" ");
      app.choosing.drawSelection();
      app.colours.markSelectedValue();
      app.framing.frameSelection();
      if (moveFocus) { panel.focus({ preventScroll: true }); }
      reportHeight();
    }

    // Show what "request" (a function returning a Promise of HTML) answers, unless a
    // later request was made meanwhile.
    function load(request, moveFocus) {
      if (!app.options.panel) { return Promise.resolve(); }
      var number = ++latestRequest;
      panel.setAttribute("aria-busy", "true");
      return request()
        .then(function (html) { if (number === latestRequest) { show(html, moveFocus); } })
        .catch(function () {
          if (number === latestRequest) {
            show('<div class="panel-content panel-error"><h2>Sorry, that did not work</h2>' +
                 "<p>The details could not be loaded. Please try again.</p></div>", moveFocus);
          }
        });
    }

    function clear() {
      app.selectedCodes = [];
      app.choosing.drawSelection();
      app.choosing.removeMarker();
      el.mapView.dataset.selected = "";
      app.colours.markSelectedValue();
      if (!panel) { return; }
      panelBody.innerHTML = introHtml;
      panel.hidden = !introHtml;
      el.closeButton.hidden = true;
      if (panelToggle) { panelToggle.hidden = !introHtml; }
      setSheet(false);
    }

    function close() {
      clear();
      el.status.textContent = "Selection cleared";
      app.url.remember(null);
      if (app.returnFocusTo) { app.returnFocusTo.focus(); app.returnFocusTo = null; } else { el.mapView.focus(); }
    }

    function listen() {
      if (!panel) { return; }
      el.closeButton.addEventListener("click", close);
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { close(); }
      });
      if (panelToggle) {
        if (introHtml) { panelToggle.hidden = false; }
        panelToggle.addEventListener("click", function () {
          setSheet(panel.dataset.sheet !== "expanded");
        });
      }
    }

    // The server renders the opening selection into the panel: adopt it without a fetch.
    function adoptOpening() {
      if (panelBody && panelBody.querySelector(".panel-content")) { show(panelBody.innerHTML, false); }
    }

    return {
      show: show,
      load: load,
      clear: clear,
      listen: listen,
      adoptOpening: adoptOpening,
      openLinksInNewTabs: openLinksInNewTabs,
      reportHeight: reportHeight
    };
  };
})();
