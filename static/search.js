/* The search box (templates/_search.html): suggestions as an ARIA 1.2 combobox with a
   listbox, and "Use my location". Without this script the box is a plain form that
   submits to /search, so everything here is an enhancement.

   Keys in the box: Down/Up move through the suggestions (opening them), Enter opens the
   chosen one (or, with none chosen, submits the search), Escape closes the list (or, when
   closed, clears the box). The number of suggestions is announced in a live region.

   Choosing an area (a suggestion, or "Use my location" finding one area) dispatches a
   cancelable "geoapp:choose" event on the form, detail {code, name, url}; unless a listener
   calls preventDefault() (the map page may select the area on the map instead), the
   browser opens the area's page. */
(function () {
  "use strict";
  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function optionsFrom(data) {
    // One option per (result, area): a council in two areas gives two choices.
    var options = [];
    data.results.forEach(function (result) {
      result.areas.forEach(function (area) {
        var detail;
        if (result.kind === "area") {
          detail = result.note || result.kind_label;
        } else if (result.kind === "district") {
          detail = "council: " + result.label;
        } else {
          detail = "postcode " + result.label;
        }
        if (result.approximate) { detail = "did you mean? " + detail; }
        options.push({ code: area.code, name: area.name, detail: detail, url: area.url });
      });
    });
    return options;
  }

  function setup(form) {
    var input = form.querySelector(".search-input");
    var listbox = form.querySelector(".search-suggestions");
    var status = form.querySelector(".search-status");
    var message = form.querySelector(".search-message");
    var locate = form.querySelector(".search-locate");
    var options = [];
    var active = -1;
    var timer = null;
    var sequence = 0;
    var controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function announce(text) {
      // Clear first so the same words are announced again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function showMessage(text, links) {
      message.textContent = "";
      if (!text) { message.hidden = true; return; }
      var paragraph = document.createElement("p");
      paragraph.textContent = text;
      message.appendChild(paragraph);
      if (links && links.length) {
        var list = document.createElement("ul");
        links.forEach(function (link) {
          var item = document.createElement("li");
          var anchor = document.createElement("a");
          anchor.href = link.url;
          anchor.textContent = link.name;
          item.appendChild(anchor);
          list.appendChild(item);
        });
        message.appendChild(list);
      }
      message.hidden = false;
    }

    function setActive(index) {
      var items = listbox.children;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!options.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function go(option) {
      close();
      var chosen = new CustomEvent("geoapp:choose", {
        bubbles: true, cancelable: true,
        detail: { code: option.code, name: option.name, url: option.url }
      });
      if (form.dispatchEvent(chosen)) { window.location.assign(option.url); }
    }

    function render(data) {
      options = optionsFrom(data);
      listbox.textContent = "";
      options.forEach(function (option, index) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "suggestion-name";
        name.textContent = option.name;
        var detail = document.createElement("span");
        detail.className = "suggestion-detail";
        detail.textContent = " (" + option.detail + ")";
        item.appendChild(name);
        item.appendChild(detail);
        // mousedown, not click: keep focus in the box until the choice is made.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { go(option); });
        listbox.appendChild(item);
      });
      setActive(-1);
      if (options.length) {
        open();
        showMessage("");
        announce(options.length + (options.length === 1 ? " suggestion" : " suggestions") +
                 ". Use the up and down arrow keys to choose one, then Enter.");
      } else {
        close();
        showMessage(data.message || "No suggestions.");
        announce(data.message || "No suggestions.");
      }
    }

    function suggest() {
      var query = input.value.trim();
      var request = ++sequence;
      if (controller) { controller.abort(); }
      if (query.length < MIN_LENGTH) {
        options = [];
        listbox.textContent = "";
        close();
        showMessage("");
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = form.dataset.suggest + "?limit=8&q=" + encodeURIComponent(query);
      fetch(url, controller ? { signal: controller.signal } : {})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (request !== sequence) { return; }
          if (data.results) { render(data); } else { render({ results: [], message: data.message }); }
        })
        .catch(function (error) {
          if (error.name !== "AbortError" && request === sequence) {
            render({ results: [], message: "Suggestions could not be loaded; press Enter to search." });
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (!options.length) { return; }
        event.preventDefault();
        if (!expanded) { open(); setActive(0); return; }
        setActive(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!options.length) { return; }
        event.preventDefault();
        if (!expanded) { open(); setActive(options.length - 1); return; }
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          go(options[active]);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          options = [];
          listbox.textContent = "";
          showMessage("");
        }
      }
    });

    input.addEventListener("blur", close);
    if (document.activeElement === input && input.value.trim()) { suggest(); }

    if (locate && "geolocation" in navigator) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        showMessage("Finding your location…");
        announce("Finding your location…");
        navigator.geolocation.getCurrentPosition(function (position) {
          var lat = position.coords.latitude.toFixed(5);
          var lon = position.coords.longitude.toFixed(5);
          fetch(form.dataset.point + "?lat=" + lat + "&lon=" + lon)
            .then(function (response) { return response.json(); })
            .then(function (data) { placeFound(data.areas || []); })
            .catch(function () { tell("Sorry, the areas at your location could not be loaded."); });
        }, function (error) {
          tell(error.code === 1
            ? "You did not allow this site to use your location. Search by name or postcode instead."
            : "Your location could not be found. Search by name or postcode instead.");
        }, { timeout: 15000, maximumAge: 600000 });
      });
    }

    function areaUrl(code) {
      return form.dataset.areaUrl.replace("CODE", encodeURIComponent(code));
    }

    function tell(text, links) {
      showMessage(text, links);
      announce(text);
    }

    function placeFound(areas) {
      if (areas.length === 1) {
        tell("You are in " + areas[0].name + ".");
        go({ code: areas[0].code, name: areas[0].name, url: areaUrl(areas[0].code) });
      } else if (areas.length > 1) {
        tell("Your location is in " + areas.length + " areas, which overlapped in 2018. Choose one:",
             areas.map(function (area) { return { name: area.name, url: areaUrl(area.code) }; }));
        message.querySelector("a").focus();
      } else {
        tell("Your location is not in any area of the summaries: they cover the UK only.");
      }
    }
  }

  // Set up after the next frame, so that on the map page the areas are drawn first; until
  // then the box is a plain form that submits, and words typed in it get their suggestions.
  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup);
  }
  if (window.requestAnimationFrame) {
    window.requestAnimationFrame(function () { window.setTimeout(setUpAll, 0); });
  } else {
    setUpAll();
  }
})();
