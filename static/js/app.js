/* Page behaviours declared in the markup with data- attributes, so the templates carry no
   inline script or event handler (Content-Security-Policy: script-src 'self').
   Listeners sit on the document, so content swapped in by htmx behaves the same.

   data-autosubmit          on a select/input: submit its form when it changes
   data-confirm="问题"       on a form (on submit) or a button/link (on click): ask first
   data-print               on a button: print the page
   data-check-all="sel"     on a checkbox: tick or untick every box matching the selector
   data-add-row="prefix"    on a button: add a row to a Django formset, cloning
                            <template id="prefix-empty"> into #prefix-rows
*/
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    if (target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
    var selector = target.getAttribute("data-check-all");
    if (selector) {
      document.querySelectorAll(selector).forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  // Capture phase: a refused confirmation stops the event before htmx or the browser act.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof Element ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) {
      return;
    }
    var asking = event.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var adder = event.target.closest("[data-add-row]");
    if (adder) {
      addFormsetRow(adder.getAttribute("data-add-row"));
    }
  }, true);

  function addFormsetRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) {
      return;
    }
    var index = parseInt(total.value, 10);
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = index + 1;
    var first = row.querySelector("input");
    if (first) {
      first.focus();
    }
  }
})();
