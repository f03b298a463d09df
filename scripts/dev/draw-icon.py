"""Draw the integration's brand icon (an original drawing): a meter face with a bolt.

Run: .venv/bin/python scripts/dev/draw-icon.py  (writes custom_components/linky_tic/brand/)
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (
    Path(__file__).resolve().parents[2] / "custom_components" / "linky_tic" / "brand"
)


def draw(size: int) -> Image.Image:
    s = size / 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # Meter body: a rounded rectangle in a light green, like the meter's casing.
    d.rounded_rectangle(
        (28 * s, 16 * s, 228 * s, 240 * s), radius=36 * s, fill=(160, 205, 60, 255)
    )
    # Display window.
    d.rounded_rectangle(
        (56 * s, 44 * s, 200 * s, 104 * s), radius=10 * s, fill=(30, 45, 30, 255)
    )
    for i, x in enumerate(range(68, 190, 24)):
        shade = 120 + 25 * i
        d.rectangle(
            (x * s, 60 * s, (x + 14) * s, 88 * s), fill=(shade, 230, shade, 255)
        )
    # A bolt: what the meter tells.
    bolt = [
        (140, 120),
        (92, 184),
        (124, 184),
        (108, 228),
        (168, 156),
        (134, 156),
        (152, 120),
    ]
    d.polygon([(x * s, y * s) for x, y in bolt], fill=(255, 255, 255, 255))
    return img


if __name__ == "__main__":
    BRAND.mkdir(parents=True, exist_ok=True)
    draw(256).save(BRAND / "icon.png")
    draw(512).save(BRAND / "icon@2x.png")
