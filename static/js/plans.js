// Plan pages: document picker, section moves, unsaved-change hints, error messages of htmx calls.
// Loaded as a static file: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  function flash(message) {
    var box = document.getElementById("plan-flash");
    if (!box) {
      window.alert(message);
      return;
    }
    box.textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  // Picking the upper-level document a plan implements: fill the hidden field, show the label.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick-document]");
    var clear = event.target.closest("[data-clear-document]");
    var picker = (pick || clear) && (pick || clear).closest("[data-document-picker]");
    if (!picker) return;
    var hidden = picker.querySelector("input[type=hidden]");
    var shown = picker.querySelector("[data-picked]");
    var label = picker.querySelector("[data-picked-label]");
    var results = picker.querySelector(".doc-results");
    var search = picker.querySelector("input[type=search]");
    hidden.value = pick ? pick.getAttribute("data-pick-document") : "";
    label.textContent = pick ? pick.getAttribute("data-label") : "";
    shown.hidden = !pick;
    if (results) results.innerHTML = "";
    if (search) search.value = "";
    hidden.dispatchEvent(new Event("input", { bubbles: true }));
    // The pressed button is gone (results emptied) or hidden: keep the keyboard in the picker.
    var next = pick ? picker.querySelector("[data-clear-document]") : search;
    if (next) next.focus();
  });

  // Enter in an autocomplete box searches; it must not submit the surrounding form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input[type=search][hx-get]")) {
      event.preventDefault();
    }
  });

  // Forms that track changes show "Có thay đổi chưa lưu" until saved.
  document.addEventListener("input", function (event) {
    var form = event.target.closest("form[data-track-changes]");
    if (form && !event.target.matches("input[type=search]")) form.classList.add("dirty");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!event.detail.successful || !elt.matches) return;
    var box = document.getElementById("plan-flash");
    if (box) box.hidden = true;
    // Text put into a form by the server (suggested recipients) is not saved yet.
    if (elt.hasAttribute("data-marks-dirty")) {
      var tracked = elt.closest("form[data-track-changes]");
      if (tracked) tracked.classList.add("dirty");
    }
    // A section moved on the server: move its card; CSS counters renumber I, II, III...
    var direction = elt.getAttribute("data-move");
    if (direction) {
      var item = elt.closest("li");
      if (direction === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (direction === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      elt.querySelector("button[type=submit]").focus();  // the move button pressed, not "Lưu mục"
    }
    if (elt.matches("form[data-reset-on-success]")) {
      elt.reset();
      elt.querySelectorAll("[data-results]").forEach(function (node) { node.innerHTML = ""; });
    }
  });

  // A refused change (plan no longer a draft, no permission...) says why instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/plain") === 0 && xhr.responseText) {
      flash(xhr.responseText);
    } else if (xhr.status === 403) {
      flash("Bạn không có quyền thực hiện thao tác này.");
    } else if (xhr.status === 404) {
      flash("Không tìm thấy nội dung này; có thể đã bị người khác xóa. Hãy tải lại trang.");
    } else {
      flash("Không thực hiện được thao tác (mã lỗi " + xhr.status + "). Hãy thử lại.");
    }
  });
  document.addEventListener("htmx:sendError", function () {
    flash("Không kết nối được máy chủ. Nội dung bạn nhập vẫn còn trên trang; hãy thử lưu lại.");
  });
})();
