/* ferry-cloud-records-reader.c: reading a push batch's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch of 1,000 records is read many times a second, and a general JSON
 * tree (a node, a hash table and copies for every value) costs several
 * times more than storing the records. The body is read in place
 * (ferry-json-reader.h), checked against the JSON grammar, keeping only
 * what a push needs in flat arrays: each record's key elements, op, hash,
 * and the members of its fields, with every string decoded once into one
 * buffer.
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-cloud-records-private.h"

static gboolean
read_record (FerryJsonReader    *r,
             FerryCloudPushBody *body)
{
  FerryCloudPushInput input = { { 0, } };
  FerryJsonValue ignored;

  if (!ferry_json_reader_accept (r, '{'))
    return ferry_json_reader_fail (r, "a record that is not a JSON object");
  if (ferry_json_reader_accept (r, '}'))
    goto done;
  do
    {
      const char *name;
      gboolean ok;

      if (!ferry_json_reader_read_name (r, &name))
        return FALSE;
      if (strcmp (name, "key") == 0)
        {
          input.key.kind = FERRY_JSON_ARRAY;
          ok = ferry_json_reader_read_kept (r, &input.key, body->items, &input.first_item,
                                            &input.n_items);
        }
      else if (strcmp (name, "fields") == 0)
        {
          input.fields.kind = FERRY_JSON_OBJECT;
          ok = ferry_json_reader_read_kept (r, &input.fields, body->members, &input.first_member,
                                            &input.n_members);
        }
      else
        ok = ferry_json_reader_read_value (r, strcmp (name, "op") == 0 ? &input.op
                                              : strcmp (name, "hash") == 0 ? &input.hash
                                              : &ignored);
      if (!ok)
        return FALSE;
    }
  while (ferry_json_reader_accept (r, ','));
  if (!ferry_json_reader_accept (r, '}'))
    return ferry_json_reader_fail (r, "an object not closed by '}'");

done:
  g_array_append_val (body->records, input);
  return TRUE;
}

/* The records after "records": */
static gboolean
read_records (FerryJsonReader    *r,
              FerryCloudPushBody *body)
{
  if (!ferry_json_reader_accept (r, '['))
    return ferry_json_reader_fail (r, "“records” is not an array");
  if (ferry_json_reader_accept (r, ']'))
    return TRUE;
  do
    {
      if (!read_record (r, body))
        return FALSE;
    }
  while (ferry_json_reader_accept (r, ','));
  return ferry_json_reader_accept (r, ']') || ferry_json_reader_fail (r, "an array not closed by ']'");
}

/* {"records": [...], other members ignored} */
static gboolean
read_body (FerryJsonReader    *r,
           FerryCloudPushBody *body)
{
  gboolean seen_records = FALSE;

  if (!ferry_json_reader_accept (r, '{'))
    return ferry_json_reader_fail (r, "the body is not a JSON object");
  if (!ferry_json_reader_accept (r, '}'))
    do
      {
        const char *name;
        FerryJsonValue ignored;

        if (!ferry_json_reader_read_name (r, &name))
          return FALSE;
        if (strcmp (name, "records") != 0 || seen_records)
          {
            if (!ferry_json_reader_read_value (r, &ignored))
              return FALSE;
            continue;
          }
        seen_records = TRUE;
        if (!read_records (r, body))
          return FALSE;
      }
    while (ferry_json_reader_accept (r, ','));
  if (!ferry_json_reader_accept (r, '}'))
    return ferry_json_reader_fail (r, "an object not closed by '}'");
  if (!ferry_json_reader_at_end (r))
    return ferry_json_reader_fail (r, "more after the end of the JSON object");
  return seen_records || ferry_json_reader_fail (r, "there is no “records” array");
}

gboolean
ferry_cloud_push_body_read (FerryCloudPushBody  *body,
                            GBytes              *bytes,
                            GError             **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  FerryJsonReader r;

  memset (body, 0, sizeof *body);
  /* Decoded strings and their terminators never outgrow the text. */
  body->buffer = g_malloc (size + 1);
  body->records = g_array_sized_new (FALSE, FALSE, sizeof (FerryCloudPushInput), 1024);
  body->items = g_array_sized_new (FALSE, FALSE, sizeof (FerryJsonValue), 1024);
  body->members = g_array_sized_new (FALSE, FALSE, sizeof (FerryJsonMember), 16 * 1024);
  ferry_json_reader_init (&r, data, size, body->buffer);

  if (size == 0)
    ferry_json_reader_fail (&r, "the body is empty");
  else if (!g_utf8_validate_len (data, size, NULL))
    ferry_json_reader_fail (&r, "the body is not UTF-8 text");
  else
    read_body (&r, body);

  if (r.problem == NULL)
    return TRUE;
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
               "The batch is not valid JSON of the form {\"records\": [{…}, …]}: %s "
               "(at byte %" G_GSIZE_FORMAT "). Nothing was stored.",
               r.problem, ferry_json_reader_get_offset (&r));
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
