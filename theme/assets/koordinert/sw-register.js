// @ts-check
// Registers the checker's service worker (sw.js at the site's root), on the
// checker page only, once Python is ready: installing it downloads the
// Pyodide files a second time (revalidated), which should not slow the first
// start. The worker's scope is the site's root, the folder above pyodide/.
// Nothing happens where service workers are unavailable or sw.js is missing.
// An ES module: it runs after checker-page.js, whose `checker` it waits on.
import { checker } from "./checker-page.js";

const root = document.querySelector("[data-k-checker]");
const pyodide = root && root.getAttribute("data-k-pyodide");
if ("serviceWorker" in navigator && pyodide && checker) {
  const site = new URL("../", new URL(pyodide, location.href));
  const register = () => {
    navigator.serviceWorker.register(new URL("sw.js", site).href, { scope: site.pathname })
      .catch(() => { /* offline use is a bonus: the checker works without it */ });
  };
  checker.ready.then(register, () => {});
}
