/* Choosing another indicator reloads the page with its guidance and the kinds it takes. */
(function () {
  "use strict";
  var indicator = document.getElementById("id_indicator_code");
  if (!indicator) {
    return;
  }
  indicator.addEventListener("change", function () {
    var year = document.getElementById("id_school_year").value;
    window.location.search = "?indicator=" + encodeURIComponent(this.value) + "&year=" + encodeURIComponent(year);
  });
})();
