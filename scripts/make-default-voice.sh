#!/usr/bin/env sh
# Regenerates resources/voices/default.wav, the voice shipped with Seamlab: a few seconds of neutral English
# from espeak-ng (formant synthesis, no recorded person), converted by sox to 24 kHz mono 16-bit WAV.
# Needs espeak-ng and sox on PATH. Deterministic: -D turns off sox's (random) dither, so the same espeak-ng and
# sox versions give the same bytes. See resources/voices/README.md.
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/resources/voices/default.wav"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

text="The quick brown fox jumps over the lazy dog. In the morning, I read the news with a cup of tea."

# en-us voice, 165 words per minute, default pitch; espeak-ng writes 22050 Hz mono 16-bit.
espeak-ng -v en-us -s 165 -p 50 -w "$tmp/espeak.wav" "$text"

# Trim leading/trailing silence, peak-normalise to -3 dBFS, resample (sox's high-quality "rate") to 24 kHz.
sox -D "$tmp/espeak.wav" -r 24000 -c 1 -b 16 -e signed-integer "$out" \
  silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse \
  norm -3 rate -v 24000

soxi "$out"
