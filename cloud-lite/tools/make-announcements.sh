#!/usr/bin/env bash
# Regenerates the relay's built-in announcements (cloud-lite/src/main/resources/announcements/*.wav) with
# espeak-ng (speech) and sox (8 kHz mono G.711 mu-law WAV, what the relay plays without converting).
# Debian: apt-get install espeak-ng sox. The files are committed; the build does not need these tools.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/announcements"
mkdir -p "$out"
say() { # name text
  espeak-ng -v en-gb -s 150 -w /tmp/announce-$$.wav "$2"
  sox /tmp/announce-$$.wav -r 8000 -c 1 -e u-law -b 8 "$out/$1.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.15 norm -3
  rm -f /tmp/announce-$$.wav
}
say closed "We are closed at the moment. Please come back during our opening hours."
say no-answer "Nobody is answering at the moment. Please try again later."
say unavailable "Nobody can take your call at the moment. Please try again later."
say busy "All lines are busy. Please try again later."
say queue-you-are "You are number"
say queue-in-line "in the queue. Please hold."
say queue-next "You are next in the queue. Please hold."
units=(zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen)
for i in $(seq 1 19); do say "number-$i" "${units[$i]}"; done
tens=(_ _ twenty thirty forty fifty sixty seventy eighty ninety)
for t in $(seq 2 9); do say "number-$((t * 10))" "${tens[$t]}"; done
say number-100 "one hundred"
