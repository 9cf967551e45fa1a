/* Write Practice (_write_practice.js) — placeholder until the canvas lands. */
(function () {
  "use strict";
  var areas = document.querySelectorAll(".wp-area");
  for (var i = 0; i < areas.length; i++) {
    areas[i].classList.add("wp-placeholder");
  }
})();
