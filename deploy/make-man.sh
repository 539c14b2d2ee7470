#!/bin/sh
# Makes the man page signage(1) from the binary's own help texts, so that
# every verb and option is in it, those added later included:
#   sh deploy/make-man.sh build/signage deploy/signage.1.in OUT.1 VERSION
# The template holds what no --help says (files, environment, exit status);
# its line @VERBS@ becomes one section per verb of `signage --help`.
set -eu
bin=$1 template=$2 out=$3 version=$4

# One --help text as troff: the usage line in bold, option lines as .TP
# entries, their continuation lines joined, everything else as paragraphs.
help_to_troff() {
    awk '
    function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s }
    function text(s) { s = esc(s); if (s ~ /^[.\047]/) s = "\\&" s; return s }
    function flush() { if (desc != "") print text(desc); desc = "" }
    NR == 1 { sub(/^Usage: /, ""); print ".PP"; print "\\fB" esc($0) "\\fR"; print ".br"; next }
    /^$/ { flush(); inopt = 0; print ".PP"; next }
    /^  +-/ {
        flush(); line = $0; sub(/^ +/, "", line)
        if (match(line, /  +/)) { spec = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH) }
        else { spec = line; desc = "" }
        print ".TP"; print "\\fB" esc(spec) "\\fR"; inopt = 1; next }
    inopt && /^       / { line = $0; sub(/^ +/, "", line); desc = desc " " line; next }
    { flush(); inopt = 0; line = $0; sub(/^ +/, "", line); print text(line) }
    END { flush() }'
}

verbs=$("$bin" --help | awk '/^Verbs:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }')
[ -n "$verbs" ] || { echo "make-man.sh: no verbs in '$bin --help'" >&2; exit 1; }
tmp=$out.tmp
{
    sed -n '1,/^@VERBS@$/p' "$template" | sed '$d' | sed "s/@VERSION@/$version/g"
    echo ".SH VERBS"
    "$bin" --help | awk '/^Verbs:/ { on = 1; next } on && /^$/ { exit } on { print }' |
        awk '{ sub(/^ +/, ""); n = match($0, /  +/); spec = substr($0, 1, RSTART - 1); d = substr($0, RSTART + RLENGTH)
               gsub(/-/, "\\-", spec); gsub(/-/, "\\-", d); print ".TP"; print "\\fBsignage " spec "\\fR"; print d }'
    for v in $verbs; do
        echo ".SS \"signage $v\""
        "$bin" "$v" --help | help_to_troff
    done
    sed -n '/^@VERBS@$/,$p' "$template" | sed 1d
} > "$tmp"
mv "$tmp" "$out"
