// "Download a picture of this map" (templates/_picture_links.html): keeps each link's
// address in step with the map's "Areas" and "Colour by" menus and, for a link with
// data-picture-area, the area chosen in that menu (the embed dialog's).
(function () {
  "use strict";

  function chosen(id) {
    var menu = document.getElementById(id);
    return menu ? menu.value : "";
  }

  function pictureUrl(link) {
    var area = link.dataset.pictureArea ? chosen(link.dataset.pictureArea) : "";
    var params = new URLSearchParams();
    var set = chosen("map-set");
    if (!area && set && set !== link.dataset.defaultSet) { params.set("set", set); }
    if (chosen("map-measure")) { params.set("measure", chosen("map-measure")); }
    var url = area ? link.dataset.areaUrl.replace("CODE", encodeURIComponent(area))
                   : link.dataset.mapUrl;
    var query = params.toString();
    return query ? url + "?" + query : url;
  }

  function update() {
    document.querySelectorAll("a[data-picture]").forEach(function (link) {
      link.href = pictureUrl(link);
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLSelectElement) { update(); }
  });
  document.addEventListener("DOMContentLoaded", update);
})();
