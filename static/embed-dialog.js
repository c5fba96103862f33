/* "Embed this map": a dialog with options, a live preview and the copy-paste snippet.
   The snippet itself comes from our oEmbed endpoint, so there is one source of embed code. */
(function () {
  "use strict";
  var dialog = document.getElementById("embed-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var form = dialog.querySelector("form");
  var code = document.getElementById("embed-code");
  var preview = null;
  var copied = document.getElementById("embed-copied");
  var baseUrl = dialog.dataset.baseUrl.replace(/\/$/, "");
  var opener = null;
  var latest = 0;

  document.documentElement.classList.add("can-embed");

  function embedQuery() {
    var params = new URLSearchParams();
    if (form.elements.area.value) { params.set("area", form.elements.area.value); }
    if (!form.elements.panel.checked) { params.set("panel", "0"); }
    if (!form.elements.interactive.checked) { params.set("interactive", "0"); }
    if (form.elements.basemap && !form.elements.basemap.checked) { params.set("basemap", "none"); }
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function height() {
    var value = parseInt(form.elements.height.value, 10);
    return isFinite(value) ? Math.max(200, Math.min(2000, value)) : 500;
  }

  // The preview's frame, made the first time the dialog opens, at the end of its form.
  function previewFrame() {
    if (!preview) {
      preview = document.createElement("iframe");
      preview.id = "embed-preview";
      preview.className = "embed-preview";
      preview.title = "Preview of the embedded map";
      form.appendChild(preview);
    }
    return preview;
  }

  function update() {
    var preview = previewFrame();
    var query = embedQuery();
    var request = ++latest;
    var oembed = dialog.dataset.oembed + "?format=json&maxheight=" + height() +
      "&url=" + encodeURIComponent(baseUrl + "/embed" + query);
    fetch(oembed)
      .then(function (response) { return response.json(); })
      .then(function (answer) { if (request === latest) { code.value = answer.html; } });
    if (preview.getAttribute("src") !== "/embed" + query) { preview.src = "/embed" + query; }
    preview.style.height = height() + "px";
    copied.textContent = "";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-embed-area]");
    if (!button) { return; }
    opener = button;
    form.elements.area.value = button.dataset.embedArea;
    dialog.showModal();
    update();  // after showing, so the preview's map has a size to fit
  });
  form.addEventListener("input", update);
  dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });

  document.getElementById("embed-copy").addEventListener("click", function () {
    code.select();
    var done = function () { copied.textContent = "Copied to the clipboard"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(done, function () {
        copied.textContent = "Select the code and copy it (Ctrl+C or ⌘C)";
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
