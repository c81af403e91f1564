// Progressive enhancement of the quiz page; without JavaScript everything still works.
// 1. Saves the page's answers in the background when one changes (a closed tab loses nothing),
//    and tells the learner when a save did not go through (anything but "204 saved").
// 2. Shows the time left, and submits the answers when the time is over.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }

  var pending = null;
  var status = form.querySelector(".save-status");
  function report(saved) {
    if (!status) { return; }
    status.textContent = saved ? "" : status.getAttribute("data-failed");
    status.hidden = saved;
  }
  function autosave() {
    var data = new FormData(form);
    data.append("save", "1");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      report(response.status === 204);
    }, function () {
      report(false);
    });
  }
  form.addEventListener("change", function () {
    clearTimeout(pending);
    pending = setTimeout(autosave, 400);
  });

  var deadlineNode = document.querySelector("[data-deadline]");
  if (!deadlineNode) { return; }
  var deadline = Date.parse(deadlineNode.getAttribute("data-deadline"));
  var countdown = deadlineNode.querySelector(".countdown");
  var finish = form.querySelector("[name=submit]") || form.querySelector("[name=save]");
  var alertNode = document.querySelector(".time-alert");
  var announced = {};
  function announce(left) {
    // Screen readers hear the time at 10, 5 and 1 minutes, not every second.
    [10, 5, 1].forEach(function (minutes) {
      if (alertNode && left <= minutes * 60 && left > (minutes * 60) - 60 && !announced[minutes]) {
        announced[minutes] = true;
        alertNode.textContent = alertNode.getAttribute("data-at-" + minutes);
      }
    });
  }
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    announce(left);
    var minutes = Math.floor(left / 60), seconds = left % 60;
    countdown.textContent = "(" + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + ")";
    if (left === 0) {
      clearInterval(timer);
      if (finish) { form.requestSubmit(finish); }
    }
  }
  var timer = setInterval(tick, 1000);
  tick();
})();
