#!/usr/bin/env python3
"""Says whether a raw signed 16-bit mono file (SDL's disk audio) holds speech:
enough loud 20 ms windows, broken by pauses between words (a tone or noise
has none), and a zero-crossing rate in the range of a voice.
  audio_check.py FILE RATE [MIN_SPEECH_S]   -> exit 0 for speech, 1 for not"""
import array
import math
import sys

path, rate = sys.argv[1], int(sys.argv[2])
min_s = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
data = array.array("h")
with open(path, "rb") as fp:
    data.frombytes(fp.read())
if sys.byteorder == "big":
    data.byteswap()
win = rate // 50
loud = quiet_gaps = crossings = 0
rms_all = []
prev_loud = False
for i in range(0, len(data) - win, win):
    w = data[i:i + win]
    rms = math.sqrt(sum(x * x for x in w) / win)
    rms_all.append(rms)
    is_loud = rms > 500
    if is_loud:
        loud += 1
        crossings += sum(1 for a, b in zip(w, w[1:]) if (a < 0) != (b < 0))
    elif prev_loud:
        quiet_gaps += 1
    prev_loud = is_loud
speech_s = loud * win / rate
zcr = crossings / max(1, loud * win) * rate
peak = max(rms_all) if rms_all else 0
print(f"{path}: {len(data) / rate:.1f} s of audio, {speech_s:.2f} s loud, {quiet_gaps} pauses, "
      f"zero crossings {zcr:.0f}/s, peak RMS {peak:.0f}")
ok = speech_s >= min_s and quiet_gaps >= 3 and 100 < zcr < 5000
print("speech" if ok else "NOT speech")
sys.exit(0 if ok else 1)
