// The import job's page: polls its progress while it runs, then reloads to show the result.
(function () {
  "use strict";
  function start() {
    var section = document.getElementById("import-job");
    var url = section && section.getAttribute("data-progress-url");
    if (!url) return;
    function set(id, value) {
      var el = document.getElementById(id);
      if (el) el.textContent = value;
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) { window.setTimeout(poll, 3000); return; }
          var bar = document.getElementById("job-bar");
          if (bar) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
          set("job-status", p.status_label);
          set("job-validated", p.validated);
          set("job-written", p.written);
          if (p.finished) { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
