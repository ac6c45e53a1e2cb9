"""`post-editor check`, `render` and `export` as a site's CI would run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import SHARED, SKIP_NO_SHARED

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"
READY = "src/content/blog/keeping-drafts-in-git.md"


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def test_seed_post_reports_mojibake_and_the_missing_cover(tmp_path: Path) -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    out = run("check", str(SHARED / "fixtures/seed-post.md"), "--json", cache=tmp_path)
    assert out.returncode == 1
    codes = {p["code"] for p in json.loads(out.stdout)[0]["problems"]}
    assert {"mojibake", "cover-not-found"} <= codes


def test_sample_site_folder_checks_and_exit_codes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    out = run("check", str(site / READY), cache=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 of 1 post ready" in out.stdout
    (site / "src/content/blog/bad.md").write_text('---\ntitle: "Bad"\ndate: not a date\n---\n![](/missing.png)\n')
    out = run("check", str(site), "--json", cache=tmp_path)
    assert out.returncode == 1
    results = {Path(r["path"]).name: r for r in json.loads(out.stdout)}
    assert len(results) == 6 and results["bad.md"]["ready"] is False
    assert {"date", "broken-image"} <= {p["code"] for p in results["bad.md"]["problems"]}
    assert run("check", str(tmp_path / "nope.md"), cache=tmp_path).returncode == 2


def test_render_prints_the_fragment(tmp_path: Path) -> None:
    out = run("render", str(SAMPLE / READY), cache=tmp_path)
    assert out.returncode == 0
    assert out.stdout.startswith("<p>") and '<div class="codehilite">' in out.stdout


def test_export_html_is_self_contained_and_refuses_errors(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    target = tmp_path / "out"
    target.mkdir()
    out = run("export", str(site / READY), "--to", str(target), "--as", "html", cache=tmp_path)
    assert out.returncode == 0, out.stderr
    html = Path(out.stdout.strip()).read_text()
    assert "<title>Keeping Drafts" in html and 'src="data:image/webp;base64,' in html
    assert "<script" not in html and 'src="http' not in html and "url(http" not in html
    broken = site / "src/content/blog/broken.md"
    broken.write_text('---\ntitle: "Broken"\n---\n![x](/images/none.png)\n')
    refused = run("export", str(broken), "--to", str(target), "--as", "zip", cache=tmp_path)
    assert refused.returncode == 1 and "not exported" in refused.stderr
    forced = run("export", str(broken), "--to", str(target), "--as", "zip", "--force", cache=tmp_path)
    assert forced.returncode == 0


def test_export_pdf_has_the_posts_text(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) reads the PDF's text back")
    out = run("export", str(SAMPLE / READY), "--to", str(tmp_path), "--as", "pdf", cache=tmp_path)
    assert out.returncode == 0, out.stderr
    pdf = Path(out.stdout.strip().splitlines()[-1])
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Keeping Drafts" in text


def test_a_draft_is_not_ready_unless_drafts_are_allowed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    post = site / READY
    post.write_text(post.read_text().replace("lang: en\n", "lang: en\ndraft: true\n", 1))
    out = run("check", str(post), "--json", cache=tmp_path / "cache")
    assert out.returncode == 1
    [result] = json.loads(out.stdout)
    assert result["ready"] is False and any(p["code"] == "draft" for p in result["problems"])
    allowed = run("check", str(post), "--json", "--allow-drafts", cache=tmp_path / "cache")
    assert allowed.returncode == 0 and json.loads(allowed.stdout)[0]["ready"] is True
