/* ferry-canonical.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-canonical"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-canonical.h"

/* The cloud accepts at most 18 digits before the point (docs/cloud-api.md). */
#define MAX_INTEGER_DIGITS 18

/* Each canonical_*() returns the canonical text of @value (borrowed from
 * @value or from @scratch, until the next call), or NULL and a reason. */

/* @number with a point before its last @decimals digits. By hand, as
 * printf() would cost more than the rest of building the value. */
static const char *
format_number (GString *out,
               gint64   number,
               guint    decimals)
{
  char buffer[32];
  char *end = buffer + sizeof buffer;
  char *p = end;
  /* Negated as unsigned, so that G_MININT64 has a magnitude too. */
  guint64 magnitude = number < 0 ? -(guint64) number : (guint64) number;

  for (guint n = 0; magnitude > 0 || n <= decimals; n++)
    {
      if (n == decimals && decimals > 0)
        *--p = '.';
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  if (number < 0)
    *--p = '-';
  g_string_truncate (out, 0);
  g_string_append_len (out, p, end - p);
  return out->str;
}

static const char *
raw_text (const FerryValue *value,
          GString          *scratch)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_truncate (scratch, 0);
  switch (value->kind)
    {
    case FERRY_VALUE_TEXT:
      return value->text;
    case FERRY_VALUE_INTEGER:
      return format_number (scratch, value->integer, 0);
    case FERRY_VALUE_REAL:
      g_string_append (scratch, g_ascii_dtostr (buffer, sizeof buffer, value->real));
      break;
    case FERRY_VALUE_NULL:
    default:
      break;
    }
  return scratch->str;
}

/* A whole number from any storage class: text like "0042", a real like 7.0. */
static gboolean
whole_number (const FerryValue *value,
              gint64           *out)
{
  switch (value->kind)
    {
    case FERRY_VALUE_INTEGER:
      *out = value->integer;
      return TRUE;
    case FERRY_VALUE_REAL:
      if (!isfinite (value->real) || value->real != floor (value->real)
          || fabs (value->real) >= 9.2e18)
        return FALSE;
      *out = (gint64) value->real;
      return TRUE;
    case FERRY_VALUE_TEXT:
      return g_ascii_string_to_signed (value->text, 10, G_MININT64, G_MAXINT64,
                                       out, NULL);
    case FERRY_VALUE_NULL:
    default:
      return FALSE;
    }
}

static const char *
canonical_string (const FerryValue  *value,
                  GString           *scratch,
                  char             **reason)
{
  if (value->kind != FERRY_VALUE_TEXT)
    return raw_text (value, scratch);
  if (strlen (value->text) != value->length)
    {
      *reason = g_strdup ("contains a NUL character, which the cloud does not accept");
      return NULL;
    }
  if (!g_utf8_validate_len (value->text, value->length, NULL))
    {
      *reason = g_strdup ("is not valid UTF-8 text; check the database’s text encoding");
      return NULL;
    }
  return value->text;
}

static const char *
canonical_money (const FerryValue  *value,
                 GString           *scratch,
                 char             **reason)
{
  gint64 cents;

  if (!whole_number (value, &cents))
    {
      *reason = g_strdup_printf ("is “%s”, not a whole number of cents",
                                 raw_text (value, scratch));
      return NULL;
    }
  return format_number (scratch, cents, 2);
}

static const char *
canonical_integer (const FerryValue  *value,
                   GString           *scratch,
                   char             **reason)
{
  gint64 number;

  if (!whole_number (value, &number))
    {
      *reason = g_strdup_printf ("is “%s”, not a whole number", raw_text (value, scratch));
      return NULL;
    }
  return format_number (scratch, number, 0);
}

static const char *
canonical_boolean (const FerryValue  *value,
                   GString           *scratch,
                   char             **reason)
{
  gint64 number;

  if (whole_number (value, &number) && (number == 0 || number == 1))
    return number == 1 ? "true" : "false";
  *reason = g_strdup_printf ("is “%s”; a yes/no field must be 0 or 1",
                             raw_text (value, scratch));
  return NULL;
}

/* [+-]digits[.digits] with surrounding blanks → the same digits without
 * "+", leading zeros, a bare point or the sign of zero. */
static gboolean
normalise_decimal (const char *text,
                   GString    *out)
{
  const char *p = text;
  const char *int_start, *int_end, *frac_start, *frac_end;
  gboolean negative = FALSE;
  gboolean all_zero = TRUE;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (int_start = int_end = p; g_ascii_isdigit (*p); int_end = ++p)
    all_zero = all_zero && *p == '0';
  frac_start = frac_end = p;
  if (*p == '.')
    {
      for (frac_start = frac_end = ++p; g_ascii_isdigit (*p); frac_end = ++p)
        all_zero = all_zero && *p == '0';
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || (int_end == int_start && frac_end == frac_start))
    return FALSE;
  while (int_start < int_end && *int_start == '0')
    int_start++;
  if (int_end - int_start > MAX_INTEGER_DIGITS)
    return FALSE;

  g_string_truncate (out, 0);
  if (negative && !all_zero)
    g_string_append_c (out, '-');
  if (int_end == int_start)
    g_string_append_c (out, '0');
  else
    g_string_append_len (out, int_start, int_end - int_start);
  if (frac_end > frac_start)
    {
      g_string_append_c (out, '.');
      g_string_append_len (out, frac_start, frac_end - frac_start);
    }
  return TRUE;
}

static const char *
canonical_decimal (const FerryValue  *value,
                   GString           *scratch,
                   char             **reason)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text = "";

  switch (value->kind)
    {
    case FERRY_VALUE_INTEGER:
      return raw_text (value, scratch);
    case FERRY_VALUE_REAL:
      text = g_ascii_dtostr (buffer, sizeof buffer, value->real);
      break;
    case FERRY_VALUE_TEXT:
      text = value->text;
      break;
    case FERRY_VALUE_NULL:
    default:
      break;
    }
  if (normalise_decimal (text, scratch))
    return scratch->str;
  *reason = g_strdup_printf ("is “%s”, not a decimal number such as 12.50 "
                             "(at most %d digits before the point)",
                             text, MAX_INTEGER_DIGITS);
  return NULL;
}

gboolean
ferry_canonical_is_date (const char *text)
{
  guint parts[3] = { 0, 0, 0 };

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0, part = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        part++;
      else if (g_ascii_isdigit (text[i]))
        parts[part] = parts[part] * 10 + (guint) (text[i] - '0');
      else
        return FALSE;
    }
  return parts[0] >= 1
         && g_date_valid_dmy ((GDateDay) parts[2], (GDateMonth) parts[1], (GDateYear) parts[0]);
}

static const char *
canonical_date (const FerryValue  *value,
                GString           *scratch,
                char             **reason)
{
  if (value->kind == FERRY_VALUE_TEXT && ferry_canonical_is_date (value->text))
    return value->text;
  *reason = g_strdup_printf ("is “%s”, not a calendar date written YYYY-MM-DD",
                             raw_text (value, scratch));
  return NULL;
}

static const char *
canonical_timestamp (const FerryValue  *value,
                     GString           *scratch,
                     char             **reason)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *formatted = NULL;

  if (value->kind == FERRY_VALUE_TEXT)
    parsed = g_date_time_new_from_iso8601 (value->text, utc);
  else if (value->kind == FERRY_VALUE_INTEGER)
    parsed = g_date_time_new_from_unix_utc (value->integer);
  if (parsed != NULL)
    in_utc = g_date_time_to_utc (parsed);
  if (in_utc == NULL)
    {
      *reason = g_strdup_printf ("is “%s”, not a time such as 2026-11-23T14:05:09Z",
                                 raw_text (value, scratch));
      return NULL;
    }
  formatted = g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
  g_string_assign (scratch, formatted);
  return scratch->str;
}

const char *
ferry_canonical_value (FerryFieldType     type,
                       const FerryValue  *value,
                       GString           *scratch,
                       gboolean          *out_quoted,
                       char             **reason)
{
  *out_quoted = type != FERRY_FIELD_INTEGER && type != FERRY_FIELD_BOOLEAN;
  switch (type)
    {
    case FERRY_FIELD_STRING:
      return canonical_string (value, scratch, reason);
    case FERRY_FIELD_INTEGER:
      return canonical_integer (value, scratch, reason);
    case FERRY_FIELD_MONEY:
      return canonical_money (value, scratch, reason);
    case FERRY_FIELD_DECIMAL:
      return canonical_decimal (value, scratch, reason);
    case FERRY_FIELD_DATE:
      return canonical_date (value, scratch, reason);
    case FERRY_FIELD_TIMESTAMP:
      return canonical_timestamp (value, scratch, reason);
    case FERRY_FIELD_BOOLEAN:
      return canonical_boolean (value, scratch, reason);
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ferry_canonical_key_value (FerryFieldType     type,
                           const FerryValue  *value,
                           GString           *scratch,
                           char             **reason)
{
  const char *text = NULL;
  gboolean quoted;

  if (value->kind == FERRY_VALUE_NULL)
    {
      *reason = g_strdup ("has no value, but it is part of the key");
      return "";
    }
  text = ferry_canonical_value (type, value, scratch, &quoted, reason);
  if (text == NULL)
    return raw_text (value, scratch);
  if (*text == '\0')
    *reason = g_strdup ("is empty, but it is part of the key");
  return text;
}
