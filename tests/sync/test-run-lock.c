/* test-run-lock.c: one run per local connection, across processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-error.h"
#include "ferry-run-lock.h"
#include "ferry-test-util.h"
#include "ledger-test-util.h"

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_same_process (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (fixture->path);
  g_autoptr(FerryRunLock) first = NULL;
  g_autoptr(FerryRunLock) second = NULL;
  g_autoptr(FerryRunLockHolder) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("pid %d,", (int) getpid ());
  g_autofree char *contents = NULL;
  g_autofree char *folder = g_path_get_dirname (lock_path);
  gboolean held = TRUE;
  GStatBuf st;

  /* Nobody holds a lock whose file does not exist. */
  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_no_error (error);
  g_assert_false (held);
  g_assert_null (holder);

  first = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (ferry_run_lock_is_held (first));
  g_assert_cmpstr (ferry_run_lock_get_program (first), ==, "ferry");
  g_assert_nonnull (ferry_run_lock_get_started_at (first));

  g_assert_cmpint (g_stat (lock_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* A second taker in the same process is refused too, naming the holder. */
  second = ferry_run_lock_try_acquire (lock_path, "Main office", "ferryctl", &error);
  g_assert_null (second);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                                "Another sync of “Main office” is running (ferry, ", pid,
                                "started ", "Wait for it to finish or cancel it there.", NULL);
  g_clear_error (&error);

  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_no_error (error);
  g_assert_true (held);
  g_assert_nonnull (holder);
  g_assert_cmpint (holder->pid, ==, getpid ());
  g_assert_cmpstr (holder->program, ==, "ferry");
  g_assert_true (g_date_time_equal (holder->started_at, ferry_run_lock_get_started_at (first)));
  g_clear_pointer (&holder, ferry_run_lock_holder_free);

  ferry_run_lock_release (first);
  ferry_run_lock_release (first);
  g_assert_false (ferry_run_lock_is_held (first));
  contents = read_file (lock_path);
  g_assert_cmpstr (contents, ==, "");
  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_false (held);

  second = ferry_run_lock_try_acquire (lock_path, "Main office", "ferryctl", &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_unref_releases (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (fixture->path);
  g_autoptr(GError) error = NULL;
  FerryRunLock *lock;

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_no_error (error);
  g_object_unref (lock);

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  g_object_unref (lock);
}

/* Runs this test program as a lock holder: --hold LOCK PROGRAM. It says
 * "held" once it holds the lock and keeps it until its stdin closes. */
static GSubprocess *
spawn_holder (const char *lock_path,
              const char *program,
              GDataInputStream **out_stdout)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, self_exe, "--hold", lock_path, program, NULL);
  g_assert_no_error (error);
  *out_stdout = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (*out_stdout, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "held");
  return process;
}

static void
kill_and_wait (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

static void
test_other_process (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (fixture->path);
  g_autoptr(GSubprocess) holder_process = NULL;
  g_autoptr(GDataInputStream) holder_out = NULL;
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(FerryRunLockHolder) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = NULL;
  gboolean held = FALSE;

  holder_process = spawn_holder (lock_path, "ferryctl daemon", &holder_out);
  pid = g_strdup_printf ("(ferryctl daemon, pid %s, started ",
                         g_subprocess_get_identifier (holder_process));

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_null (lock);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                                "Another sync of “Main office” is running ", pid,
                                "Wait for it to finish", NULL);
  g_clear_error (&error);

  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_no_error (error);
  g_assert_true (held);
  g_assert_nonnull (holder);
  g_assert_cmpint (holder->pid, ==, atoi (g_subprocess_get_identifier (holder_process)));
  g_assert_cmpstr (holder->program, ==, "ferryctl daemon");
  g_clear_pointer (&holder, ferry_run_lock_holder_free);

  /* SIGKILL gives the holder no chance to clean up; the kernel frees the lock. */
  kill_and_wait (holder_process);

  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_no_error (error);
  g_assert_false (held);
  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferryctl", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);

  g_assert_true (ferry_run_lock_query (lock_path, &held, &holder, &error));
  g_assert_true (held);
  g_assert_cmpint (holder->pid, ==, getpid ());
  g_assert_cmpstr (holder->program, ==, "ferryctl");
}

/* A program the holder starts (a hook, a helper) must not inherit the lock. */
static void
test_not_inherited (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "60", NULL);
  g_assert_no_error (error);
  ferry_run_lock_release (lock);
  g_clear_object (&lock);

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", "ferry", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);

  kill_and_wait (child);
}

static void
test_paths (void)
{
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger ("/var/lib/ferry/ledgers/a.db");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *relative = ferry_run_lock_path_for_ledger ("ledgers/../b.db");
  g_autofree char *expected = g_build_filename (cwd, "b.db.lock", NULL);

  g_assert_cmpstr (lock_path, ==, "/var/lib/ferry/ledgers/a.db.lock");
  g_assert_cmpstr (relative, ==, expected);
}

static int
hold_lock (const char *lock_path,
           const char *program)
{
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[64];

  lock = ferry_run_lock_try_acquire (lock_path, "Main office", program, &error);
  if (lock == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("held\n");
  fflush (stdout);
  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);

      if (n == 0 || (n < 0 && errno != EINTR))
        return 0;
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--hold"))
    return hold_lock (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run-lock/paths", test_paths);
  add_test ("/run-lock/same-process", test_same_process);
  add_test ("/run-lock/unref-releases", test_unref_releases);
  add_test ("/run-lock/other-process", test_other_process);
  add_test ("/run-lock/not-inherited", test_not_inherited);

  return g_test_run ();
}
