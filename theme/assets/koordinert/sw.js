// @ts-check
// Koordinert's service worker: the checker keeps working offline after one visit.
//
// The build (sitegen/offline.py) copies this file to the site's root as sw.js
// and fills in MANIFEST: a version (a hash of the files below) and the files
// the checker needs — the checker pages, their scripts, styles and icons, the
// checker's Web Worker and the self-hosted Pyodide runtime, lockfile and
// wheel. The copy under assets/ keeps an empty list and does nothing.
//
// - install: fetch every listed file from this site into a cache named after
//   the version (revalidated, so an HTTP cache never hands over stale files);
// - activate: delete the caches of earlier versions;
// - fetch: a listed file is answered from the cache, anything else goes to
//   the network as if there were no service worker.
// Only these site files are ever stored: never a response to anything else,
// never what a visitor typed (answers stay in the page's memory). No request
// goes to any other host.
"use strict";

// This file runs as the service worker (sw-register.js registers it): `self`
// is its ServiceWorkerGlobalScope, which TypeScript's worker library cannot tell.
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** @type {{version: string, files: string[]}} */
const MANIFEST = {"version": "unbuilt", "files": []};

const PREFIX = "koordinert-checker-";
const CACHE = PREFIX + MANIFEST.version;
const LISTED = new Set(MANIFEST.files.map((file) => new URL(file, self.location.href).href));

/** @param {string} url */
function key(url) {
  const u = new URL(url);
  u.hash = "";
  return u.href;
}

sw.addEventListener("install", (event) => {
  if (!MANIFEST.files.length) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([...LISTED].map((url) => new Request(url, { cache: "no-cache", credentials: "same-origin" })));
    await sw.skipWaiting();
  })());
});

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await sw.clients.claim();
  })());
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = key(request.url);
  if (!LISTED.has(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(url);
    return hit || fetch(request);
  })());
});
