#!/bin/sh
# A stand-in for a standard tool, as macOS (BSD) has it: it refuses the GNU-only spellings the
# launcher must not use, logs them to $BSD_LIKE_LOG, and otherwise runs the real tool found on
# $BSD_LIKE_REAL_PATH. Linked under each tool's name in a directory put first on PATH.
tool="${0##*/}"

refuse() {
  echo "$tool: GNU-only usage: $*" >>"$BSD_LIKE_LOG"
  echo "$tool: illegal option -- $1 (BSD-like stand-in)" >&2
  exit 64
}

previous=""
for arg in "$@"; do
  case "$arg" in
    --) ;;
    --*) refuse "$arg" "(long options are GNU's)" ;;
  esac
  case "$tool:$arg" in
    stat:-*c*) refuse "$arg" "(BSD stat uses -f)" ;;
    readlink:-f|readlink:-e|readlink:-m|readlink:-*[fem]*) refuse "$arg" "(not in older macOS readlink)" ;;
    find:-printf|find:-fprintf|find:-regextype|find:-readable|find:-writable|find:-executable) refuse "$arg" ;;
    find:-newer?*) refuse "$arg" "(-newerXY variants)" ;;
    date:-d|date:-d*) refuse "$arg" "(BSD date -d is not a date string)" ;;
    sed:-r) refuse "$arg" "(BSD sed uses -E)" ;;
    xargs:-r) refuse "$arg" ;;
    grep:-P) refuse "$arg" ;;
    head:-*|tail:-*)
      if [ "$previous" = "-n" ] && [ "${arg#-}" != "$arg" ]; then refuse "-n $arg" "(negative counts)"; fi ;;
  esac
  if [ "$tool" = "sed" ] && [ "$previous" = "-i" ] && [ -n "$arg" ] && [ "${arg#.}" = "$arg" ]; then
    refuse "-i $arg" "(BSD sed -i takes a suffix)"
  fi
  previous="$arg"
done

PATH="$BSD_LIKE_REAL_PATH" exec "$tool" "$@"
