(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";
  // An element's name: the first line of its tooltip ("service api: Shortener API").
  function nameOf(g) {
    var a = g.querySelector("a");
    var tip = a && (a.getAttributeNS(XLINK, "title") || a.getAttribute("title"));
    return (tip || g.id).split("\n")[0];
  }
  document.querySelectorAll(".drawing").forEach(function (drawing) {
    var svg = drawing.querySelector(".canvas svg");
    if (!svg) return;
    var prefix = drawing.getAttribute("data-prefix") || "";
    var kinds = /^(component|edge|group):/;
    var panels = drawing.querySelectorAll(".panel[data-element]");
    var none = drawing.querySelector(".panel-none");
    var idle = drawing.querySelector(".panel-idle");
    drawing.querySelector(".selection").hidden = false;
    drawing.querySelector(".zoom").hidden = false;
    function select(g) {
      svg.querySelectorAll(".selected").forEach(function (e) { e.classList.remove("selected"); });
      var found = false;
      if (g) {
        g.classList.add("selected");
        panels.forEach(function (p) { p.hidden = p.getAttribute("data-element") !== g.id; found = found || !p.hidden; });
        none.querySelector(".panel-name").textContent = nameOf(g);
      } else {
        panels.forEach(function (p) { p.hidden = true; });
      }
      svg.classList.toggle("has-selection", !!g);
      idle.hidden = !!g;
      none.hidden = !g || found;
    }
    svg.querySelectorAll("g[id]").forEach(function (g) {
      if (g.id.indexOf(prefix) !== 0 || !kinds.test(g.id.slice(prefix.length))) return;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", nameOf(g));
      g.addEventListener("click", function (event) { event.stopPropagation(); select(g); });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(g); }
      });
      g.addEventListener("archlint-select", function () { select(g); });
    });
    svg.addEventListener("click", function () { select(null); });
    drawing.querySelector(".zoom").addEventListener("click", function (event) {
      var fit = drawing.querySelector(".canvas").classList.toggle("fit");
      event.target.setAttribute("aria-pressed", String(fit));
    });
  });
  document.querySelectorAll("a.locate").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var g = document.getElementById(link.getAttribute("data-element"));
      if (!g) return;
      event.preventDefault();
      document.querySelectorAll("li.current").forEach(function (li) { li.classList.remove("current"); });
      var row = link.closest("li");
      if (row) row.classList.add("current");
      g.dispatchEvent(new CustomEvent("archlint-select"));
      g.scrollIntoView({ block: "center", inline: "center" });
      g.focus({ preventScroll: true });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
