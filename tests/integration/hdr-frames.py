#!/usr/bin/env python3
"""Writes raw yuv420p10le frames of an HDR test card to stdout: three patches
side by side at 26 cd/m2 (mid-grey), 203 cd/m2 (HDR reference white) and the
1000 cd/m2 peak, neutral (no chroma), limited range.

  hdr-frames.py pq|hlg WIDTH HEIGHT FRAMES | ffmpeg -f rawvideo -pix_fmt yuv420p10le ..."""
import math
import struct
import sys


def pq_signal(nits):
    m1, m2 = 2610 / 16384, 2523 / 4096 * 128
    c1, c2, c3 = 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
    y = (nits / 10000) ** m1
    return ((c1 + c2 * y) / (1 + c3 * y)) ** m2


def hlg_signal(nits):
    a, b, c = 0.17883277, 0.28466892, 0.55991073
    scene = (nits / 1000) ** (1 / 1.2)  # undo the 1000 cd/m2 display's OOTF
    return math.sqrt(3 * scene) if scene <= 1 / 12 else a * math.log(12 * scene - b) + c


kind, w, h, frames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
signal = pq_signal if kind == 'pq' else hlg_signal
codes = [round(64 + 876 * signal(n)) for n in (26, 203, 1000)]
row = b''.join(struct.pack('<H', codes[min(x * 3 // w, 2)]) for x in range(w))
chroma = struct.pack('<H', 512) * (w // 2) * (h // 2)
frame = row * h + chroma * 2
out = sys.stdout.buffer
for _ in range(frames):
    out.write(frame)
