/* ferry-json-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-json-reader"

#include "config.h"

#include <string.h>

#include "ferry-json-reader.h"

/* Deeper values are refused: nothing Ferry reads nests that deep. */
#define MAX_DEPTH 32

static gboolean
fail (FerryJsonReader *r,
      const char      *problem)
{
  if (r->problem == NULL)
    r->problem = problem;
  return FALSE;
}

static void
skip_space (FerryJsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
accept (FerryJsonReader *r,
        char             c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

static gboolean
read_hex4 (FerryJsonReader *r,
           guint32         *out)
{
  *out = 0;
  if (r->end - r->p < 4)
    return fail (r, "a \\u escape needs four hex digits");
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_digit (*r->p++);

      if (digit < 0)
        return fail (r, "a \\u escape needs four hex digits");
      *out = (*out << 4) | (guint32) digit;
    }
  return TRUE;
}

static gboolean
read_escape (FerryJsonReader *r)
{
  guint32 c, low;

  if (r->p >= r->end)
    return fail (r, "unfinished string");
  switch (*r->p++)
    {
    case '"': *r->out++ = '"'; return TRUE;
    case '\\': *r->out++ = '\\'; return TRUE;
    case '/': *r->out++ = '/'; return TRUE;
    case 'b': *r->out++ = '\b'; return TRUE;
    case 'f': *r->out++ = '\f'; return TRUE;
    case 'n': *r->out++ = '\n'; return TRUE;
    case 'r': *r->out++ = '\r'; return TRUE;
    case 't': *r->out++ = '\t'; return TRUE;
    case 'u': break;
    default: return fail (r, "an unknown escape in a string");
    }

  if (!read_hex4 (r, &c))
    return FALSE;
  if (c >= 0xdc00 && c <= 0xdfff)
    return fail (r, "a lone low surrogate in a string");
  if (c >= 0xd800 && c <= 0xdbff)
    {
      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        return fail (r, "a lone high surrogate in a string");
      r->p += 2;
      if (!read_hex4 (r, &low))
        return FALSE;
      if (low < 0xdc00 || low > 0xdfff)
        return fail (r, "a lone high surrogate in a string");
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    }
  if (c == 0)
    return fail (r, "\\u0000 in a string");
  /* An escape is at least as long as its UTF-8, so the buffer suffices. */
  r->out += g_unichar_to_utf8 ((gunichar) c, r->out);
  return TRUE;
}

/* At a '"': decodes the string into the buffer; *@out points at it. */
static gboolean
read_string (FerryJsonReader  *r,
             const char      **out)
{
  *out = r->out;
  r->p++;
  while (r->p < r->end)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      memcpy (r->out, run, (gsize) (r->p - run));
      r->out += r->p - run;
      if (r->p >= r->end)
        break;
      if (*r->p == '"')
        {
          r->p++;
          *r->out++ = '\0';
          return TRUE;
        }
      if ((guchar) *r->p < 0x20)
        return fail (r, "a control character in a string");
      r->p++;
      if (!read_escape (r))
        return FALSE;
    }
  return fail (r, "unfinished string");
}

static gboolean
read_number (FerryJsonReader *r,
             FerryJsonValue  *value)
{
  const char *p = r->p;
  gboolean integer = TRUE;

  if (p < r->end && *p == '-')
    p++;
  if (p < r->end && *p == '0')
    p++;
  else if (p < r->end && *p >= '1' && *p <= '9')
    while (p < r->end && g_ascii_isdigit (*p))
      p++;
  else
    return fail (r, "not a JSON value");
  if (p < r->end && *p == '.')
    {
      integer = FALSE;
      if (++p >= r->end || !g_ascii_isdigit (*p))
        return fail (r, "a number without digits after its point");
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < r->end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      if (++p < r->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return fail (r, "a number without digits in its exponent");
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }

  value->kind = FERRY_JSON_NUMBER;
  if (integer && p - r->p < 20)
    {
      char digits[24];

      memcpy (digits, r->p, (gsize) (p - r->p));
      digits[p - r->p] = '\0';
      value->kind = FERRY_JSON_INTEGER;
      value->integer = g_ascii_strtoll (digits, NULL, 10);
    }
  r->p = p;
  return TRUE;
}

static gboolean
read_literal (FerryJsonReader *r,
              const char      *word,
              FerryJsonKind    kind,
              FerryJsonValue  *value)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return fail (r, "not a JSON value");
  r->p += len;
  value->kind = kind;
  return TRUE;
}

static gboolean read_value (FerryJsonReader *r, FerryJsonValue *value);

/* A member's name and its ':'. */
static gboolean
read_name (FerryJsonReader  *r,
           const char      **out_name)
{
  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    return fail (r, "an object member without a name in quotes");
  if (!read_string (r, out_name))
    return FALSE;
  return accept (r, ':') || fail (r, "a member name without ':'");
}

/* The members of an object after its '{'. With @members, each member is
 * appended to it; otherwise they are only checked. */
static gboolean
read_members (FerryJsonReader *r,
              GArray          *members)
{
  if (accept (r, '}'))
    return TRUE;
  do
    {
      FerryJsonMember member = { NULL, { 0, } };

      if (!read_name (r, &member.name) || !read_value (r, &member.value))
        return FALSE;
      if (members != NULL)
        g_array_append_val (members, member);
    }
  while (accept (r, ','));
  return accept (r, '}') || fail (r, "an object not closed by '}'");
}

/* The elements of an array after its '['; appended to @items if given. */
static gboolean
read_elements (FerryJsonReader *r,
               GArray          *items)
{
  if (accept (r, ']'))
    return TRUE;
  do
    {
      FerryJsonValue item = { 0, };

      if (!read_value (r, &item))
        return FALSE;
      if (items != NULL)
        g_array_append_val (items, item);
    }
  while (accept (r, ','));
  return accept (r, ']') || fail (r, "an array not closed by ']'");
}

static gboolean
read_value (FerryJsonReader *r,
            FerryJsonValue  *value)
{
  gboolean ok;

  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "the text ends where a value should be");
  value->raw = r->p;
  switch (*r->p)
    {
    case '"':
      value->kind = FERRY_JSON_STRING;
      ok = read_string (r, &value->string);
      break;
    case '{':
    case '[':
      if (++r->depth > MAX_DEPTH)
        return fail (r, "values nested too deeply");
      value->kind = *r->p == '{' ? FERRY_JSON_OBJECT : FERRY_JSON_ARRAY;
      r->p++;
      ok = value->kind == FERRY_JSON_OBJECT ? read_members (r, NULL) : read_elements (r, NULL);
      r->depth--;
      break;
    case 't':
      ok = read_literal (r, "true", FERRY_JSON_TRUE, value);
      break;
    case 'f':
      ok = read_literal (r, "false", FERRY_JSON_FALSE, value);
      break;
    case 'n':
      ok = read_literal (r, "null", FERRY_JSON_NULL, value);
      break;
    default:
      ok = read_number (r, value);
      break;
    }
  value->raw_len = (guint) (r->p - value->raw);
  return ok;
}

/* A value whose elements or members are kept; anything else is read as
 * a plain value. */
static gboolean
read_kept (FerryJsonReader *r,
           FerryJsonValue  *value,
           GArray          *kept,
           guint           *out_first,
           guint           *out_n)
{
  char open = value->kind == FERRY_JSON_ARRAY ? '[' : '{';
  gboolean ok;

  skip_space (r);
  if (r->p >= r->end || *r->p != open)
    return read_value (r, value);

  value->raw = r->p++;
  *out_first = kept->len;
  ok = open == '[' ? read_elements (r, kept) : read_members (r, kept);
  *out_n = kept->len - *out_first;
  value->raw_len = (guint) (r->p - value->raw);
  return ok;
}

/* ---- The public face ---- */

void
ferry_json_reader_init (FerryJsonReader *reader,
                        const char      *text,
                        gsize            size,
                        char            *buffer)
{
  memset (reader, 0, sizeof *reader);
  reader->start = reader->p = text;
  reader->end = text + size;
  reader->out = buffer;
}

gboolean
ferry_json_reader_fail (FerryJsonReader *reader,
                        const char      *problem)
{
  return fail (reader, problem);
}

gboolean
ferry_json_reader_accept (FerryJsonReader *reader,
                          char             c)
{
  return accept (reader, c);
}

gboolean
ferry_json_reader_at_end (FerryJsonReader *reader)
{
  skip_space (reader);
  return reader->p == reader->end;
}

gboolean
ferry_json_reader_read_name (FerryJsonReader  *reader,
                             const char      **out_name)
{
  return read_name (reader, out_name);
}

gboolean
ferry_json_reader_read_value (FerryJsonReader *reader,
                              FerryJsonValue  *value)
{
  return read_value (reader, value);
}

gboolean
ferry_json_reader_read_kept (FerryJsonReader *reader,
                             FerryJsonValue  *value,
                             GArray          *kept,
                             guint           *out_first,
                             guint           *out_n)
{
  return read_kept (reader, value, kept, out_first, out_n);
}

gsize
ferry_json_reader_get_offset (FerryJsonReader *reader)
{
  return (gsize) (MIN (reader->p, reader->end) - reader->start);
}
