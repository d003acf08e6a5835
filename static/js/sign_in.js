/* The sign-in checklist: find in the list, select all (visible rows), count the ticks. */
(function () {
  "use strict";
  var form = document.getElementById("sign-in-form");
  if (!form) {
    return;
  }
  var filter = document.getElementById("checklist-filter");
  var all = document.getElementById("select-all");
  var count = document.getElementById("selected-count");
  var rows = Array.prototype.slice.call(form.querySelectorAll("tbody tr[data-search]"));

  function picks(visibleOnly) {
    return rows.filter(function (r) {
      return !visibleOnly || !r.hidden;
    }).map(function (r) {
      return r.querySelector("input.pick");
    }).filter(Boolean);
  }

  function recount() {
    count.textContent = picks(false).filter(function (b) {
      return b.checked;
    }).length;
  }
  filter.addEventListener("input", function () {
    var needle = filter.value.trim().toLowerCase();
    rows.forEach(function (r) {
      r.hidden = needle !== "" && r.dataset.search.toLowerCase().indexOf(needle) === -1;
    });
  });
  all.addEventListener("change", function () {
    picks(true).forEach(function (b) {
      b.checked = all.checked;
    });
    recount();
  });
  form.addEventListener("change", recount);
  recount();
})();
