# examples.awk: the command examples of Markdown files and mdoc man pages,
# for tests/t9600-examples.sh.
#
#   awk -f tests/examples.awk README.md man/*.1
#
# Markdown (*.md): every code block (indented by four spaces or a tab, or
# fenced with ```). mdoc (any other file): the EXAMPLES section's .Dl lines
# (consecutive ones are one block) and .Bd -literal ... .Ed displays, with
# the roff escapes undone (\e \- \& \(aq ...).
#
# In a block, a line is a command when it starts with a "$ " prompt, or when
# its first word, after any NAME=value assignments, is a known command (see
# known()); a line after one that ends in |, \, && or || continues it (the
# lines are joined, a trailing \ dropped). Comments (# after a blank,
# outside quotes) are cut. In a block that uses "$ " prompts, the other
# lines are the output of the command before them. In a block without
# prompts, output samples (the demo's lines, tables) are told apart by their
# first word; a block that mixes commands and lines that are neither
# commands nor comments is an error (a command whose first word is not
# known would otherwise pass for output).
#
# Output, one record a line, fields separated by tabs:
#   B <file> <line> <section> a block starts, under that heading (Markdown:
#                            the nearest heading above, without its #s;
#                            mdoc: EXAMPLES)
#   C <line> <command>       a command (continuation lines joined)
#   O <line> <text>          a line of the output the command before prints
#   E <line> <message>       a line that cannot be classified
# Blocks without a command are not written.

BEGIN { FS = "\n" }

FNR == 1 {
	flush()
	md = FILENAME ~ /\.md$/
	fence = 0; incode = 0; blank = 1; section = ""; inbd = 0; indl = 0
}

# ---- Markdown --------------------------------------------------------------
md && /^```/ {
	if (fence) { fence = 0; flush() } else { flush(); fence = 1; start(FNR) }
	blank = 0
	next
}
md && fence { add(FNR, $0); next }
md && /^(    |\t)/ && (blank || incode) {
	if (!incode) { start(FNR); incode = 1 }
	line = $0
	sub(/^(    |\t)/, "", line)
	add(FNR, line)
	blank = 0
	next
}
md && /^[ \t]*$/ { blank = 1; next }   # a blank line may be inside a block
md {
	if (incode) { incode = 0; flush() }
	if (/^#+ /) { section = $0; sub(/^#+ +/, "", section) }
	blank = 0
	next
}

# ---- mdoc ------------------------------------------------------------------
/^\.Sh / { flushman(); section = substr($0, 5); next }
section != "EXAMPLES" { next }
inbd && /^\.Ed/ { inbd = 0; flush(); next }
inbd && /^\.[A-Za-z]/ { next }       # a macro inside the display
inbd { add(FNR, unesc($0)); next }
/^\.Bd -literal/ { flushman(); start(FNR); inbd = 1; next }
/^\.Dl / {
	if (!indl) { flushman(); start(FNR); indl = 1 }
	add(FNR, unesc(substr($0, 5)))
	next
}
{ flushman() }

END { flush() }

function flushman() { if (indl) { indl = 0; flush() } }

# ---- blocks ----------------------------------------------------------------
function start(n) { flush(); nl = 0; bline = n; bfile = FILENAME; bsection = section; open = 1 }

function add(n, s) { lno[++nl] = n; txt[nl] = s }

# flush: classify the block's lines and write its records
function flush(    i, s, c, prompt, ncmd, nother, cont, out, rec, nrec, cur) {
	if (!open) return
	open = 0
	prompt = 0
	for (i = 1; i <= nl; i++) if (txt[i] ~ /^\$ /) prompt = 1
	nrec = 0; ncmd = 0; nother = 0; cont = 0; cur = 0
	for (i = 1; i <= nl; i++) {
		s = txt[i]
		if (cont) {
			c = uncomment(s)
			sub(/^[ \t]+/, "", c)
			cmd[cur] = cmd[cur] " " c
			cont = continues(cmd[cur])
			if (cont) cmd[cur] = dropslash(cmd[cur])
			continue
		}
		if (prompt) {
			if (s ~ /^\$ /) {
				c = uncomment(substr(s, 3))
			} else {
				if (cur) { rec[++nrec] = "O\t" lno[i] "\t" s }
				continue
			}
		} else {
			c = uncomment(s)
			if (c ~ /^[ \t]*$/) continue      # a comment line
			if (!known(c)) {
				nother++
				if (!firstother) firstother = lno[i]
				rec[++nrec] = "X\t" lno[i] "\t" s
				continue
			}
		}
		sub(/^[ \t]+/, "", c)
		cur = ++ncmd
		cmd[cur] = c
		rec[++nrec] = "C\t" lno[i] "\t" cur
		cont = continues(c)
		if (cont) cmd[cur] = dropslash(c)
	}
	if (ncmd == 0) { firstother = 0; return }
	printf "B\t%s\t%d\t%s\n", bfile, bline, bsection
	for (i = 1; i <= nrec; i++) {
		split(rec[i], f, "\t")
		if (f[1] == "C")
			printf "C\t%s\t%s\n", f[2], cmd[f[3]]
		else if (f[1] == "X")
			printf "E\t%s\t%s\n", f[2], "neither a known command nor a comment, in a block of commands: " substr(rec[i], length(f[1] f[2]) + 3)
		else
			print rec[i]
	}
	firstother = 0
}

# continues(s): s ends in a pipe, a backslash or an and/or list
function continues(s) { return s ~ /(\||\\|&&|\|\|)[ \t]*$/ }
function dropslash(s) { sub(/[ \t]*\\[ \t]*$/, "", s); sub(/[ \t]+$/, "", s); return s }

# uncomment(s): s without a shell comment (# at the start or after a blank,
# outside quotes), trailing blanks cut
function uncomment(s,    i, ch, q, prev, r) {
	q = ""; prev = " "; r = s
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (q != "") { if (ch == q) q = ""; else if (ch == "\\" && q == "\"") i++ }
		else if (ch == "'" || ch == "\"") q = ch
		else if (ch == "\\") i++
		else if (ch == "#" && (prev == " " || prev == "\t")) { r = substr(s, 1, i - 1); break }
		prev = ch
	}
	sub(/[ \t]+$/, "", r)
	return r
}

# known(s): the command's first word, after NAME=value assignments, is one
# the examples use: an osfp program, a script of the tree, or a tool.
function known(s,    w) {
	sub(/^[ \t]+/, "", s)
	while (match(s, /^[A-Za-z_][A-Za-z0-9_]*=('[^']*'|"[^"]*"|[^ \t'"])*[ \t]+/))
		s = substr(s, RLENGTH + 1)
	w = s
	sub(/[ \t].*/, "", w)
	if (w ~ /^osfp-[a-z0-9-]+$/ || w ~ /^(\.\/)?(scripts|tests)\/[A-Za-z0-9_.\/-]+$/)
		return 1
	return w ~ /^(make|p0f|tcpdump|tshark|mergecap|editcap|zcat|gzip|gunzip|xz|cat|cut|sort|uniq|head|tail|grep|awk|sed|tr|wc|paste|join|diff|cmp|cp|mv|ln|mkdir|rm|ls|cd|env|sh|bash|python3|parallel|ssh|rsync|prove|man|mandoc|gnuplot)$/
}

# unesc(s): roff's escapes as the reader sees them
function unesc(s,    r, i, ch, n) {
	r = ""
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (ch != "\\") { r = r ch; continue }
		n = substr(s, i + 1, 1)
		if (n == "e" || n == "\\") { r = r "\\"; i++ }
		else if (n == "-") { r = r "-"; i++ }
		else if (n == "&" || n == "|" || n == "^") { i++ }
		else if (n == "~" || n == " ") { r = r " "; i++ }
		else if (n == "(") {
			n = substr(s, i + 2, 2)
			if (n == "aq") r = r "'"
			else if (n == "dq") r = r "\""
			else if (n == "ga") r = r "`"
			else if (n == "ti") r = r "~"
			else if (n == "ha") r = r "^"
			else if (n == "rs") r = r "\\"
			else r = r "\\(" n
			i += 3
		} else { r = r ch }
	}
	return r
}
