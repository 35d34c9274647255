/* ferryctl-demo-data.c: ferryctl demo-data, a demo accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-demo-data"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "ferry-catalog.h"
#include "ferry-demo-generator.h"
#include "ferry-error.h"
#include "ferryctl-util.h"

typedef struct
{
  char    *out;     /* owned */
  gint64   records;
  char    *seed;    /* owned */
  char    *as_of;   /* owned */
  gboolean force;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->out);
  g_free (options->seed);
  g_free (options->as_of);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Exit status 2 and a message for bad arguments, 0 when they are fine. */
static int
apply_options (Options            *options,
               FerryDemoGenerator *generator)
{
  g_autoptr(GError) error = NULL;
  guint64 seed = 1;

  if (options->out == NULL)
    return ferryctl_usage_error ("--out FILE is required");
  if (options->records < 1 || options->records > G_MAXUINT32)
    return ferryctl_usage_error ("--records must be a number from 1 to 4294967295");
  if (options->seed != NULL
      && !g_ascii_string_to_unsigned (options->seed, 10, 0, G_MAXUINT64, &seed, &error))
    return ferryctl_usage_error ("--seed must be a whole number of at least 0");
  if (options->as_of != NULL
      && !ferry_demo_generator_set_as_of_string (generator, options->as_of, &error))
    return ferryctl_usage_error ("--as-of: %s", error->message);
  ferry_demo_generator_set_seed (generator, seed);
  ferry_demo_generator_set_records (generator, (guint64) options->records);
  return FERRYCTL_EXIT_OK;
}

static void
on_progress (FerryDemoGenerator *generator,
             const char         *table,
             guint64             done,
             guint64             total,
             gpointer            user_data)
{
  fprintf (stderr, "\r\033[KGenerating %-28s %3u%%  %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows",
           table != NULL ? table : "", (guint) (total > 0 ? done * 100 / total : 100), done, total);
  fflush (stderr);
}

/* Whether @type is the one to print @table under: the first push type
 * writing it, else the first export type. */
static gboolean
owns_table (FerryCatalog    *catalog,
            FerryEntityType *type,
            const char      *table)
{
  GListModel *model = G_LIST_MODEL (catalog);
  gboolean want_push = ferry_entity_type_is_push (type);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEntityType) other = g_list_model_get_item (model, i);
      gboolean writes = g_strcmp0 (ferry_entity_type_get_table (other), table) == 0
                        || g_strcmp0 (ferry_entity_type_get_items_table (other), table) == 0;

      if (!writes)
        continue;
      if (ferry_entity_type_is_push (other))
        return other == type;
      if (!want_push && other == type)
        return TRUE;
    }
  return FALSE;
}

static void
print_row (GHashTable  *printed,
           const char  *label,
           const char  *table,
           guint64      rows)
{
  printf ("%-34s %-30s %10" G_GUINT64_FORMAT "\n", label, table, rows);
  g_hash_table_add (printed, (gpointer) table);
}

static void
print_summary (FerryDemoGenerator *generator,
               const char         *path,
               double              seconds)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  GListModel *model = G_LIST_MODEL (catalog);
  g_autoptr(GHashTable) printed = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *tables = ferry_demo_generator_get_tables (generator);
  guint64 total = 0;

  printf ("Wrote %s (seed %" G_GUINT64_FORMAT ")\n\n%-34s %-30s %10s\n", path,
          ferry_demo_generator_get_seed (generator), "Entity type", "Table", "Rows");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (model, i);
      const char *table = ferry_entity_type_get_table (type);
      const char *items = ferry_entity_type_get_items_table (type);

      if (owns_table (catalog, type, table) && !g_hash_table_contains (printed, table))
        print_row (printed, ferry_entity_type_get_label (type), table,
                   ferry_demo_generator_get_row_count (generator, table));
      if (items != NULL && owns_table (catalog, type, items) && !g_hash_table_contains (printed, items))
        {
          g_autofree char *label = g_strdup_printf ("%s (items)", ferry_entity_type_get_label (type));
          print_row (printed, label, items, ferry_demo_generator_get_row_count (generator, items));
        }
    }
  for (guint i = 0; tables[i] != NULL; i++)
    {
      total += ferry_demo_generator_get_row_count (generator, tables[i]);
      if (!g_hash_table_contains (printed, tables[i]))
        print_row (printed, "(no entity type)", tables[i],
                   ferry_demo_generator_get_row_count (generator, tables[i]));
    }

  printf ("%-34s %-30s %10" G_GUINT64_FORMAT "\n\n", "Total", "", total);
  printf ("%.2f s, %.0f records/s\n", seconds, seconds > 0 ? (double) total / seconds : 0.0);
}

typedef struct
{
  FerryDemoGenerator *generator; /* borrowed */
  const char         *path;
  gboolean            overwrite;
} Job;

/* Runs on a worker thread so that Ctrl+C or SIGTERM cancel the run (the
 * generator removes its temporary file) instead of killing it. */
static gboolean
generate (gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Job *job = data;

  return ferry_demo_generator_run (job->generator, job->path, job->overwrite, cancellable, error);
}

int
ferryctl_demo_data (int    argc,
                    char **argv)
{
  g_auto(Options) options = { NULL, FERRY_DEMO_GENERATOR_DEFAULT_RECORDS, NULL, NULL, FALSE };
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &options.out, "Database file to write", "FILE" },
    { "records", 'n', 0, G_OPTION_ARG_INT64, &options.records,
      "Rows over all tables (default 20000)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &options.seed, "Same seed, same data (default 1)", "S" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &options.as_of,
      "Latest modification day (default " FERRY_DEMO_GENERATOR_DEFAULT_AS_OF ")", "YYYY-MM-DD" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &options.force, "Replace FILE if it exists", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— write a demo accounting database");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  gboolean tty = isatty (fileno (stderr));
  Job job = { generator, NULL, FALSE };
  gint64 start;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Generates a construction company (customers, jobs, contracts, "
                                "commitments, job cost transactions, time entries …) into a new\n"
                                "SQLite accounting database. The same seed, records and as-of "
                                "date give a byte-identical file.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ferryctl_usage_error ("%s", error->message);
  if (argc > 1)
    return ferryctl_usage_error ("unexpected argument; the file goes after --out");
  status = apply_options (&options, generator);
  if (status != 0)
    return status;

  if (tty)
    g_signal_connect (generator, "progress", G_CALLBACK (on_progress), NULL);
  job.path = options.out;
  job.overwrite = options.force;
  start = g_get_monotonic_time ();
  if (!ferryctl_run_cancellable ("demo-data", generate, &job, &error))
    {
      if (tty)
        fprintf (stderr, "\r\033[K");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fprintf (stderr, "%s: stopped; “%s” was not written\n", g_get_prgname (), options.out);
          return FERRYCTL_EXIT_CANCELLED;
        }
      if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_EXISTS))
        {
          g_clear_error (&error);
          g_set_error (&error, FERRY_ERROR, FERRY_ERROR_EXISTS,
                       "“%s” already exists; use --force to replace it", options.out);
        }
      return ferryctl_fail (error);
    }
  if (tty)
    fprintf (stderr, "\r\033[K");

  print_summary (generator, options.out,
                 (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  return FERRYCTL_EXIT_OK;
}
