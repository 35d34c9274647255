/* ferry-ledger.h: Ferry's local record of what the cloud acknowledged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite database per local connection (docs/ledger.md): the state of
 * every record (entity type, key text) the engine has sent, every run, and
 * every per-record error of a run. A batch's acknowledgements are written in
 * one transaction, after the cloud answered: that is what makes a resend
 * after a crash change nothing.
 *
 * Threads: a FerryLedger is not thread-safe. Use each one from one thread at
 * a time (typically the sync worker); open another FerryLedger on the same
 * file for another thread — the file is in WAL mode, so readers never block
 * the writer. Times are UTC, stored as unix microseconds.
 */
#pragma once

#include <glib-object.h>

#include "ferry-run-lock.h"

G_BEGIN_DECLS

/* PRAGMA user_version of the ledgers this Ferry writes. */
#define FERRY_LEDGER_SCHEMA_VERSION 3
/* How long a write waits for another program's write to finish. */
#define FERRY_LEDGER_BUSY_TIMEOUT_MS 10000
/* The code of the error a waiting record carries. */
#define FERRY_LEDGER_CODE_PARENT_REJECTED "parent-rejected"

typedef enum
{
  FERRY_LEDGER_STATE_SYNCED,   /* the cloud holds this hash */
  FERRY_LEDGER_STATE_DELETED,  /* the cloud holds a tombstone */
  FERRY_LEDGER_STATE_REJECTED, /* the cloud refused the last send */
  FERRY_LEDGER_STATE_WAITING,  /* held back: a parent was rejected */
  FERRY_LEDGER_STATE_FAILED,   /* the last send got no answer (network, server) */
} FerryLedgerState;

typedef enum
{
  FERRY_LEDGER_TRIGGER_MANUAL,
  FERRY_LEDGER_TRIGGER_AUTOMATIC,
} FerryLedgerTrigger;

typedef enum
{
  FERRY_LEDGER_SYNC_SHALLOW,
  FERRY_LEDGER_SYNC_DEEP,
} FerryLedgerSyncType;

typedef enum
{
  FERRY_LEDGER_DIRECTION_PUSH,
  FERRY_LEDGER_DIRECTION_EXPORT,
  FERRY_LEDGER_DIRECTION_BOTH,
} FerryLedgerDirection;

typedef enum
{
  FERRY_LEDGER_RESULT_RUNNING,
  FERRY_LEDGER_RESULT_SUCCEEDED,
  FERRY_LEDGER_RESULT_RECORD_ERRORS, /* finished; some records did not go through */
  FERRY_LEDGER_RESULT_FAILED,
  FERRY_LEDGER_RESULT_CANCELLED,
  FERRY_LEDGER_RESULT_INTERRUPTED,   /* its program died; set by the ledger only */
} FerryLedgerRunResult;

/* The words stored in the file and shown by `ferryctl history --json`:
 * "synced", "manual", "deep", "both", "record-errors", … */
const char *ferry_ledger_state_to_string      (FerryLedgerState      state);
const char *ferry_ledger_trigger_to_string    (FerryLedgerTrigger    trigger);
const char *ferry_ledger_sync_type_to_string  (FerryLedgerSyncType   sync_type);
const char *ferry_ledger_direction_to_string  (FerryLedgerDirection  direction);
const char *ferry_ledger_run_result_to_string (FerryLedgerRunResult  result);

/* A run's tallies. */
typedef struct
{
  guint sent;
  guint created;
  guint updated;
  guint unchanged;
  guint deleted;
  guint rejected;
  guint waiting;
  guint failed;
  guint skipped;
  /* The export pass (cloud → accounting database). */
  guint exported;       /* export items written for the first time */
  guint export_updated; /* a later version written over the rows Ferry wrote */
  guint export_failed;  /* items not written: a missing reference, a conflict, … */
} FerryLedgerCounts;

/* What ferry_ledger_begin_run() records about a run. */
typedef struct
{
  FerryLedgerTrigger    trigger;
  FerryLedgerSyncType   sync_type;
  FerryLedgerDirection  direction;
  const char           *timeframe; /* "today", …, "all" or a YYYY-MM-DD date */
  const char * const   *entities;  /* entity type ids, in run order */
} FerryLedgerRunInfo;

/* One run, as stored. */
typedef struct
{
  gint64                id;
  FerryLedgerTrigger    trigger;
  FerryLedgerSyncType   sync_type;
  FerryLedgerDirection  direction;
  char                 *timeframe;   /* owned */
  GStrv                 entities;    /* owned */
  char                 *program;     /* owned: who ran it */
  GPid                  pid;
  GDateTime            *started_at;  /* owned */
  GDateTime            *ended_at;    /* owned, nullable while running */
  gint64                duration_ms; /* -1 while running */
  FerryLedgerCounts     counts;
  FerryLedgerRunResult  result;
  char                 *message;     /* owned, nullable */
} FerryLedgerRun;

#define FERRY_TYPE_LEDGER_RUN (ferry_ledger_run_get_type ())
GType           ferry_ledger_run_get_type (void) G_GNUC_CONST;
FerryLedgerRun *ferry_ledger_run_copy     (const FerryLedgerRun *run);
void            ferry_ledger_run_free     (FerryLedgerRun       *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerRun, ferry_ledger_run_free)

/* One per-record error of a run. */
typedef struct
{
  gint64  run_id;
  char   *entity;   /* owned */
  char   *key_text; /* owned */
  char   *field;    /* owned, nullable */
  char   *code;     /* owned: the cloud's rejection code, "parent-rejected", … */
  char   *message;  /* owned */
  char   *hint;     /* owned, nullable: how to fix it */
} FerryLedgerRunError;

void ferry_ledger_run_error_free (FerryLedgerRunError *run_error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerRunError, ferry_ledger_run_error_free)

/* The state of one record. */
typedef struct
{
  char             *entity;        /* owned */
  char             *key_text;      /* owned */
  char             *hash;          /* owned, nullable: what the cloud holds, NULL if nothing */
  gint64            version;       /* the cloud's version, 0 if unknown */
  FerryLedgerState  state;
  guint             attempts;      /* failed sends since the last acknowledgement */
  char             *error_code;    /* owned, nullable */
  char             *error_message; /* owned, nullable */
  gint64            run_id;        /* the run that last wrote it */
  GDateTime        *updated_at;    /* owned */
} FerryLedgerRecord;

void ferry_ledger_record_free (FerryLedgerRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerRecord, ferry_ledger_record_free)

typedef enum
{
  FERRY_LEDGER_OP_UPSERT,
  FERRY_LEDGER_OP_DELETE,
} FerryLedgerOp;

/* The cloud's answer for one record (docs/cloud-api.md, push results). */
typedef enum
{
  FERRY_LEDGER_OUTCOME_CREATED,
  FERRY_LEDGER_OUTCOME_UPDATED,
  FERRY_LEDGER_OUTCOME_UNCHANGED,
  FERRY_LEDGER_OUTCOME_DELETED,
  FERRY_LEDGER_OUTCOME_REJECTED,
} FerryLedgerOutcomeKind;

/* One record of a batch and its result. Strings are borrowed. */
typedef struct
{
  const char             *entity;
  const char             *key_text;      /* ferry_record_key_to_text() */
  FerryLedgerOp           op;
  const char             *hash;          /* the hash sent; required for upserts */
  FerryLedgerOutcomeKind  kind;
  gint64                  version;       /* the cloud's version; unused for rejections */
  const char             *error_code;    /* rejections only */
  const char             *error_message; /* rejections only */
  const char             *error_field;   /* nullable */
  const char             *error_hint;    /* nullable */
} FerryLedgerOutcome;

/* A record that did not go through, and why. Strings are borrowed. */
typedef struct
{
  const char *entity;
  const char *key_text;
  const char *code;    /* for waiting records NULL means FERRY_LEDGER_CODE_PARENT_REJECTED */
  const char *message; /* for waiting records it names the parent */
  const char *hint;    /* nullable */
} FerryLedgerProblem;

/* Per entity type, how many records are in each state. */
typedef struct
{
  char  *entity; /* owned */
  guint  synced;
  guint  deleted;
  guint  rejected;
  guint  waiting;
  guint  failed;
} FerryLedgerEntityCounts;

void ferry_ledger_entity_counts_free (FerryLedgerEntityCounts *counts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerEntityCounts, ferry_ledger_entity_counts_free)

/* What the app shows before a deep sync. */
typedef struct
{
  guint64    records;               /* live records of those entity types in the ledger */
  gint64     last_deep_duration_ms; /* -1 if no deep run finished */
  GDateTime *last_deep_started_at;  /* owned, nullable */
} FerryLedgerEstimate;

void ferry_ledger_estimate_clear (FerryLedgerEstimate *estimate);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryLedgerEstimate, ferry_ledger_estimate_clear)

typedef enum
{
  FERRY_LEDGER_FILTER_ALL,
  FERRY_LEDGER_FILTER_PENDING, /* rejected, waiting or failed: to retry */
} FerryLedgerFilter;

/* Walks the records of one entity type in key-text byte order (strcmp,
 * SQLite's BINARY collation), the order the cloud and the sources use, a
 * page at a time: memory stays bounded and no read transaction is held
 * between pages, so the same FerryLedger may write meanwhile. A row written
 * behind the cursor is not seen; one ahead of it is seen as it is then. */
typedef struct _FerryLedgerCursor FerryLedgerCursor;

void              ferry_ledger_cursor_free          (FerryLedgerCursor *cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerCursor, ferry_ledger_cursor_free)
/* Moves to the next record: FALSE at the end (@error unset) or on error. */
gboolean          ferry_ledger_cursor_next          (FerryLedgerCursor  *cursor,
                                                     GError            **error);
/* Valid until the next call to ferry_ledger_cursor_next(). */
const char       *ferry_ledger_cursor_get_key_text  (FerryLedgerCursor  *cursor);
const char       *ferry_ledger_cursor_get_hash      (FerryLedgerCursor  *cursor);
FerryLedgerState  ferry_ledger_cursor_get_state     (FerryLedgerCursor  *cursor);
gint64            ferry_ledger_cursor_get_version   (FerryLedgerCursor  *cursor);
guint             ferry_ledger_cursor_get_attempts  (FerryLedgerCursor  *cursor);

#define FERRY_TYPE_LEDGER (ferry_ledger_get_type ())
G_DECLARE_FINAL_TYPE (FerryLedger, ferry_ledger, FERRY, LEDGER, GObject)

/* Opens the ledger at @path, creating it (folders 0700, file 0600) or
 * bringing an older schema up to date. FERRY_ERROR_SCHEMA when a newer Ferry
 * wrote it; FERRY_ERROR_DATABASE, naming the file, when it is not a ledger
 * (not SQLite, or another program's tables). Runs left "running" by a
 * program that died are marked interrupted. */
FerryLedger  *ferry_ledger_open                (const char            *path,
                                                GError               **error);
/* Absolute. */
const char   *ferry_ledger_get_path            (FerryLedger           *self);
/* The FerryRunLock path for this ledger: "<path>.lock". */
const char   *ferry_ledger_get_lock_path       (FerryLedger           *self);

/* Marks runs still "running" as interrupted if nobody holds the run lock.
 * ferry_ledger_open() and the run queries do it; call it to refresh. */
gboolean      ferry_ledger_check_interrupted   (FerryLedger           *self,
                                                GError               **error);

/* Records a new run. @lock must be held and be this ledger's lock; any run
 * still "running" is then known to be dead and is marked interrupted.
 * Returns: the run id (> 0), or 0 on error. */
gint64        ferry_ledger_begin_run           (FerryLedger           *self,
                                                FerryRunLock          *lock,
                                                const FerryLedgerRunInfo *info,
                                                GError               **error);
/* Adds @delta to the tallies of a running run (e.g. records skipped as
 * unchanged without sending). */
gboolean      ferry_ledger_add_to_run          (FerryLedger           *self,
                                                gint64                 run_id,
                                                const FerryLedgerCounts *delta,
                                                GError               **error);
/* Ends a running run with @result (not RUNNING or INTERRUPTED). @counts
 * (nullable) replaces the tallies; NULL keeps what the ledger counted from
 * the batches, waiting and failed records and ferry_ledger_add_to_run().
 * The duration is measured on the monotonic clock when the run began on
 * @self, else from the stored start. */
gboolean      ferry_ledger_finish_run          (FerryLedger           *self,
                                                gint64                 run_id,
                                                const FerryLedgerCounts *counts,
                                                FerryLedgerRunResult   result,
                                                const char            *message,
                                                GError               **error);

/* Point lookup. *@out_record is NULL when the ledger has no such record. */
gboolean      ferry_ledger_lookup              (FerryLedger           *self,
                                                const char            *entity,
                                                const char            *key_text,
                                                FerryLedgerRecord    **out_record,
                                                GError               **error);
/* Returns: (transfer full) a cursor before the first record of @entity. */
FerryLedgerCursor *ferry_ledger_iterate        (FerryLedger           *self,
                                                const char            *entity,
                                                FerryLedgerFilter      filter);

/* Writes a batch's results in one transaction, all or nothing: acknowledged
 * records become synced (or deleted) with the hash and version, rejected
 * ones rejected (the hash the cloud holds is kept) with an error row for
 * @run_id; the run's tallies grow. Call it after the cloud answered. */
gboolean      ferry_ledger_apply_batch_results (FerryLedger           *self,
                                                gint64                 run_id,
                                                const FerryLedgerOutcome *outcomes,
                                                gsize                  n_outcomes,
                                                GError               **error);
/* Records held back because a parent was rejected: state waiting, an error
 * row each; attempts unchanged (they were not sent). One transaction. */
gboolean      ferry_ledger_mark_waiting        (FerryLedger           *self,
                                                gint64                 run_id,
                                                const FerryLedgerProblem *records,
                                                gsize                  n_records,
                                                GError               **error);
/* Records whose send failed without an answer: state failed, attempts + 1,
 * the error kept; the acknowledged hash is kept. One transaction. */
gboolean      ferry_ledger_record_failures     (FerryLedger           *self,
                                                gint64                 run_id,
                                                const FerryLedgerProblem *records,
                                                gsize                  n_records,
                                                GError               **error);

/* Export items that could not be written: an error row each (entity: the
 * export type; key text: the export id), and export_failed grows. One
 * transaction. */
gboolean      ferry_ledger_record_export_failures (FerryLedger        *self,
                                                gint64                 run_id,
                                                const FerryLedgerProblem *items,
                                                gsize                  n_items,
                                                GError               **error);

/* The mappings (e.g. the switched-off fields) @entity was last read with in
 * full; *@out_fingerprint is NULL when none is recorded. */
gboolean      ferry_ledger_get_mapping         (FerryLedger           *self,
                                                const char            *entity,
                                                char                 **out_fingerprint,
                                                GError               **error);
gboolean      ferry_ledger_set_mapping         (FerryLedger           *self,
                                                const char            *entity,
                                                const char            *fingerprint,
                                                GError               **error);

/* Queries for the app and ferryctl. A missing run is FERRY_ERROR_NOT_FOUND;
 * "no run yet" is TRUE with *@out_run NULL. */
FerryLedgerRun *ferry_ledger_get_run           (FerryLedger           *self,
                                                gint64                 run_id,
                                                GError               **error);
gboolean      ferry_ledger_get_last_run        (FerryLedger           *self,
                                                FerryLedgerRun       **out_run,
                                                GError               **error);
/* The last run that finished "succeeded" or "record-errors": where *last
 * synced* and *duration* come from. */
gboolean      ferry_ledger_get_last_synced_run (FerryLedger           *self,
                                                FerryLedgerRun       **out_run,
                                                GError               **error);
/* When runs started, for the schedules (ferry-schedule-state.h): the oldest
 * run and the newest deep run, of any trigger and result; NULL when there
 * is none. Both out arguments are nullable. */
gboolean      ferry_ledger_get_run_starts      (FerryLedger           *self,
                                                GDateTime            **out_first_started,
                                                GDateTime            **out_last_deep_started,
                                                GError               **error);
/* Returns: (transfer container) FerryLedgerRun, newest first. */
GPtrArray    *ferry_ledger_list_runs           (FerryLedger           *self,
                                                guint                  limit,
                                                guint                  offset,
                                                GError               **error);
/* Returns: (transfer container) FerryLedgerRunError in the order written. */
GPtrArray    *ferry_ledger_list_run_errors     (FerryLedger           *self,
                                                gint64                 run_id,
                                                guint                  limit,
                                                guint                  offset,
                                                GError               **error);
/* Returns: (transfer container) FerryLedgerEntityCounts by entity id. */
GPtrArray    *ferry_ledger_count_by_entity     (FerryLedger           *self,
                                                GError               **error);
/* @entities: (nullable) entity type ids; NULL counts them all. */
gboolean      ferry_ledger_estimate_deep_sync  (FerryLedger           *self,
                                                const char * const    *entities,
                                                FerryLedgerEstimate   *out_estimate,
                                                GError               **error);

G_END_DECLS
