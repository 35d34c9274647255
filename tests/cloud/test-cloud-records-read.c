/* test-cloud-records-read.c: reading pushed records back, page by page,
 * and their counts and digests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-records-fixture.h"

static JsonNode *
list (Fixture    *f,
      const char *cursor,
      guint       limit,
      gboolean    with_fields,
      gboolean    include_deleted)
{
  g_autoptr(GError) error = NULL;
  JsonNode *page = ferry_cloud_records_list (f->store, f->company, entity ("ar.customer_type"),
                                             cursor, limit, with_fields, include_deleted, &error);

  g_assert_no_error (error);
  return page;
}

static char *
key_text_of (JsonArray *key)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < json_array_get_length (key); i++)
    g_strv_builder_add (values, json_array_get_string_element (key, i));
  strv = g_strv_builder_end (values);
  return ferry_record_key_to_text ((const char * const *) strv);
}

/* Every record's key text and hash, in key-text order, read page by page. */
static GPtrArray *
read_all (Fixture  *f,
          guint     limit,
          gboolean  include_deleted)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(JsonNode) page = list (f, cursor, limit, FALSE, include_deleted);
      JsonObject *object = json_node_get_object (page);
      JsonArray *records = json_object_get_array_member (object, "records");

      g_assert_cmpuint (json_array_get_length (records), <=, limit);
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          g_autofree char *key = key_text_of (json_object_get_array_member (record, "key"));

          g_assert_false (json_object_has_member (record, "fields"));
          g_assert_true (include_deleted || !json_object_get_boolean_member (record, "deleted"));
          if (seen->len > 0)
            g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 2), <, key);
          g_ptr_array_add (seen, g_steal_pointer (&key));
          g_ptr_array_add (seen, g_strdup (json_object_get_string_member (record, "hash")));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (object, "next"));
    }
  while (cursor != NULL);

  return seen;
}

/* Codes whose key-text order differs from a naive order: escapes, UTF-8. */
static const char * const codes[] = {
  "A", "B", "a", "Z9", "10", "9", "É", "é", "x\\\\y", "q\\\"t", "tab\\t", "zz", "00", "~",
  "Ω", "AA", "A A", "ü", "Ab", "a-", NULL
};

static void
push_codes (Fixture *f)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    g_ptr_array_add (records, g_strdup_printf ("{'key': ['%s'], 'hash': 'HASH(%u)', 'fields': "
                                               "{'customer_type': '%s', 'description': 'd'}}",
                                               codes[i], i, codes[i]));
  g_ptr_array_add (records, NULL);
  answer = push (f, "ar.customer_type", (const char * const *) records->pdata);
  assert_summary (answer, 20, 0, 0, 0, 0);
  g_clear_pointer (&answer, json_node_unref);
  answer = PUSH (f, "ar.customer_type", DELETE ("B"), DELETE ("é"), DELETE ("~"));
  assert_summary (answer, 0, 0, 0, 3, 0);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  push_codes (f);
  for (guint limit = 1; limit <= 21; limit += 4)
    {
      g_autoptr(GPtrArray) live = read_all (f, limit, FALSE);
      g_autoptr(GPtrArray) all = read_all (f, limit, TRUE);

      g_assert_cmpuint (live->len, ==, 2 * 17);
      g_assert_cmpuint (all->len, ==, 2 * 20);
    }

  /* Fields come along unless asked not to; a deleted record has none. */
  page = list (f, NULL, 2, TRUE, TRUE);
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (page),
                                                                        "records"), 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (record, "key"), 0),
                   ==, "00");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"),
                                                  "customer_type"), ==, "00");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (record, "updated_at"), ==, "2026-11-18T11:06:40Z");
  g_clear_pointer (&page, json_node_unref);
  page = list (f, "WyJBYiJd", 1, TRUE, TRUE);  /* the cursor after ["Ab"]: ["B"] is next */
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (page),
                                                                        "records"), 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (record, "key"), 0),
                   ==, "B");
  g_assert_true (json_object_get_boolean_member (record, "deleted"));
  g_assert_true (json_object_get_null_member (record, "fields"));
  g_clear_pointer (&page, json_node_unref);
  page = list (f, "WyJBYiJd", 1, TRUE, FALSE);
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (page),
                                                                        "records"), 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (record, "key"), 0),
                   ==, "Z9");

  /* Out of range, or not a cursor of this server. */
  g_assert_null (ferry_cloud_records_list (f->store, f->company, entity ("ar.customer_type"),
                                           NULL, 0, TRUE, FALSE, &error));
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
  g_clear_error (&error);
  g_assert_null (ferry_cloud_records_list (f->store, f->company, entity ("ar.customer_type"),
                                           NULL, 5001, TRUE, FALSE, &error));
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "!!", "WyJB", "bm90IGEga2V5", "W10" };

      g_clear_error (&error);
      g_assert_null (ferry_cloud_records_list (f->store, f->company, entity ("ar.customer_type"),
                                               bad[i], 10, TRUE, FALSE, &error));
      g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
    }
}

/* The digest computed here from the listed records, not by the store's code. */
static char *
digest_of (GPtrArray *keys_and_hashes)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < keys_and_hashes->len; i += 2)
    g_string_append_printf (text, "%s\n%s\n", (char *) g_ptr_array_index (keys_and_hashes, i),
                            (char *) g_ptr_array_index (keys_and_hashes, i + 1));
  g_checksum_update (checksum, (const guchar *) text->str, (gssize) text->len);
  return g_strdup (g_checksum_get_string (checksum));
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) company = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autofree char *expected = NULL;
  JsonObject *object;
  JsonArray *entities;

  empty = ferry_cloud_records_summary (f->store, f->company, entity ("ar.customer_type"), &error);
  g_assert_no_error (error);
  object = json_node_get_object (empty);
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "digest"), ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  push_codes (f);
  live = read_all (f, 5000, FALSE);
  expected = digest_of (live);
  summary = ferry_cloud_records_summary (f->store, f->company, entity ("ar.customer_type"), &error);
  g_assert_no_error (error);
  object = json_node_get_object (summary);
  g_assert_cmpstr (json_object_get_string_member (object, "entity"), ==, "ar.customer_type");
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 17);
  g_assert_cmpint (json_object_get_int_member (object, "deleted"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "digest"), ==, expected);

  /* Entity types with stored records only, in dependency order. */
  g_clear_pointer (&empty, json_node_unref);
  empty = PUSH (f, "ar.customer", CUSTOMER ("C1", "A"));
  company = ferry_cloud_records_company_summary (f->store, f->company, &error);
  g_assert_no_error (error);
  entities = json_object_get_array_member (json_node_get_object (company), "entities");
  g_assert_cmpuint (json_array_get_length (entities), ==, 2);
  object = json_array_get_object_element (entities, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "entity"), ==, "ar.customer_type");
  g_assert_cmpstr (json_object_get_string_member (object, "digest"), ==, expected);
  object = json_array_get_object_element (entities, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "entity"), ==, "ar.customer");
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  RECORDS_TEST_INIT (&argc, &argv);
  ADD ("list", test_list);
  ADD ("summary", test_summary);

  return g_test_run ();
}
