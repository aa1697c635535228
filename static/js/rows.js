// Repeatable rows of a Django formset (countries, sectors, budgets…) added and removed in place,
// so one save records them all. Each <fieldset data-prefix> holds the formset's management form,
// its rows (div.row) and a <template class="empty-row"> rendered from the formset's empty_form,
// whose "__prefix__" becomes the new row's index. A removed row is not taken out of the page:
// its DELETE box is ticked and it is hidden, so the row numbers Django reads stay contiguous and
// a saved row is deleted by the same save. Without this script the page still works: a DELETE
// box per row and one empty row per save. It also moves focus to the error summary on reload.
(function () {
  "use strict";

  function deleteBox(row) {
    return row.querySelector('input[type="checkbox"][name$="-DELETE"]');
  }

  function hideRow(row, set) {
    var box = deleteBox(row);
    if (box) box.checked = true;
    row.hidden = true;
    var add = set.querySelector("button.add-row");
    if (add) add.focus();
  }

  function enhanceRow(row, set) {
    var box = deleteBox(row);
    var button = row.querySelector("button.remove-row");
    if (!box || !button) return;
    box.closest("p.delete").hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () { hideRow(row, set); });
    if (box.checked) row.hidden = true;
  }

  function enhanceSet(set) {
    var prefix = set.dataset.prefix;
    var total = set.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = set.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = set.querySelector("template.empty-row");
    var rows = set.querySelector("div.rows");
    var add = set.querySelector("button.add-row");
    if (!total || !template || !rows || !add) return;
    rows.querySelectorAll(":scope > div.row").forEach(function (row) { enhanceRow(row, set); });
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      enhanceRow(row, set);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  }

  document.querySelectorAll("fieldset[data-prefix]").forEach(enhanceSet);
  document.querySelectorAll(".no-script").forEach(function (el) { el.hidden = true; });

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
