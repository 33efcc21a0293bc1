// Polls an import's progress while it reads or writes, and reloads the page when it is ready.
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  function show(p) {
    box.querySelector("[data-bar]").style.width = p.percent + "%";
    box.querySelector("[data-bar]").parentNode.setAttribute("aria-valuenow", p.percent);
    ["rows_read", "people_matched", "interactions_recorded", "errors"].forEach(function (k) {
      var el = box.querySelector('[data-figure="' + k + '"]');
      if (el) el.textContent = p[k].toLocaleString();
    });
    box.querySelector("[data-status]").textContent = p.status_label;
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (p.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.getAttribute("data-running") === "1") setTimeout(poll, 700);
})();
