// Waypost's only script of its own: no inline scripts, so the CSP needs no 'unsafe-inline'.
(function () {
  "use strict";
  // Submit the language switcher when a language is picked.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches("[data-autosubmit]")) {
      target.form.submit();
    }
  });
  // Copy buttons (API token shown once).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim());
      button.classList.add("btn-success");
    }
  });
})();
