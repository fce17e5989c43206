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

// Keyboard and screen-reader users (WCAG 2.1 AA). Everything hangs on events of the whole document, so
// pages and partials added later get the same behaviour without code of their own.
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]), select, textarea";
  var FOCUSABLE = "a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])";
  var ERRORS = ".errorlist, .errors, .error-summary";

  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }

  function usable(el) {
    return visible(el) && !el.disabled && !el.closest("[inert]");
  }

  function first(root, selector) {
    var found = null;
    if (root.matches && root.matches(selector) && usable(root)) { return root; }
    Array.prototype.some.call(root.querySelectorAll(selector), function (el) {
      if (usable(el)) { found = el; }
      return found !== null;
    });
    return found;
  }

  function focusOn(el) {
    if (!el) { return false; }
    if (!el.matches(FOCUSABLE) && !el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    el.focus();
    return document.activeElement === el;
  }

  // --- live regions: "Đã lưu" and errors of swapped content are read out --------------------------
  var regions = {};

  function region(role) {
    if (regions[role] && regions[role].isConnected) { return regions[role]; }
    var box = document.createElement("div");
    box.id = "live-" + role;
    box.className = "sr-only";
    box.setAttribute("role", role);
    box.setAttribute("aria-live", role === "alert" ? "assertive" : "polite");
    box.setAttribute("aria-atomic", "true");
    document.body.appendChild(box);
    regions[role] = box;
    return box;
  }

  function announce(role, text) {
    var box = region(role);
    box.textContent = "";
    // A new text node in an existing live region is what screen readers announce, even the same words twice.
    window.setTimeout(function () { box.textContent = text; }, 50);
  }

  function textOf(nodes) {
    return nodes.map(function (el) { return el.textContent.replace(/\s+/g, " ").trim(); })
      .filter(Boolean).join(" ");
  }

  function collect(roots, selector) {
    var found = [];
    roots.forEach(function (root) {
      if (root.matches && root.matches(selector)) { found.push(root); }
      Array.prototype.forEach.call(root.querySelectorAll(selector), function (el) {
        if (visible(el)) { found.push(el); }
      });
    });
    return found;
  }

  // --- focus after an htmx swap ---------------------------------------------------------------------
  // When the swap removed the focused element (a "Lưu", "Sửa" or "Hủy" button replaced with its card or
  // row), focus would fall to the page body and the next Tab would start at the top of the page. It
  // goes to the first field in error, else the first field, else the first button or link of the new
  // content. Focus that is still somewhere on the page (typing in a search box) is left alone.
  var swapped = [];

  function settle() {
    var roots = swapped.filter(function (el) { return el.isConnected && el.nodeType === 1; });
    swapped = [];
    if (!roots.length) { return; }
    var errors = collect(roots, ERRORS);
    if (errors.length) {
      announce("alert", textOf(errors));
    } else {
      var saved = collect(roots, ".saved-note");
      if (saved.length) { announce("status", textOf(saved)); }
    }
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected;
    var inside = !lost && roots.some(function (root) { return root.contains(active); });
    var target = null;
    roots.some(function (root) { target = first(root, "[aria-invalid=true]"); return target; });
    // A field in error comes first, even where other code already put focus in the new content.
    if (target && inside && active.getAttribute("aria-invalid") !== "true") { focusOn(target); return; }
    if (!lost) { return; }
    if (!target) { roots.some(function (root) { target = first(root, ".error-summary, .errorlist"); return target; }); }
    if (!target) { roots.some(function (root) { target = first(root, FIELDS); return target; }); }
    if (!target) { roots.some(function (root) { target = first(root, FOCUSABLE); return target; }); }
    focusOn(target);
  }

  document.addEventListener("htmx:load", function (evt) {
    if (!evt.detail || !evt.detail.elt || evt.detail.elt === document.body) { return; }
    swapped.push(evt.detail.elt);
    window.setTimeout(settle, 0);
  });

  // --- the error summary above a refused form --------------------------------------------------------
  // Else the message a full-page save left ("Đã lưu bản nháp.") is focused, so it is read out and the
  // next Tab goes on from the top of the page's content.
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    var messages = document.querySelector("main .messages");
    if (summary) {
      focusOn(summary);
    } else if (messages && !window.location.hash && !document.querySelector("[autofocus]")) {
      focusOn(messages);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", focusSummary); } else { focusSummary(); }

  // A link of the summary puts the caret in its field (a fragment link alone only scrolls).
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    var field = target.matches(FIELDS) ? target : first(target, FIELDS);
    if (field) {
      evt.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    }
  });

  // --- the browser's own check of required fields speaks Vietnamese -----------------------------------
  function message(el) {
    var v = el.validity;
    if (v.valueMissing) {
      if (el.type === "checkbox") { return "Hãy đánh dấu ô này nếu muốn tiếp tục."; }
      if (el.type === "radio" || el.tagName === "SELECT") { return "Hãy chọn một mục."; }
      if (el.type === "file") { return "Hãy chọn tệp."; }
      return "Hãy nhập mục này.";
    }
    if (v.typeMismatch) { return el.type === "email" ? "Địa chỉ thư điện tử chưa đúng (ví dụ: ten@donvi.gov.vn)." : "Giá trị chưa đúng định dạng."; }
    if (v.badInput) { return "Hãy nhập một số."; }
    if (v.rangeUnderflow) { return "Giá trị nhỏ nhất là " + el.min + "."; }
    if (v.rangeOverflow) { return "Giá trị lớn nhất là " + el.max + "."; }
    if (v.stepMismatch) { return "Hãy nhập số nguyên."; }
    if (v.tooLong) { return "Dài tối đa " + el.maxLength + " ký tự."; }
    if (v.tooShort) { return "Cần ít nhất " + el.minLength + " ký tự."; }
    if (v.patternMismatch) { return el.title || "Giá trị chưa đúng định dạng."; }
    return "";
  }

  document.addEventListener("invalid", function (evt) {
    var el = evt.target;
    if (!el.setCustomValidity) { return; }
    el.setCustomValidity("");
    if (!el.validity.valid) { el.setCustomValidity(message(el)); }
  }, true);

  function clearCustom(evt) {
    var el = evt.target;
    if (el && el.setCustomValidity && el.validity && el.validity.customError) {
      el.setCustomValidity("");
      // The other radios of a group carry the same message.
      if (el.type === "radio" && el.form && el.name) {
        Array.prototype.forEach.call(el.form.querySelectorAll("input[type=radio]"), function (radio) {
          if (radio.name === el.name) { radio.setCustomValidity(""); }
        });
      }
    }
  }
  document.addEventListener("input", clearCustom, true);
  document.addEventListener("change", clearCustom, true);
})();
