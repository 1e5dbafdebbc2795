// The declaration form: add and remove rows of a list, show the fields that fit a leg's mode of
// travel and the free-text purpose. Everything works without this script (the server renders the
// right fields, rows are removed with their checkbox); it only makes the form quicker to use.
(function () {
  "use strict";

  function showAll(scope, selector, shown) {
    scope.querySelectorAll(selector).forEach(function (element) {
      element.classList.toggle("d-none", !shown);
    });
  }

  // A leg by air is between airports (codes) and has a flight number; by rail, road or sea, cities.
  function applyMode(select) {
    var row = select.closest("[data-formset-row]");
    if (!row) return;
    var air = select.value === "air";
    showAll(row, "[data-place-group='air']", air);
    showAll(row, "[data-place-group='ground']", !air);
    showAll(row, "[data-air-only]", air);
  }

  function applyPurpose(select) {
    var form = select.form;
    if (!form) return;
    showAll(form, "[data-purpose-other]", select.value === "other");
  }

  function addRow(name) {
    var template = document.getElementById(name + "-template");
    var rows = document.getElementById(name + "-rows");
    var total = document.getElementById("id_" + name + "-TOTAL_FORMS");
    if (!template || !rows || !total) return;
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    if (!row) return;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select");
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    event.preventDefault();
    addRow(button.getAttribute("data-formset-add"));
  });

  // A field the traveller is correcting loses its old error at once; the assessment beside the
  // form lists what is still wrong after each save.
  function clearError(field) {
    if (!field.classList || !field.classList.contains("is-invalid")) return;
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
    var holder = field.parentElement;
    if (!holder) return;
    holder.querySelectorAll("[data-field-error]").forEach(function (error) {
      error.remove();
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target instanceof Element) clearError(event.target);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    clearError(target);
    if (target.matches("select[name$='-mode']")) {
      applyMode(target);
    } else if (target.matches("select[name='purpose']")) {
      applyPurpose(target);
    } else if (target.matches("[data-formset-delete]") && target.checked) {
      // The row stays in the form, marked for removal, so the server knows which one went.
      var row = target.closest("[data-formset-row]");
      if (row) row.classList.add("d-none");
    }
  });
})();
