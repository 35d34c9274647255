/* test-ledger-mappings.c: the mappings an entity type was last read with,
 * and the migration of a version 1 ledger that lacks them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ferry-test-util.h"
#include "ledger-test-util.h"

static void
test_mappings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  g_assert_true (ferry_ledger_get_mapping (ledger, "ar.customer", &fingerprint, &error));
  g_assert_no_error (error);
  g_assert_null (fingerprint);

  g_assert_true (ferry_ledger_set_mapping (ledger, "ar.customer", "off:", &error));
  g_assert_true (ferry_ledger_set_mapping (ledger, "ar.customer", "off:phone", &error));
  g_assert_no_error (error);
  g_clear_object (&ledger);

  ledger = open_ledger (fixture->path);
  g_assert_true (ferry_ledger_get_mapping (ledger, "ar.customer", &fingerprint, &error));
  g_assert_cmpstr (fingerprint, ==, "off:phone");
}

/* A ledger written by the first version gains the mappings table and the
 * export tallies when opened; its runs keep theirs. */
static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  g_clear_object (&ledger);
  raw_exec (fixture->path, "DROP TABLE mappings; ALTER TABLE runs DROP COLUMN exported;"
            " ALTER TABLE runs DROP COLUMN export_updated;"
            " ALTER TABLE runs DROP COLUMN export_failed; PRAGMA user_version = 1");

  ledger = open_ledger (fixture->path);
  g_assert_cmpint (query_int (ferry_ledger_get_handle (ledger),
                              "SELECT count(*) FROM pragma_table_info('runs')"
                              " WHERE name IN ('exported', 'export_updated', 'export_failed')"), ==, 3);
  g_assert_true (ferry_ledger_set_mapping (ledger, "ar.customer", "off:", &error));
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_get_mapping (ledger, "ar.customer", &fingerprint, &error));
  g_assert_cmpstr (fingerprint, ==, "off:");
  g_assert_cmpint (query_int (ferry_ledger_get_handle (ledger), "PRAGMA user_version"), ==,
                   FERRY_LEDGER_SCHEMA_VERSION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/ledger/mappings", test_mappings);
  add_test ("/ledger/migrate-v1", test_migrate_v1);

  return g_test_run ();
}
