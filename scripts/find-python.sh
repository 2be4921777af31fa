#!/bin/sh
# Prints the path of a Python 3.13 interpreter, or explains what to do.
# Python 3.13 is the minor version Pyodide 0.29.x embeds, so the checker runs
# the same Python in the tests as in the browser (and `pyodide py-compile` works).
set -u
for cand in "${PYTHON313:-}" \
            "$(command -v python3.13 2>/dev/null)" \
            "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 \
            /usr/local/bin/python3.13 /usr/bin/python3.13; do
  [ -n "$cand" ] && [ -x "$cand" ] || continue
  if "$cand" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
    echo "$cand"; exit 0
  fi
done
echo "error: no working Python 3.13 found. Install it (pyenv install 3.13, or your" >&2
echo "       distribution's python3.13 package) or set PYTHON313=/path/to/python3.13." >&2
exit 1
