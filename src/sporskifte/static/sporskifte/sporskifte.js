// A table wider than the screen scrolls inside its `.table-wrapper`. While it does, the
// wrapper is a region named after the table's caption that keyboard users can focus (and so
// scroll), with a visible hint above it; when the whole table fits, it is neither.
function markScrollingTables() {
  var hint = document.getElementById("table-scroll-hint");
  document.querySelectorAll(".table-wrapper").forEach(function (wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    var note = wrapper.previousElementSibling;
    if (!note || !note.classList.contains("table-scroll-hint")) {
      if (!hint) { return; }
      note = hint.content.firstElementChild.cloneNode(true);
      wrapper.before(note);
    }
    note.hidden = !scrolls;
    if (scrolls) {
      var caption = wrapper.querySelector("caption");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("aria-label", caption ? caption.textContent.trim() : note.textContent.trim());
    } else {
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("aria-label");
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader and keyboard users hear it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
  markScrollingTables();
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(markScrollingTables);
    document.querySelectorAll(".table-wrapper").forEach(function (wrapper) { observer.observe(wrapper); });
  } else {
    window.addEventListener("resize", markScrollingTables);
  }
});
