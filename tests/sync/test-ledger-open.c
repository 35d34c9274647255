/* test-ledger-open.c: a ledger opened while another program creates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The daemon creates a connection's ledger at its first run while the app
 * (History, the Sync tab) opens it to read. Whoever comes second must see
 * the ledger either empty or whole, never half made and so "not a Ferry
 * ledger". Threads stand in for the programs: each has its own SQLite
 * connection, as a process would.
 */
#include "ferry-error.h"
#include "ledger-test-util.h"

#define OPENERS 6
#define ROUNDS 25

typedef struct
{
  const char *path;
  GMutex     *mutex;
  GCond      *cond;
  gboolean   *go;
} Opener;

static gpointer
open_thread (gpointer data)
{
  Opener *opener = data;
  FerryLedger *ledger;
  GError *error = NULL;

  g_mutex_lock (opener->mutex);
  while (!*opener->go)
    g_cond_wait (opener->cond, opener->mutex);
  g_mutex_unlock (opener->mutex);
  ledger = ferry_ledger_open (opener->path, &error);
  if (ledger != NULL)
    g_object_unref (ledger);
  return error;
}

static void
test_open_while_created (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("round-%u.db", round);
      g_autofree char *folder = g_path_get_dirname (fixture->path);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GThread *threads[OPENERS];
      Opener openers[OPENERS];
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;

      g_mutex_init (&mutex);
      g_cond_init (&cond);
      for (guint i = 0; i < OPENERS; i++)
        {
          openers[i] = (Opener) { path, &mutex, &cond, &go };
          threads[i] = g_thread_new ("opener", open_thread, &openers[i]);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);
      for (guint i = 0; i < OPENERS; i++)
        {
          g_autoptr(GError) error = g_thread_join (threads[i]);

          g_assert_no_error (error);
        }
      g_cond_clear (&cond);
      g_mutex_clear (&mutex);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ledger/open-while-created", Fixture, NULL, fixture_set_up,
              test_open_while_created, fixture_tear_down);

  return g_test_run ();
}
