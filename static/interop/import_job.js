// Live progress of an import job: polls its status and updates the counts; when the job ends
// the page is reloaded to show the full report (refusals, links to the records created).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") return;
  var url = box.dataset.statusUrl;
  // The percentage written the page language's way, as lib.formatting writes it on the server.
  var percent = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" });
  function show(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        ["read", "created", "updated", "unchanged", "refused"].forEach(function (k) {
          show("count-" + k, s[k]);
        });
        show("job-state", s.state_label);
        var bar = document.getElementById("job-progress");
        if (bar) { bar.value = s.percent; bar.textContent = percent.format(s.percent / 100); }
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
