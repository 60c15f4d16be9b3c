#!/usr/bin/env python3
"""Draws the Backorder Desk app icon and writes it as RGBA PNGs and an ICO.

No image library needed: the shapes are computed per pixel (4x4 supersampled)
and the files are written with zlib and struct. Run from anywhere:

    python3 assets/make-icons.py

It rewrites assets/icon-{32,128,256}.png, assets/icon.png (512) and
assets/icon.ico (32, 128 and 256 PNG entries). The output is deterministic.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

BACKGROUND = (31, 78, 121)    # deep blue
PARCEL = (245, 247, 250)      # near white
TAPE = (31, 78, 121)
BADGE = (242, 153, 36)        # amber: "late"
BADGE_MARK = (255, 255, 255)


def inside_rounded_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def color_at(u, v):
    """Colour (r, g, b, a) at unit coordinates u, v in [0, 1)."""
    # badge: amber disc bottom-right with a white clock hand
    bx, by, br = 0.72, 0.72, 0.20
    d2 = (u - bx) ** 2 + (v - by) ** 2
    if d2 <= br * br:
        if d2 <= (br - 0.035) ** 2:
            hand_v = abs(u - bx) <= 0.022 and by - 0.12 <= v <= by + 0.01
            hand_h = abs(v - by) <= 0.022 and bx - 0.01 <= u <= bx + 0.09
            if hand_v or hand_h:
                return BADGE_MARK + (255,)
            return BADGE + (255,)
        return BACKGROUND + (255,)
    if not inside_rounded_rect(u, v, 0.04, 0.04, 0.96, 0.96, 0.18):
        return (0, 0, 0, 0)
    # parcel: a box with a tape band down the middle and a lid line
    if inside_rounded_rect(u, v, 0.20, 0.24, 0.70, 0.72, 0.04):
        if abs(u - 0.45) <= 0.04 and v <= 0.45:
            return TAPE + (255,)
        if abs(v - 0.38) <= 0.018:
            return TAPE + (255,)
        return PARCEL + (255,)
    return BACKGROUND + (255,)


def render(size, samples=4):
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    u = (x + (sx + 0.5) / samples) / size
                    v = (y + (sy + 0.5) / samples) / size
                    r, g, b, a = color_at(u, v)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = samples * samples
            alpha = acc[3] / n
            if acc[3]:
                px = [round(acc[i] / acc[3]) for i in range(3)]
            else:
                px = [0, 0, 0]
            row += bytes(px + [round(alpha)])
        rows.append(bytes(row))
    return rows


def png_bytes(size):
    rows = render(size)
    raw = b"".join(b"\x00" + r for r in rows)  # filter type 0 per row

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico_bytes(entries):
    """ICO with PNG-compressed images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory = b""
    data = b""
    for size, png in entries:
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + directory + data


def main():
    pngs = {}
    for size in (32, 128, 256, 512):
        pngs[size] = png_bytes(size)
        name = "icon.png" if size == 512 else f"icon-{size}.png"
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(pngs[size])
    with open(os.path.join(HERE, "icon.ico"), "wb") as f:
        f.write(ico_bytes([(s, pngs[s]) for s in (32, 128, 256)]))


if __name__ == "__main__":
    main()
