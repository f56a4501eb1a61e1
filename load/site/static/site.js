// gknb site: search over agencies and regions, and the provenance of a number on click.
// No network, no library: the index is window.GKNB_INDEX from assets/search-index.js.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  function openAnchoredRegion() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openAnchoredRegion);
  openAnchoredRegion();

  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var LIMIT = 30;
  function search() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!q) { list.hidden = true; return; }
    var hits = (window.GKNB_INDEX || []).filter(function (e) {
      return e.name.toLowerCase().indexOf(q) >= 0 || e.region.toLowerCase().indexOf(q) >= 0;
    }).slice(0, LIMIT);
    hits.forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), small = document.createElement("small");
      a.href = root + e.href;
      a.className = "hit hit-" + e.kind;
      a.textContent = e.name + " ";
      small.textContent = e.kind === "region" ? "地区 region" : e.region;
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "无结果 no match";
      list.appendChild(none);
    }
    list.hidden = false;
  }
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (ev) {
    var first = list.querySelector("a");
    if (ev.key === "Enter" && first) location.href = first.href;
    if (ev.key === "Escape") { input.value = ""; search(); }
  });

  var panel = document.getElementById("provenance");
  if (!panel) return;
  var selected = null;
  function field(name, text) { panel.querySelector('[data-field="' + name + '"]').textContent = text; }
  function show(td) {
    if (selected) selected.classList.remove("selected");
    selected = td;
    td.classList.add("selected");
    var row = td.parentElement;
    var blank = td.hasAttribute("data-blank");
    var raw = td.hasAttribute("data-raw") ? td.getAttribute("data-raw") : td.textContent;  // omitted when shown as printed
    var rowLabel = td.hasAttribute("data-cell-row-label") ? td.getAttribute("data-cell-row-label") : row.getAttribute("data-row-label");
    field("value", blank ? "（空白 blank）" : td.textContent.trim());
    field("row-label", rowLabel || "(not seen)");
    field("column-label", td.getAttribute("data-column-label") || "(not seen)");
    field("raw", blank ? "（空白 blank cell）" : raw);
    field("inferred", td.hasAttribute("data-inferred")
      ? "是 yes: decided by the table's own identities" : "否 no: read directly");
    field("keys", row.getAttribute("data-row") + " × " + td.getAttribute("data-column"));
    field("checks", td.getAttribute("data-checks") || "none");
    panel.hidden = false;
  }
  document.addEventListener("click", function (ev) {
    var td = ev.target.closest("td.cell");
    if (td) show(td);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches("td.cell")) show(ev.target);
    if (ev.key === "Escape") panel.hidden = true;
  });
  panel.querySelector(".close").addEventListener("click", function () { panel.hidden = true; });
})();
