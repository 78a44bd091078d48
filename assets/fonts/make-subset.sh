#!/usr/bin/env bash
# Regenerates GreencardSansSC-Regular.otf, a renamed subset of
# Noto Sans CJK SC Regular (SIL Open Font License 1.1).
#
# Usage: assets/fonts/make-subset.sh        (run as root, or with sudo available,
#                                             if fonts-noto-cjk is not installed yet)
# Env:   SRC_TTC  path of the Noto Sans CJK Regular collection
#                 (default /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
#        OUT      output file (default: GreencardSansSC-Regular.otf next to this script)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_TTC="${SRC_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
OUT="${OUT:-$HERE/GreencardSansSC-Regular.otf}"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# 1. Source font: Debian/Ubuntu package fonts-noto-cjk.
if [ ! -f "$SRC_TTC" ]; then
    $SUDO apt-get update
    $SUDO apt-get install -y fonts-noto-cjk
fi

# 2. fonttools (PyPI) for pyftsubset.
if ! command -v pyftsubset >/dev/null 2>&1 || ! python3 -c 'import fontTools' 2>/dev/null; then
    python3 -m pip install fonttools
fi

# 3. Find the face index of "Noto Sans CJK SC" inside the collection.
FONT_NUMBER="$(python3 - "$SRC_TTC" <<'PY'
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1], lazy=True).fonts):
    if f["name"].getDebugName(1) == "Noto Sans CJK SC":
        print(i)
        break
else:
    sys.exit("Noto Sans CJK SC not found in collection")
PY
)"
echo "Using face #$FONT_NUMBER of $SRC_TTC"

# 4. Subset.
#   Basic Latin + Latin-1, General Punctuation, arrows, geometric shapes,
#   CJK Symbols and Punctuation, all CJK Unified Ideographs (U+4E00-9FFF),
#   Halfwidth and Fullwidth Forms; plus explicit · × — • … ￥.
UNICODES="U+0020-007E,U+00A0-00FF,U+00B7,U+00D7,U+2000-206F,U+2014,U+2022,U+2026,U+2190-21FF,U+25A0-25FF,U+3000-303F,U+4E00-9FFF,U+FF00-FFEF,U+FFE5"
# Layout: pyftsubset's default (horizontal) feature set minus the vertical
# features, and only the default language systems. The JAN/KOR/ZHT/ZHH 'locl'
# variants and vertical forms would otherwise double the size (~9 MB), and egui
# (harfrust shaping, no language set, horizontal text) never selects them.
# Vertical metrics tables are dropped for the same reason.
# fontTools' GSUB/GPOS serialization order depends on Python's set/str hash
# seed; pin it so reruns produce a byte-identical file.
export PYTHONHASHSEED=0
TMP="$(mktemp --suffix=.otf)"
trap 'rm -f "$TMP"' EXIT
pyftsubset "$SRC_TTC" \
    --font-number="$FONT_NUMBER" \
    --unicodes="$UNICODES" \
    --no-hinting \
    --layout-scripts='DFLT.dflt,hani.dflt,latn.dflt,grek.dflt,cyrl.dflt,kana.dflt,hang.dflt' \
    --layout-features-='vert,vrt2,vkrn,vpal,vhal,valt' \
    --drop-tables+=vhea,vmtx,VORG \
    --output-file="$TMP"

# 5. Rename (OFL: a Modified Version must not use the original's name).
#    Keeps copyright (0), trademark (7), credits (8-12) and licence (13, 14).
python3 - "$TMP" "$OUT" "$SRC_TTC" "$FONT_NUMBER" <<'PY'
import re
import sys
from fontTools.ttLib import TTFont

src, out, ttc, num = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
FAMILY = "Greencard Sans SC"
STYLE = "Regular"
PS = "GreencardSansSC-Regular"

orig = TTFont(ttc, fontNumber=num, lazy=True)
font = TTFont(src, recalcTimestamp=False)
# Reproducible output: keep the upstream modification timestamp.
font["head"].modified = orig["head"].modified

name = font["name"]
version = orig["name"].getDebugName(5) or ""
ver_num = orig["head"].fontRevision
# Drop every localized/legacy copy of the names we replace, then set fresh ones.
name.names = [r for r in name.names if r.nameID not in (1, 2, 3, 4, 5, 6, 16, 17)]
new = {
    1: FAMILY,
    2: STYLE,
    3: f"{ver_num:.3f};GRNC;{PS}",
    4: f"{FAMILY} {STYLE}" if STYLE != "Regular" else FAMILY,
    5: f"{version}; subset of Noto Sans CJK SC for greencard",
    6: PS,
    16: FAMILY,
    17: STYLE,
}
for nid, s in new.items():
    name.setName(s, nid, 3, 1, 0x409)  # Windows, Unicode BMP, en-US

# The CFF table is shared by all faces of the collection and carries the JP
# names; rename them too.
cff = font["CFF "].cff
cff.fontNames = [PS]
top = cff.topDictIndex[0]
top.FullName = FAMILY
top.FamilyName = FAMILY
if hasattr(top, "FDArray"):
    for fd in top.FDArray:
        fn = getattr(fd, "FontName", None)
        if fn:
            # e.g. "NotoSansCJKjp-Regular-Ideographs" -> "GreencardSansSC-Regular-Ideographs"
            fd.FontName = re.sub(r"^NotoSansCJK[a-z]*-Regular", PS, fn)

font.save(out)
print(f"wrote {out}")
PY

ls -l "$OUT"
