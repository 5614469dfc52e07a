#!/usr/bin/env bash
# Precomposes the small English model's decoding graph at build time (called by Maven after it unpacks the model;
# docs/load.md, "The decoding graph").
#
#   scripts/vosk-static-graph.sh MODEL_DIR CACHE_DIR
#
# The model as published has two halves, the lexicon (graph/HCLr.fst) and the language model (graph/Gr.fst), that
# Vosk composes on the fly: every recogniser expands and caches its own copy of the parts it reaches, so a fresh one
# decodes at twice the CPU of one that has heard a few minutes, and each grows by tens of MB per call. Composed
# once here with OpenFst's tools (the same lookahead composition, with the disambiguation symbols removed as Vosk
# removes them), graph/HCLG.fst is one read-only graph every recogniser of a model shares, and Vosk loads it in
# preference to the two halves. The words, which the published model keeps inside Gr.fst, go to graph/words.txt.
#
# Without OpenFst's tools and lookahead plugins (Debian: libfst-tools and libfst*-plugins-base, which ./talkhint
# installs) the model is left as published, with a warning: it still works, at the on-the-fly graph's cost.
# The composed graph is kept in CACHE_DIR for the model's uuid, so only the first build pays for it (about a minute).
set -euo pipefail

model=$1
cache=$2
graph=$model/graph

if [ ! -f "$graph/HCLr.fst" ] || [ ! -f "$graph/Gr.fst" ]; then
  [ -f "$graph/HCLG.fst" ] && exit 0
  echo "[build] $graph holds neither HCLr.fst + Gr.fst nor HCLG.fst: not a Vosk model" >&2
  exit 1
fi

uuid=$(cat "$model/uuid")
if [ ! -f "$cache/HCLG.fst" ] || [ "$(cat "$cache/uuid" 2>/dev/null)" != "$uuid" ]; then
  plugin=$(ls /usr/lib/*/fst/*/olabel_lookahead-fst.so /usr/lib/*/fst/olabel_lookahead-fst.so 2>/dev/null | head -1 || true)
  if ! command -v fstcompose >/dev/null 2>&1 || [ -z "$plugin" ] || [ ! -f "$(dirname "$plugin")/ngram-fst.so" ]; then
    echo "[build] WARNING: OpenFst's tools or its lookahead and ngram plugins are missing (Debian: apt-get install"
    echo "[build] WARNING: libfst-tools libfst22-plugins-base; ./talkhint installs them). The Vosk model keeps its"
    echo "[build] WARNING: on-the-fly graph: every call decodes at about twice the CPU, and more on a fresh recogniser."
    exit 0
  fi
  # OpenFst opens a graph's type (olabel_lookahead, ngram) as a plugin from its own library folder
  export LD_LIBRARY_PATH=$(dirname "$plugin")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  started=$(date +%s)
  rm -rf "$cache" && mkdir -p "$cache/partial"
  work=$cache/partial
  # The language model without its symbol tables (OpenFst 1.7 cannot read back the table it copies from this
  # file), as a plain graph sorted for the composition; its words go to a symbol file of their own.
  fstsymbols --save_osymbols="$work/words-with-duplicates.txt" "$graph/Gr.fst" /dev/null
  awk '!seen[$0]++' "$work/words-with-duplicates.txt" > "$work/words.txt"
  fstprint --numeric "$graph/Gr.fst" | fstcompile | fstarcsort --sort_type=ilabel > "$work/G.fst"
  # Vosk turns the disambiguation transition-ids (graph/disambig_tid.int) into epsilons as it composes
  awk '{ print $1, 0 }' "$graph/disambig_tid.int" > "$work/disambig.pairs"
  fstcompose "$graph/HCLr.fst" "$work/G.fst" | fstrelabel --relabel_ipairs="$work/disambig.pairs" \
    | fstconvert --fst_type=const > "$work/HCLG.fst"
  [ -s "$work/HCLG.fst" ] || { echo "[build] composing the decoding graph failed" >&2; exit 1; }
  mv "$work/HCLG.fst" "$work/words.txt" "$cache/"
  rm -rf "$work"
  echo "$uuid" > "$cache/uuid"
  echo "[build] Vosk decoding graph precomposed in $(( $(date +%s) - started )) s: $(du -m "$cache/HCLG.fst" | cut -f1) MB"
fi

ln -f "$cache/HCLG.fst" "$cache/words.txt" "$graph/" 2>/dev/null || cp "$cache/HCLG.fst" "$cache/words.txt" "$graph/"
rm -f "$graph/HCLr.fst" "$graph/Gr.fst" "$graph/disambig_tid.int"
