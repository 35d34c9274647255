/* test-record.c: canonical values, records and their hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-record-key.h"
#include "ferry-test-util.h"
#include "test-source-catalog.h"

/* ---- Values ---- */

#define INT(i) ((FerryValue) { FERRY_VALUE_INTEGER, (i), 0, NULL, 0 })
#define REAL(r) ((FerryValue) { FERRY_VALUE_REAL, 0, (r), NULL, 0 })
#define TEXT(t) ((FerryValue) { FERRY_VALUE_TEXT, 0, 0, (t), sizeof (t) - 1 })
#define NUL_VALUE ((FerryValue) { FERRY_VALUE_NULL, 0, 0, NULL, 0 })

/* The canonical text, or "!" followed by the reason. */
static char *
canonical (FerryFieldType type,
           FerryValue     value)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autofree char *reason = NULL;
  gboolean quoted;
  const char *text = ferry_canonical_value (type, &value, scratch, &quoted, &reason);

  if (text == NULL)
    return g_strconcat ("!", reason, NULL);
  g_assert_null (reason);
  return quoted ? g_strdup_printf ("\"%s\"", text) : g_strdup (text);
}

#define assert_canonical(type, value, expected) \
  G_STMT_START { \
    g_autofree char *got_ = canonical (type, value); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END
#define assert_rejected(type, value, says) \
  G_STMT_START { \
    g_autofree char *got_ = canonical (type, value); \
    g_assert_true (got_[0] == '!'); \
    g_assert_nonnull (strstr (got_, says)); \
  } G_STMT_END

static void
test_value_money (void)
{
  assert_canonical (FERRY_FIELD_MONEY, INT (0), "\"0.00\"");
  assert_canonical (FERRY_FIELD_MONEY, INT (5), "\"0.05\"");
  assert_canonical (FERRY_FIELD_MONEY, INT (-5), "\"-0.05\"");
  assert_canonical (FERRY_FIELD_MONEY, INT (-123450), "\"-1234.50\"");
  assert_canonical (FERRY_FIELD_MONEY, INT (G_MININT64), "\"-92233720368547758.08\"");
  assert_canonical (FERRY_FIELD_MONEY, TEXT ("1250"), "\"12.50\"");
  assert_canonical (FERRY_FIELD_MONEY, REAL (700.0), "\"7.00\"");
  assert_rejected (FERRY_FIELD_MONEY, REAL (12.5), "not a whole number of cents");
  assert_rejected (FERRY_FIELD_MONEY, TEXT ("12.50"), "“12.50”");
}

static void
test_value_numbers (void)
{
  assert_canonical (FERRY_FIELD_INTEGER, INT (-42), "-42");
  assert_canonical (FERRY_FIELD_INTEGER, TEXT ("0042"), "42");
  assert_canonical (FERRY_FIELD_INTEGER, REAL (3.0), "3");
  assert_rejected (FERRY_FIELD_INTEGER, TEXT ("4x"), "not a whole number");
  assert_rejected (FERRY_FIELD_INTEGER, REAL (0.5), "not a whole number");

  /* Decimals keep their scale; only the spelling changes. */
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT ("8.50"), "\"8.50\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT ("8.5"), "\"8.5\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT ("+007.50"), "\"7.50\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT (".5"), "\"0.5\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT ("3."), "\"3\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT ("-0.00"), "\"0.00\"");
  assert_canonical (FERRY_FIELD_DECIMAL, TEXT (" -12.125 "), "\"-12.125\"");
  assert_canonical (FERRY_FIELD_DECIMAL, INT (12), "\"12\"");
  assert_canonical (FERRY_FIELD_DECIMAL, REAL (8.25), "\"8.25\"");
  assert_rejected (FERRY_FIELD_DECIMAL, TEXT ("1e5"), "not a decimal number");
  assert_rejected (FERRY_FIELD_DECIMAL, TEXT ("."), "not a decimal number");
  assert_rejected (FERRY_FIELD_DECIMAL, TEXT ("1,5"), "not a decimal number");
  assert_rejected (FERRY_FIELD_DECIMAL, TEXT ("1234567890123456789"), "18 digits");
  assert_rejected (FERRY_FIELD_DECIMAL, REAL (1e300), "not a decimal number");

  assert_canonical (FERRY_FIELD_BOOLEAN, INT (0), "false");
  assert_canonical (FERRY_FIELD_BOOLEAN, INT (1), "true");
  assert_rejected (FERRY_FIELD_BOOLEAN, INT (2), "must be 0 or 1");
  assert_rejected (FERRY_FIELD_BOOLEAN, TEXT ("yes"), "must be 0 or 1");
}

static void
test_value_times (void)
{
  assert_canonical (FERRY_FIELD_DATE, TEXT ("2024-02-29"), "\"2024-02-29\"");
  assert_rejected (FERRY_FIELD_DATE, TEXT ("2026-02-29"), "not a calendar date");
  assert_rejected (FERRY_FIELD_DATE, TEXT ("2026-02-30"), "“2026-02-30”");
  assert_rejected (FERRY_FIELD_DATE, TEXT ("2026-1-5"), "YYYY-MM-DD");
  assert_rejected (FERRY_FIELD_DATE, TEXT ("2026-11-20T00:00:00Z"), "YYYY-MM-DD");
  assert_rejected (FERRY_FIELD_DATE, INT (20261120), "YYYY-MM-DD");

  assert_canonical (FERRY_FIELD_TIMESTAMP, TEXT ("2026-11-23T14:05:09Z"),
                    "\"2026-11-23T14:05:09Z\"");
  assert_canonical (FERRY_FIELD_TIMESTAMP, TEXT ("2026-11-23T16:05:09.987+02:00"),
                    "\"2026-11-23T14:05:09Z\"");
  assert_canonical (FERRY_FIELD_TIMESTAMP, TEXT ("2026-11-23 14:05:09"),
                    "\"2026-11-23T14:05:09Z\"");
  assert_canonical (FERRY_FIELD_TIMESTAMP, TEXT ("2027-01-01T00:30:00-01:00"),
                    "\"2027-01-01T01:30:00Z\"");
  assert_canonical (FERRY_FIELD_TIMESTAMP, INT (0), "\"1970-01-01T00:00:00Z\"");
  assert_rejected (FERRY_FIELD_TIMESTAMP, TEXT ("yesterday"), "not a time");
  assert_rejected (FERRY_FIELD_TIMESTAMP, TEXT ("2026-02-30T00:00:00Z"), "not a time");
}

static void
test_value_strings (void)
{
  static const char with_nul[] = "a\0b";
  FerryValue nul = { FERRY_VALUE_TEXT, 0, 0, with_nul, 3 };
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *reason = NULL;
  gboolean quoted;

  assert_canonical (FERRY_FIELD_STRING, TEXT ("Ünïcødé €"), "\"Ünïcødé €\"");
  assert_canonical (FERRY_FIELD_STRING, INT (1042), "\"1042\"");
  assert_rejected (FERRY_FIELD_STRING, TEXT ("caf\xe9"), "not valid UTF-8");
  g_assert_null (ferry_canonical_value (FERRY_FIELD_STRING, &nul, scratch, &quoted, &reason));
  g_assert_nonnull (strstr (reason, "NUL"));

  ferry_record_append_json_string (json, "q\"b\\s\n\x01\x1f\x7f é€😀");
  g_assert_cmpstr (json->str, ==, "\"q\\\"b\\\\s\\u000a\\u0001\\u001f\x7f é€😀\"");
}

/* ---- Records ---- */

/* code, s, n, m, d, day, at, ok, req: the columns of m.kind, catalog order. */
static void
kind_row (FerryValue row[9])
{
  row[0] = TEXT ("k1");
  row[1] = TEXT ("say \"hi\"\\\n\t\x01 é€😀");
  row[2] = INT (-7);
  row[3] = INT (-123450);
  row[4] = TEXT ("12.500");
  row[5] = TEXT ("2026-11-20");
  row[6] = TEXT ("2026-11-23T15:05:09+01:00");
  row[7] = INT (1);
  row[8] = NUL_VALUE;
}

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
test_record_json (void)
{
  g_autoptr(FerryRecordBuilder) builder = builder_for ("m.kind", NULL);
  g_autoptr(FerryRecord) record = ferry_record_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  FerryValue row[9];
  JsonObject *object;
  const char *json;
  gsize length;

  ferry_test_assert_strv_equal (ferry_record_builder_get_columns (builder),
                                (const char *[]) { "code", "s", "n", "m", "d", "day", "at",
                                                   "ok", "req", NULL });
  kind_row (row);
  row[8] = TEXT ("r");
  g_assert_true (ferry_record_builder_build (builder, row, record));
  g_assert_null (ferry_record_get_problem (record));

  /* Sorted by name, compact, every format as the cloud wants it. */
  json = ferry_record_get_fields_json (record, &length);
  g_assert_cmpstr (json, ==,
                   "{\"at\":\"2026-11-23T14:05:09Z\",\"code\":\"k1\",\"d\":\"12.500\","
                   "\"day\":\"2026-11-20\",\"m\":\"-1234.50\",\"n\":-7,\"ok\":true,\"req\":\"r\","
                   "\"s\":\"say \\\"hi\\\"\\\\\\u000a\\u0009\\u0001 é€😀\"}");
  g_assert_cmpuint (length, ==, strlen (json));
  hash = sha256_of (json);
  g_assert_cmpstr (ferry_record_get_hash (record), ==, hash);
  g_assert_true (ferry_record_hash_is_valid (ferry_record_get_hash (record)));
  ferry_test_assert_strv_equal (ferry_record_get_key (record), (const char *[]) { "k1", NULL });
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"k1\"]");

  /* Any JSON reader gets the original values back. */
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, row[1].text);
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, -7);
  g_assert_true (json_object_get_boolean_member (object, "ok"));
}

static void
test_record_hash (void)
{
  g_autoptr(FerryRecordBuilder) all = builder_for ("m.kind", NULL);
  g_autoptr(FerryRecordBuilder) without_s = builder_for ("m.kind", (const char *[]) { "s", NULL });
  g_autoptr(FerryRecord) record = ferry_record_new ();
  g_autoptr(FerryRecord) again = ferry_record_new ();
  g_autoptr(FerryRecord) copy = NULL;
  FerryValue row[9], short_row[8];
  g_autofree char *first = NULL;

  kind_row (row);
  row[8] = TEXT ("r");
  ferry_record_builder_build (all, row, record);
  first = g_strdup (ferry_record_get_hash (record));
  ferry_record_builder_build (all, row, again);
  g_assert_cmpstr (ferry_record_get_hash (again), ==, first);
  copy = ferry_record_copy (record);
  g_assert_cmpstr (ferry_record_get_hash (copy), ==, first);
  g_assert_cmpstr (ferry_record_get_key_text (copy), ==, "[\"k1\"]");

  /* One cent more is another hash. */
  row[3] = INT (-123449);
  ferry_record_builder_build (all, row, record);
  g_assert_cmpstr (ferry_record_get_hash (record), !=, first);
  row[3] = INT (-123450);

  /* Switched off: absent, not null, and another hash — even when the value
   * was null anyway. */
  short_row[0] = row[0];
  memcpy (short_row + 1, row + 2, 7 * sizeof (FerryValue));
  ferry_test_assert_strv_equal (ferry_record_builder_get_columns (without_s),
                                (const char *[]) { "code", "n", "m", "d", "day", "at", "ok",
                                                   "req", NULL });
  ferry_record_builder_build (without_s, short_row, record);
  g_assert_null (strstr (ferry_record_get_fields_json (record, NULL), "\"s\""));
  g_assert_cmpstr (ferry_record_get_hash (record), !=, first);
  row[1] = NUL_VALUE;
  ferry_record_builder_build (all, row, again);
  g_assert_nonnull (strstr (ferry_record_get_fields_json (again, NULL), "\"s\":null"));
  g_assert_cmpstr (ferry_record_get_hash (again), !=, ferry_record_get_hash (record));
}

static void
test_record_problems (void)
{
  g_autoptr(FerryRecordBuilder) builder = builder_for ("m.kind", NULL);
  g_autoptr(FerryRecordBuilder) pairs = builder_for ("m.pair", NULL);
  g_autoptr(FerryRecord) record = ferry_record_new ();
  g_autoptr(GError) error = NULL;
  FerryValue row[9];
  FerryValue pair[3] = { TEXT ("a\x01"), TEXT (""), NUL_VALUE };

  kind_row (row);
  g_assert_false (ferry_record_builder_build (builder, row, record));
  ferry_test_assert_error_says (ferry_record_get_problem (record), FERRY_ERROR,
                                FERRY_ERROR_INVALID_ARGUMENT, "Kind (M) k1", "Required (req)",
                                "has no value", "accounting system", NULL);
  g_assert_null (ferry_record_get_fields_json (record, NULL));
  g_assert_null (ferry_record_get_hash (record));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"k1\"]");

  row[8] = TEXT ("r");
  row[5] = TEXT ("2026-02-30");
  g_assert_false (ferry_record_builder_build (builder, row, record));
  ferry_test_assert_error_says (ferry_record_get_problem (record), FERRY_ERROR,
                                FERRY_ERROR_INVALID_ARGUMENT, "Day (day)", "“2026-02-30”", NULL);

  /* A broken key still has a key text, to sort and report by. */
  g_assert_false (ferry_record_builder_build (pairs, pair, record));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"a\\u0001\",\"\"]");
  ferry_test_assert_error_says (ferry_record_get_problem (record), FERRY_ERROR,
                                FERRY_ERROR_INVALID_ARGUMENT, "B (b)", "empty", NULL);

  /* A healthy record after a broken one has no leftovers. */
  kind_row (row);
  row[8] = TEXT ("r");
  g_assert_true (ferry_record_builder_build (builder, row, record));
  g_assert_null (ferry_record_get_problem (record));

  g_assert_null (ferry_record_builder_new (ferry_catalog_lookup (test_catalog (), "m.kind"),
                                           (const char *[]) { "req", NULL }, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Required (req)", "cannot be switched off", NULL);
  g_clear_error (&error);
  g_assert_null (ferry_record_builder_new (ferry_catalog_lookup (test_catalog (), "m.kind"),
                                           (const char *[]) { "nope", NULL }, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“nope”", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record/value/money", test_value_money);
  g_test_add_func ("/record/value/numbers", test_value_numbers);
  g_test_add_func ("/record/value/times", test_value_times);
  g_test_add_func ("/record/value/strings", test_value_strings);
  g_test_add_func ("/record/json", test_record_json);
  g_test_add_func ("/record/hash", test_record_hash);
  g_test_add_func ("/record/problems", test_record_problems);

  return g_test_run ();
}
