// @ts-check
// Koordinert's checker on another site: the script for the host page.
// Paste, where the checker should be:
//   <iframe src="https://KOORDINERT/sjekk/embed/" title="…" data-koordinert-embed
//           style="width:100%;height:40rem;border:0"></iframe>
//   <script src="https://KOORDINERT/assets/koordinert/embed-host.js" defer></script>
// (or copy this file to your own site). For each such frame it says hello to
// the frame's origin and then sets the frame's height to what the checker
// reports, accepting messages only from that frame and that origin. The
// checker answers only if your site's origin is listed in the municipality's
// file (publish.embed_origins); without this script the frame keeps its height.
(function () {
  "use strict";
  var frames = document.querySelectorAll("iframe[data-koordinert-embed]");
  Array.prototype.forEach.call(frames, function (/** @type {HTMLIFrameElement} */ frame) {
    var origin = new URL(frame.src, location.href).origin;
    function hello() {
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: "koordinert:hello" }, origin);
    }
    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== "koordinert:height" || typeof data.height !== "number") return;
      var h = Math.max(120, Math.min(30000, Math.round(data.height)));
      frame.style.height = h + "px";
    });
    frame.addEventListener("load", hello);
    hello();
  });
})();
