// Brink class mode: the only script of the pages, written for this project (MIT licence,
// like the rest of Brink). Everything works without it; it adds number keys on the card,
// Enter or a second click to decide, and live updates by server-sent events.
(function () {
  "use strict";
  var form = document.getElementById("decide");
  if (form) {
    var armed = null;
    var sent = false;
    var optionOf = function (target) {
      var box = target.closest ? target.closest(".option") : null;
      return box ? box.querySelector("input[type=radio]") : null;
    };
    var decide = function () {
      if (form.querySelector("button.decide")) { form.requestSubmit(); }
    };
    document.addEventListener("keydown", function (ev) {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      var tag = (ev.target && ev.target.tagName) || "";
      if (tag === "SELECT" || (tag === "INPUT" && ev.target.type !== "radio")) { return; }
      if (/^[1-9]$/.test(ev.key)) {
        var radio = document.getElementById("opt-" + ev.key);
        if (radio) { radio.checked = true; radio.focus(); ev.preventDefault(); }
      } else if (ev.key === "Enter" && ev.target.type === "radio" && ev.target.form === form) {
        ev.preventDefault();
        decide();
      }
    });
    // A second click or touch on the option already selected decides, as in the window.
    form.addEventListener("pointerdown", function (ev) {
      var radio = optionOf(ev.target);
      armed = radio && radio.checked ? radio : null;
    });
    form.addEventListener("click", function (ev) {
      var radio = optionOf(ev.target);
      if (radio && radio === armed && !sent) {
        ev.preventDefault();
        decide();
      }
    });
    form.addEventListener("submit", function (ev) {
      if (sent) { ev.preventDefault(); }  // one decision per press, however fast the clicks
      sent = true;
    });
  }
  var body = document.body;
  var url = body.getAttribute("data-events");
  if (url && window.EventSource) {
    var live = body.getAttribute("data-live");
    var source = new EventSource(url);
    source.onmessage = function (ev) {
      if (live) {
        var box = document.getElementById(live);
        if (box) { box.innerHTML = ev.data; }
      } else if (ev.data !== body.getAttribute("data-state")) {
        source.close();
        window.location.reload();
      }
    };
    window.addEventListener("pagehide", function () { source.close(); });
  }
}());
