"""``python -m checker``: see checker/cli.py.

In a source checkout the rules are YAML (``checker/rules/``) and the engine
reads them compiled (``checker/_rules.json``, generated and not committed).
Before running, this compiles them when the compiled file is missing or older
than a YAML file, with the build's own strict loader in a separate process
(``python -m sitegen.checker_wheel --rules-only``; the checker itself stays
standard-library only), so the command works in a fresh clone. An installed
checker (the wheel) has no YAML beside it and skips this.
"""

import os
import subprocess
import sys

from checker.cli import EXIT_INTERNAL, main

PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _stale(compiled: str, sources: list[str]) -> bool:
    return not os.path.isfile(compiled) or os.stat(compiled).st_mtime_ns < max(
        os.stat(path).st_mtime_ns for path in sources)


def _yaml_files(folder: str, name: str | None = None) -> list[str]:
    """The YAML files in folder (or each language's `name` one level below)."""
    if not os.path.isdir(folder):
        return []
    if name is None:
        return [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.endswith(".yaml")]
    return [path for lang in sorted(os.listdir(folder))
            if os.path.isfile(path := os.path.join(folder, lang, name))]


def _compile_rules_if_needed() -> str | None:
    """Compile the rules (and the letter texts, which travel with them) when needed;
    returns an error message, or None when ready."""
    rules = _yaml_files(os.path.join(PACKAGE, "rules"))
    if not rules:
        return None
    letters = _yaml_files(os.path.join(os.path.dirname(PACKAGE), "content", "ui"), "letters.yaml")
    if not _stale(os.path.join(PACKAGE, "_rules.json"), rules) and not (
            letters and _stale(os.path.join(PACKAGE, "_letters.json"), letters)):
        return None
    done = subprocess.run(
        [sys.executable, "-m", "sitegen.checker_wheel", "--rules-only"],
        cwd=os.path.dirname(PACKAGE), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return (done.stderr.strip() or done.stdout.strip()
                or f"exit code {done.returncode}")
    return None


problem = _compile_rules_if_needed()
if problem is not None:
    sys.stderr.write("python -m checker: error: the rules in checker/rules/ could not be "
                     f"compiled:\n{problem}\n")
    sys.exit(EXIT_INTERNAL)
sys.exit(main())
