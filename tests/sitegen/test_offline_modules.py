"""The service worker's precache list holds the checker page's ES modules:
each is named by a <link rel="modulepreload"> in the page (theme/main.html), so
the page's module graph loads offline after one visit."""

from __future__ import annotations

from pathlib import Path

from sitegen.offline import precache_list


def test_modules_preloaded_by_a_checker_page_are_precached(tmp_path: Path) -> None:
    assets = tmp_path / "assets" / "koordinert"
    assets.mkdir(parents=True)
    for name in ("checker-page.js", "checker-state.js", "checker-letters.js", "other.js"):
        (assets / name).write_text("export {};\n", encoding="utf-8")
    (tmp_path / "sjekk").mkdir()
    (tmp_path / "sjekk" / "index.html").write_text(
        '<link rel="modulepreload" href="../assets/koordinert/checker-page.js">'
        '<link rel="modulepreload" href="../assets/koordinert/checker-state.js">'
        '<link rel="modulepreload" href="../assets/koordinert/missing.js">'
        '<link rel="preload" href="../assets/koordinert/other.js">'
        '<div data-k-checker></div>'
        '<script type="module" async src="../assets/koordinert/checker-letters.js"></script>',
        encoding="utf-8")
    listed = precache_list(tmp_path)
    assert "assets/koordinert/checker-page.js" in listed
    assert "assets/koordinert/checker-state.js" in listed
    assert "assets/koordinert/checker-letters.js" in listed
    # Only files that exist, and not every kind of <link>.
    assert "assets/koordinert/missing.js" not in listed
    assert "assets/koordinert/other.js" not in listed
    assert "sjekk/" in listed
