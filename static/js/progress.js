// Unit report pages. No inline scripts (Content-Security-Policy): behaviour hangs on data-* attributes.
(function () {
  "use strict";

  // A co-ordinating unit's part is shown only when "add my part" is ticked. Without this script
  // every field stays visible, so the form still works.
  function syncPart(toggle) {
    var fieldset = toggle.closest("fieldset");
    var body = fieldset && fieldset.querySelector("[data-part-body='part']");
    if (body) {
      body.hidden = !toggle.checked;
      // Screen readers say whether the part below is shown.
      if (body.id) { toggle.setAttribute("aria-controls", body.id); }
      toggle.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
  }

  // Buttons and forms that need a second thought (submitting a report, replacing a calendar address).
  function confirmClick(event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.part-toggle").forEach(function (toggle) {
      syncPart(toggle);
      toggle.addEventListener("change", function () { syncPart(toggle); });
    });
    document.addEventListener("click", confirmClick);
    document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  });
})();
