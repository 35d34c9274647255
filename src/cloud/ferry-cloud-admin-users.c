/* ferry-cloud-admin-users.c: `ferry-cloud user`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passwords come from standard input (or a prompt on a terminal), never
 * from the command line, where other users could read them.
 */
#define G_LOG_DOMAIN "ferry-cloud-admin"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ferry-cloud-admin.h"
#include "ferry-cloud-auth.h"
#include "ferry-cloud-password.h"
#include "ferry-cloud-problem.h"

static char *
read_line (FILE *in)
{
  char buffer[1024];
  gsize len;

  if (fgets (buffer, sizeof buffer, in) == NULL)
    return NULL;
  len = strlen (buffer);
  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    buffer[--len] = '\0';
  return g_strdup (buffer);
}

static char *
prompt (const char *question)
{
  struct termios saved, quiet;
  char *answer;

  g_printerr ("%s", question);
  tcgetattr (STDIN_FILENO, &saved);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  answer = read_line (stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");

  return answer;
}

static char *
read_password (GError **error)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (!isatty (STDIN_FILENO))
    {
      first = read_line (stdin);
      if (first == NULL || *first == '\0')
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                       "No password on standard input: give it as the first line.");
          return NULL;
        }
      return g_steal_pointer (&first);
    }

  first = prompt ("New password: ");
  second = prompt ("Again: ");
  if (first == NULL || g_strcmp0 (first, second) != 0)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "The two passwords differ. Nothing was changed.");
      return NULL;
    }
  return g_steal_pointer (&first);
}

static void
clear_password (char **password)
{
  if (*password != NULL)
    memset (*password, 0, strlen (*password));
  g_clear_pointer (password, g_free);
}

typedef struct
{
  char     *db;
  char     *site;
  char     *display_name;
  char     *role;
  gboolean  can_sync;
  gboolean  no_can_sync;
  gboolean  password;
  int       iterations;
} UserOptions;

static void
user_options_clear (UserOptions *options)
{
  g_free (options->db);
  g_free (options->site);
  g_free (options->display_name);
  g_free (options->role);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UserOptions, user_options_clear)

static int
run (UserOptions  *options,
     int           argc,
     char        **argv)
{
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gint64 site_id;
  int result = 0;

  if ((store = ferry_cloud_admin_open_store (options->db, &error)) == NULL
      || !ferry_cloud_admin_resolve_company (store, options->site, NULL, &site_id, NULL, &error))
    return ferry_cloud_admin_fail (error);

  if (g_strcmp0 (argv[1], "list") == 0)
    {
      g_autoptr(JsonNode) users = ferry_cloud_auth_list_users (store, site_id, &error);

      if (users == NULL)
        return ferry_cloud_admin_fail (error);
      ferry_cloud_admin_print_json (users);
      return 0;
    }

  if ((g_strcmp0 (argv[1], "add") == 0 || options->password)
      && (password = read_password (&error)) == NULL)
    return ferry_cloud_admin_fail (error);

  if (g_strcmp0 (argv[1], "add") == 0)
    {
      if (ferry_cloud_auth_add_user (store, site_id, argv[2], options->display_name,
                                     options->role ? options->role : "member",
                                     options->can_sync, password,
                                     (guint) options->iterations, &error) == 0)
        result = ferry_cloud_admin_fail (error);
      else
        g_print ("User %s created in site %s%s.\n", argv[2], options->site,
                 options->can_sync ? ", with Can Sync" : ", without Can Sync");
    }
  else
    {
      int can_sync = options->can_sync ? 1 : options->no_can_sync ? 0 : -1;

      if (!ferry_cloud_auth_update_user (store, site_id, argv[2], options->role, can_sync,
                                         password, (guint) options->iterations, &error))
        result = ferry_cloud_admin_fail (error);
      else
        g_print ("User %s changed%s.\n", argv[2],
                 password != NULL ? "; their tokens were revoked" : "");
    }

  clear_password (&password);
  return result;
}

int
ferry_cloud_cmd_user (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("add NAME | set NAME | list");
  g_autoptr(GError) error = NULL;
  g_auto(UserOptions) options = { .iterations = FERRY_CLOUD_PASSWORD_ITERATIONS };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, "The cloud database", "FILE" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &options.site, "The site", "SITE" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &options.display_name, "The name people see", "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role, "admin or member (default member)", "ROLE" },
    { "can-sync", 0, 0, G_OPTION_ARG_NONE, &options.can_sync, "Grant the Can Sync permission", NULL },
    { "no-can-sync", 0, 0, G_OPTION_ARG_NONE, &options.no_can_sync, "Withdraw Can Sync (set)", NULL },
    { "password", 0, 0, G_OPTION_ARG_NONE, &options.password, "Set a new password (set)", NULL },
    { "kdf-iterations", 0, 0, G_OPTION_ARG_INT, &options.iterations,
      "PBKDF2 iterations for the password (default 600000, at least 100000)", "N" },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Create, change or list the users of a site. The password is read from\n"
      "standard input (its first line), or asked for on a terminal.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferry-cloud: %s\n", error->message);
      return 2;
    }
  if (!((argc == 3 && (g_strcmp0 (argv[1], "add") == 0 || g_strcmp0 (argv[1], "set") == 0))
        || (argc == 2 && g_strcmp0 (argv[1], "list") == 0))
      || (options.can_sync && options.no_can_sync))
    {
      g_printerr ("Usage: ferry-cloud user --db FILE --site SITE add NAME | set NAME | list\n");
      return 2;
    }
  if (options.iterations < FERRY_CLOUD_PASSWORD_MIN_ITERATIONS)
    {
      g_printerr ("ferry-cloud: --kdf-iterations must be at least %d.\n",
                  FERRY_CLOUD_PASSWORD_MIN_ITERATIONS);
      return 2;
    }

  return run (&options, argc, argv);
}
