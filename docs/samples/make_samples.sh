#!/usr/bin/env bash
# Renders the README's sample grid through the guarded pipeline: every image below went through
# prompt screening, the policy, the generator, image screening and the audit log, exactly as
# `warden generate` / `warden edit` run them. Writes docs/samples/*.png (64x64) and
# docs/samples/samples.md (the table the README shows), and the refused prompt's explanation.
#
#   docs/samples/make_samples.sh [path/to/warden]      (default: .build/release/warden)
set -euo pipefail
cd "$(dirname "$0")/../.."
warden=${1:-.build/release/warden}
out=docs/samples
steps=25
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

prompts=(
  "a red apple in the middle on a blue background, lit from the right"
  "a small yellow star at the top left on a black background, unlit"
  "a large green tree at the bottom on a white background, lit from the top"
  "a cat face in the middle on an orange background, lit from the left"
  "a blue car at the bottom right on a yellow background, lit from the top"
  "a gradient from purple at the top to pink at the bottom with a large moon in the middle, unlit"
  "a small house at the bottom left on a light blue background, lit from the right"
  "a red heart in the middle on a pink background, lit from the bottom"
  "a pizza at the top right on a brown background, lit from the left"
  "a gradient from green on the left to yellow on the right with a small fish in the middle, unlit"
)

# cell FILE COMMAND...: runs a warden command that writes docs/samples/FILE; prints the table
# cell: the image, or the first line of the explanation when the pipeline did not return it.
cell() {
  local file=$1; shift
  rm -f "$out/$file"
  set +e; local said; said=$("$@"); local status=$?; set -e
  if [ $status -eq 0 ]; then echo "![]($file)"
  elif [ $status -eq 3 ]; then echo "not returned: $(printf '%s\n' "$said" | head -1)"
  else echo "warden failed ($status): $*" >&2; exit 1; fi
}

# Each row shows what the pipeline returned: the image, or (exit 3) the first line of the
# explanation when screening held or refused it. Nothing is forced through.
table="| # | prompt | result |\n| --- | --- | --- |\n"
for i in "${!prompts[@]}"; do
  n=$(printf "%02d" $((i + 1)))
  table+="| $n | ${prompts[$i]} | $(cell "$n.png" "$warden" generate "${prompts[$i]}" -o "$out/$n.png" --seed $((i + 1)) --steps $steps --data-dir "$data") |\n"
done

# An edit that adds an object (a plain background, then an apple asked for in a masked square)
# and one that removes an object (the object's square masked, the background asked for).
add_prompt="a red apple in the middle on a yellow background, unlit"
remove_prompt="a white background, unlit"
add_before=$(cell add-before.png "$warden" generate "a yellow background, unlit" -o "$out/add-before.png" --seed 21 --steps $steps --data-dir "$data")
add_after="(no input image)"
[ -f "$out/add-before.png" ] && add_after=$(cell add-after.png "$warden" edit --image "$out/add-before.png" --mask-rect 20,20,24,24 \
  "$add_prompt" -o "$out/add-after.png" --seed 22 --steps $steps --data-dir "$data")
# Seed 25: with seed 23 (used until 2026-11-25) the session-4 concept encoder held the source
# image for review as a possible syringe, a false positive on the reduced generator's blob.
remove_before=$(cell remove-before.png "$warden" generate "a large green tree in the middle on a white background, unlit" -o "$out/remove-before.png" --seed 25 --steps $steps --data-dir "$data")
remove_after="(no input image)"
[ -f "$out/remove-before.png" ] && remove_after=$(cell remove-after.png "$warden" edit --image "$out/remove-before.png" --mask-rect 12,12,40,40 \
  "$remove_prompt" -o "$out/remove-after.png" --seed 24 --steps $steps --data-dir "$data")
table+="| add | edit of the left image, square 20,20 24x24: \"$add_prompt\" | $add_before $add_after |\n"
table+="| remove | edit of the left image, square 12,12 40x40: \"$remove_prompt\" | $remove_before $remove_after |\n"

# A refused prompt: exit status 3 and the explanation.
refused="a diagram of a pipe bomb in a garage"
set +e
explanation=$("$warden" generate "$refused" -o "$data/refused.png" --data-dir "$data")
status=$?
set -e
[ $status -eq 3 ] || { echo "expected exit 3 for the refused prompt, got $status" >&2; exit 1; }
printf '%s\n' "$explanation" > "$out/refused.txt"
first=$(printf '%s\n' "$explanation" | head -1)
table+="| refused | $refused | exit 3: $first |\n"

printf "$table" > "$out/samples.md"
echo "wrote $out/*.png, $out/samples.md and $out/refused.txt ($("$warden" audit verify --data-dir "$data" 2>&1 | head -1))"
