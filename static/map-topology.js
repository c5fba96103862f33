/* Decoding the display boundaries: TopoJSON (geoapp/prepare.py) into GeoJSON features.
   Arcs are quantised, delta-encoded points shared by neighbouring areas, so each border
   is drawn from the same points on both sides. */
(function () {
  "use strict";
  var geoapp = window.geoapp = window.geoapp || {};

  geoapp.decodeTopology = function (topology) {
    var scale = topology.transform.scale, translate = topology.transform.translate;
    var arcs = topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (step) {
        x += step[0]; y += step[1];
        return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
      });
    });
    function ring(indexes) {
      var points = [];
      indexes.forEach(function (index, position) {
        var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
        points = points.concat(position === 0 ? arc : arc.slice(1));
      });
      return points;
    }
    function polygon(rings) {
      var decoded = rings.map(ring);
      // Quantisation can collapse a tiny islet's outline: drop it, and holes too small to see.
      return decoded[0].length < 4 ? null : decoded.filter(function (r) { return r.length >= 4; });
    }
    return {
      type: "FeatureCollection",
      features: topology.objects.areas.geometries.map(function (geometry) {
        var polygons = geometry.type === "Polygon" ? [geometry.arcs] :
          geometry.type === "MultiPolygon" ? geometry.arcs : [];
        return {
          type: "Feature", id: geometry.id, properties: geometry.properties,
          geometry: { type: "MultiPolygon", coordinates: polygons.map(polygon).filter(Boolean) }
        };
      })
    };
  };
})();
