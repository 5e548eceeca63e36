# p0f-compare.awk: osfp-predict's p0f verdicts against p0f's own log.
#
#   awk -f p0f-compare.awk FLOWS.tsv PRED.tsv P0F.log
#
# FLOWS.tsv: osfp-pcap-flows -t (flow, sport, dport of each flow's first
# row); PRED.tsv: osfp-predict -t --ignore syn_synack -m DB (flow,
# syn_synack, predicted, params, dist, raw_sig); P0F.log: p0f -o lines.
# A p0f line (mod=syn or syn+ack; sendsyn probe or response for p0f's own
# probes) and an osfp row are the same SYN
# when direction, client port, server port and raw_sig agree (ports rather
# than addresses: p0f writes IPv6 addresses uncompressed). Prints one line
# per disagreement and a summary:
#   compared N same M differ D p0f-only P osfp-only O sigs S sigs-differ X
# where sigs counts the distinct (direction, raw_sig) p0f reported that
# osfp also wrote, and sigs-differ those given another os, params or dist.
BEGIN { FS = "\t" }
FILENAME == ARGV[1] {
	if (FNR == 1) { for (i = 1; i <= NF; i++) fc[$i] = i; next }
	if (!($fc["flow"] in sp)) { sp[$fc["flow"]] = $fc["sport"]; dp[$fc["flow"]] = $fc["dport"] }
	next
}
FILENAME == ARGV[2] {
	if (FNR == 1) { for (i = 1; i <= NF; i++) pc[$i] = i; next }
	if ($pc["raw_sig"] == "") next
	d = $pc["syn_synack"] + 0; f = $pc["flow"]
	k = d "|" (d ? dp[f] "|" sp[f] : sp[f] "|" dp[f]) "|" $pc["raw_sig"]
	v = $pc["predicted"] "|" $pc["params"] "|" $pc["dist"]
	# (mawk creates osfp[k] before the right side runs: count first)
	osfp[k] = nosfp[k]++ ? osfp[k] SUBSEP v : v
	sig[d "|" $pc["raw_sig"]] = sig[d "|" $pc["raw_sig"]] SUBSEP v
	next
}
/(^|[] |])mod=(syn(\+ack)?|sendsyn (probe|response))\|/ {
	line = $0
	sub(/^\[[^]]*\] /, "", line)
	n = split(line, part, "|")
	for (i = 1; i <= n; i++) {
		eq = index(part[i], "=")
		val[substr(part[i], 1, eq - 1)] = substr(part[i], eq + 1)
	}
	d = val["mod"] ~ /ack|response/ ? 1 : 0
	split(val["cli"], c, "/"); split(val["srv"], s, "/")
	os = ("os" in val) ? val["os"] : val["app"]
	delete val
	match($0, /\|raw_sig=.*/)
	raw = substr($0, RSTART + 9)
	k = d "|" c[2] "|" s[2] "|" raw
	want = os "|" part_of($0, "params") "|" part_of($0, "dist")
	wsig[d "|" raw] = wsig[d "|" raw] SUBSEP want
	if (!(k in osfp)) { p0fonly++; next }
	seen[k] = 1
	compared++
	m = split(osfp[k], got, SUBSEP)
	bad = 0
	for (i = 1; i <= m; i++) if (got[i] != want) bad = 1
	if (bad) { differ++; print "differ: " (d ? "syn+ack " : "syn ") k ": p0f " want ", osfp " osfp[k] }
	else same++
}
function part_of(line, name,    r) {
	if (!match(line, "\\|" name "=[^|]*")) return ""
	return substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 2)
}
END {
	for (k in osfp) if (!(k in seen)) osfponly += nosfp[k]
	for (k in wsig) {
		if (!(k in sig)) continue
		nsig++
		# every verdict either side gave for this signature, as a sorted set
		if (vset(wsig[k]) != vset(sig[k])) { sigdiffer++; print "signature differs: " k }
	}
	printf "compared %d same %d differ %d p0f-only %d osfp-only %d sigs %d sigs-differ %d\n",
	    compared, same, differ, p0fonly, osfponly, nsig, sigdiffer
}
function vset(s,    a, n, i, j, t, out) {
	n = split(substr(s, 2), a, SUBSEP)
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	out = ""
	for (i = 1; i <= n; i++) if (i == 1 || a[i] != a[i - 1]) out = out "," a[i]
	return out
}
