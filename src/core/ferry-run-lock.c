/* ferry-run-lock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-run-lock"

#include "config.h"

#include "ferry-run-lock.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-error.h"

/* The holder's description is a few short lines; anything longer is not ours. */
#define HOLDER_MAX_BYTES 1024

struct _FerryRunLock
{
  GObject    parent_instance;

  char      *path;       /* owned, absolute */
  char      *program;    /* owned */
  GDateTime *started_at; /* owned */
  int        fd;         /* owned; -1 once released */
  gboolean   held;       /* fd carries the lock */
};

G_DEFINE_FINAL_TYPE (FerryRunLock, ferry_run_lock, G_TYPE_OBJECT)

void
ferry_run_lock_holder_free (FerryRunLockHolder *holder)
{
  if (holder == NULL)
    return;
  g_free (holder->program);
  g_clear_pointer (&holder->started_at, g_date_time_unref);
  g_free (holder);
}

static void
ferry_run_lock_finalize (GObject *object)
{
  FerryRunLock *self = FERRY_RUN_LOCK (object);

  ferry_run_lock_release (self);
  g_free (self->path);
  g_free (self->program);
  g_clear_pointer (&self->started_at, g_date_time_unref);

  G_OBJECT_CLASS (ferry_run_lock_parent_class)->finalize (object);
}

static void
ferry_run_lock_class_init (FerryRunLockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_run_lock_finalize;
}

static void
ferry_run_lock_init (FerryRunLock *self)
{
  self->fd = -1;
}

char *
ferry_run_lock_path_for_ledger (const char *ledger_path)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (ledger_path != NULL, NULL);

  absolute = g_canonicalize_filename (ledger_path, NULL);
  return g_strconcat (absolute, ".lock", NULL);
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *doing,
              const char  *path)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
               "Could not %s the run lock “%s”: %s; check that Ferry’s user may write there",
               doing, path, g_strerror (saved_errno));
}

/* Parses what write_holder() wrote; NULL when the file is empty (released,
 * or the holder has not written it yet) or not in that form. */
static FerryRunLockHolder *
read_holder (int fd)
{
  g_autoptr(FerryRunLockHolder) holder = g_new0 (FerryRunLockHolder, 1);
  g_auto(GStrv) lines = NULL;
  char buffer[HOLDER_MAX_BYTES + 1];
  ssize_t n;

  n = pread (fd, buffer, HOLDER_MAX_BYTES, 0);
  if (n <= 0)
    return NULL;
  buffer[n] = '\0';

  lines = g_strsplit (buffer, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "pid="))
        holder->pid = (GPid) g_ascii_strtoll (line + 4, NULL, 10);
      else if (g_str_has_prefix (line, "program=") && holder->program == NULL)
        holder->program = g_strdup (line + 8);
      else if (g_str_has_prefix (line, "started=") && holder->started_at == NULL)
        holder->started_at = g_date_time_new_from_iso8601 (line + 8, NULL);
    }
  if (holder->pid <= 0 || holder->program == NULL || holder->started_at == NULL)
    return NULL;
  return g_steal_pointer (&holder);
}

static gboolean
write_holder (FerryRunLock  *self,
              GError       **error)
{
  g_autofree char *started = g_date_time_format_iso8601 (self->started_at);
  g_autofree char *text = g_strdup_printf ("pid=%d\nprogram=%s\nstarted=%s\n",
                                           (int) getpid (), self->program, started);
  gsize length = strlen (text);

  if (ftruncate (self->fd, 0) != 0 || pwrite (self->fd, text, length, 0) != (ssize_t) length)
    {
      set_io_error (error, errno, "write", self->path);
      return FALSE;
    }
  return TRUE;
}

/* Today's starts show as 14:05, older ones with their date. */
static char *
format_started (GDateTime *started_at)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (started_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
set_busy_error (GError     **error,
                int          fd,
                const char  *connection_name)
{
  g_autoptr(FerryRunLockHolder) holder = read_holder (fd);
  g_autofree char *started = NULL;

  if (holder == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                   "Another sync of “%s” is running. Wait for it to finish or cancel it there.",
                   connection_name);
      return;
    }
  started = format_started (holder->started_at);
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
               "Another sync of “%s” is running (%s, pid %d, started %s). "
               "Wait for it to finish or cancel it there.",
               connection_name, holder->program, (int) holder->pid, started);
}

static gboolean
ensure_folder (const char  *path,
               GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not create the folder “%s” for the run lock: %s",
                   folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static struct flock
whole_file_lock (short type)
{
  struct flock lock;

  /* OFD locks insist on l_pid == 0. */
  memset (&lock, 0, sizeof lock);
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  return lock;
}

FerryRunLock *
ferry_run_lock_try_acquire (const char  *lock_path,
                            const char  *connection_name,
                            const char  *program,
                            GError     **error)
{
  g_autoptr(FerryRunLock) self = NULL;
  struct flock lock = whole_file_lock (F_WRLCK);

  g_return_val_if_fail (lock_path != NULL, NULL);
  g_return_val_if_fail (connection_name != NULL, NULL);
  g_return_val_if_fail (program != NULL && *program != '\0' && strchr (program, '\n') == NULL,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_RUN_LOCK, NULL);
  self->path = g_canonicalize_filename (lock_path, NULL);
  self->program = g_strdup (program);

  if (!ensure_folder (self->path, error))
    return NULL;
  /* Close-on-exec: a child we spawn must not keep our lock alive. */
  self->fd = g_open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      set_io_error (error, errno, "open", self->path);
      return NULL;
    }

  if (fcntl (self->fd, F_OFD_SETLK, &lock) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EAGAIN || saved_errno == EACCES)
        set_busy_error (error, self->fd, connection_name);
      else
        set_io_error (error, saved_errno, "take", self->path);
      return NULL; /* finalize closes the descriptor */
    }

  self->held = TRUE;
  self->started_at = g_date_time_new_now_utc ();
  if (!write_holder (self, error))
    return NULL;

  g_debug ("Took the run lock %s for %s", self->path, self->program);
  return g_steal_pointer (&self);
}

void
ferry_run_lock_release (FerryRunLock *self)
{
  g_return_if_fail (FERRY_IS_RUN_LOCK (self));

  if (self->fd < 0)
    return;
  /* Emptied first, while still held, so nobody reads a stale holder. A
   * refused taker only closes its descriptor: that drops no one's lock. */
  if (self->held && ftruncate (self->fd, 0) != 0)
    g_debug ("Could not empty the run lock %s: %s", self->path, g_strerror (errno));
  close (self->fd);
  self->fd = -1;
  if (self->held)
    g_debug ("Released the run lock %s", self->path);
  self->held = FALSE;
}

gboolean
ferry_run_lock_is_held (FerryRunLock *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_LOCK (self), FALSE);

  return self->held;
}

const char *
ferry_run_lock_get_path (FerryRunLock *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_LOCK (self), NULL);

  return self->path;
}

const char *
ferry_run_lock_get_program (FerryRunLock *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_LOCK (self), NULL);

  return self->program;
}

GDateTime *
ferry_run_lock_get_started_at (FerryRunLock *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_LOCK (self), NULL);

  return self->started_at;
}

gboolean
ferry_run_lock_query (const char          *lock_path,
                      gboolean            *out_held,
                      FerryRunLockHolder **out_holder,
                      GError             **error)
{
  struct flock lock = whole_file_lock (F_WRLCK);
  int fd;

  g_return_val_if_fail (lock_path != NULL, FALSE);
  g_return_val_if_fail (out_held != NULL, FALSE);

  *out_held = FALSE;
  if (out_holder != NULL)
    *out_holder = NULL;

  fd = g_open (lock_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return TRUE;
      set_io_error (error, errno, "read", lock_path);
      return FALSE;
    }

  /* F_OFD_GETLK reports a conflicting lock without taking one, so asking
   * never makes a starting run fail. */
  if (fcntl (fd, F_OFD_GETLK, &lock) != 0)
    {
      int saved_errno = errno;

      close (fd);
      set_io_error (error, saved_errno, "check", lock_path);
      return FALSE;
    }

  *out_held = lock.l_type != F_UNLCK;
  if (*out_held && out_holder != NULL)
    *out_holder = read_holder (fd);
  close (fd);
  return TRUE;
}
