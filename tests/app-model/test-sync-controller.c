/* test-sync-controller.c: the Sync page's controller of one connection,
 * without a display, against the embedded demo's real ferry-cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ferry-run-lock.h"
#include "ferry-sync-controller.h"
#include "sync-test-util.h"

static gboolean
is_idle (FerrySyncController *controller)
{
  return !ferry_sync_controller_get_running (controller);
}

/* Runs the main context until @controller's run ended (60 s at most). */
static void
wait_idle (FerrySyncController *controller)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!is_idle (controller) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_idle (controller));
}

/* The ledger read that follows a run happens on a worker: wait for it. */
static void
wait_for_string (FerrySyncController *controller,
                 const char *(*getter) (FerrySyncController *))
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (getter (controller) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (getter (controller));
}

typedef struct
{
  guint  phases;   /* phase-text changes while running */
  double fraction; /* the largest seen */
} Seen;

static void
on_notify (FerrySyncController *controller,
           GParamSpec          *pspec,
           Seen                *seen)
{
  if (g_str_equal (pspec->name, "phase-text"))
    seen->phases++;
  seen->fraction = MAX (seen->fraction, ferry_sync_controller_get_fraction (controller));
}

static void
test_sync_and_results (void)
{
  SyncTestDemo *demo = sync_test_demo_start (sync_test_records (500));
  g_autoptr(FerrySyncController) controller =
    ferry_sync_controller_new (demo->state, sync_test_demo_connection (demo));
  g_autoptr(GPtrArray) runs = NULL;
  Seen seen = { 0 };

  g_assert_null (ferry_sync_controller_get_last_synced (controller));
  g_signal_connect (controller, "notify", G_CALLBACK (on_notify), &seen);
  g_assert_true (ferry_sync_controller_start (controller, NULL));
  g_assert_true (ferry_sync_controller_get_running (controller));
  wait_idle (controller);
  g_signal_handlers_disconnect_by_data (controller, &seen);

  g_assert_cmpuint (seen.phases, >=, 2);
  g_assert_cmpfloat (seen.fraction, >, 0.5);
  g_assert_cmpstr (ferry_sync_controller_get_result_text (controller), ==, "Succeeded");
  wait_for_string (controller, ferry_sync_controller_get_last_synced);
  g_assert_nonnull (ferry_sync_controller_get_last_synced_relative (controller));
  g_assert_nonnull (ferry_sync_controller_get_duration_text (controller));
  g_assert_nonnull (strstr (ferry_sync_controller_get_counts_text (controller), "sent"));
  g_assert_true (g_str_has_prefix (ferry_sync_controller_get_next_sync_text (controller),
                                   "Next automatic sync: "));
  /* Nothing runs the schedules: the page says so rather than promise a sync. */
  g_assert_nonnull (strstr (ferry_sync_controller_get_next_sync_text (controller),
                            "nothing runs automatic syncs now"));
  {
    /* The daemon's lock on the profile, as `ferryctl daemon` takes it. */
    FerryConnectionStore *store = ferry_app_state_get_store (demo->state);
    g_autofree char *path = g_build_filename (ferry_connection_store_get_data_dir (store),
                                              "scheduler.lock", NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryRunLock) lock = ferry_run_lock_try_acquire (path, "the automatic syncs",
                                                               "ferryctl daemon", &error);

    g_assert_no_error (error);
    ferry_sync_controller_update_times (controller, now);
    g_assert_nonnull (strstr (ferry_sync_controller_get_next_sync_text (controller),
                              "(run by ferryctl daemon)"));
  }
  g_assert_cmpuint (g_list_model_get_n_items (ferry_sync_controller_get_errors (controller)), ==, 0);
  runs = sync_test_demo_runs (demo);
  g_assert_cmpuint (runs->len, ==, 1);

  g_clear_object (&controller);
  sync_test_demo_stop (demo);
}

static void
test_rejected_and_retry (void)
{
  SyncTestDemo *demo = sync_test_demo_start (sync_test_records (500));
  g_autoptr(FerrySyncController) controller = NULL;
  g_autoptr(FerrySyncErrorItem) first = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *details = NULL;
  GListModel *errors;

  sync_test_demo_break_a_job (demo);
  controller = ferry_sync_controller_new (demo->state, sync_test_demo_connection (demo));
  g_assert_true (ferry_sync_controller_start (controller, NULL));
  wait_idle (controller);
  g_assert_cmpstr (ferry_sync_controller_get_result_text (controller), ==, "Finished with record errors");
  errors = ferry_sync_controller_get_errors (controller);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (errors = ferry_sync_controller_get_errors (controller)) == 0 &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (errors), >=, 1);
  first = g_list_model_get_item (errors, 0);
  g_assert_cmpstr (ferry_sync_error_item_get_entity_label (first), ==, "Job (CV)");
  g_assert_nonnull (strstr (ferry_sync_error_item_get_message (first), "C99999"));
  g_assert_nonnull (ferry_sync_error_item_get_hint (first));

  details = ferry_sync_controller_dup_details (controller);
  g_assert_nonnull (strstr (details, "Demo Construction"));
  g_assert_nonnull (strstr (details, "C99999"));
  g_assert_nonnull (strstr (details, ferry_sync_error_item_get_hint (first)));

  /* Retry failed: a shallow run of the entity types that had errors. */
  g_assert_true (ferry_sync_controller_retry_failed (controller));
  wait_idle (controller);
  runs = sync_test_demo_runs (demo);
  g_assert_cmpuint (runs->len, ==, 2);
  {
    FerryLedgerRun *retry = g_ptr_array_index (runs, 0);

    g_assert_cmpint (retry->sync_type, ==, FERRY_LEDGER_SYNC_SHALLOW);
    g_assert_true (g_strv_contains ((const char * const *) retry->entities, "cv.job"));
    g_assert_false (g_strv_contains ((const char * const *) retry->entities, "gl.account"));
  }
  g_clear_object (&controller);
  sync_test_demo_stop (demo);
}

static void
test_cancel (void)
{
  SyncTestDemo *demo = sync_test_demo_start_slow (sync_test_records (500), 300);
  g_autoptr(FerrySyncController) controller =
    ferry_sync_controller_new (demo->state, sync_test_demo_connection (demo));
  g_autoptr(GPtrArray) runs = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 cancelled_at;

  g_assert_true (ferry_sync_controller_start (controller, NULL));
  /* Cancel once records are going. */
  while (ferry_sync_controller_get_fraction (controller) <= 0.0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_sync_controller_get_running (controller));
  cancelled_at = g_get_monotonic_time ();
  ferry_sync_controller_cancel (controller);
  wait_idle (controller);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC);
  g_assert_cmpstr (ferry_sync_controller_get_result_text (controller), ==, "Cancelled");
  runs = sync_test_demo_runs (demo);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((FerryLedgerRun *) g_ptr_array_index (runs, 0))->result, ==,
                   FERRY_LEDGER_RESULT_CANCELLED);
  g_clear_object (&controller);
  sync_test_demo_stop (demo);
}

static void
test_nothing_ticked (void)
{
  SyncTestDemo *demo = sync_test_demo_start (sync_test_records (500));
  g_autoptr(FerrySyncController) controller =
    ferry_sync_controller_new (demo->state, sync_test_demo_connection (demo));

  ferry_sync_selection_deselect_all (ferry_sync_controller_get_selection (controller));
  g_assert_false (ferry_sync_controller_start (controller, NULL));
  g_assert_false (ferry_sync_controller_get_running (controller));
  g_assert_nonnull (ferry_sync_controller_get_message (controller));
  g_assert_false (ferry_sync_controller_retry_failed (controller));
  g_clear_object (&controller);
  sync_test_demo_stop (demo);
}

static void
test_describe (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  /* A Saturday. */
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 5, 2, 14, 20, 0);
  g_auto(FerryScheduleState) never = { 0 };
  g_auto(FerryScheduleState) ran = { 0 };
  g_autofree char *manual = NULL, *first = NULL, *hourly = NULL, *deep = NULL;
  g_autofree char *deep_only = NULL, *put_off = NULL;
  FerryLedgerEstimate estimate = { 12000, 250000, NULL };
  FerryLedgerEstimate no_deep = { 0, -1, NULL };
  g_autofree char *described = ferry_sync_describe_estimate (&estimate);
  g_autofree char *unknown = ferry_sync_describe_estimate (&no_deep);

  ran.first_started = g_date_time_new (utc, 2026, 4, 1, 9, 0, 0);
  ran.last_deep_started = g_date_time_new (utc, 2026, 4, 25, 2, 0, 0);
  ran.last_started = g_date_time_new (utc, 2026, 5, 2, 14, 5, 0);
  ran.last_end = g_date_time_new (utc, 2026, 5, 2, 14, 10, 0);

  manual = ferry_sync_describe_next_sync (&ran, "manual", "manual", now);
  g_assert_cmpstr (manual, ==, "Automatic sync: off");
  /* Never ran: due at once. */
  first = ferry_sync_describe_next_sync (&never, "hourly", "manual", now);
  g_assert_cmpstr (first, ==, "Next automatic sync: now");
  hourly = ferry_sync_describe_next_sync (&ran, "hourly", "manual", now);
  g_assert_cmpstr (hourly, ==, "Next automatic sync: in 40 minutes");
  /* Saturday 02:00 has come since the last deep sync: the next run is deep. */
  deep = ferry_sync_describe_next_sync (&ran, "hourly", "weekly:sat:02:00", now);
  g_assert_cmpstr (deep, ==, "Next automatic sync: now, a deep sync");
  deep_only = ferry_sync_describe_next_sync (&never, "manual", "weekly:sat:02:00", now);
  g_assert_cmpstr (deep_only, ==, "Automatic deep syncs begin after a first sync");
  /* Six failures in a row: 80 minutes from 14:10, then the next slot, 16:00. */
  ran.failures = 6;
  put_off = ferry_sync_describe_next_sync (&ran, "hourly", "manual", now);
  g_assert_true (g_str_has_prefix (put_off, "Next automatic sync: "));
  g_assert_nonnull (strstr (put_off, " — put off after 6 failed syncs in a row"));
  g_assert_null (strstr (hourly, "put off"));

  g_assert_nonnull (strstr (described, "12,000 records"));
  g_assert_nonnull (strstr (described, "4 min 10 s"));
  g_assert_nonnull (strstr (unknown, "No deep sync has finished yet"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("TZ", "UTC", TRUE);

  g_test_add_func ("/app/sync-controller/describe", test_describe);
  g_test_add_func ("/app/sync-controller/nothing-ticked", test_nothing_ticked);
  g_test_add_func ("/app/sync-controller/sync-and-results", test_sync_and_results);
  g_test_add_func ("/app/sync-controller/rejected-and-retry", test_rejected_and_retry);
  g_test_add_func ("/app/sync-controller/cancel", test_cancel);

  return g_test_run ();
}
