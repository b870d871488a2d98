// Communiqué's only script: small touches on top of pages that work without it.
// It reads data the server embedded as JSON (never HTML) and writes with textContent only.
(function () {
  "use strict";

  // Timeline: hovering or focusing a month's bar names its counts; clicking one marks its list.
  function timeline() {
    var holder = document.getElementById("chart-data");
    var out = document.getElementById("chart-detail");
    if (!holder || !out) return;
    var months = JSON.parse(holder.textContent);
    document.querySelectorAll("#coop-conflict .bar").forEach(function (bar) {
      var m = months[Number(bar.getAttribute("data-index"))];
      if (!m) return;
      var show = function () {
        out.textContent = m.title;
      };
      bar.addEventListener("mouseenter", show);
      bar.addEventListener("focus", show);
      bar.addEventListener("click", function () {
        document.querySelectorAll("section.month.active, #coop-conflict .bar.active").forEach(function (el) {
          el.classList.remove("active");
        });
        bar.classList.add("active");
        var section = document.getElementById(m.anchor);
        if (section) section.classList.add("active");
        show();
      });
    });
  }

  // Story page: a citation link flashes the sentence it points at, inside its own column.
  function citations() {
    document.querySelectorAll("a.cite-link").forEach(function (link) {
      link.addEventListener("click", function () {
        var id = link.getAttribute("href").slice(1);
        var target = document.getElementById(id);
        if (!target) return;
        // A second mark starting at the same place is an empty anchor just before the highlight.
        if (!target.textContent && target.nextElementSibling) target = target.nextElementSibling;
        target.classList.add("flash");
        window.setTimeout(function () { target.classList.remove("flash"); }, 1600);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { timeline(); citations(); });
})();
