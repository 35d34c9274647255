/* app-responsiveness.c: how long the app's main loop stalls while its Sync
 * controller runs a large sync, and how long Cancel takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the embedded demo (FerryDemoSession: a generated accounting
 * database and a real ferry-cloud on loopback) in a temporary directory,
 * then drives a FerrySyncController exactly as the Sync page does, on this
 * program's main loop, with a probe timer every 5 ms that notes the longest
 * gap between two of its ticks, during one sync of everything (all of it
 * new), cancelled --cancel-after seconds in when given. Prints one line of
 * key=value figures: records, sync_ms, max_stall_ms (the longest gap less
 * the 5 ms period), idle_stall_ms (the same over 2 s before the sync, with
 * nothing running: the machine's own noise) and cancel_ms (from Cancel until the run ended; -1 when
 * not cancelled).
 *
 * Usage: app-responsiveness [--records N] [--cancel-after SECONDS]
 *                            [--entities ID,ID,…]
 * --entities switches these entity types on in the demo connection (the
 * demo's own mappings leave the largest tables out).
 * FERRY_CLOUD names the ferry-cloud program (meson devenv sets it).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ferry-demo-session.h"
#include "ferry-sync-controller.h"

#define PROBE_MS 5

typedef struct
{
  gint64               last;       /* monotonic µs of the last tick, 0 before the first */
  gint64               longest;    /* the longest gap between ticks, µs */
  FerrySyncController *controller; /* nullable */
  char                *where;      /* owned, nullable: the phase at the longest gap */
} Probe;

static gboolean
on_probe (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0 && now - probe->last > probe->longest)
    {
      probe->longest = now - probe->last;
      g_free (probe->where);
      probe->where = probe->controller != NULL
                     ? g_strdup (ferry_sync_controller_get_phase_text (probe->controller)) : NULL;
    }
  probe->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
iterate_until_idle (FerrySyncController *controller)
{
  while (ferry_sync_controller_get_running (controller))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
on_cancel_timer (gpointer data)
{
  gint64 *cancelled_at = g_object_get_data (data, "cancelled-at");

  *cancelled_at = g_get_monotonic_time ();
  ferry_sync_controller_cancel (data);
  return G_SOURCE_REMOVE;
}

static FerryDemoSession *
start_demo (const char *dir,
            guint64     records,
            FerryAppState **out_state)
{
  FerryDemoSession *session = ferry_demo_session_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_demo_session_set_records (session, records);
  *out_state = ferry_app_state_new_demo (ferry_demo_session_get_profile_dir (session));
  ferry_demo_session_start_async (session, *out_state, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!ferry_demo_session_start_finish (session, result, &error))
    g_error ("The demo did not start: %s", error->message);
  return session;
}

int
main (int   argc,
      char *argv[])
{
  gint64 records = 1000000;
  double cancel_after = 0;
  g_autofree char *entities = NULL;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT64, &records, "Records in the demo company", "N" },
    { "cancel-after", 0, 0, G_OPTION_ARG_DOUBLE, &cancel_after, "Cancel this many seconds into the sync", "S" },
    { "entities", 0, 0, G_OPTION_ARG_STRING, &entities, "Entity types to switch on", "ID,ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-app-bench-XXXXXX", NULL);
  g_autoptr(FerryDemoSession) session = NULL;
  g_autoptr(FerryAppState) state = NULL;
  g_autoptr(FerrySyncController) controller = NULL;
  Probe probe = { 0 }, idle_probe = { 0 };
  gint64 started, ended, cancelled_at = 0;
  guint probe_id;
  FerryConnection *connection;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  session = start_demo (dir, (guint64) records, &state);
  connection = ferry_connection_store_lookup (ferry_app_state_get_store (state),
                                              FERRY_DEMO_CONNECTION_NAME);
  if (entities != NULL)
    {
      g_auto(GStrv) ids = g_strsplit (entities, ",", -1);

      ferry_connection_set_enabled_entities (connection, (const char * const *) ids);
    }
  controller = ferry_sync_controller_new (state, connection);
  /* The same probe with nothing running: what the machine itself adds. */
  probe_id = g_timeout_add (PROBE_MS, on_probe, &idle_probe);
  started = g_get_monotonic_time ();
  while (g_get_monotonic_time () - started < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (probe_id);

  g_object_set_data (G_OBJECT (controller), "cancelled-at", &cancelled_at);
  probe.controller = controller;
  probe_id = g_timeout_add (PROBE_MS, on_probe, &probe);
  started = g_get_monotonic_time ();
  ferry_sync_controller_start (controller, NULL);
  if (cancel_after > 0)
    g_timeout_add ((guint) (cancel_after * 1000), on_cancel_timer, controller);
  iterate_until_idle (controller);
  ended = g_get_monotonic_time ();
  g_source_remove (probe_id);
  g_printerr ("%s - %s; longest stall during \"%s\"\n", ferry_sync_controller_get_result_text (controller),
              ferry_sync_controller_get_counts_text (controller), probe.where ? probe.where : "");

  g_print ("records=%" G_GINT64_FORMAT " sync_ms=%" G_GINT64_FORMAT " max_stall_ms=%.1f"
           " idle_stall_ms=%.1f cancel_ms=%.1f\n",
           records, (ended - started) / 1000, probe.longest / 1000.0 - PROBE_MS,
           idle_probe.longest / 1000.0 - PROBE_MS,
           cancelled_at != 0 ? (ended - cancelled_at) / 1000.0 : -1.0);
  g_free (probe.where);
  g_clear_object (&controller);
  ferry_demo_session_stop (session);
  return 0;
}
