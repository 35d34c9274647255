/* test-cloud-answer.c: the answer to a push batch, read in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-cloud always writes its answers the same way; another cloud may
 * space, order and extend them otherwise, or get them wrong.
 */
#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"
#include "ferry-record-key.h"
#include "ferry-test-util.h"

#define SUMMARY(created, unchanged, rejected) \
  "\"summary\": {\"created\": " #created ", \"updated\": 0, \"unchanged\": " #unchanged ", " \
  "\"deleted\": 0, \"rejected\": " #rejected "}"

static FerryCloudBatchResult *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return ferry_cloud_parse_batch (body, error);
}

/* Spacing, member order, members Ferry does not know, escapes, nulls. */
static void
test_read (void)
{
  const char *text =
    "{ \"results\" : [\n"
    "    {\"result\": \"created\", \"key\": [\"10\\u00e9\", \"a\\\"b\\\\c\"], \"version\": 1,"
    "     \"extra\": {\"nested\": [1, 2.5e3, true, null]}},\n"
    "    {\"key\": [\"11\"], \"result\": \"unchanged\", \"version\": null},\n"
    "    {\"key\": [12], \"result\": \"rejected\", \"code\": \"invalid-key\", \"field\": null,"
    "     \"message\": \"\\u201ckey\\u201d must be text\"}\n"
    "  ],\n"
    "  " SUMMARY (1, 1, 1) ",\n"
    "  \"entity\": \"cn.contract_item\", \"batch\": 8812, \"future\": \"ignored\" }\n";
  const char * const first_key[] = { "10\xc3\xa9", "a\"b\\c", NULL };
  g_autofree char *first_text = ferry_record_key_to_text (first_key);
  g_autoptr(FerryCloudBatchResult) batch = NULL;
  g_autoptr(GError) error = NULL;
  const FerryCloudRecordResult *result;

  batch = parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch->batch, ==, 8812);
  g_assert_cmpstr (batch->entity, ==, "cn.contract_item");
  g_assert_false (batch->replayed);
  g_assert_cmpuint (batch->results->len, ==, 3);
  g_assert_cmpuint (batch->counts[FERRY_CLOUD_RESULT_CREATED], ==, 1);
  g_assert_cmpuint (batch->counts[FERRY_CLOUD_RESULT_UNCHANGED], ==, 1);
  g_assert_cmpuint (batch->counts[FERRY_CLOUD_RESULT_REJECTED], ==, 1);

  result = &g_array_index (batch->results, FerryCloudRecordResult, 0);
  g_assert_cmpstr (result->key_text, ==, first_text);
  g_assert_cmpint (result->result, ==, FERRY_CLOUD_RESULT_CREATED);
  g_assert_cmpint (result->version, ==, 1);
  g_assert_null (result->code);

  result = &g_array_index (batch->results, FerryCloudRecordResult, 1);
  g_assert_cmpstr (result->key_text, ==, "[\"11\"]");
  g_assert_cmpint (result->version, ==, 0);

  /* A rejection echoes a key that was not one. */
  result = &g_array_index (batch->results, FerryCloudRecordResult, 2);
  g_assert_null (result->key_text);
  g_assert_cmpint (result->result, ==, FERRY_CLOUD_RESULT_REJECTED);
  g_assert_cmpstr (result->code, ==, "invalid-key");
  g_assert_null (result->field);
  g_assert_cmpstr (result->message, ==, "\xe2\x80\x9ckey\xe2\x80\x9d must be text");
}

static void
test_empty (void)
{
  g_autoptr(FerryCloudBatchResult) batch = NULL;
  g_autoptr(GError) error = NULL;

  batch = parse ("{\"batch\":1,\"entity\":\"gl.account\",\"results\":[],"
                 SUMMARY (0, 0, 0) "}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->results->len, ==, 0);
}

/* Each answer is wrong in one way, which the error names. */
static void
test_refused (void)
{
  static const struct
  {
    const char *text;
    const char *says;
  } cases[] = {
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [", "malformed" },
    { "{\"batch\": 1} trailing", "malformed" },
    { "{\"batch\": 1, \"entity\": \"\xff\"}", "not UTF-8" },
    { "[1, 2]", "not a JSON object" },
    { "{\"batch\": 1, \"entity\": \"x\", " SUMMARY (0, 0, 0) "}", "“results”" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": {}, " SUMMARY (0, 0, 0) "}",
      "“results” is not a list" },
    { "{\"batch\": \"1\", \"entity\": \"x\", \"results\": [], " SUMMARY (0, 0, 0) "}",
      "“batch” is not a whole number" },
    { "{\"entity\": \"x\", \"results\": [], " SUMMARY (0, 0, 0) "}",
      "“batch” is missing" },
    { "{\"batch\": 1, \"entity\": 7, \"results\": [], " SUMMARY (0, 0, 0) "}",
      "“entity” is not text" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [5], " SUMMARY (0, 0, 0) "}",
      "result 1 is not an object" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [{\"key\": [\"1\"], \"result\": \"merged\"}], "
      SUMMARY (1, 0, 0) "}", "“merged” is not a result Ferry knows" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [{\"key\": [1], \"result\": \"created\"}], "
      SUMMARY (1, 0, 0) "}", "result 1: the member “key” is not a list of text" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [{\"key\": [\"1\"], \"result\": \"created\", "
      "\"version\": 1.5}], " SUMMARY (1, 0, 0) "}", "“version” is not a whole number" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [{\"key\": [\"1\"], \"result\": \"rejected\", "
      "\"code\": \"c\"}], " SUMMARY (0, 0, 1) "}", "result 1: the member “message”" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [{\"key\": [\"1\"], \"result\": \"created\"}], "
      SUMMARY (2, 0, 0) "}", "the summary counts 2 created but the results 1" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": [], \"summary\": {\"created\": 0}}",
      "summary: the member “updated” is missing" },
    { "{\"batch\": 1, \"entity\": \"x\", \"results\": []}", "“summary” is not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryCloudBatchResult) batch = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].says);
      batch = parse (cases[i].text, &error);
      g_assert_null (batch);
      ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR,
                                    FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, cases[i].says, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud-answer/read", test_read);
  g_test_add_func ("/cloud-answer/empty", test_empty);
  g_test_add_func ("/cloud-answer/refused", test_refused);
  return g_test_run ();
}
