#!/usr/bin/env python3
"""Generate the bundled sample images for examples/sample-site.

Re-run at any time; output is deterministic. Requires Pillow (with WebP and
FreeType support). Images are written to:

    <this file's directory>/sample-site/public/images/blog/
"""

import colorsys
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

OUT_DIR = Path(__file__).resolve().parent / "sample-site" / "public" / "images" / "blog"

W, H = 1600, 900


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def gradient(size, top_left, top_right, bottom_left, bottom_right):
    """Smooth four-corner gradient, built by upscaling a 2x2 image."""
    small = Image.new("RGB", (2, 2))
    small.putpixel((0, 0), top_left)
    small.putpixel((1, 0), top_right)
    small.putpixel((0, 1), bottom_left)
    small.putpixel((1, 1), bottom_right)
    # Upscale a slightly larger canvas and crop the centre so the corners
    # land exactly on the requested colours without edge clamping artefacts.
    big = small.resize((size[0] * 2, size[1] * 2), Image.BILINEAR)
    return big.crop((size[0] // 2, size[1] // 2, size[0] // 2 + size[0], size[1] // 2 + size[1])).resize(size)


def vertical_gradient(size, stops):
    """Vertical gradient through a list of (position 0..1, rgb) stops."""
    w, h = size
    col = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                k = (t - p0) / (p1 - p0) if p1 > p0 else 0
                col.putpixel((0, y), tuple(round(a + (b - a) * k) for a, b in zip(c0, c1)))
                break
    return col.resize((w, h))


def overlay(base, draw_fn, blur=0):
    """Draw RGBA shapes on a transparent layer and alpha-composite onto base."""
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(base.convert("RGBA"), layer)


def save_webp(img, name, quality=80):
    path = OUT_DIR / name
    img.convert("RGB").save(path, "WEBP", quality=quality, method=6)
    return path


# --------------------------------------------------------------------------
# covers
# --------------------------------------------------------------------------

def cover_drafts_in_git():
    """Dark teal field with an abstract commit graph: branches and nodes."""
    img = gradient((W, H), (12, 32, 46), (20, 60, 72), (8, 22, 34), (26, 44, 70))

    lanes = [300, 450, 600]
    colours = [(255, 196, 87, 255), (94, 214, 190, 255), (240, 120, 140, 255)]

    def lines(d):
        # main trunk
        d.line([(120, lanes[0]), (1480, lanes[0])], fill=colours[0], width=10)
        # feature branch
        d.line([(360, lanes[0]), (460, lanes[1]), (980, lanes[1]), (1080, lanes[0])],
               fill=colours[1], width=10, joint="curve")
        # second branch
        d.line([(620, lanes[1]), (720, lanes[2]), (1180, lanes[2]), (1280, lanes[0])],
               fill=colours[2], width=10, joint="curve")

    def glow(d):
        for x in (120, 360, 840, 1080, 1280, 1480):
            d.ellipse([x - 40, lanes[0] - 40, x + 40, lanes[0] + 40], fill=(255, 196, 87, 90))

    def grid(d):
        # faint grid of dots for texture
        for gx in range(40, W, 80):
            for gy in range(40, H, 80):
                d.ellipse([gx - 2, gy - 2, gx + 2, gy + 2], fill=(255, 255, 255, 28))

    img = overlay(img, grid)
    img = overlay(img, glow, blur=18)
    img = overlay(img, lines)

    def nodes(d):
        for x in (120, 360, 840, 1080, 1280, 1480):
            d.ellipse([x - 24, lanes[0] - 24, x + 24, lanes[0] + 24], fill=(12, 32, 46, 255),
                      outline=colours[0], width=8)
        for x in (620, 780, 920):
            d.ellipse([x - 22, lanes[1] - 22, x + 22, lanes[1] + 22], fill=(12, 32, 46, 255),
                      outline=colours[1], width=8)
        for x in (820, 1000):
            d.ellipse([x - 22, lanes[2] - 22, x + 22, lanes[2] + 22], fill=(12, 32, 46, 255),
                      outline=colours[2], width=8)

    img = overlay(img, nodes)
    return save_webp(img, "keeping-drafts-in-git-cover.webp")


def cover_choosing_a_slug():
    """Warm sand background with flat diagonal bands, like a sliced ribbon."""
    img = gradient((W, H), (250, 236, 214), (246, 214, 190), (240, 226, 200), (232, 196, 176))
    palette = [
        (233, 111, 80, 255),
        (244, 162, 97, 255),
        (42, 157, 143, 255),
        (38, 70, 83, 255),
        (233, 196, 106, 255),
    ]

    def bands(d):
        band_w = 130
        for i in range(-6, 16):
            x0 = i * (band_w + 34)
            colour = palette[i % len(palette)]
            # Only draw a subset to leave negative space.
            if i % 3 == 1:
                continue
            d.polygon([(x0, H), (x0 + band_w, H), (x0 + band_w + 520, 0), (x0 + 520, 0)],
                      fill=colour[:3] + (210,))

    img = overlay(img, bands)

    def window(d):
        # a clean horizontal "address bar" cutting across
        d.rounded_rectangle([200, 380, 1400, 520], radius=70, fill=(253, 248, 240, 245))
        d.ellipse([250, 415, 320, 485], fill=(42, 157, 143, 255))
        for j, length in enumerate((260, 150, 330)):
            x = 370 + sum((260, 150, 330)[:j]) + j * 40
            d.rounded_rectangle([x, 437, x + length, 463], radius=13,
                                fill=palette[(j + 3) % len(palette)])

    img = overlay(img, window)
    return save_webp(img, "choosing-a-good-slug-cover.webp")


def cover_writing_excerpts():
    """Flat, limited-palette PNG: stacked paper cards with a highlighted line.

    Kept intentionally flat and quantized so the PNG stays small; the editor
    is expected to convert this one to WebP on save.
    """
    bg = (46, 52, 92)
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)

    # big soft circles (flat)
    d.ellipse([-200, -260, 700, 640], fill=(58, 66, 116))
    d.ellipse([1100, 420, 1900, 1220], fill=(58, 66, 116))
    d.ellipse([1250, 560, 1750, 1060], fill=(70, 80, 138))

    # three stacked cards, rotated
    cards = [(-8, (214, 222, 240)), (-3, (232, 236, 248)), (3, (250, 250, 252))]
    for angle, colour in cards:
        card = Image.new("RGBA", (760, 520), (0, 0, 0, 0))
        cd = ImageDraw.Draw(card)
        cd.rounded_rectangle([0, 0, 759, 519], radius=28, fill=colour + (255,))
        rotated = card.rotate(angle, resample=Image.NEAREST, expand=True)
        img.paste(rotated, ((W - rotated.width) // 2, (H - rotated.height) // 2), rotated)

    # text lines on the top card
    d = ImageDraw.Draw(img)
    left, top = 480, 260
    d.rounded_rectangle([left, top, left + 440, top + 34], radius=17, fill=(46, 52, 92))
    y = top + 90
    for i, length in enumerate((600, 560, 620, 380)):
        fill = (255, 203, 71) if i < 2 else (196, 202, 222)
        d.rounded_rectangle([left, y, left + length, y + 22], radius=11, fill=fill)
        y += 48
    # scissor-like cut mark under the excerpt
    for x in range(left, left + 640, 40):
        d.line([(x, y + 10), (x + 20, y + 10)], fill=(236, 93, 87), width=6)
    y += 50
    for length in (520, 590):
        d.rounded_rectangle([left, y, left + length, y + 22], radius=11, fill=(214, 218, 232))
        y += 48

    img = img.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = OUT_DIR / "writing-better-excerpts-cover.png"
    img.save(path, "PNG", optimize=True)
    return path


def cover_image_formats():
    """Concentric rings shifting through a spectrum — a nod to colour depth."""
    img = gradient((W, H), (18, 14, 40), (40, 18, 60), (10, 24, 52), (24, 12, 36))
    cx, cy = 1080, 470

    def rings(d):
        n = 14
        for i in range(n, 0, -1):
            t = i / n
            r = int(60 + t * 620)
            hue = (0.55 + t * 0.55) % 1.0
            rgb = hsv_to_rgb(hue, 0.65, 0.95)
            d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=rgb + (200,), width=16)

    def glow(d):
        d.ellipse([cx - 260, cy - 260, cx + 260, cy + 260], fill=(255, 140, 200, 70))

    img = overlay(img, glow, blur=60)
    img = overlay(img, rings)

    def pixels(d):
        # a column of "pixel" squares decreasing in size on the left
        x = 140
        size = 96
        for row in range(6):
            y = 120 + row * 115
            for col in range(3):
                hue = (0.08 * row + 0.12 * col) % 1.0
                d.rectangle([x + col * (size + 14), y, x + col * (size + 14) + size, y + size],
                            fill=hsv_to_rgb(hue, 0.55, 0.9) + (230,))
            size = max(30, size - 12)

    img = overlay(img, pixels)
    return save_webp(img, "image-formats-for-the-web-cover.webp", quality=78)


def cover_brittany():
    """Sunset over the sea with cliffs and a lighthouse silhouette (JPEG)."""
    rng = random.Random(29)
    sky = vertical_gradient((W, H), [
        (0.0, (38, 44, 92)),
        (0.35, (196, 96, 120)),
        (0.55, (248, 170, 110)),
        (0.62, (252, 214, 150)),
        (1.0, (252, 214, 150)),
    ])
    img = sky.convert("RGBA")

    horizon = 560

    def sun(d):
        d.ellipse([880, horizon - 170, 1160, horizon + 110], fill=(255, 236, 190, 255))

    def sun_glow(d):
        d.ellipse([760, horizon - 290, 1280, horizon + 230], fill=(255, 200, 150, 110))

    img = overlay(img, sun_glow, blur=50)
    img = overlay(img, sun)

    def clouds(d):
        for _ in range(7):
            x = rng.randint(-100, W)
            y = rng.randint(80, 360)
            w = rng.randint(260, 520)
            d.ellipse([x, y, x + w, y + rng.randint(24, 46)], fill=(255, 220, 220, 90))

    img = overlay(img, clouds, blur=6)

    def sea(d):
        d.rectangle([0, horizon, W, H], fill=(54, 62, 112, 255))
        # sun reflection stripes
        for i in range(14):
            y = horizon + 12 + i * 22
            half = max(20, 160 - i * 9) + rng.randint(-20, 20)
            d.rounded_rectangle([1020 - half, y, 1020 + half, y + 6], radius=3,
                                fill=(255, 214, 170, 170 - i * 9))

    img = overlay(img, sea)

    def cliffs(d):
        # far headland
        far = [(0, horizon - 40)]
        for x in range(0, 720, 40):
            far.append((x, horizon - 60 - int(30 * math.sin(x / 90)) - rng.randint(0, 10)))
        far += [(760, horizon), (0, horizon)]
        d.polygon(far, fill=(92, 60, 100, 255))
        # near cliff, right side
        near = [(W, H), (W, 430)]
        x, y = W, 430
        while x > 1180:
            x -= rng.randint(30, 60)
            y += rng.randint(-6, 22)
            near.append((x, y))
        near += [(1140, H)]
        d.polygon(near, fill=(30, 24, 48, 255))
        # foreground rocks
        d.polygon([(0, H), (0, 780), (140, 740), (260, 790), (420, 810), (520, H)],
                  fill=(26, 22, 42, 255))

    img = overlay(img, cliffs)

    def lighthouse(d):
        base_x, base_y = 1420, 430
        d.polygon([(base_x - 30, base_y + 90), (base_x + 30, base_y + 90), (base_x + 18, base_y - 210),
                   (base_x - 18, base_y - 210)], fill=(30, 24, 48, 255))
        d.rectangle([base_x - 26, base_y - 250, base_x + 26, base_y - 210], fill=(30, 24, 48, 255))
        d.polygon([(base_x - 30, base_y - 250), (base_x + 30, base_y - 250), (base_x, base_y - 285)],
                  fill=(30, 24, 48, 255))
        d.rectangle([base_x - 14, base_y - 244, base_x + 14, base_y - 218], fill=(255, 228, 160, 255))

    # light beam that fades out towards the left
    bx, by = 1420, 199
    beam = Image.new("L", (W, H), 0)
    ImageDraw.Draw(beam).polygon([(bx, by - 8), (bx - 760, by - 80), (bx - 760, by + 40),
                                  (bx, by + 8)], fill=255)
    beam = beam.filter(ImageFilter.GaussianBlur(10))
    fade = Image.linear_gradient("L").rotate(90).resize((760, H))  # 0 left -> 255 right
    fade = fade.point(lambda v: int(v * 0.32))                      # 0 left -> ~80 right
    ramp = Image.new("L", (W, H), 0)
    ramp.paste(fade, (bx - 760, 0))
    ramp.paste(int(255 * 0.32), (bx, 0, W, H))
    beam_alpha = ImageChops.multiply(beam, ramp)
    beam_layer = Image.new("RGBA", (W, H), (255, 232, 170, 0))
    beam_layer.putalpha(beam_alpha)
    img = Image.alpha_composite(img, beam_layer)
    img = overlay(img, lighthouse)

    path = OUT_DIR / "trois-jours-en-bretagne-cover.jpg"
    img.convert("RGB").save(path, "JPEG", quality=82, optimize=True, progressive=True)
    return path


# --------------------------------------------------------------------------
# body image: simple bar chart diagram
# --------------------------------------------------------------------------

def diagram_format_sizes():
    """800x450 flat diagram comparing sample file sizes per format."""
    w, h = 800, 450
    img = Image.new("RGB", (w, h), (250, 250, 247))
    d = ImageDraw.Draw(img)
    title_font = ImageFont.load_default(size=26)
    font = ImageFont.load_default(size=19)
    small = ImageFont.load_default(size=15)

    d.text((40, 28), "Same photo, four formats", font=title_font, fill=(34, 40, 49))
    d.text((40, 64), "Illustrative file sizes at similar visual quality", font=small,
           fill=(110, 116, 126))

    rows = [
        ("PNG", 1450, (231, 111, 81)),
        ("JPEG", 310, (244, 162, 97)),
        ("WebP", 205, (42, 157, 143)),
        ("AVIF", 150, (38, 70, 83)),
    ]
    max_kb = 1500
    left, right = 130, w - 110
    top = 112
    bar_h = 46
    gap = 22

    # grid lines
    for kb in range(0, max_kb + 1, 500):
        x = left + (right - left) * kb / max_kb
        d.line([(x, top - 10), (x, top + len(rows) * (bar_h + gap) - gap + 10)],
               fill=(222, 222, 216), width=2)
        d.text((x, top + len(rows) * (bar_h + gap) + 4), f"{kb} KB", font=small,
               fill=(120, 124, 130), anchor="ma")

    for i, (label, kb, colour) in enumerate(rows):
        y = top + i * (bar_h + gap)
        d.text((left - 18, y + bar_h // 2), label, font=font, fill=(34, 40, 49), anchor="rm")
        x1 = left + (right - left) * kb / max_kb
        d.rounded_rectangle([left, y, x1, y + bar_h], radius=8, fill=colour)
        d.text((x1 + 12, y + bar_h // 2), f"{kb} KB", font=font, fill=(34, 40, 49), anchor="lm")

    img = img.quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    path = OUT_DIR / "image-formats-size-chart.png"
    img.save(path, "PNG", optimize=True)
    return path


def hsv_to_rgb(h, s, v):
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return (round(r * 255), round(g * 255), round(b * 255))


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for fn in (cover_drafts_in_git, cover_choosing_a_slug, cover_writing_excerpts,
               cover_image_formats, cover_brittany, diagram_format_sizes):
        path = fn()
        with Image.open(path) as im:
            print(f"{path.name:45s} {im.format:5s} {im.size[0]}x{im.size[1]} "
                  f"{path.stat().st_size / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
