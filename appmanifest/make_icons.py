"""Draws the two icons of the Teams app package with Pillow: ``color.png`` (192×192, the symbol in
white on the accent colour) and ``outline.png`` (32×32, white on transparent, as Teams requires).

The symbol: four municipalities (small nodes) around one table (the ring), joined in the
cooperation (the centre). It is drawn 16 times larger and scaled down, for smooth edges.

Run it after changing the symbol or the accent colour, and commit the PNGs:
    .venv/bin/python -m appmanifest.make_icons
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from appmanifest.manifest import ACCENT_COLOR

HERE = Path(__file__).resolve().parent
OVERSAMPLE = 16
WHITE = (255, 255, 255)


def symbol_mask(
    size: int, *, margin: float, stroke: float, node: float = 0.26, hub: float = 0.3
) -> Image.Image:
    """The symbol as an 8-bit mask of ``size``×``size`` (255 = symbol), inside ``margin``
    (a share of the size) on every side. ``stroke`` is the ring's width as a share of the size;
    ``node`` and ``hub`` are the radii of the outer nodes and the centre as shares of the
    symbol's radius (small icons need thinner parts to stay legible)."""
    big = size * OVERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    centre = big / 2
    inner = big * (0.5 - margin)  # radius of the box the symbol fills
    node_radius = inner * node
    ring = inner - node_radius  # the nodes sit on the ring and touch the box
    width = max(1, round(big * stroke))
    draw.ellipse(_box(centre, centre, ring), outline=255, width=width)
    for angle in (45, 135, 225, 315):
        x = centre + ring * math.cos(math.radians(angle))
        y = centre + ring * math.sin(math.radians(angle))
        draw.ellipse(_box(x, y, node_radius), fill=255)
    draw.ellipse(_box(centre, centre, inner * hub), fill=255)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def color_icon() -> Image.Image:
    """192×192: the symbol in white inside the central 120×120 on the accent colour."""
    accent = tuple(int(ACCENT_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.new("RGB", (192, 192), accent)
    image.paste(WHITE, (0, 0), symbol_mask(192, margin=36 / 192, stroke=0.03))
    return image


def outline_icon() -> Image.Image:
    """32×32: white only, transparent background (alpha carries the shape)."""
    image = Image.new("RGBA", (32, 32), (*WHITE, 0))
    image.putalpha(symbol_mask(32, margin=1 / 32, stroke=0.05, node=0.2, hub=0.22))
    return image


def _box(x: float, y: float, radius: float) -> tuple[float, float, float, float]:
    return (x - radius, y - radius, x + radius, y + radius)


def main() -> None:
    color_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)
    print(f"wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
