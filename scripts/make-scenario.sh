#!/usr/bin/env bash
# TalkHint copy of shared/audio/scenarios/make-scenario.sh (festival, flite, espeak-ng, sox; Debian: festival
# festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k flite espeak-ng sox).
# make-scenario.sh SCENARIO_FILE OUT_DIR
# SCENARIO_FILE lines: "<speaker>|<voice>|<gap_before_s>|<text>"; speaker agent|customer;
# voice: slt|kal|ked (festival), flite:<kal16|awb|rms|slt>, espeak:<voice>, or file:<recording relative to SCENARIO_FILE> (text = its transcript). Writes agent.ulaw, customer.ulaw (raw G.711
# mu-law, 8 kHz, equal length, light line noise; every utterance keeps its own level: "sox -m" alone
# would scale each input by 1/2 and halve every earlier utterance at each mix) and timeline.tsv (speaker start_ms end_ms text).
set -euo pipefail
scen=$1 out=$2; mkdir -p "$out"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
t=0; i=0; : > "$out/timeline.tsv"
declare -a parts_agent parts_customer
while IFS='|' read -r spk voice gap text; do
  [[ -z "$spk" || "$spk" == \#* ]] && continue
  i=$((i+1)); w="$tmp/u$i.wav"; rm -f "$tmp/r.wav" # text2wave exits 0 for a missing voice: never reuse the last line
  case "$voice" in
    slt) echo "$text" > "$tmp/t.txt"; text2wave -eval "(voice_cmu_us_slt_arctic_hts)" "$tmp/t.txt" -o "$tmp/r.wav" ;;
    kal) echo "$text" > "$tmp/t.txt"; text2wave -eval "(voice_kal_diphone)" "$tmp/t.txt" -o "$tmp/r.wav" ;;
    ked) echo "$text" > "$tmp/t.txt"; text2wave -eval "(voice_ked_diphone)" "$tmp/t.txt" -o "$tmp/r.wav" ;;
    espeak:*) espeak-ng -v "${voice#espeak:}" -w "$tmp/r.wav" "$text" ;;
    flite:*) flite -voice "${voice#flite:}" -t "$text" -o "$tmp/r.wav" ;;
    file:*) sox "$(dirname "$scen")/${voice#file:}" -e signed -b 16 "$tmp/r.wav" ;;
  esac
  [[ -s "$tmp/r.wav" ]] || { echo "no audio for line $i (is voice $voice installed?)" >&2; exit 1; }
  sox "$tmp/r.wav" -r 8000 -c 1 -b 16 -e signed "$w" norm -3
  gap_ms=$(python3 -c "print(int(float('$gap')*1000))")
  dur_ms=$(python3 -c "import subprocess;print(int(float(subprocess.check_output(['soxi','-D','$w']).decode())*1000))")
  start=$((t+gap_ms)); end=$((start+dur_ms)); t=$end
  printf '%s\t%d\t%d\t%s\n' "$spk" "$start" "$end" "$text" >> "$out/timeline.tsv"
  echo "$spk $start $w" >> "$tmp/placements"
done < "$scen"
total=$((t+2000))
for spk in agent customer; do
  sox -n -r 8000 -c 1 -b 16 -e signed "$tmp/base_$spk.wav" synth "$(python3 -c "print($total/1000)")" whitenoise vol 0.004
  cur="$tmp/base_$spk.wav"
  while read -r s start w; do
    [[ "$s" == "$spk" ]] || continue
    sox "$w" "$tmp/pad.wav" pad "$(python3 -c "print($start/1000)")"
    sox -m -v 1 "$cur" -v 1 "$tmp/pad.wav" "$tmp/mix_$spk.wav" trim 0 "$(python3 -c "print($total/1000)")"
    mv "$tmp/mix_$spk.wav" "$tmp/cur_$spk.wav"; cur="$tmp/cur_$spk.wav"
  done < "$tmp/placements"
  sox "$cur" -t raw -r 8000 -e u-law -b 8 -c 1 "$out/$spk.ulaw"
done
echo "wrote $out: $(wc -l < "$out/timeline.tsv") utterances, $((total/1000)) s"
