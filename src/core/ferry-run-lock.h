/* ferry-run-lock.h: one run per local connection at a time, across processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GTK app, `ferryctl sync` and the daemon may all want to sync the same
 * local connection. Each takes this lock first; a second taker is refused
 * at once (FERRY_ERROR_BUSY) with a message naming the holder, never queued.
 *
 * The lock is an open file description lock (F_OFD_SETLK) on a file next to
 * the ledger, "<ledger path>.lock". The kernel drops it when the holder
 * releases it, closes it or dies, even by SIGKILL, so a crashed run never
 * blocks the next one. Two locks taken in one process conflict too. The file
 * also holds the holder's pid, program and start time, for the message.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Who holds a lock, as written in its file. */
typedef struct
{
  GPid       pid;
  char      *program;    /* owned: "ferry", "ferryctl", "ferryctl daemon" */
  GDateTime *started_at; /* owned */
} FerryRunLockHolder;

void ferry_run_lock_holder_free (FerryRunLockHolder *holder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryRunLockHolder, ferry_run_lock_holder_free)

#define FERRY_TYPE_RUN_LOCK (ferry_run_lock_get_type ())
/* Immutable once taken, apart from ferry_run_lock_release(), which must not
 * race with other calls on the same object. Unreferencing releases it. */
G_DECLARE_FINAL_TYPE (FerryRunLock, ferry_run_lock, FERRY, RUN_LOCK, GObject)

/* "<ledger path>.lock". Returns: (transfer full) */
char         *ferry_run_lock_path_for_ledger (const char          *ledger_path);

/* Takes the lock at @lock_path (created 0600, its folder 0700, if missing)
 * without waiting. When someone else holds it: FERRY_ERROR_BUSY, e.g.
 * "Another sync of “Main office” is running (ferryctl, pid 4242, started
 * 14:05). Wait for it to finish or cancel it there."
 * @connection_name: the local connection's name, for that message.
 * @program: who is taking it ("ferry", "ferryctl", "ferryctl daemon"). */
FerryRunLock *ferry_run_lock_try_acquire     (const char          *lock_path,
                                              const char          *connection_name,
                                              const char          *program,
                                              GError             **error);
/* Empties the file and drops the lock. Safe to call twice. */
void          ferry_run_lock_release         (FerryRunLock        *self);
gboolean      ferry_run_lock_is_held         (FerryRunLock        *self);
/* The absolute path of the lock file. */
const char   *ferry_run_lock_get_path        (FerryRunLock        *self);
const char   *ferry_run_lock_get_program     (FerryRunLock        *self);
/* Returns: (transfer none) when the lock was taken. */
GDateTime    *ferry_run_lock_get_started_at  (FerryRunLock        *self);

/* Whether anyone, this process included, holds the lock at @lock_path,
 * without taking it. @out_holder (nullable) receives who, when held and the
 * file says so, else NULL. A missing file is a free lock. */
gboolean      ferry_run_lock_query           (const char          *lock_path,
                                              gboolean            *out_held,
                                              FerryRunLockHolder **out_holder,
                                              GError             **error);

G_END_DECLS
