/* ferry-test-util.h: small helpers shared by the GLib tests
 *
 * Header-only so that a test executable needs no extra source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

G_BEGIN_DECLS

/* Removes a flat temporary directory and the files in it. */
static inline void
ferry_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

static inline guint
ferry_test_count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Asserts @error is (@domain, @code) and its message contains each of the
 * NULL-terminated strings that follow. */
static inline void
ferry_test_assert_error_says (const GError *error,
                              GQuark        domain,
                              int           code,
                              ...)
{
  va_list args;

  g_assert_error (error, domain, code);
  va_start (args, code);
  for (const char *part = va_arg (args, const char *); part != NULL; part = va_arg (args, const char *))
    {
      if (strstr (error->message, part) == NULL)
        g_error ("“%s” does not say “%s”", error->message, part);
    }
  va_end (args);
}

static inline void
ferry_test_assert_strv_equal (const char * const *a,
                              const char * const *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_strv_equal (a, b));
}

typedef struct
{
  int   status;
  char *out; /* owned */
  char *err; /* owned */
} FerryTestResult;

static inline void
ferry_test_result_clear (FerryTestResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/* Runs $FERRYCTL with the given arguments (NULL-terminated). */
static inline void
ferry_test_run_ferryctl (FerryTestResult *result,
                         const char      *first_arg,
                         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_assert_nonnull (g_getenv ("FERRYCTL"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRYCTL"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
}

G_END_DECLS
