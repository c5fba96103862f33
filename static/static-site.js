/* On an exported static site (geoapp export) there is no app to ask, so this script answers
   the few requests map.js and search.js make of the server, from files the export wrote:
     /panel/at?lat=…&lon=…   the areas at the point, tested against each area's lookup
                             shape (the server's own, to 6 decimals; bounding box first),
                             then that combination's saved panel (/panel/at/A+B)
     /api/areas/at           the same areas, as the API's JSON
     /api/search?q=…         names from data/search-index.json ranked as the server ranks
                             them; postcodes from data/postcodes/<outward code>.json
   It wraps window.fetch for those paths only (everything else goes to the network), so
   map.js and search.js need no static mode of their own. It also reads the page's address
   for what the server would have rendered into it (?area=, ?set=, embed options).
   Loaded before map.js and search.js, only on exported pages (templates/_static_site.html). */
(function () {
  "use strict";
  var script = document.currentScript;
  var config = script.dataset;
  var lookupUrls = JSON.parse(config.lookup);
  var DEFAULT_SET = config.defaultSet;
  var nativeFetch = window.fetch.bind(window);
  var loaded = {};

  function getJson(url) {
    if (!loaded[url]) {
      loaded[url] = nativeFetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + " answered " + response.status); }
        return response.json();
      });
      loaded[url].catch(function () { delete loaded[url]; });
    }
    return loaded[url];
  }

  function jsonResponse(data, status) {
    return new Response(JSON.stringify(data), {
      status: status || 200, headers: { "Content-Type": "application/json" }
    });
  }

  // ---- The point lookup: even-odd ray casting over every ring of a polygon.
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function inPolygon(x, y, rings) {
    if (!inRing(x, y, rings[0])) { return false; }
    for (var k = 1; k < rings.length; k++) { if (inRing(x, y, rings[k])) { return false; } }
    return true;
  }

  function codesAt(setKey, lon, lat) {
    return getJson(lookupUrls[setKey]).then(function (data) {
      return data.areas.filter(function (area) {
        var box = area.bbox;
        return lon >= box[0] && lat >= box[1] && lon <= box[2] && lat <= box[3] &&
          area.polygons.some(function (rings) { return inPolygon(lon, lat, rings); });
      }).map(function (area) { return area.code; });
    });
  }
  window.geoappStaticLookup = codesAt;  // for tests that compare it with the server

  function withSet(path, setKey) {
    return setKey === DEFAULT_SET ? path : path + "?set=" + encodeURIComponent(setKey);
  }

  function panelAt(url) {
    var setKey = url.searchParams.get("set") || DEFAULT_SET;
    var lat = parseFloat(url.searchParams.get("lat")), lon = parseFloat(url.searchParams.get("lon"));
    if (!lookupUrls[setKey] || !isFinite(lat) || !isFinite(lon)) {
      return Promise.resolve(new Response("bad point", { status: 400 }));
    }
    return codesAt(setKey, lon, lat).then(function (codes) {
      var path = codes.length === 1 ? "/panel/" + encodeURIComponent(codes[0]) :
        "/panel/at/" + (codes.length ? codes.join("+") : "none");
      return nativeFetch(withSet(path, setKey));
    });
  }

  function areasAt(url) {
    var lat = parseFloat(url.searchParams.get("lat")), lon = parseFloat(url.searchParams.get("lon"));
    return Promise.all([codesAt(DEFAULT_SET, lon, lat), getJson(config.search)]).then(function (all) {
      var names = all[1].areas;
      var areas = all[0].map(function (code) { return { code: code, name: names[code] }; });
      return jsonResponse({ lat: lat, lon: lon, count: areas.length, areas: areas,
                            attribution: all[1].attribution.areas });
    });
  }

  // ---- Search, as geoapp/search.py's Finder does it.
  function simplify(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    ascii = ascii.toLowerCase().replace(/&/g, " and ").replace(/['’`]/g, "");
    return ascii.replace(/[^a-z0-9]+/g, " ").trim().split(/\s+/).filter(Boolean).join(" ");
  }

  function matchRank(query, text) {
    if (text === query) { return 0; }
    if (text.indexOf(query) === 0) { return 1; }
    if ((" " + text).indexOf(" " + query) !== -1) { return 2; }
    var words = text.split(" ");
    var all = query.split(" ").every(function (q) {
      return words.some(function (w) { return w.indexOf(q) === 0; });
    });
    return all ? 3 : null;
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }

  function resultJson(index, match, extra) {
    var data = { label: match.label, kind: match.kind, kind_label: index.kind_labels[match.kind],
                 code: match.code,
                 areas: match.codes.map(function (code) {
                   return { code: code, name: index.areas[code],
                            url: config.areaUrl.replace("CODE", encodeURIComponent(code)) };
                 }) };
    if (match.note) { data.note = match.note; }
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    return data;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  function searchNames(index, query, limit) {
    var wanted = simplify(query);
    var best = {};
    index.entries.forEach(function (entry) {
      var rank = matchRank(wanted, entry[0]);
      if (rank === null) { return; }
      var match = index.matches[entry[2]];
      var key = [rank, entry[1], match.label.length, match.label];
      if (!best[entry[2]] || compare(key, best[entry[2]]) < 0) { best[entry[2]] = key; }
    });
    return Object.keys(best).sort(function (a, b) { return compare(best[a], best[b]); })
      .slice(0, limit).map(function (position) { return index.matches[position]; });
  }

  function postcodeResult(index, text) {
    var key = text.replace(/\s+/g, "").toUpperCase();
    var messages = index.messages;
    if (!new RegExp(index.postcode_pattern).test(key)) {
      var partial = new RegExp(index.partial_pattern).test(key);
      var shown = partial ? key : text.split(/\s+/).filter(Boolean).join(" ");
      return Promise.resolve({ message: fill(messages[partial ? "incomplete" : "invalid"], { postcode: shown }) });
    }
    var postcode = key.slice(0, -3) + " " + key.slice(-3);
    if (key.indexOf("BT") === 0 && index.areas[index.northern_ireland]) {
      var nation = { label: postcode, kind: "postcode", code: postcode, codes: [index.northern_ireland],
                     note: messages["northern ireland"] };
      return Promise.resolve({ results: [resultJson(index, nation)], postcodes: false });
    }
    if (!index.postcodes) { return Promise.resolve({ message: messages.unavailable }); }
    var outward = key.slice(0, -3), inward = key.slice(-3);
    return getJson(config.postcodes + encodeURIComponent(outward) + ".json").then(function (file) {
      var found = file.postcodes[inward];
      if (found === undefined) { return { message: fill(messages.unknown, { postcode: postcode }) }; }
      if (found === 0) {
        var crown = messages["no location " + outward.slice(0, 2)];
        return { message: fill(crown || messages["no location"], { postcode: postcode }) };
      }
      var codes = file.areas[found[2]];
      if (!codes.length) { return { message: fill(messages.outside, { postcode: postcode }) }; }
      var match = { label: postcode, kind: "postcode", code: postcode, codes: codes, note: found[3] || "" };
      return { results: [resultJson(index, match, { lat: found[0], lon: found[1] })], postcodes: true };
    }, function () { return { message: fill(messages.unknown, { postcode: postcode }) }; });
  }

  function search(url) {
    var query = (url.searchParams.get("q") || "").trim().split(/\s+/).filter(Boolean).join(" ");
    var limit = parseInt(url.searchParams.get("limit") || "10", 10);
    if (!query) { return Promise.resolve(jsonResponse({ message: "q is required" }, 400)); }
    return getJson(config.search).then(function (index) {
      var byCode = index.matches.filter(function (m) {
        return m.code && m.code === query.toUpperCase().replace(/ /g, "");
      });
      var found;
      if (byCode.length) {
        found = Promise.resolve({ results: [resultJson(index, byCode[0])] });
      } else if (/[0-9]/.test(query)) {
        found = postcodeResult(index, query);
      } else {
        var names = searchNames(index, query, limit);
        found = Promise.resolve(names.length ? { results: names.map(function (m) { return resultJson(index, m); }) } :
          { message: fill(index.messages.no_match, { query: query }) });
      }
      return found.then(function (result) {
        var results = result.results || [];
        var attribution = index.attribution.areas.slice();
        if (results.some(function (r) { return r.kind === "district"; })) {
          attribution = attribution.concat(index.attribution.districts);
        }
        if (result.postcodes) { attribution = attribution.concat(index.attribution.postcodes); }
        return jsonResponse({ query: query, count: results.length, results: results,
                              message: result.message || "", attribution: attribution });
      });
    });
  }

  var ROUTES = { "/panel/at": panelAt, "/api/areas/at": areasAt, "/api/search": search };

  window.fetch = function (resource, init) {
    var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
    // By host, not origin: a sandboxed frame has an opaque origin but the same host.
    var route = url.host === window.location.host && ROUTES[url.pathname];
    return route ? route(url) : nativeFetch(resource, init);
  };

  // ---- What the server would have rendered from the page's address.
  var view = document.getElementById("map-view");
  if (!view) { return; }
  var params = new URLSearchParams(window.location.search);
  var flags = { "1": "true", "0": "false" };
  ["panel", "interactive"].forEach(function (name) {
    if (flags[params.get(name)]) { view.dataset[name] = flags[params.get(name)]; }
  });
  if (params.get("basemap") === "none") { view.dataset.basemap = "none"; }
  if (view.dataset.panel === "false") {
    var aside = document.getElementById("panel");
    if (aside) { aside.hidden = true; }
  }
  var area = (params.get("area") || "").trim().toUpperCase();
  var opensSelection = area || (params.get("lat") && params.get("lon"));
  if (area) { view.dataset.area = area; }
  if (params.get("set") && lookupUrls[params.get("set")]) { view.dataset.set = params.get("set"); }
  if (params.get("measure")) { view.dataset.measure = params.get("measure"); }
  if (!opensSelection) { return; }
  // Once the map is drawn, open the selection the address names, as Back would.
  new MutationObserver(function (changes, observer) {
    if (view.dataset.mapReady !== "true") { return; }
    observer.disconnect();
    window.dispatchEvent(new PopStateEvent("popstate"));
  }).observe(view, { attributes: true, attributeFilter: ["data-map-ready"] });
})();
