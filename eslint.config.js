// ESLint's flat configuration: the site's JavaScript (theme/assets/koordinert/)
// and the JavaScript tests (tests/), with @eslint/js's recommended rules.
// `make lint` runs it; TypeScript checks the types (tsconfig.json).
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: ["site/**", "site-*/**", ".generated/**", "build/**", "dist/**", "deploy/**", "bench/out/**"],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "off",
    },
  },
  {
    // Classic scripts of the pages (each in its own IIFE).
    files: ["theme/assets/koordinert/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    // The ES modules of the checker page.
    files: ["theme/assets/koordinert/checker-*.js", "theme/assets/koordinert/sw-register.js"],
    ignores: ["theme/assets/koordinert/checker-boot.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: ["theme/assets/koordinert/checker-worker.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.worker } },
  },
  {
    files: ["theme/assets/koordinert/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker } },
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
