"""The checker on a slow phone: Lighthouse's mobile profile, in our Chromium.

- CPU 4x slower: the DevTools protocol's Emulation.setCPUThrottlingRate.
- 1.6 Mbit/s down, 150 ms round trip: applied by the server itself, so that
  the Web Worker's downloads (Pyodide) are slowed too (the protocol's network
  emulation is per target and would leave the worker's fetches fast). Every
  response waits one round trip, then its body is paced through one shared
  1.6 Mbit/s link.
- Compressed like an ordinary static host: gzip (level 6) for text, scripts,
  JSON and WebAssembly when the browser asks for it; revalidation with
  Last-Modified (304) on a repeat visit.

A first visit and a repeat visit (same browser profile, service worker
allowed), each against a bare loadPyodide() page under the same conditions,
and a journey answered one click a second, through the result and a
complaint deadline, started as soon as the first question shows (Pyodide
still loading). See bench/README.md.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

RATE = 1.6e6 / 8          # bytes per second
RTT = 0.150               # seconds
CPU_SLOWDOWN = 4
CHUNK = 16 * 1024
COMPRESS = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".txt", ".xml"}
# .zip files (the standard library, the wheel) are sent as they are: already deflated.
TIMEOUT_MS = 600_000

# Per click: time from the event to the paint after the step, result or
# deadline it shows (a [hidden] change in the checker; a "working" note does
# not count as an answer).
CLICK_TIMING = """
window.__k_t = { clicks: [] };
(function () {
  var pending = null;
  document.addEventListener("submit", start, true);
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-k-show-result]")) start(ev, "result");
  }, true);
  function start(ev, kind) {
    var tool = ev.target.getAttribute && ev.target.getAttribute("data-k-tool");
    pending = { t0: performance.now(), kind: kind || (tool ? "tool" : "answer") };
  }
  function watch() {
    var box = document.querySelector("[data-k-checker]");
    if (!box) { requestAnimationFrame(watch); return; }
    new MutationObserver(function (records) {
      if (!pending) return;
      var shown = records.some(function (m) {
        return m.oldValue !== null && !m.target.hasAttribute("hidden") &&
          m.target.matches(".k-step, [data-k-tool-result]");
      });
      if (!shown) return;
      var p = pending; pending = null;
      requestAnimationFrame(function () { setTimeout(function () {
        window.__k_t.clicks.push(
          { kind: p.kind, ms: performance.now() - p.t0 });
      }, 0); });
    }).observe(box, { attributes: true, attributeFilter: ["hidden"],
                      attributeOldValue: true, subtree: true });
    function usable() {
      var f = box.querySelector("form[data-k-question] fieldset");
      return !!(f && f.checkVisibility() && f.querySelector("input:not([disabled])"));
    }
    (function frame() {
      if (usable()) { window.__k_t.first_question = performance.now(); return; }
      requestAnimationFrame(frame);
    })();
    new MutationObserver(function () {
      if (box.getAttribute("data-k-state") === "ready" && !window.__k_t.ready) {
        window.__k_t.ready = performance.now();
      }
    }).observe(box, { attributes: true, attributeFilter: ["data-k-state"] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
"""


class Link:
    """One shared downlink: chunks are sent no faster than RATE in all."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.sent: list[tuple[float, int]] = []   # (wall time sent, bytes)
        # (path, wall time asked, wall time the last byte left, bytes): the
        # critical path before the first question, in the notes.
        self.requests: list[tuple[str, float, float, int]] = []

    def send(self, out: Any, data: bytes) -> None:
        for i in range(0, len(data), CHUNK):
            piece = data[i:i + CHUNK]
            with self.lock:
                start = max(time.time(), self.free_at)
                self.free_at = start + len(piece) / RATE
                done = self.free_at
            delay = done - time.time()
            if delay > 0:
                time.sleep(delay)
            out.write(piece)
            with self.lock:
                self.sent.append((time.time(), len(piece)))

    def bytes_until(self, wall: float) -> int:
        with self.lock:
            return sum(n for t, n in self.sent if t <= wall)


def phone_server(site: Path) -> tuple[Any, str, Link]:
    from bench import bare
    from sitegen import serve

    link = Link()
    cache: dict[Path, bytes] = {}
    lock = threading.Lock()

    def body_of(path: Path, zipped: bool) -> bytes:
        raw = path.read_bytes()
        if not zipped:
            return raw
        with lock:
            if path not in cache:
                cache[path] = gzip.compress(raw, 6, mtime=0)
            return cache[path]

    class Phone(bare.Handler):
        def do_GET(self) -> None:
            asked = time.time()
            self._sent = 0
            self._serve()
            with link.lock:
                link.requests.append((self.path, asked, time.time(), self._sent))

        def _serve(self) -> None:
            time.sleep(RTT)
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not self.path.split("?", 1)[0].endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", self.path.split("?", 1)[0] + "/")
                    self.end_headers()
                    return
                path = path / "index.html"
            if not path.is_file():
                self.send_error(404)
                return
            mtime = int(path.stat().st_mtime)
            since = self.headers.get("If-Modified-Since")
            if since:
                parsed = email.utils.parsedate_to_datetime(since)
                if parsed and int(parsed.timestamp()) >= mtime:
                    self.send_response(304)
                    self.end_headers()
                    return
            zipped = path.suffix in COMPRESS and "gzip" in self.headers.get("Accept-Encoding", "")
            body = body_of(path, zipped)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
            if zipped:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            link.send(self.wfile, body)
            self._sent = len(body)

    server = serve.SiteServer(("127.0.0.1", 0), functools.partial(Phone, directory=str(site)))
    server.verbose = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Compress the large files before any page is timed.
    for p in sorted(site.rglob("*")):
        if p.is_file() and p.suffix in COMPRESS and p.stat().st_size > 100_000:
            body_of(p, True)
    return server, f"http://127.0.0.1:{server.server_address[1]}", link


def _throttle(page: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def _journey(page: Any) -> None:
    """Answer one click a second to the result, then a complaint deadline."""
    from bench.__main__ import answer_shown_question

    box = page.locator("[data-k-checker]")
    for _ in range(30):
        page.wait_for_timeout(1000)
        if box.locator("[data-k-summary]").is_visible():
            break
        form = answer_shown_question(box)
        n = _clicks(page)
        form.locator("button[type=submit]").click()
        page.wait_for_function("(n) => window.__k_t.clicks.length > n", arg=n,
                               timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    n = _clicks(page)
    box.locator("[data-k-show-result]").click()
    page.wait_for_function("(n) => window.__k_t.clicks.length > n", arg=n, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    form = page.locator("form[data-k-tool=complaint]")
    form.locator("[data-k-part=day]").fill("12")
    form.locator("[data-k-part=month]").fill("3")
    form.locator("[data-k-part=year]").fill("2026")
    form.locator("input[value=social]").check()
    n = _clicks(page)
    form.locator("button[type=submit]").click()
    page.wait_for_function("(n) => window.__k_t.clicks.length > n", arg=n, timeout=TIMEOUT_MS)


def _clicks(page: Any) -> int:
    n: int = page.evaluate("window.__k_t.clicks.length")
    return n


def bench_phone(site: Path, results: dict[str, Any], notes: list[str], chromium: str,
                args: list[str], as_of: str) -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    from bench.__main__ import BARE_HTML, BARE_JS
    from bench.bare import remove_bare_page, write_bare_page

    write_bare_page(site, BARE_HTML, BARE_JS)
    server, base, link = phone_server(site)
    load = os.getloadavg()[0]
    try:
        with sync_playwright() as p:
            for name in ("bare", "checker"):
                profile = tempfile.mkdtemp(prefix=f"koordinert-phone-{name}-")
                ctx = p.chromium.launch_persistent_context(
                    profile, executable_path=chromium, args=args, service_workers="allow")
                for visit in ("first", "repeat"):
                    print(f"phone: {name}, {visit} visit", file=sys.stderr, flush=True)
                    page = ctx.new_page()
                    _throttle(page)
                    if name == "bare":
                        page.goto(base + "/pyodide/bench-bare.html")
                        page.wait_for_function("() => window.__k_bare && window.__k_bare.two === 2",
                                               timeout=TIMEOUT_MS)
                        results[f"phone_bare_pyodide_ready_ms_{visit}"] = round(
                            page.evaluate("window.__k_bare.ready"), 1)
                        page.close()
                        continue
                    page.add_init_script(CLICK_TIMING)
                    started = time.time()
                    page.goto(base + "/sjekk/")
                    page.wait_for_function("() => window.__k_t.first_question", timeout=TIMEOUT_MS)
                    first_wall = page.evaluate(
                        "performance.timeOrigin + window.__k_t.first_question") / 1000
                    t = page.evaluate("window.__k_t")
                    sent_before = link.bytes_until(first_wall) - link.bytes_until(started)
                    if visit == "first":
                        notes.append("phone first visit, requests until the first question "
                                     "(ms from navigation: asked-last byte, KB): " + "; ".join(
                                         f"{path.rsplit('/', 1)[-1] or path} "
                                         f"{(a - started) * 1000:.0f}-{(d - started) * 1000:.0f}"
                                         f" {n / 1024:.1f}"
                                         for path, a, d, n in sorted(
                                             link.requests, key=lambda r: r[1])
                                         if started <= a <= first_wall))
                        _journey(page)
                        clicks = page.evaluate("window.__k_t.clicks")
                        results["phone_first_question_ms"] = round(t["first_question"], 1)
                        results["phone_bytes_before_first_question_kb"] = round(
                            sent_before / 1024, 1)
                        results["phone_longest_click_wait_ms"] = round(
                            max(c["ms"] for c in clicks), 1)
                        results["phone_result_wait_ms"] = round(
                            max(c["ms"] for c in clicks if c["kind"] == "result"), 1)
                        results["phone_deadline_wait_ms"] = round(
                            max(c["ms"] for c in clicks if c["kind"] == "tool"), 1)
                        results["phone_clicks"] = len(clicks)
                        notes.append("phone clicks (ms): " + ", ".join(
                            f"{c['kind']} {c['ms']:.0f}" for c in clicks))
                        journey_state = page.evaluate(
                            "document.querySelector('[data-k-checker]').getAttribute('data-k-state')")
                        notes.append(f"phone journey: {len(clicks)} clicks, Python "
                                     f"{'ready' if journey_state == 'ready' else 'still loading'}"
                                     " at the deadline click")
                    else:
                        results["phone_first_question_ms_repeat"] = round(t["first_question"], 1)
                    page.wait_for_function("() => window.__k_t.ready", timeout=TIMEOUT_MS)
                    results[f"phone_pyodide_ready_ms_{visit}"] = round(
                        page.evaluate("window.__k_t.ready"), 1)
                    if visit == "first":
                        # The repeat visit is the one after the service worker has all it needs.
                        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
                        page.wait_for_timeout(1000)
                        notes.append(f"phone first visit: {time.time() - started:.0f} s in all")
                    page.close()
                ctx.close()
    finally:
        server.shutdown()
        remove_bare_page(site)
    for visit in ("first", "repeat"):
        bare = results.get(f"phone_bare_pyodide_ready_ms_{visit}")
        ours = results.get(f"phone_pyodide_ready_ms_{visit}")
        if bare and ours:
            results[f"phone_pyodide_ready_ratio_{visit}"] = round(ours / bare, 3)
    notes.append(f"phone: CPU x{CPU_SLOWDOWN}, {RATE * 8 / 1e6:.1f} Mbit/s, {RTT * 1000:.0f} ms "
                 f"round trip, gzip; load average {load:.1f} at the start")
