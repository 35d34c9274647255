/* ledger-test-util.h: what the ledger and run lock tests share
 *
 * Header-only so that each test stays one source file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-ledger-private.h"
#include "ferry-record-key.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;  /* owned */
  char *path; /* owned: <dir>/data/ledgers/main.db, folders not yet made */
} Fixture;

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ferry-ledger-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "data", "ledgers", "main.db", NULL);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static inline FerryLedger *
open_ledger (const char *path)
{
  g_autoptr(GError) error = NULL;
  FerryLedger *ledger = ferry_ledger_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ledger);
  return ledger;
}

static inline FerryRunLock *
take_lock (FerryLedger *ledger,
           const char  *program)
{
  g_autoptr(GError) error = NULL;
  FerryRunLock *lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger),
                                                   "Main office", program, &error);

  g_assert_no_error (error);
  return lock;
}

static inline gint64
begin_run (FerryLedger         *ledger,
           FerryRunLock        *lock,
           FerryLedgerSyncType  sync_type)
{
  const char * const entities[] = { "customer_type", "customer", NULL };
  FerryLedgerRunInfo info = {
    .trigger = FERRY_LEDGER_TRIGGER_MANUAL,
    .sync_type = sync_type,
    .direction = FERRY_LEDGER_DIRECTION_PUSH,
    .timeframe = "week",
    .entities = entities,
  };
  g_autoptr(GError) error = NULL;
  gint64 run_id = ferry_ledger_begin_run (ledger, lock, &info, &error);

  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);
  return run_id;
}

static inline char *
hash_of (const char *content)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
}

static inline char *
key_of (const char *first,
        const char *second)
{
  const char *values[] = { first, second, NULL };

  return ferry_record_key_to_text (values);
}

/* A batch's outcomes and the strings they borrow. */
typedef struct
{
  GArray       *outcomes; /* owned: FerryLedgerOutcome */
  GStringChunk *strings;  /* owned */
} Batch;

static inline Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->outcomes = g_array_new (FALSE, TRUE, sizeof (FerryLedgerOutcome));
  batch->strings = g_string_chunk_new (4096);
  return batch;
}

static inline void
batch_free (Batch *batch)
{
  g_array_unref (batch->outcomes);
  g_string_chunk_free (batch->strings);
  g_free (batch);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

static inline const char *
batch_keep (Batch      *batch,
            const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (batch->strings, text) : NULL;
}

static inline FerryLedgerOutcome *
batch_add (Batch                  *batch,
           const char             *entity,
           const char             *key_text,
           FerryLedgerOp           op,
           const char             *hash,
           FerryLedgerOutcomeKind  kind,
           gint64                  version)
{
  FerryLedgerOutcome outcome = {
    .entity = batch_keep (batch, entity),
    .key_text = batch_keep (batch, key_text),
    .op = op,
    .hash = batch_keep (batch, hash),
    .kind = kind,
    .version = version,
  };

  g_array_append_val (batch->outcomes, outcome);
  return &g_array_index (batch->outcomes, FerryLedgerOutcome, batch->outcomes->len - 1);
}

static inline void
batch_add_rejection (Batch      *batch,
                     const char *entity,
                     const char *key_text,
                     const char *hash,
                     const char *code,
                     const char *message,
                     const char *field,
                     const char *hint)
{
  FerryLedgerOutcome *outcome = batch_add (batch, entity, key_text, FERRY_LEDGER_OP_UPSERT, hash,
                                           FERRY_LEDGER_OUTCOME_REJECTED, 0);

  outcome->error_code = batch_keep (batch, code);
  outcome->error_message = batch_keep (batch, message);
  outcome->error_field = batch_keep (batch, field);
  outcome->error_hint = batch_keep (batch, hint);
}

static inline gboolean
batch_apply (FerryLedger  *ledger,
             gint64        run_id,
             Batch        *batch,
             GError      **error)
{
  return ferry_ledger_apply_batch_results (ledger, run_id,
                                           (const FerryLedgerOutcome *) batch->outcomes->data,
                                           batch->outcomes->len, error);
}

static inline FerryLedgerRecord *
lookup (FerryLedger *ledger,
        const char  *entity,
        const char  *key_text)
{
  g_autoptr(GError) error = NULL;
  FerryLedgerRecord *record = NULL;

  g_assert_true (ferry_ledger_lookup (ledger, entity, key_text, &record, &error));
  g_assert_no_error (error);
  return record;
}

/* Asserts what the ledger holds for one record; NULLs assert NULLs. */
static inline void
assert_record (FerryLedger      *ledger,
               const char       *entity,
               const char       *key_text,
               FerryLedgerState  state,
               const char       *hash,
               gint64            version,
               guint             attempts,
               const char       *error_code)
{
  g_autoptr(FerryLedgerRecord) record = lookup (ledger, entity, key_text);

  g_assert_nonnull (record);
  g_assert_cmpint (record->state, ==, state);
  g_assert_cmpstr (record->hash, ==, hash);
  g_assert_cmpint (record->version, ==, version);
  g_assert_cmpuint (record->attempts, ==, attempts);
  g_assert_cmpstr (record->error_code, ==, error_code);
  g_assert_true ((record->error_message == NULL) == (error_code == NULL));
}

static inline FerryLedgerRun *
get_run (FerryLedger *ledger,
         gint64       run_id)
{
  g_autoptr(GError) error = NULL;
  FerryLedgerRun *run = ferry_ledger_get_run (ledger, run_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}

static inline gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Runs @sql on @path through a connection of its own, as another program. */
static inline void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static inline gint64
count_records (FerryLedger *ledger)
{
  return query_int (ferry_ledger_get_handle (ledger), "SELECT count(*) FROM records");
}

static inline Batch *
numbered_batch (guint first,
                guint n)
{
  Batch *batch = batch_new ();
  g_autofree char *hash = hash_of ("same");

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *value = g_strdup_printf ("%06u", i);
      g_autofree char *key = key_of (value, "A");

      batch_add (batch, "customer", key, FERRY_LEDGER_OP_UPSERT, hash,
                 FERRY_LEDGER_OUTCOME_CREATED, 1);
    }
  return batch;
}

static inline void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

/* Walks @cursor to its end, asserting strictly ascending keys. */
static inline guint
count_ascending (FerryLedgerCursor *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  guint n = 0;

  while (ferry_ledger_cursor_next (cursor, &error))
    {
      const char *key = ferry_ledger_cursor_get_key_text (cursor);

      g_assert_true (previous == NULL || strcmp (previous, key) < 0);
      g_free (previous);
      previous = g_strdup (key);
      n++;
    }
  g_assert_no_error (error);
  return n;
}

/* Byte order, as strcmp() and SQLite's BINARY collation compare. */
static inline int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static inline void
sort_unique (GPtrArray *strings)
{
  g_ptr_array_sort (strings, compare_strings);
  for (guint i = strings->len - 1; i > 0; i--)
    {
      if (g_str_equal (strings->pdata[i], strings->pdata[i - 1]))
        g_ptr_array_remove_index (strings, i);
    }
}

static inline void
shuffle (GPtrArray *items,
         GRand     *rand)
{
  for (guint i = items->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
      gpointer swap = items->pdata[i];

      items->pdata[i] = items->pdata[j];
      items->pdata[j] = swap;
    }
}

/* An sqlite3_commit_hook() counting commits into a guint. */
static inline int
count_commit (void *data)
{
  (*(guint *) data)++;
  return 0;
}

/* Helper process: --apply-and-die LEDGER. Commits one batch, then SIGKILLs
 * itself in the middle of the next batch's transaction. */
static inline int
die_mid_transaction (void *data)
{
  static guint calls;

  if (!sqlite3_get_autocommit (data) && ++calls >= 20)
    kill (getpid (), SIGKILL);
  return 0;
}

static inline int
apply_and_die (const char *path)
{
  g_autoptr(FerryLedger) ledger = open_ledger (path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferryctl");
  g_autoptr(Batch) committed = numbered_batch (0, 100);
  g_autoptr(Batch) doomed = numbered_batch (100, 50000);
  g_autoptr(GError) error = NULL;
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_DEEP);

  if (!batch_apply (ledger, run_id, committed, &error))
    g_error ("%s", error->message);
  sqlite3_progress_handler (ferry_ledger_get_handle (ledger), 1000, die_mid_transaction,
                            ferry_ledger_get_handle (ledger));
  batch_apply (ledger, run_id, doomed, &error);
  printf ("survived\n");
  return 2;
}

G_END_DECLS
