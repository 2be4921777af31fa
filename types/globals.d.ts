// What the page's scripts share through `window`, for TypeScript's check of
// theme/assets/koordinert/*.js (tsconfig.json). Not shipped.

/** Set by checker-boot.js in the checker page's head: the worker it started. */
interface KoordinertBoot {
  worker: Worker | null;
  early: MessageEvent[];
  error: string | null;
}

interface Window {
  /** md-shim.js: what Material's inline script would set. */
  __md_scope: URL;
  __md_hash: (value: string) => number;
  __md_get: (key: string) => unknown;
  __md_set: (key: string, value: unknown) => void;
  __koordinertBoot?: KoordinertBoot;
  koordinertChecker?: import("../theme/assets/koordinert/checker-ask.js").Checker;
}

interface XMLHttpRequest {
  /** checker-boot.js: this request is for the search index, held until Python is ready. */
  __koordinertHold?: boolean;
}

interface Navigator {
  /** checker-boot.js: the Network Information API (Chromium's; absent in other browsers). */
  readonly connection?: { readonly saveData?: boolean; readonly effectiveType?: string };
}
