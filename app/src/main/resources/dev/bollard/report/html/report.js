// Bollard's report page: filters and the evidence panel. Reads only the page itself.
(function () {
  "use strict";
  var matrix = document.getElementById("matrix");
  var host = document.getElementById("f-host");
  var text = document.getElementById("f-row");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#f-status input"));
  var shownOut = document.getElementById("shown");
  var hint = document.getElementById("panel-hint");
  if (!matrix) return;

  function filter() {
    var onlyHost = host.value;
    var query = text.value.trim().toLowerCase();
    var statuses = {};
    boxes.forEach(function (b) { if (b.checked) statuses[b.value] = true; });
    matrix.querySelectorAll("th[data-host], td[data-host]").forEach(function (el) {
      el.hidden = onlyHost !== "" && el.dataset.host !== onlyHost;
    });
    var rows = 0;
    matrix.querySelectorAll("tbody.group").forEach(function (group) {
      var any = false;
      group.querySelectorAll("tr.row").forEach(function (tr) {
        var matching = false;
        tr.querySelectorAll("td.cell").forEach(function (td) {
          if (td.dataset.status === "") return;
          var keep = statuses[td.dataset.status] === true;
          td.classList.toggle("filtered", !keep);
          if (keep && !td.hidden) matching = true;
        });
        tr.hidden = !matching || (query !== "" && tr.dataset.row.indexOf(query) < 0);
        if (!tr.hidden) { any = true; rows++; }
      });
      group.querySelector("tr.group-title").hidden = !any;
    });
    shownOut.value = rows + (rows === 1 ? " row shown" : " rows shown");
  }

  function open(button) {
    var id = button.dataset.ev;
    document.querySelectorAll("section.ev").forEach(function (s) { s.hidden = s.id !== id; });
    matrix.querySelectorAll("td.selected").forEach(function (td) { td.classList.remove("selected"); });
    button.parentNode.classList.add("selected");
    hint.hidden = true;
  }

  matrix.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-ev]");
    if (button) open(button);
  });
  host.addEventListener("change", filter);
  text.addEventListener("input", filter);
  boxes.forEach(function (b) { b.addEventListener("change", filter); });
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  filter();
})();
