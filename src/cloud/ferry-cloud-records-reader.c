/* ferry-cloud-records-reader.c: reading a push batch's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch of 1,000 records is read many times a second, and a general JSON
 * tree (a node, a hash table and copies for every value) costs several
 * times more than storing the records. This reader checks the whole body
 * against the JSON grammar and keeps only what a push needs, in flat
 * arrays: each record's key elements, op, hash, and the members of its
 * fields, with every string decoded once into one buffer.
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-cloud-records-private.h"

/* Deeper values are refused: nothing a push carries nests at all. */
#define MAX_DEPTH 32

typedef struct
{
  const char        *start;
  const char        *p;
  const char        *end;
  char              *out;     /* where the next decoded string goes */
  guint              depth;
  const char        *problem; /* static, set on the first error */
  FerryCloudPushBody *body;
} Reader;

static gboolean
fail (Reader     *r,
      const char *problem)
{
  if (r->problem == NULL)
    r->problem = problem;
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

/* Skips white space and takes @c if it comes next. */
static gboolean
accept (Reader *r,
        char    c)
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
read_hex4 (Reader  *r,
           guint32 *out)
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
read_escape (Reader *r)
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
read_string (Reader      *r,
             const char **out)
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
read_number (Reader              *r,
             FerryCloudJsonValue *value)
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

  value->kind = FERRY_CLOUD_JSON_NUMBER;
  if (integer && p - r->p < 20)
    {
      char digits[24];

      memcpy (digits, r->p, (gsize) (p - r->p));
      digits[p - r->p] = '\0';
      value->kind = FERRY_CLOUD_JSON_INTEGER;
      value->integer = g_ascii_strtoll (digits, NULL, 10);
    }
  r->p = p;
  return TRUE;
}

static gboolean
read_literal (Reader             *r,
              const char         *word,
              FerryCloudJsonKind  kind,
              FerryCloudJsonValue *value)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return fail (r, "not a JSON value");
  r->p += len;
  value->kind = kind;
  return TRUE;
}

static gboolean read_value (Reader *r, FerryCloudJsonValue *value);

/* A member's name and its ':'. */
static gboolean
read_name (Reader      *r,
           const char **out_name)
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
read_members (Reader *r,
              GArray *members)
{
  if (accept (r, '}'))
    return TRUE;
  do
    {
      FerryCloudJsonMember member = { NULL, { 0, } };

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
read_elements (Reader *r,
               GArray *items)
{
  if (accept (r, ']'))
    return TRUE;
  do
    {
      FerryCloudJsonValue item = { 0, };

      if (!read_value (r, &item))
        return FALSE;
      if (items != NULL)
        g_array_append_val (items, item);
    }
  while (accept (r, ','));
  return accept (r, ']') || fail (r, "an array not closed by ']'");
}

static gboolean
read_value (Reader              *r,
            FerryCloudJsonValue *value)
{
  gboolean ok;

  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "the body ends where a value should be");
  value->raw = r->p;
  switch (*r->p)
    {
    case '"':
      value->kind = FERRY_CLOUD_JSON_STRING;
      ok = read_string (r, &value->string);
      break;
    case '{':
    case '[':
      if (++r->depth > MAX_DEPTH)
        return fail (r, "values nested too deeply");
      value->kind = *r->p == '{' ? FERRY_CLOUD_JSON_OBJECT : FERRY_CLOUD_JSON_ARRAY;
      r->p++;
      ok = value->kind == FERRY_CLOUD_JSON_OBJECT ? read_members (r, NULL) : read_elements (r, NULL);
      r->depth--;
      break;
    case 't':
      ok = read_literal (r, "true", FERRY_CLOUD_JSON_TRUE, value);
      break;
    case 'f':
      ok = read_literal (r, "false", FERRY_CLOUD_JSON_FALSE, value);
      break;
    case 'n':
      ok = read_literal (r, "null", FERRY_CLOUD_JSON_NULL, value);
      break;
    default:
      ok = read_number (r, value);
      break;
    }
  value->raw_len = (guint) (r->p - value->raw);
  return ok;
}

/* A value whose elements or members are kept: a record's key or fields.
 * Anything else is read as a plain value. */
static gboolean
read_kept (Reader              *r,
           FerryCloudJsonValue *value,
           GArray              *kept,
           guint               *out_first,
           guint               *out_n)
{
  char open = value->kind == FERRY_CLOUD_JSON_ARRAY ? '[' : '{';
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

static gboolean
read_record (Reader *r)
{
  FerryCloudPushInput input = { { 0, } };
  FerryCloudJsonValue ignored;

  if (!accept (r, '{'))
    return fail (r, "a record that is not a JSON object");
  if (accept (r, '}'))
    goto done;
  do
    {
      const char *name;

      if (!read_name (r, &name))
        return FALSE;
      if (strcmp (name, "key") == 0)
        {
          input.key.kind = FERRY_CLOUD_JSON_ARRAY;
          if (!read_kept (r, &input.key, r->body->items, &input.first_item, &input.n_items))
            return FALSE;
        }
      else if (strcmp (name, "fields") == 0)
        {
          input.fields.kind = FERRY_CLOUD_JSON_OBJECT;
          if (!read_kept (r, &input.fields, r->body->members, &input.first_member,
                          &input.n_members))
            return FALSE;
        }
      else if (!read_value (r, strcmp (name, "op") == 0 ? &input.op
                               : strcmp (name, "hash") == 0 ? &input.hash : &ignored))
        return FALSE;
    }
  while (accept (r, ','));
  if (!accept (r, '}'))
    return fail (r, "an object not closed by '}'");

done:
  g_array_append_val (r->body->records, input);
  return TRUE;
}

/* {"records": [...], other members ignored} */
static gboolean
read_body (Reader *r)
{
  gboolean seen_records = FALSE;

  if (!accept (r, '{'))
    return fail (r, "the body is not a JSON object");
  if (!accept (r, '}'))
    do
      {
        const char *name;
        FerryCloudJsonValue ignored;

        if (!read_name (r, &name))
          return FALSE;
        if (strcmp (name, "records") != 0 || seen_records)
          {
            if (!read_value (r, &ignored))
              return FALSE;
            continue;
          }
        seen_records = TRUE;
        if (!accept (r, '['))
          return fail (r, "“records” is not an array");
        if (!accept (r, ']'))
          {
            do
              if (!read_record (r))
                return FALSE;
            while (accept (r, ','));
            if (!accept (r, ']'))
              return fail (r, "an array not closed by ']'");
          }
      }
    while (accept (r, ','));
  if (!accept (r, '}'))
    return fail (r, "an object not closed by '}'");
  skip_space (r);
  if (r->p != r->end)
    return fail (r, "more after the end of the JSON object");
  return seen_records || fail (r, "there is no “records” array");
}

gboolean
ferry_cloud_push_body_read (FerryCloudPushBody  *body,
                            GBytes              *bytes,
                            GError             **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  Reader r = { data, data, data + size, NULL, 0, NULL, body };

  memset (body, 0, sizeof *body);
  /* Decoded strings and their terminators never outgrow the text. */
  body->buffer = g_malloc (size + 1);
  body->records = g_array_sized_new (FALSE, FALSE, sizeof (FerryCloudPushInput), 1024);
  body->items = g_array_sized_new (FALSE, FALSE, sizeof (FerryCloudJsonValue), 1024);
  body->members = g_array_sized_new (FALSE, FALSE, sizeof (FerryCloudJsonMember), 16 * 1024);
  r.out = body->buffer;

  if (size == 0)
    fail (&r, "the body is empty");
  else if (!g_utf8_validate_len (data, size, NULL))
    fail (&r, "the body is not UTF-8 text");
  else
    read_body (&r);

  if (r.problem == NULL)
    return TRUE;
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
               "The batch is not valid JSON of the form {\"records\": [{…}, …]}: %s "
               "(at byte %" G_GSIZE_FORMAT "). Nothing was stored.",
               r.problem, (gsize) (MIN (r.p, r.end) - r.start));
  return FALSE;
}

void
ferry_cloud_push_body_clear (FerryCloudPushBody *body)
{
  g_clear_pointer (&body->buffer, g_free);
  g_clear_pointer (&body->records, g_array_unref);
  g_clear_pointer (&body->items, g_array_unref);
  g_clear_pointer (&body->members, g_array_unref);
}
