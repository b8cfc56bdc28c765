// The idle timeout, seen from the page (accounts/session.py keeps the server's side):
// warn two minutes before the session ends and offer to stay signed in; typing in a form
// counts as activity and renews the session now and then; a form kept through a new
// sign-in is put back where it was.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog) { return; }
  var idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  var warnMs = Math.min(Number(dialog.dataset.warnSeconds) * 1000, idleMs / 2);
  var form = dialog.querySelector("form");
  var renewedAt = Date.now();
  var warnTimer = null;
  var endTimer = null;
  var TYPING_RENEWS_AFTER_MS = Math.min(5 * 60 * 1000, idleMs / 4);
  // Several tabs share one session: the newest activity in any of them counts.
  var STORAGE_KEY = "sporskifte.session.renewedAt";

  function lastRenewal() {
    var shared = 0;
    try { shared = Number(window.localStorage.getItem(STORAGE_KEY)) || 0; } catch (e) { shared = 0; }
    return Math.max(renewedAt, shared);
  }

  function noteRenewal() {
    renewedAt = Date.now();
    try { window.localStorage.setItem(STORAGE_KEY, String(renewedAt)); } catch (e) { /* private mode */ }
    schedule();
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var since = Date.now() - lastRenewal();
    warnTimer = window.setTimeout(warn, Math.max(0, idleMs - warnMs - since));
    endTimer = window.setTimeout(ended, Math.max(0, idleMs - since));
  }

  function warn() {
    if (Date.now() - lastRenewal() < idleMs - warnMs) { schedule(); return; }
    if (!dialog.open) { dialog.showModal(); }
  }

  // Signed out: no dialog in the way, so the user can still press Gem and sign in again.
  var signedOut = false;
  function ended() {
    if (signedOut) { return; }
    if (Date.now() - lastRenewal() < idleMs) { schedule(); return; }
    signedOut = true;
    if (dialog.open) { dialog.close(); }
    showAlert(document.getElementById("main-content"), "alert-info", dialog.dataset.signedOutText, true);
  }

  function showAlert(before, kind, message, atTop) {
    var alert = document.createElement("div");
    alert.className = "alert " + kind + " mb-5";
    alert.setAttribute("role", "alert");
    alert.innerHTML = '<div class="alert-body"><p class="alert-text"></p></div>';
    alert.querySelector(".alert-text").textContent = message;
    if (atTop) { before.insertBefore(alert, before.firstChild); } else { before.parentNode.insertBefore(alert, before); }
  }

  function renew() {
    return window.fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 204) { noteRenewal(); return true; }
      ended();
      return false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    renew().then(function (ok) { if (ok) { dialog.close(); } });
  });

  document.addEventListener("input", function () {
    if (!signedOut && Date.now() - lastRenewal() > TYPING_RENEWS_AFTER_MS) { renew(); }
  });
  noteRenewal();

  // A form kept through sign-in: fill the form that posts to the same address.
  var kept = document.getElementById("pending-form");
  if (!kept) { return; }
  var pending = JSON.parse(kept.textContent);
  var target = Array.prototype.find.call(document.forms, function (candidate) {
    return new URL(candidate.action, window.location.href).pathname === pending.action;
  });
  if (!target) { return; }
  Object.keys(pending.fields).forEach(function (name) {
    var values = pending.fields[name];
    Array.prototype.forEach.call(target.elements, function (element) {
      if (element.name !== name) { return; }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (element.type !== "file") {
        element.value = values[0] || "";
      }
    });
  });
  showAlert(target, "alert-warning", dialog.dataset.keptText, false);
  var first = target.querySelector("textarea, input:not([type=hidden]), select");
  target.scrollIntoView({ block: "start" });
  if (first) { first.focus({ preventScroll: true }); }
}());
