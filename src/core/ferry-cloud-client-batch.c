/* ferry-cloud-client-batch.c: the answer to a push batch, read in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answer holds one result per record sent, a thousand of them many
 * times a second during a large sync; a json-glib tree of it cost more
 * than anything else the client does with a batch but the ledger. So it
 * is read with FerryJsonReader (ferry-json-reader.h), with the rules of
 * ferry-cloud-client-parse.c: every member the API promises is there with
 * its type, unknown members are ignored, and the summary must count what
 * the results say.
 */
#define G_LOG_DOMAIN "ferry-cloud-client"

#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"
#include "ferry-json-reader.h"
#include "ferry-record-key.h"

static void
record_result_clear (gpointer data)
{
  FerryCloudRecordResult *result = data;

  g_free (result->key_text);
  g_free (result->code);
  g_free (result->field);
  g_free (result->message);
}

void
ferry_cloud_batch_result_free (FerryCloudBatchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->entity);
  g_clear_pointer (&result->results, g_array_unref);
  g_free (result);
}

/* The member @name's @value as text: copied into *@out, NULL when it is
 * null or absent and @nullable. */
static gboolean
take_string (const FerryJsonValue  *value,
             const char            *name,
             gboolean               nullable,
             char                 **out,
             GError               **error)
{
  *out = NULL;
  if (value->kind == FERRY_JSON_ABSENT || value->kind == FERRY_JSON_NULL)
    return nullable || ferry_cloud_invalid (error, "the member “%s” is missing", name);
  if (value->kind != FERRY_JSON_STRING)
    return ferry_cloud_invalid (error, "the member “%s” is not text", name);
  *out = g_strdup (value->string);
  return TRUE;
}

/* The same for a whole number; 0 when null or absent and @nullable. */
static gboolean
take_int (const FerryJsonValue  *value,
          const char            *name,
          gboolean               nullable,
          gint64                *out,
          GError               **error)
{
  *out = 0;
  if (value->kind == FERRY_JSON_ABSENT || value->kind == FERRY_JSON_NULL)
    return nullable || ferry_cloud_invalid (error, "the member “%s” is missing", name);
  if (value->kind != FERRY_JSON_INTEGER)
    return ferry_cloud_invalid (error, "the member “%s” is not a whole number", name);
  *out = value->integer;
  return TRUE;
}

/* The canonical key text of @n_items strings in @items, or NULL if one is
 * not a string. */
static char *
key_text_of (GArray *items,
             guint   n_items)
{
  g_autofree const char **values = g_new0 (const char *, n_items + 1);

  for (guint i = 0; i < n_items; i++)
    {
      const FerryJsonValue *item = &g_array_index (items, FerryJsonValue, i);

      if (item->kind != FERRY_JSON_STRING)
        return NULL;
      values[i] = item->string;
    }
  return ferry_record_key_to_text (values);
}

static gboolean
result_kind (const char       *text,
             FerryCloudResult *out)
{
  for (guint i = 0; i <= FERRY_CLOUD_RESULT_REJECTED; i++)
    {
      if (g_strcmp0 (text, ferry_cloud_result_to_string ((FerryCloudResult) i)) == 0)
        {
          *out = (FerryCloudResult) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The members of one result object that matter. */
typedef struct
{
  FerryJsonValue key;
  FerryJsonValue result;
  FerryJsonValue version;
  FerryJsonValue code;
  FerryJsonValue field;
  FerryJsonValue message;
  guint          n_items;  /* of the key, at the start of the reader's items */
} ResultMembers;

static FerryJsonValue *
result_member (ResultMembers *members,
               const char    *name)
{
  FerryJsonValue *slots[] = { &members->result, &members->version, &members->code,
                              &members->field, &members->message };
  const char * const names[] = { "result", "version", "code", "field", "message" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp (name, names[i]) == 0)
        return slots[i];
    }
  return NULL;
}

/* One result object's members, after its '{', into @members; its key's
 * elements into @items. */
static gboolean
read_result_members (FerryJsonReader *r,
                     GArray          *items,
                     ResultMembers   *members)
{
  memset (members, 0, sizeof *members);
  g_array_set_size (items, 0);
  if (ferry_json_reader_accept (r, '}'))
    return TRUE;
  do
    {
      const char *name;
      FerryJsonValue ignored = { 0, };
      FerryJsonValue *slot;
      guint first;

      if (!ferry_json_reader_read_name (r, &name))
        return FALSE;
      if (strcmp (name, "key") == 0)
        {
          g_array_set_size (items, 0);
          members->key.kind = FERRY_JSON_ARRAY;
          if (!ferry_json_reader_read_kept (r, &members->key, items, &first, &members->n_items))
            return FALSE;
          continue;
        }
      slot = result_member (members, name);
      if (!ferry_json_reader_read_value (r, slot != NULL ? slot : &ignored))
        return FALSE;
    }
  while (ferry_json_reader_accept (r, ','));
  return ferry_json_reader_accept (r, '}') || ferry_json_reader_fail (r, "an object not closed by '}'");
}

static gboolean
take_result (const ResultMembers     *members,
             GArray                  *items,
             FerryCloudRecordResult  *out,
             GError                 **error)
{
  g_autofree char *kind = NULL;

  if (!take_string (&members->result, "result", FALSE, &kind, error))
    return FALSE;
  if (!result_kind (kind, &out->result))
    return ferry_cloud_invalid (error, "“%s” is not a result Ferry knows", kind);

  /* A rejection echoes the key as it was sent, which may not be a key. */
  if (members->key.kind == FERRY_JSON_ARRAY)
    out->key_text = key_text_of (items, members->n_items);
  if (out->key_text == NULL && out->result != FERRY_CLOUD_RESULT_REJECTED)
    return ferry_cloud_invalid (error, "the member “key” is not a list of text");

  if (out->result == FERRY_CLOUD_RESULT_REJECTED)
    return take_string (&members->code, "code", FALSE, &out->code, error)
           && take_string (&members->field, "field", TRUE, &out->field, error)
           && take_string (&members->message, "message", FALSE, &out->message, error);
  return take_int (&members->version, "version", TRUE, &out->version, error);
}

/* Reads a parse failure of @r, or nothing: FALSE with @error either way. */
static gboolean
malformed (FerryJsonReader  *r,
           GError          **error)
{
  if (error != NULL && *error != NULL)
    return FALSE;
  return ferry_cloud_invalid (error, "the JSON is malformed (%s at byte %" G_GSIZE_FORMAT ")",
                              r->problem != NULL ? r->problem : "unexpected",
                              ferry_json_reader_get_offset (r));
}

/* "results": [ … ], after the name. */
static gboolean
read_results (FerryJsonReader        *r,
              FerryCloudBatchResult  *batch,
              GError                **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (FerryJsonValue));

  g_array_set_size (batch->results, 0);
  memset (batch->counts, 0, sizeof batch->counts);
  if (!ferry_json_reader_accept (r, '['))
    return ferry_cloud_invalid (error, "the member “results” is not a list");
  if (ferry_json_reader_accept (r, ']'))
    return TRUE;
  do
    {
      ResultMembers members;
      FerryCloudRecordResult *result;
      guint n = batch->results->len + 1;

      if (!ferry_json_reader_accept (r, '{'))
        {
          FerryJsonValue element = { 0, };

          if (!ferry_json_reader_read_value (r, &element))
            return malformed (r, error);
          return ferry_cloud_invalid (error, "result %u is not an object", n);
        }
      if (!read_result_members (r, items, &members))
        return malformed (r, error);
      g_array_set_size (batch->results, n);
      result = &g_array_index (batch->results, FerryCloudRecordResult, n - 1);
      if (!take_result (&members, items, result, error))
        {
          g_prefix_error (error, "result %u: ", n);
          return FALSE;
        }
      batch->counts[result->result]++;
    }
  while (ferry_json_reader_accept (r, ','));
  return ferry_json_reader_accept (r, ']') || malformed (r, error);
}

/* The batch's "summary" must count what its results say. */
static gboolean
check_counts (const FerryJsonValue  *summary,
              GArray                *members,
              const guint           *counts,
              GError               **error)
{
  if (summary->kind != FERRY_JSON_OBJECT)
    return ferry_cloud_invalid (error, "the member “summary” is not an object");
  for (guint i = 0; i <= FERRY_CLOUD_RESULT_REJECTED; i++)
    {
      const char *name = ferry_cloud_result_to_string ((FerryCloudResult) i);
      FerryJsonValue absent = { 0, };
      const FerryJsonValue *value = &absent;
      gint64 count;

      for (guint j = 0; j < members->len; j++)
        {
          const FerryJsonMember *member = &g_array_index (members, FerryJsonMember, j);

          if (strcmp (member->name, name) == 0)
            value = &member->value;
        }
      if (!take_int (value, name, FALSE, &count, error))
        {
          g_prefix_error (error, "summary: ");
          return FALSE;
        }
      if (count != counts[i])
        return ferry_cloud_invalid (error, "the summary counts %" G_GINT64_FORMAT " %s but the "
                                    "results %u", count, name, counts[i]);
    }
  return TRUE;
}

/* The answer's members: "results" read into @batch, the others kept. */
typedef struct
{
  FerryJsonValue batch;
  FerryJsonValue entity;
  FerryJsonValue summary;
  GArray        *summary_members; /* of FerryJsonMember, owned */
  gboolean       has_results;
} Answer;

static gboolean
read_answer (FerryJsonReader        *r,
             Answer                 *answer,
             FerryCloudBatchResult  *batch,
             GError                **error)
{
  if (!ferry_json_reader_accept (r, '{'))
    return ferry_cloud_invalid (error, "it is not a JSON object");
  if (!ferry_json_reader_accept (r, '}'))
    do
      {
        const char *name;
        FerryJsonValue ignored = { 0, };
        guint first, n;
        gboolean ok;

        if (!ferry_json_reader_read_name (r, &name))
          return malformed (r, error);
        if (strcmp (name, "results") == 0)
          {
            answer->has_results = TRUE;
            ok = read_results (r, batch, error);
          }
        else if (strcmp (name, "summary") == 0)
          {
            g_array_set_size (answer->summary_members, 0);
            answer->summary.kind = FERRY_JSON_OBJECT;
            ok = ferry_json_reader_read_kept (r, &answer->summary, answer->summary_members,
                                              &first, &n);
          }
        else
          ok = ferry_json_reader_read_value (r, strcmp (name, "batch") == 0 ? &answer->batch
                                                : strcmp (name, "entity") == 0 ? &answer->entity
                                                : &ignored);
        if (!ok)
          return malformed (r, error);
      }
    while (ferry_json_reader_accept (r, ','));
  if (!ferry_json_reader_accept (r, '}') || !ferry_json_reader_at_end (r))
    return malformed (r, error);
  return TRUE;
}

FerryCloudBatchResult *
ferry_cloud_parse_batch (GBytes  *body,
                         GError **error)
{
  g_autoptr(FerryCloudBatchResult) batch = g_new0 (FerryCloudBatchResult, 1);
  g_autoptr(GArray) summary_members = g_array_new (FALSE, FALSE, sizeof (FerryJsonMember));
  Answer answer = { .summary_members = summary_members };
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);
  g_autofree char *buffer = g_malloc (size + 1);
  FerryJsonReader r;

  batch->results = g_array_sized_new (FALSE, TRUE, sizeof (FerryCloudRecordResult), 1024);
  g_array_set_clear_func (batch->results, record_result_clear);
  if (text == NULL || !g_utf8_validate_len (text, size, NULL))
    {
      ferry_cloud_invalid (error, "the JSON is malformed (not UTF-8 text)");
      return NULL;
    }
  ferry_json_reader_init (&r, text, size, buffer);
  if (!read_answer (&r, &answer, batch, error)
      || !take_int (&answer.batch, "batch", FALSE, &batch->batch, error)
      || !take_string (&answer.entity, "entity", FALSE, &batch->entity, error))
    return NULL;
  if (!answer.has_results)
    {
      ferry_cloud_invalid (error, "the member “results” is not a list");
      return NULL;
    }
  if (!check_counts (&answer.summary, summary_members, batch->counts, error))
    return NULL;
  return g_steal_pointer (&batch);
}
