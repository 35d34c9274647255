#!/bin/sh
# Fails when a translation in po/LINGUAS is incomplete or broken.
#
#   check-translations.sh SOURCE_ROOT WORK_DIR PACKAGE
#
# 1. Every source file with translatable strings (src/, ui/) is listed in
#    po/POTFILES.in, so that no string escapes the template.
# 2. The template is extracted afresh from the current sources into WORK_DIR
#    with the keywords and flags of Meson's i18n 'glib' preset.
# 3. Each language's .po is merged with it (as `msgmerge` would update it) and
#    must have no untranslated and no fuzzy message, pass `msgfmt --check`
#    (header, plural forms, format strings) and keep one mnemonic where the
#    English has one.
set -eu

srcdir=$1
workdir=$2
package=$3
status=0

mkdir -p "$workdir"
cd "$srcdir"

# 1. Files with strings that POTFILES.in forgets.
listed=$workdir/listed.txt
grep -v '^[[:space:]]*#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | sort -u > "$listed"
{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(' src --include='*.c' || true
  grep -rl 'translatable="yes"' ui --include='*.ui' || true
} | sort -u > "$workdir/wanted.txt"
unlisted=$(comm -23 "$workdir/wanted.txt" "$listed")
if [ -n "$unlisted" ]; then
  echo "FAIL: files with translatable strings missing from po/POTFILES.in:"
  echo "$unlisted" | sed 's/^/  /'
  status=1
fi

# 2. The template, from the sources as they are now (the glib preset).
pot=$workdir/$package.pot
xgettext --package-name="$package" --directory="$srcdir" --files-from=po/POTFILES.in \
  --output="$pot" --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format
total=$(msgattrib --no-obsolete "$pot" | grep -c '^msgid ' || true)
echo "template: $((total - 1)) messages"

# 3. Each language against it.
languages=$(sed -e 's/#.*//' po/LINGUAS | tr -s ' \t' '\n\n' | sed '/^$/d')
if [ -z "$languages" ]; then
  echo "FAIL: po/LINGUAS lists no language"
  exit 1
fi
for lang in $languages; do
  merged=$workdir/$lang.po
  if [ ! -f "po/$lang.po" ]; then
    echo "FAIL: po/LINGUAS lists $lang, but po/$lang.po does not exist"
    status=1
    continue
  fi
  # msgfmt on the file as committed: its header, plural forms and formats.
  if ! msgfmt --check --check-accelerators=_ -o /dev/null "po/$lang.po"; then
    echo "FAIL: po/$lang.po does not pass msgfmt --check"
    status=1
  fi
  msgmerge --quiet --previous --output-file="$merged" "po/$lang.po" "$pot"
  stats=$(LC_ALL=C msgfmt --check --check-format --check-accelerators=_ --statistics \
            -o "$workdir/$lang.mo" "$merged" 2>&1) || {
    echo "$stats"
    echo "FAIL: $lang: msgfmt --check on the merged catalog failed"
    status=1
    continue
  }
  echo "$lang: $stats"
  case $stats in
    *fuzzy*|*untranslated*)
      echo "FAIL: $lang: not every message is translated; the ones to do:"
      msgattrib --no-wrap --only-fuzzy --no-obsolete "$merged" | grep -E '^(msgctxt|msgid|#:)' | grep -v '^msgid ""$' | sed 's/^/  /' || true
      msgattrib --no-wrap --untranslated --no-obsolete "$merged" | grep -E '^(msgctxt|msgid|#:)' | grep -v '^msgid ""$' | sed 's/^/  /' || true
      echo "  (update it with: msgmerge --update po/$lang.po $pot)"
      status=1
      ;;
  esac
done
exit $status
