// The plan editor's task table and reporting rounds (templates/tasks/_plan_*.html).
// htmx does the requests and swaps one row at a time; this file does what htmx cannot without
// inline script (forbidden by the Content-Security-Policy): move a row after a successful
// "↑"/"↓", number the rows, drop an unsaved new row, and keep the row forms consistent.
(function () {
  "use strict";
  if (window.danvanTasks) { return; }  // the partials may both include this file
  window.danvanTasks = true;

  var newRowCounter = 0;
  var DUE_PLACEHOLDERS = { date: "30/09/2025", month: "9/2025", quarter: "IV/2025 hoặc 4/2025", continuous: "" };

  function toggleEmpty(bodyId, emptyId) {
    var body = document.getElementById(bodyId);
    var empty = document.getElementById(emptyId);
    if (!body || !empty) { return; }
    var others = Array.prototype.filter.call(body.children, function (row) { return row !== empty; });
    empty.hidden = others.length > 0;
  }

  // STT follows the order of the rows on screen, which is the saved order.
  function renumber() {
    var body = document.getElementById("task-rows");
    if (!body) { return; }
    var n = 0;
    Array.prototype.forEach.call(body.children, function (row) {
      if (!row.hasAttribute("data-task-id")) { return; }
      n += 1;
      var cell = row.querySelector(".task-stt");
      if (cell) { cell.textContent = String(n); }
    });
    toggleEmpty("task-rows", "task-empty");
    toggleEmpty("round-rows", "round-empty");
  }

  // A lead unit cannot also co-ordinate; a continuous task has no due text.
  function syncTaskForm(form) {
    var lead = form.querySelector("select[name=lead_unit]");
    if (lead) {
      form.querySelectorAll("input[name=coordinating_units]").forEach(function (box) {
        var isLead = lead.value !== "" && box.value === lead.value;
        if (isLead) { box.checked = false; }
        box.disabled = isLead;
      });
    }
    var kind = form.querySelector("select[name=due_kind]");
    var due = form.querySelector("input[name=due]");
    if (kind && due) {
      due.disabled = kind.value === "continuous";
      due.placeholder = DUE_PLACEHOLDERS[kind.value] || "";
    }
  }

  function syncAll(root) {
    (root || document).querySelectorAll("form.task-form").forEach(syncTaskForm);
  }

  document.addEventListener("change", function (evt) {
    var form = evt.target.closest && evt.target.closest("form.task-form");
    if (form) { syncTaskForm(form); }
  });

  // "Hủy" on a row that was never saved: just remove it.
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-remove-row]");
    if (!button) { return; }
    var row = button.closest("tr");
    var add = row && document.getElementById(row.closest("#round-rows") ? "round-add" : "task-add");
    if (row) { row.remove(); }
    renumber();
    if (add) { add.focus(); }  // not the page body: the keyboard stays where rows are added
  });

  // Give each new-row form its own suffix, so two open forms never share element ids.
  document.addEventListener("htmx:configRequest", function (evt) {
    var elt = evt.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-new-row")) {
      newRowCounter += 1;
      evt.detail.parameters.n = Date.now().toString(36) + newRowCounter;
    }
  });

  // After "↑"/"↓" the server answers 204 with X-Task-Move: moved; move the row here so that the
  // other rows, and whatever is being typed in them, stay untouched.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = evt.detail.elt;
    var direction = elt && elt.getAttribute && elt.getAttribute("data-task-move");
    if (!direction || !evt.detail.successful) { return; }
    if (evt.detail.xhr.getResponseHeader("X-Task-Move") !== "moved") { return; }
    var row = elt.closest("tr");
    var sibling = row;
    do {
      sibling = direction === "up" ? sibling.previousElementSibling : sibling.nextElementSibling;
    } while (sibling && !sibling.hasAttribute("data-task-id"));
    if (!sibling) { return; }
    if (direction === "up") { sibling.before(row); } else { sibling.after(row); }
    renumber();
    elt.focus();
  });

  document.addEventListener("htmx:afterSettle", function () {
    renumber();
    syncAll(document);
  });

  document.addEventListener("htmx:load", function (evt) {
    var elt = evt.detail.elt;
    if (elt && elt.classList && (elt.classList.contains("task-new-row") || elt.classList.contains("round-new-row"))) {
      var first = elt.querySelector("textarea, input[type=text]");
      if (first) { first.focus(); }
    }
  });

  // A refused write (no right, plan no longer a draft, row deleted meanwhile) is not swapped in by
  // htmx: say why instead of doing nothing. On the plan edit page plans.js already reports every
  // refused htmx call in its #plan-flash box, so this only speaks where that box is absent.
  function ours(elt) {
    return elt && elt.closest && elt.closest("#plan-tasks, #plan-rounds") && !document.getElementById("plan-flash");
  }

  document.addEventListener("htmx:responseError", function (evt) {
    if (!ours(evt.detail.elt)) { return; }
    var xhr = evt.detail.xhr;
    var text;
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (xhr.status === 409 || (type.indexOf("text/plain") === 0 && xhr.responseText)) {
      text = xhr.responseText;  // the server's own words (a conflict, an expired session...)
    } else if (xhr.status === 403) {
      text = "Không thực hiện được: bạn không có quyền, hoặc kế hoạch không còn là dự thảo. Hãy tải lại trang.";
    } else if (xhr.status === 404) {
      text = "Không tìm thấy dòng này (có thể đã bị xóa). Hãy tải lại trang.";
    } else {
      text = "Có lỗi khi lưu (mã " + xhr.status + "). Vui lòng thử lại.";
    }
    window.alert(text);
  });

  document.addEventListener("htmx:sendError", function (evt) {
    if (ours(evt.detail.elt)) {
      window.alert("Không kết nối được máy chủ. Những gì đã nhập vẫn còn trên trang; hãy thử lại.");
    }
  });

  function start() { syncAll(document); renumber(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
