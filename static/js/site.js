// Site behaviour (no inline scripts: the Content Security Policy forbids them).
(function () {
  "use strict";

  // An expired session answers htmx requests with 401 and its reason (danvan.middleware): nothing is
  // swapped, so what was typed stays. plans.js and tasks.js show server text in their own places.
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr.status !== 401 || !xhr.responseText) { return; }
    if (document.getElementById("plan-flash")) { return; }
    var elt = evt.detail.elt;
    if (elt && elt.closest && elt.closest("#plan-tasks, #plan-rounds")) { return; }
    window.alert(xhr.responseText);
  });
})();
