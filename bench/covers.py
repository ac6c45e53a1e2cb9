"""Our WebP cover pipeline against ``cwebp`` at the same quality: output size and time.

    python bench/covers.py [--quality Q] [--max-width W]

Photographs come from the shared corpus (read in place, never copied); flat
graphics with alpha and a gradient are generated into a temporary folder. Each
image is converted with ``editor.core.images.render_webp`` (decode, orientation,
colour profile, resize, encode; nothing is written) and with
``cwebp -q Q -m 4 -metadata none`` (plus ``-resize W 0`` when the image is wider
than the limit). Times are the median of 3 runs. The goal: our output at most
1.05x the size of cwebp's and our time at most 1.3x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from editor.core.images import ImageError, render_webp  # noqa: E402

REPEAT = 3
SIZE_GOAL = 1.05
TIME_GOAL = 1.3

CORPUS = ROOT.parent / "shared" / "corpus"
PHOTOS = [
    *(f"withastro__astro/examples/blog/src/assets/blog-placeholder-{i}.jpg" for i in range(1, 5)),
    "decaporg__gatsby-starter-decap-cms/static/img/chemex.jpg",
    "decaporg__gatsby-starter-decap-cms/static/img/home-jumbotron.jpg",
    "saicaca__fuwari/src/content/posts/guide/cover.jpeg",
    "CaiJimmy__hugo-theme-stack/demo/content/post/Image Gallery/helena-hertz-wWZzXlDpMog-unsplash.jpg",
    "CaiJimmy__hugo-theme-stack/demo/content/post/Markdown Syntax/pawel-czerwinski-8uZPynIu-rQ-unsplash.jpg",
]


def median_s(fn: Callable[[], bytes]) -> tuple[float, bytes]:
    times = []
    result = b""
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _text_lines(draw: ImageDraw.ImageDraw, x: int, y: int, width: int, lines: int, colour: tuple[int, ...]) -> None:
    """Rows of word-like blocks, like a title card's text."""
    for line in range(lines):
        cx = x
        for word in range(7):
            w = 30 + (word * 37 + line * 23) % 90
            if cx + w > x + width:
                break
            draw.rounded_rectangle((cx, y + line * 48, cx + w, y + line * 48 + 28), radius=6, fill=colour)
            cx += w + 18


def make_graphics(folder: Path) -> list[Path]:
    """Three flat graphics with alpha, one wide logo strip and a gradient, as PNG."""
    out = []
    # 1. A title card with rounded corners (transparent outside), "text" and a badge.
    card = Image.new("RGBA", (1200, 630), (0, 0, 0, 0))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((0, 0, 1199, 629), radius=48, fill=(24, 32, 56, 255))
    _text_lines(d, 80, 120, 1000, 4, (240, 240, 250, 255))
    d.ellipse((980, 420, 1140, 580), fill=(255, 180, 0, 255))
    d.text((90, 520), "post-editor.example  ·  2024", fill=(180, 190, 220, 255))
    out.append(folder / "title-card.png")
    card.save(out[-1])
    # 2. A diagram: boxes and arrows on a transparent background.
    diagram = Image.new("RGBA", (1600, 900), (0, 0, 0, 0))
    d = ImageDraw.Draw(diagram)
    for i, colour in enumerate([(66, 133, 244), (52, 168, 83), (251, 188, 5), (234, 67, 53)]):
        x = 80 + i * 380
        d.rounded_rectangle((x, 300, x + 280, 560), radius=20, fill=(*colour, 255), outline=(20, 20, 20, 255), width=4)
        _text_lines(d, x + 30, 360, 220, 3, (255, 255, 255, 255))
        if i < 3:
            d.line((x + 290, 430, x + 370, 430), fill=(20, 20, 20, 255), width=6)
            d.polygon([(x + 370, 415), (x + 370, 445), (x + 378, 430)], fill=(20, 20, 20, 255))
    out.append(folder / "diagram.png")
    diagram.save(out[-1])
    # 3. A wide logo strip (2400 px: resized), with a soft shadow.
    logo = Image.new("RGBA", (2400, 600), (0, 0, 0, 0))
    d = ImageDraw.Draw(logo)
    for i in range(6):
        x = 100 + i * 380
        d.ellipse((x + 12, 112, x + 312, 412), fill=(0, 0, 0, 60))
        d.ellipse((x, 100, x + 300, 400), fill=(200 - i * 25, 60 + i * 25, 150, 255))
        _text_lines(d, x + 40, 460, 240, 1, (40, 40, 40, 255))
    out.append(folder / "logo-strip.png")
    logo.save(out[-1])
    # 4. A screenshot-like UI mock-up with an alpha-free window and a transparent margin.
    shot = Image.new("RGBA", (1400, 900), (0, 0, 0, 0))
    d = ImageDraw.Draw(shot)
    d.rectangle((40, 40, 1360, 860), fill=(250, 250, 250, 255), outline=(200, 200, 200, 255))
    d.rectangle((40, 40, 1360, 90), fill=(230, 230, 235, 255))
    d.rectangle((40, 90, 330, 860), fill=(40, 44, 52, 255))
    _text_lines(d, 60, 120, 250, 14, (160, 170, 190, 255))
    _text_lines(d, 370, 130, 940, 14, (60, 60, 60, 255))
    out.append(folder / "screenshot.png")
    shot.save(out[-1])
    # 5. A smooth gradient (photo-like: many colours, no alpha).
    gx = Image.linear_gradient("L").resize((1800, 1000))
    gy = Image.linear_gradient("L").rotate(90).resize((1800, 1000))
    gradient = Image.merge(
        "RGB", (gx, gy, Image.linear_gradient("L").resize((1800, 1000)).transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    out.append(folder / "gradient.png")
    gradient.save(out[-1])
    return out


def ours(source: Path, quality: int, max_width: int) -> bytes:
    return render_webp(source, quality, max_width)[0]


def run_cwebp(cwebp: str, source: Path, target: Path, quality: int, resize_to: int | None) -> bytes:
    cmd = [cwebp, "-quiet", "-q", str(quality), "-m", "4", "-metadata", "none"]
    if resize_to is not None:
        cmd += ["-resize", str(resize_to), "0"]
    cmd += [str(source), "-o", str(target)]
    subprocess.run(cmd, check=True, capture_output=True)
    return target.read_bytes()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quality", type=int, default=82)
    parser.add_argument("--max-width", type=int, default=1600)
    args = parser.parse_args(argv)
    quality: int = args.quality
    max_width: int = args.max_width
    cwebp = shutil.which("cwebp") or ("/usr/bin/cwebp" if Path("/usr/bin/cwebp").is_file() else None)
    if cwebp is None:
        print("note: cwebp is not installed; showing our figures only.\n")

    with tempfile.TemporaryDirectory(prefix="covers-bench-") as tmp:
        tmpdir = Path(tmp)
        photos = []
        for rel in PHOTOS:
            path = CORPUS / rel
            if path.is_file():
                photos.append(path)
            else:
                print(f"note: skipped missing photograph {path}")
        items = [("photo", p) for p in photos] + [("graphic", p) for p in make_graphics(tmpdir)]

        header = f"{'kind':<8} {'image':<44} {'size':>11} {'ours B':>9} {'ours ms':>8}"
        if cwebp:
            header += f" {'cwebp B':>9} {'cwebp ms':>8} {'size x':>7} {'time x':>7}"
        print(f"quality {quality}, max width {max_width}, median of {REPEAT} runs\n")
        print(header)
        totals = {"ours_b": 0, "ours_s": 0.0, "cw_b": 0, "cw_s": 0.0}
        by_kind: dict[str, dict[str, float]] = {}
        for kind, path in items:
            with Image.open(path) as im:
                width, height = im.size
            resize_to = max_width if width > max_width else None
            try:
                ours_s, rendered = median_s(partial(ours, path, quality, max_width))
            except ImageError as exc:
                print(f"{kind:<8} {path.name[:44]:<44} error: {exc}")
                continue
            ours_b = len(rendered)
            line = f"{kind:<8} {path.name[:44]:<44} {f'{width}x{height}':>11} {ours_b:>9} {ours_s * 1000:>8.1f}"
            totals["ours_b"] += ours_b
            totals["ours_s"] += ours_s
            k = by_kind.setdefault(kind, {"ours_b": 0, "ours_s": 0.0, "cw_b": 0, "cw_s": 0.0})
            k["ours_b"] += ours_b
            k["ours_s"] += ours_s
            if cwebp:
                out = tmpdir / (path.stem + ".cwebp.webp")
                cw_s, cw_data = median_s(partial(run_cwebp, cwebp, path, out, quality, resize_to))
                cw_b = len(cw_data)
                totals["cw_b"] += cw_b
                totals["cw_s"] += cw_s
                k["cw_b"] += cw_b
                k["cw_s"] += cw_s
                line += f" {cw_b:>9} {cw_s * 1000:>8.1f} {ours_b / cw_b:>7.3f} {ours_s / cw_s:>7.3f}"
            print(line)

        print()
        for name, t in [*by_kind.items(), ("total", totals)]:
            text = f"{name:<8} ours {int(t['ours_b']):>9} B {t['ours_s'] * 1000:>8.1f} ms"
            if cwebp and t["cw_b"]:
                size_x = t["ours_b"] / t["cw_b"]
                time_x = t["ours_s"] / t["cw_s"]
                text += (
                    f" | cwebp {int(t['cw_b']):>9} B {t['cw_s'] * 1000:>8.1f} ms"
                    f" | size x{size_x:.3f} time x{time_x:.3f}"
                )
                if name == "total":
                    ok_size, ok_time = size_x <= SIZE_GOAL, time_x <= TIME_GOAL
                    verdict = "met" if ok_size and ok_time else "NOT met"
                    text += (
                        f"\n\ngoal (size <= {SIZE_GOAL}x, time <= {TIME_GOAL}x): {verdict}"
                        f" (size {'ok' if ok_size else 'over'}, time {'ok' if ok_time else 'over'})"
                    )
            print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
