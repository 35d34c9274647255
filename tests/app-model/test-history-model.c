/* test-history-model.c: History's list of runs over real ledgers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "account-test-util.h"
#include "ferry-history-model.h"
#include "history-test-util.h"

typedef struct
{
  char                 *dir;     /* owned: the temporary profile */
  FerryConnectionStore *store;   /* owned */
  FerryConnection      *annex;   /* borrowed */
  FerryConnection      *yard;    /* borrowed */
  FerryConnection      *idle;    /* borrowed: never ran */
  FerryLedger          *annex_ledger; /* owned */
  FerryLedger          *yard_ledger;  /* owned */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = history_test_new_store (&f->dir);
  f->annex = history_test_add_connection (f->store, "Annex");
  f->yard = history_test_add_connection (f->store, "Yard");
  f->idle = history_test_add_connection (f->store, "Idle");
  f->annex_ledger = history_test_open_ledger (f->store, f->annex);
  f->yard_ledger = history_test_open_ledger (f->store, f->yard);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->annex_ledger);
  g_clear_object (&f->yard_ledger);
  g_clear_object (&f->store);
  account_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gboolean
is_loaded (FerryHistoryModel *model)
{
  return !ferry_history_model_get_loading (model);
}

static void
wait_loaded (FerryHistoryModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!is_loaded (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_loaded (model));
}

/* Runs the main context until @model has @n_items, for at most @seconds. */
static gboolean
wait_n_items (FerryHistoryModel *model,
              guint              n_items,
              int                seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != n_items
         && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return g_list_model_get_n_items (G_LIST_MODEL (model)) == n_items;
}

static FerryRunItem *
item_at (FerryHistoryModel *model,
         guint              position)
{
  FerryRunItem *item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  g_object_unref (item); /* the model holds it */
  return item;
}

/* Every connection's runs, newest first, with their counts; a connection
 * that never ran gets no ledger from being listed. */
static void
test_history_order (Fixture       *f,
                    gconstpointer  data)
{
  FerryLedgerCounts first = { .sent = 10, .unchanged = 4 };
  FerryLedgerCounts second = { .sent = 2, .deleted = 1, .rejected = 1, .exported = 3 };
  FerryLedgerCounts third = { .failed = 5 };
  gint64 first_id, third_id;
  g_autoptr(FerryHistoryModel) model = NULL;
  g_autofree char *idle_path = ferry_connection_store_get_ledger_path (f->store, f->idle);
  const FerryLedgerRun *run;

  first_id = history_test_add_run (f->annex_ledger, FERRY_LEDGER_SYNC_SHALLOW, &first,
                                   FERRY_LEDGER_RESULT_SUCCEEDED, FALSE);
  history_test_add_run (f->yard_ledger, FERRY_LEDGER_SYNC_DEEP, &second,
                        FERRY_LEDGER_RESULT_RECORD_ERRORS, TRUE);
  third_id = history_test_add_run (f->annex_ledger, FERRY_LEDGER_SYNC_SHALLOW, &third,
                                   FERRY_LEDGER_RESULT_FAILED, FALSE);

  model = ferry_history_model_new (f->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == FERRY_TYPE_RUN_ITEM);
  wait_loaded (model);
  g_assert_null (ferry_history_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  run = ferry_run_item_get_run (item_at (model, 0));
  g_assert_cmpint (run->id, ==, third_id);
  g_assert_cmpstr (ferry_run_item_get_connection_name (item_at (model, 0)), ==, "Annex");
  g_assert_cmpuint (run->counts.failed, ==, 5);
  g_assert_true (ferry_run_item_get_problem (item_at (model, 0)));

  run = ferry_run_item_get_run (item_at (model, 1));
  g_assert_cmpstr (ferry_run_item_get_connection_name (item_at (model, 1)), ==, "Yard");
  g_assert_cmpstr (ferry_run_item_get_connection_id (item_at (model, 1)), ==,
                   ferry_connection_get_id (f->yard));
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_DEEP);
  g_assert_cmpuint (run->counts.sent, ==, 2);
  g_assert_cmpuint (run->counts.deleted, ==, 1);
  g_assert_cmpuint (run->counts.rejected, ==, 1);
  g_assert_cmpuint (run->counts.exported, ==, 3);
  g_assert_cmpint (ferry_run_item_get_result (item_at (model, 1)), ==,
                   FERRY_LEDGER_RESULT_RECORD_ERRORS);

  run = ferry_run_item_get_run (item_at (model, 2));
  g_assert_cmpint (run->id, ==, first_id);
  g_assert_cmpuint (run->counts.unchanged, ==, 4);
  g_assert_false (ferry_run_item_get_problem (item_at (model, 2)));

  g_assert_false (g_file_test (idle_path, G_FILE_TEST_EXISTS));
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  (*n_changes)++;
}

/* A run written by another FerryLedger, as ferryctl would, shows after a
 * reload, as one row added at the top. */
static void
test_history_reload (Fixture       *f,
                     gconstpointer  data)
{
  FerryLedgerCounts counts = { .sent = 1 };
  g_autoptr(FerryHistoryModel) model = NULL;
  g_autoptr(FerryLedger) other = history_test_open_ledger (f->store, f->yard);
  guint n_changes = 0;
  gint64 run_id;

  history_test_add_run (f->annex_ledger, FERRY_LEDGER_SYNC_SHALLOW, &counts,
                        FERRY_LEDGER_RESULT_SUCCEEDED, FALSE);
  model = ferry_history_model_new (f->store);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_changes);

  run_id = history_test_add_run (other, FERRY_LEDGER_SYNC_DEEP, &counts,
                                 FERRY_LEDGER_RESULT_CANCELLED, FALSE);
  ferry_history_model_reload (model);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpint (ferry_run_item_get_run (item_at (model, 0))->id, ==, run_id);
  g_assert_cmpstr (ferry_run_item_get_connection_name (item_at (model, 0)), ==, "Yard");
  g_assert_cmpuint (n_changes, ==, 1);

  /* Nothing changed: no signal. */
  ferry_history_model_reload (model);
  wait_loaded (model);
  g_assert_cmpuint (n_changes, ==, 1);
}

static void
count_reloads (FerryHistoryModel *model,
               GParamSpec        *pspec,
               guint             *n_reloads)
{
  if (ferry_history_model_get_loading (model))
    (*n_reloads)++;
}

/* Without being asked: a run written by another program shows within
 * seconds; and reading the ledgers does not itself start reloads. */
static void
test_history_monitor (Fixture       *f,
                      gconstpointer  data)
{
  FerryLedgerCounts counts = { .sent = 7 };
  g_autoptr(FerryHistoryModel) model = ferry_history_model_new (f->store);
  g_autoptr(FerryLedger) other = history_test_open_ledger (f->store, f->annex);
  guint n_reloads = 0;

  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  history_test_add_run (other, FERRY_LEDGER_SYNC_SHALLOW, &counts,
                        FERRY_LEDGER_RESULT_SUCCEEDED, FALSE);
  g_assert_true (wait_n_items (model, 1, 10));
  g_assert_cmpuint (ferry_run_item_get_run (item_at (model, 0))->counts.sent, ==, 7);

  /* The monitor's late reports of those writes may still come. */
  wait_n_items (model, 2, 3);
  wait_loaded (model);
  g_signal_connect (model, "notify::loading", G_CALLBACK (count_reloads), &n_reloads);
  wait_n_items (model, 2, 3);
  g_assert_cmpuint (n_reloads, ==, 0);
}

/* The first run of the first connection: the ledgers' folder did not
 * exist when the model began to watch it. */
static void
test_history_first_ledger (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FerryConnectionStore) store = history_test_new_store (&dir);
  FerryConnection *connection = history_test_add_connection (store, "Main office");
  g_autoptr(FerryHistoryModel) model = ferry_history_model_new (store);
  g_autoptr(FerryLedger) ledger = NULL;
  FerryLedgerCounts counts = { .sent = 3 };

  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  ledger = history_test_open_ledger (store, connection);
  history_test_add_run (ledger, FERRY_LEDGER_SYNC_DEEP, &counts, FERRY_LEDGER_RESULT_SUCCEEDED,
                        FALSE);
  g_assert_true (wait_n_items (model, 1, 10));

  g_clear_object (&ledger);
  g_clear_object (&model);
  g_clear_object (&store);
  account_test_remove_tree (dir);
}

/* A connection without runs and a store without ledgers: an empty list,
 * and still no ledger file. */
static void
test_history_empty (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FerryConnectionStore) store = history_test_new_store (&dir);
  FerryConnection *connection = history_test_add_connection (store, "Main office");
  g_autofree char *path = ferry_connection_store_get_ledger_path (store, connection);
  g_autoptr(FerryHistoryModel) model = ferry_history_model_new (store);

  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (ferry_history_model_get_error (model));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&model);
  g_clear_object (&store);
  account_test_remove_tree (dir);
}

static void
errors_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **out_errors = user_data;
  g_autoptr(GError) error = NULL;

  *out_errors = ferry_run_item_load_errors_finish (FERRY_RUN_ITEM (object), result, &error);
  g_assert_no_error (error);
}

/* A run's per-record errors, with field and hint, read off the main thread. */
static void
test_history_run_errors (Fixture       *f,
                         gconstpointer  data)
{
  FerryLedgerCounts counts = { .rejected = 1 };
  g_autoptr(FerryHistoryModel) model = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  FerryLedgerRunError *run_error;

  history_test_add_run (f->yard_ledger, FERRY_LEDGER_SYNC_SHALLOW, &counts,
                        FERRY_LEDGER_RESULT_RECORD_ERRORS, TRUE);
  model = ferry_history_model_new (f->store);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (ferry_run_item_get_run (item_at (model, 0))->message, ==,
                   "1 record was rejected");

  ferry_run_item_load_errors_async (item_at (model, 0), 0, NULL, errors_loaded, &errors);
  while (errors == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (errors->len, ==, 1);
  run_error = g_ptr_array_index (errors, 0);
  g_assert_cmpstr (run_error->entity, ==, "ap.vendor");
  g_assert_cmpstr (run_error->key_text, ==, "[\"V-100\"]");
  g_assert_cmpstr (run_error->field, ==, "tax_id");
  g_assert_cmpstr (run_error->code, ==, "invalid-field");
  g_assert_cmpstr (run_error->message, ==, "Tax ID is not valid");
  g_assert_cmpstr (run_error->hint, ==, "Correct the vendor's Tax ID in the accounting system");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/history-model/order", Fixture, NULL, fixture_set_up, test_history_order,
              fixture_tear_down);
  g_test_add ("/history-model/reload", Fixture, NULL, fixture_set_up, test_history_reload,
              fixture_tear_down);
  g_test_add ("/history-model/monitor", Fixture, NULL, fixture_set_up, test_history_monitor,
              fixture_tear_down);
  g_test_add ("/history-model/run-errors", Fixture, NULL, fixture_set_up,
              test_history_run_errors, fixture_tear_down);
  g_test_add_func ("/history-model/empty", test_history_empty);
  g_test_add_func ("/history-model/first-ledger", test_history_first_ledger);
  return g_test_run ();
}
