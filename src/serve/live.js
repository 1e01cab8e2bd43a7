// jenjang serve: reload after a successful rebuild; show the problems over the page after a
// failed one. Injected by the development server only, never into built files.
(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20,20,20,.94)"; s.color = "#fff"; s.padding = "1.5rem";
      s.font = "14px/1.45 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "jenjang: the last edit did not build; the page shows the last good site.\n\n" + text;
  }
  var source = new EventSource("/__jenjang/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", function (e) { show(e.data); });
})();
