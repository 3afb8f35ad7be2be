#!/usr/bin/env bash
# Regenerates the README screenshots in docs/screenshots/: one PNG per tab of
# one sample account workbook, and one per tab of the demo's roll-up.
#
#   bash scripts/screenshots.sh [AS_OF]     (default 2026-11-01, so the pictures are stable)
#
# Needs LibreOffice (soffice), poppler-utils (pdftoppm) and a CJK font
# (Debian: apt-get install libreoffice-calc poppler-utils fonts-noto-cjk).
# Each sheet is exported as one PDF page sized to its content
# (SinglePageSheets), then rasterised with pdftoppm.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
AS_OF="${1:-2026-11-01}"
OUT="$ROOT/docs/screenshots"
RES="${RES:-60}"
MAX_BYTES=$((150 * 1024))

for tool in soffice pdftoppm node; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is not installed" >&2; exit 2; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
node scripts/build.mjs
node bin/ka-sales.js demo -o "$WORK/out" --as-of "$AS_OF" >/dev/null

ACCOUNT="$(ls "$WORK"/out/accounts/01-*.xlsx 2>/dev/null | head -1 || true)"
[ -n "$ACCOUNT" ] || { echo "screenshots: the demo wrote no account workbook (is the .xlsx renderer built in?)" >&2; exit 1; }
cp "$ACCOUNT" "$WORK/account.xlsx"
# The roll-up, with one damaged file among the workbooks so that its
# 无法读取 tab shows something (rollup exits 1 for it, as it should).
printf 'PK not really a workbook' >"$WORK/out/accounts/08-损坏的文件.xlsx"
# Two weekly roll-ups into one summary, so that it shows changes and history:
# a week before AS_OF, then AS_OF after the first account moved on (a stage
# further, one opportunity item turned to +).
rollup() { (cd "$WORK/out" && node "$ROOT/bin/ka-sales.js" rollup accounts -o ../summary.xlsx --as-of "$1" >/dev/null 2>&1) || [ $? -eq 1 ]; }
rollup "$(date -u -d "$AS_OF - 7 days" +%F)"
FIRST_JSON="$(ls "$WORK"/out/json/01-*.json | head -1)"
node -e '
  const fs = require("fs");
  const a = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  a.overview.stage = "谈判成交";
  a.opportunity.items[5].mark = "+";
  fs.writeFileSync(process.argv[2], JSON.stringify(a));' "$FIRST_JSON" "$WORK/moved.json"
node bin/ka-sales.js build "$WORK/moved.json" -o "$ACCOUNT" --force >/dev/null
rollup "$AS_OF"

# A throw-away LibreOffice profile that recalculates every formula on load.
PROFILE="$WORK/profile"
mkdir -p "$PROFILE/user"
cat >"$PROFILE/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
HOME="$PROFILE" soffice --headless --norestore --nolockcheck "-env:UserInstallation=file://$PROFILE" \
  --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
  --outdir "$WORK/pdf" "$WORK/account.xlsx" "$WORK/summary.xlsx" >/dev/null 2>&1

# Tabs in order as "state<TAB>name"; with SinglePageSheets LibreOffice prints
# every tab, hidden ones too, one page each: hidden tabs' pages are dropped.
slug() {
  case "$1" in
    术语对照) echo glossary ;; 关键人物) echo key-people ;; 角色分析) echo role-map ;;
    客户全貌) echo overview ;; 概览) echo health ;; 机会评估) echo opportunity ;; 竞争力评估) echo competitiveness ;;
    行动计划) echo action-plan ;;
    汇总) echo summary ;; 管道) echo pipeline ;; 变化) echo changes ;; 历史) echo history ;; 无法读取) echo unreadable ;;
    *) echo "$1" | tr -c 'A-Za-z0-9\n' '-' ;;
  esac
}
tabs() {
  node -e '
    const ExcelJS = require("exceljs");
    const wb = new ExcelJS.Workbook();
    wb.xlsx.readFile(process.argv[1]).then(() => {
      for (const ws of wb.worksheets) console.log(`${ws.state}\t${ws.name}`);
    });' "$1"
}

# Renders page $2 of PDF $1 to $3 (PNG). A page too big for MAX_BYTES (a
# text-dense tab) is cropped from the bottom until it fits: the top of the
# tab, readable, is worth more than the whole of it, illegible.
render_page() {
  local pdf="$1" page="$2" target="$3"
  local size w h
  pdftoppm -r "$RES" -f "$page" -l "$page" -singlefile -png "$pdf" "${target%.png}"
  size=$(stat -c %s "$target")
  read -r w h < <(pdfinfo -f "$page" -l "$page" "$pdf" | awk -v r="$RES" '/^Page +[0-9]+ size:/ { printf "%d %d\n", $4 * r / 72 + 1, $6 * r / 72 + 1 }')
  while [ "$size" -gt "$MAX_BYTES" ] && [ "$h" -gt 200 ]; do
    h=$((h * 4 / 5))
    pdftoppm -r "$RES" -f "$page" -l "$page" -x 0 -y 0 -W "$w" -H "$h" -singlefile -png "$pdf" "${target%.png}"
    size=$(stat -c %s "$target")
  done
}

mkdir -p "$OUT"
rm -f "$OUT"/account-*.png "$OUT"/summary-*.png
for book in account summary; do
  mapfile -t sheets < <(tabs "$WORK/$book.xlsx")
  pages=$(pdfinfo "$WORK/pdf/$book.pdf" | awk '/^Pages:/ { print $2 }')
  if [ "$pages" -ne "${#sheets[@]}" ]; then
    echo "screenshots: $book has ${#sheets[@]} tabs but $pages pages" >&2
    exit 1
  fi
  n=0
  for i in "${!sheets[@]}"; do
    state="${sheets[$i]%%$'\t'*}"
    name="${sheets[$i]#*$'\t'}"
    [ "$state" = visible ] || continue
    n=$((n + 1))
    target="$OUT/$book-$n-$(slug "$name").png"
    render_page "$WORK/pdf/$book.pdf" $((i + 1)) "$target"
    size=$(stat -c %s "$target")
    [ "$size" -le "$MAX_BYTES" ] || { echo "screenshots: $target is $((size / 1024)) KB (over 150 KB)" >&2; exit 1; }
    echo "${target#"$ROOT"/} ($((size / 1024)) KB)"
  done
done
