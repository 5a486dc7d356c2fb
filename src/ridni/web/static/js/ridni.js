// ridni: the only script besides htmx. No inline scripts anywhere (the CSP forbids them).
"use strict";

// Send the page's CSRF token with every htmx request (forms also carry it as a field).
document.addEventListener("htmx:config:request", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var request = event.detail && event.detail.ctx && event.detail.ctx.request;
  if (meta && request && request.headers) {
    request.headers["X-CSRF-Token"] = meta.content;
  }
});

// Buttons that ask before acting: <button data-confirm="...">.
document.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
