#!/bin/sh
# Copy the font and the unicode data into Models/scenes/work/assets/ (git-ignored) so that a machine
# without Debian's fonts-noto-color-emoji, unicode-data and unicode-cldr-core (the GPU machine) can
# render scenes: carry Models/scenes/work/assets with the job (about 11 MB).
set -eu
d="$(dirname "$0")/work/assets"
mkdir -p "$d"
cp /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf /usr/share/unicode/emoji/emoji-test.txt \
   /usr/share/unicode/cldr/common/annotations/en.xml "$d/"
ls -la "$d"
