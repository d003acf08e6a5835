/* A research session must say what was studied and keep minutes: mark both required
   while the box is ticked (the server checks it either way). */
(function () {
  "use strict";
  var box = document.getElementById("id_is_research_session");
  if (!box) {
    return;
  }
  var wrappers = document.querySelectorAll("#research-fields > .mb-3");

  function sync() {
    wrappers.forEach(function (w) {
      w.classList.toggle("form-required", box.checked);
    });
  }
  box.addEventListener("change", sync);
  sync();
})();
