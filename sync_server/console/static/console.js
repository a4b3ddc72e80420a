// The console's only script: the progress of background work, and confirmations.
// Pages work without it (a job page then needs a reload to show progress).
"use strict";
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  function poll(box) {
    var url = box.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reply) {
        if (!reply.ok) { throw new Error(String(reply.status)); }
        return reply.json();
      })
      .then(function (job) {
        document.getElementById("progress").value = job.percent;
        document.getElementById("job-steps").textContent = job.done_steps + "/" + job.total_steps;
        box.setAttribute("data-status", job.status);
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(function () { poll(box); }, 500);
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 3000); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job");
    if (box) {
      var status = box.getAttribute("data-status");
      if (status === "queued" || status === "running") { poll(box); }
    }
  });
})();
