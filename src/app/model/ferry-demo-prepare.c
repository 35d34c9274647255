/* ferry-demo-prepare.c: the demo's files, on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "ferry-demo-generator.h"
#include "ferry-demo-session-private.h"
#include "ferry-demo-session.h"
#include "ferry-error.h"
#include "ferry-secrets.h"

#define PASSWORD_BYTES 18

void
ferry_demo_plan_free (FerryDemoPlan *plan)
{
  g_free (plan->cloud);
  g_free (plan->directory);
  g_free (plan->profile_dir);
  g_clear_pointer (&plan->password, ferry_secrets_password_free);
  g_free (plan);
}

char *
ferry_demo_new_password (void)
{
  guchar bytes[PASSWORD_BYTES];
  char *password;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    {
      /* Only a throwaway password of a cloud on loopback depends on it. */
      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = (guchar) g_random_int_range (0, 256);
    }
  password = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  return password;
}

static gboolean
file_error (GError     **error,
            const char  *doing,
            const char  *path)
{
  int saved_errno = errno;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s %s: %s", doing, path, g_strerror (saved_errno));
  return FALSE;
}

/* Removes @path and everything below it; links are removed, never
 * followed. A missing @path is fine. */
static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT ? TRUE : file_error (error, _("Could not remove"), path);
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, error);
      const char *name;

      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!remove_tree (child, error))
            return FALSE;
        }
    }
  if (g_remove (path) != 0 && errno != ENOENT)
    return file_error (error, _("Could not remove"), path);
  return TRUE;
}

static gboolean
write_password (const FerryDemoPlan  *plan,
                GError              **error)
{
  g_autofree char *path = g_build_filename (plan->directory, "password", NULL);
  g_autofree char *contents = g_strconcat (plan->password, "\n", NULL);
  gboolean written;

  written = g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                      error);
  explicit_bzero (contents, strlen (contents));
  return written;
}

/* Runs `ferry-cloud ARGS…` with @input on its standard input. */
static gboolean
run_admin (const FerryDemoPlan  *plan,
           const char           *input,
           const char * const   *args,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, plan->cloud);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL
      || !g_subprocess_communicate_utf8 (process, input, cancellable, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   _("Could not set up the demo cloud (ferry-cloud %s %s): %s"), args[0],
                   args[1], err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_cloud (const FerryDemoPlan  *plan,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autofree char *db = g_build_filename (plan->directory, "cloud.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *input = g_strconcat (plan->password, "\n", NULL);
  gboolean made;

  if (!remove_tree (db, error) || !remove_tree (wal, error) || !remove_tree (shm, error))
    return FALSE;

  made = run_admin (plan, NULL,
                    (const char * const[]) { "site", "add", "--db", db, FERRY_DEMO_SITE, NULL },
                    cancellable, error)
         && run_admin (plan, NULL,
                       (const char * const[]) { "company", "add", "--db", db,
                                                "--site", FERRY_DEMO_SITE, FERRY_DEMO_COMPANY,
                                                FERRY_DEMO_CONNECTION_NAME, NULL },
                       cancellable, error)
         && run_admin (plan, input,
                       (const char * const[]) { "user", "add", "--db", db,
                                                "--site", FERRY_DEMO_SITE, "--role", "admin",
                                                "--can-sync", "--display-name",
                                                "Demo Administrator", FERRY_DEMO_USER, NULL },
                       cancellable, error);
  explicit_bzero (input, strlen (input));
  return made;
}

static gboolean
make_accounting_db (const FerryDemoPlan  *plan,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autofree char *path = g_build_filename (plan->directory, "accounting.db", NULL);

  ferry_demo_generator_set_records (generator, plan->records);
  return ferry_demo_generator_run (generator, path, TRUE, cancellable, error);
}

gboolean
ferry_demo_prepare (const FerryDemoPlan  *plan,
                    GCancellable         *cancellable,
                    GError              **error)
{
  if (g_mkdir_with_parents (plan->directory, 0700) != 0)
    return file_error (error, _("Could not create the folder"), plan->directory);

  return remove_tree (plan->profile_dir, error)
         && write_password (plan, error)
         && make_accounting_db (plan, cancellable, error)
         && make_cloud (plan, cancellable, error);
}
