/* ferryctl-util.h: what several ferryctl commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection-store.h"
#include "ferry-ledger.h"
#include "ferryctl.h"

G_BEGIN_DECLS

/* Prints "PROGRAM: MESSAGE (see --help)" to stderr; returns
 * FERRYCTL_EXIT_USAGE. */
int  ferryctl_usage_error (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);
/* Prints "PROGRAM: warning: MESSAGE" to stderr. */
void ferryctl_warn        (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);

/* Parses @context; on failure prints why and returns FALSE with
 * *@out_status set. Afterwards exactly @n_args arguments must be left after
 * argv[0]: their names, NULL-terminated in @arg_names, appear in the
 * message when one is missing. */
gboolean ferryctl_parse_options (GOptionContext     *context,
                                 int                *argc,
                                 char             ***argv,
                                 const char * const *arg_names,
                                 int                *out_status);

/* The --profile DIR option, for a command's option entries. */
#define FERRYCTL_PROFILE_OPTION(location) \
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, (location), \
    "Keep connections and ledgers in DIR (default: $FERRY_PROFILE, else the XDG directories)", \
    "DIR" }
/* The --json option, for a command's option entries. */
#define FERRYCTL_JSON_OPTION(location) \
  { "json", 0, 0, G_OPTION_ARG_NONE, (location), "Print JSON (see docs/ferryctl.md)", NULL }

/* For a command whose options are --profile DIR and --json alone: parses
 * them into *@out_profile and *@out_json, as ferryctl_parse_options () does,
 * with @parameter_string as g_option_context_new () takes it. */
gboolean ferryctl_parse_profile_json (int                *argc,
                                      char             ***argv,
                                      const char         *parameter_string,
                                      const char * const *arg_names,
                                      char              **out_profile,
                                      gboolean           *out_json,
                                      int                *out_status);

/* A store for @profile (NULL: $FERRY_PROFILE or XDG) with
 * connections.json read. */
FerryConnectionStore *ferryctl_open_store         (const char            *profile,
                                                   GError               **error);
/* The connection called @name (any case), borrowed from @store; otherwise
 * FERRY_ERROR_NOT_FOUND saying how to list them. */
FerryConnection      *ferryctl_lookup_connection  (FerryConnectionStore  *store,
                                                   const char            *name,
                                                   GError               **error);
/* The store of @profile, as ferryctl_open_store (), and the connection
 * called @name in it, as ferryctl_lookup_connection (): borrowed from the
 * store, which is put in @out_store only when both are found. */
FerryConnection      *ferryctl_open_connection    (const char            *profile,
                                                   const char            *name,
                                                   FerryConnectionStore **out_store,
                                                   GError               **error);
/* Prints that @store has no connections, and how to add one. */
void                  ferryctl_print_no_connections (FerryConnectionStore *store);
/* The connection's ledger when its file exists; NULL without an error when
 * the connection never ran. */
FerryLedger          *ferryctl_open_ledger        (FerryConnectionStore  *store,
                                                   FerryConnection       *connection,
                                                   GError               **error);
/* The connection's last run and last run that synced ("succeeded" or
 * "record-errors"), each NULL when there is none; @out_last_synced is
 * nullable. A connection that never ran has no ledger and no runs. */
gboolean              ferryctl_get_last_runs      (FerryConnectionStore  *store,
                                                   FerryConnection       *connection,
                                                   FerryLedgerRun       **out_last,
                                                   FerryLedgerRun       **out_last_synced,
                                                   GError               **error);
/* Whether a run of @connection is in progress now, without taking the run
 * lock; @out_holder (nullable) names who runs it when the file says. */
gboolean              ferryctl_query_running      (FerryConnectionStore  *store,
                                                   FerryConnection       *connection,
                                                   gboolean              *out_running,
                                                   FerryRunLockHolder   **out_holder,
                                                   GError               **error);

/* The connection's next automatic run as the scheduler counts it
 * (ferry-schedule-state.h): *@out_at (owned) is NULL when none is
 * scheduled, at or before @now when one is due. (ferryctl-schedule.c) */
gboolean              ferryctl_next_automatic     (FerryConnectionStore  *store,
                                                   FerryConnection       *connection,
                                                   GDateTime             *now,
                                                   GDateTime            **out_at,
                                                   gboolean              *out_deep,
                                                   gboolean              *out_backing_off,
                                                   GError               **error);

/* Text for people. All return (transfer full). */
/* "850 ms", "12.4 s", "3 min 05 s", "2 h 04 min". */
char *ferryctl_format_duration (gint64     milliseconds);
/* Local time: "2024-05-02 14:05:11". */
char *ferryctl_format_local    (GDateTime *when);
/* Local time relative to @now: "today 14:05 (3 min ago)",
 * "yesterday 09:30 (1 day ago)", "2024-04-28 09:30 (4 days ago)". */
char *ferryctl_format_when     (GDateTime *when,
                                GDateTime *now);
/* A time to come: "today 15:00", "tomorrow 02:00", "Sun 2026-12-06 02:00". */
char *ferryctl_format_upcoming  (GDateTime *when,
                                 GDateTime *now);
/* "Last week" for "week", the date itself for a YYYY-MM-DD timeframe. */
const char *ferryctl_timeframe_label (const char *timeframe);

/* The label users know for entity type @id, or @id when the catalog does
 * not have it. */
const char *ferryctl_entity_label (const char *id);
/* One per-record error of a run, for people: an empty line, then
 * "  Customer C100, field credit_limit — invalid-value: …" and the fix. */
void ferryctl_print_run_error (const FerryLedgerRunError *run_error);

/* Prints @rows (GStrv of equal length, the first the header) as columns
 * padded to the widest cell. */
void ferryctl_print_table (GPtrArray *rows);

/* JSON for scripts (docs/ferryctl.md). */
/* RFC 3339 in UTC to the second: "2024-05-02T12:05:11Z". (transfer full) */
char *ferryctl_format_utc      (GDateTime *when);
/* Adds "@member": @value, or null when @value is NULL. */
void  ferryctl_json_add_string (JsonBuilder          *builder,
                                const char           *member,
                                const char           *value);
/* Adds "counts": { "sent": …, "created": …, … } as in the run object. */
void  ferryctl_json_add_counts (JsonBuilder             *builder,
                                const FerryLedgerCounts *counts);
/* The record error object of docs/ferryctl.md. (transfer full) */
JsonNode *ferryctl_run_error_to_json (const FerryLedgerRunError *run_error);
/* The run object of docs/ferryctl.md; null for NULL. (transfer full) */
JsonNode *ferryctl_run_to_json (const FerryLedgerRun *run);
/* Prints @root indented, with a final newline, to stdout. */
void  ferryctl_print_json      (JsonNode             *root);

/* Work on a worker thread while the main thread waits: SIGINT and SIGTERM
 * cancel @cancellable, and the function's G_IO_ERROR_CANCELLED makes the
 * command exit with FERRYCTL_EXIT_CANCELLED. */
typedef gboolean (*FerryctlWorkFunc) (gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

gboolean ferryctl_run_cancellable (const char        *thread_name,
                                   FerryctlWorkFunc   func,
                                   gpointer           data,
                                   GError           **error);

G_END_DECLS
