// The lesson editor's preview follows typing: after a pause, the text goes to the server,
// which renders it with the site's own renderer (raw HTML off). Without this script the
// "Preview" button does the same with a page load.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  var target = document.getElementById("lesson-preview");
  if (!form || !target || !window.fetch) { return; }
  var text = form.querySelector("textarea[name=markdown]");
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null;
  var sent = 0;
  function update() {
    var mine = ++sent;
    var body = new FormData();
    body.append("markdown", text.value);
    if (token) { body.append("csrf_token", token.value); }
    fetch(form.dataset.preview, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === sent) { target.innerHTML = html; }
      })
      .catch(function () { /* the Preview button still works */ });
  }
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 600);
  });
})();
