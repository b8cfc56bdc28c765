// Move focus to an error summary so screen-reader and keyboard users hear it first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
});
