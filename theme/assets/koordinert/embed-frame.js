// @ts-check
// The embeddable checker's side of the embedding (/sjekk/embed/, see
// sitegen/embed.py). It talks only to a parent window whose origin the
// municipality listed (data-k-embed-origins): the host page's script
// (embed-host.js) says hello, and from then on this reports the page's height
// to that origin alone, whenever it changes. Links that leave the checker open
// in a new tab: the other pages of the site refuse to be framed.
(function () {
  "use strict";
  var root = document.querySelector("[data-k-embed]");
  if (!root || window.parent === window) return;
  var allowed = (root.getAttribute("data-k-embed-origins") || "").split(/\s+/).filter(Boolean);
  /** @type {string | null} */
  var host = null;
  var last = 0;
  var box = /** @type {HTMLElement} */ (root);

  function height() {
    var rect = box.getBoundingClientRect();
    return Math.ceil(rect.bottom + window.scrollY + 16);
  }

  function report() {
    if (host === null) return;
    var h = height();
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "koordinert:height", height: h }, host);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0) return;
    var data = event.data;
    if (!data || data.type !== "koordinert:hello") return;
    host = event.origin;
    last = 0;
    report();
  });

  new ResizeObserver(report).observe(box);
  window.addEventListener("resize", report);

  document.addEventListener("click", function (event) {
    var target = /** @type {Element | null} */ (event.target);
    var link = target && target.closest ? target.closest("a[href]") : null;
    if (!link) return;
    var url = new URL(/** @type {HTMLAnchorElement} */ (link).href, location.href);
    if (url.origin === location.origin && url.pathname === location.pathname) return;
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
  }, true);
})();
