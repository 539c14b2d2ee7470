#!/usr/bin/env python3
"""Writes the orientation a picture should be shown at into a file, as a
phone would: a display matrix in an MP4's track header, or an EXIF
Orientation tag in a JPEG.

  orient-media.py mp4 FILE TURN MIRROR   TURN: 0|90|180|270 clockwise, MIRROR: 0|1
                                         (mirrored left-right first, then turned)
  orient-media.py jpeg FILE EXIF_VALUE   EXIF Orientation 1-8
The file is changed in place."""
import struct
import sys


def mp4(path, turn, mirror):
    # FFmpeg's matrix (libavutil/display.h) maps a stored point to the shown
    # one: x' = a x + c y, y' = b x + d y, y down; tkhd stores a b u c d v x y w.
    a, b, c, d = {0: (1, 0, 0, 1), 90: (0, 1, -1, 0), 180: (-1, 0, 0, -1), 270: (0, -1, 1, 0)}[turn]
    if mirror:
        a, b = -a, -b
    data = bytearray(open(path, 'rb').read())
    i = data.find(b'tkhd')
    if i < 0:
        sys.exit(f'{path}: no tkhd box')
    version = data[i + 4]
    at = i + 8 + (32 if version == 1 else 20) + 16  # times, ids, duration; layer..volume
    struct.pack_into('>9i', data, at, a << 16, b << 16, 0, c << 16, d << 16, 0, 0, 0, 1 << 30)
    open(path, 'wb').write(data)


def jpeg(path, value):
    data = open(path, 'rb').read()
    tiff = (b'MM' + struct.pack('>HI', 42, 8) + struct.pack('>H', 1) +
            struct.pack('>HHIHH', 0x0112, 3, 1, value, 0) + struct.pack('>I', 0))
    app1 = b'Exif\0\0' + tiff
    open(path, 'wb').write(data[:2] + b'\xff\xe1' + struct.pack('>H', len(app1) + 2) + app1 + data[2:])


if __name__ == '__main__':
    if sys.argv[1] == 'mp4':
        mp4(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        jpeg(sys.argv[2], int(sys.argv[3]))
