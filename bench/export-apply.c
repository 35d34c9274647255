/* export-apply.c: how fast the export applier writes cloud work into an
 * accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on a private copy of an accounting database: a demo company it
 * generates, or a copy of the file given (e.g. one made by `ferryctl
 * demo-data --out F --records 200000`), so that runs can be repeated on the
 * same data. Builds valid export items from keys read from the database,
 * time entries and, every --pcco-every items, a prime contract change order
 * with three items, and applies them one by one with
 * ferry_export_applier_apply(), each in its own transaction. Only the apply
 * calls are timed; building the JSON of an item is not.
 *
 * The database's own journal mode and synchronous setting are used and
 * printed: they decide what a commit costs. --pragmas runs SQL on the copy
 * first, to see what another setting of the accounting system would give
 * (e.g. "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL").
 */
#define G_LOG_DOMAIN "export-apply"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "ferry-demo-generator.h"
#include "ferry-export-applier.h"

typedef struct
{
  gint64    items;
  gint64    records;
  gint      pcco_every;
  gboolean  keep;
  char     *pragmas;  /* owned, nullable */
  char     *dir;      /* owned: the private copy's directory */
  char     *path;     /* owned: the private copy */
} Options;

/* Keys of the demo company that export items may reference. */
typedef struct
{
  GPtrArray *employees;      /* char * (owned) */
  GPtrArray *job_cost_codes; /* char * (owned) pairs: job, cost code */
  GPtrArray *categories;     /* char * (owned) */
  GPtrArray *contract_items; /* char * (owned) pairs: contract, item */
} Keys;

static void
keys_clear (Keys *keys)
{
  g_clear_pointer (&keys->employees, g_ptr_array_unref);
  g_clear_pointer (&keys->job_cost_codes, g_ptr_array_unref);
  g_clear_pointer (&keys->categories, g_ptr_array_unref);
  g_clear_pointer (&keys->contract_items, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Keys, keys_clear)

/* Every column of every row of @sql, in order; at least one row. */
static GPtrArray *
read_keys (FerryAccountingDb  *db,
           const char         *sql,
           GError            **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ferry_accounting_db_prepare (db, sql, "read the keys to reference", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, i)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_accounting_db_fail (db, rc, "read the keys to reference", error);
      return NULL;
    }
  if (keys->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The database has nothing for “%s”", sql);
      return NULL;
    }
  return g_steal_pointer (&keys);
}

static gboolean
read_all_keys (FerryAccountingDb  *db,
               Keys               *keys,
               GError            **error)
{
  keys->employees = read_keys (db, "SELECT employee FROM pr_employee WHERE is_active = 1 ORDER BY 1", error);
  if (keys->employees == NULL)
    return FALSE;
  keys->job_cost_codes = read_keys (db, "SELECT c.job, c.cost_code FROM jc_job_cost_code c"
                                        " JOIN cv_job j USING (job)"
                                        " WHERE c.is_active = 1 AND j.is_active = 1 ORDER BY 1, 2", error);
  if (keys->job_cost_codes == NULL)
    return FALSE;
  keys->categories = read_keys (db, "SELECT category FROM jc_category ORDER BY 1", error);
  if (keys->categories == NULL)
    return FALSE;
  keys->contract_items = read_keys (db, "SELECT contract, item FROM cn_contract_item ORDER BY 1, 2", error);
  return keys->contract_items != NULL;
}

/* A time entry whose natural key no other item and no demo row has: the
 * work dates start after the demo company's as-of date. */
static JsonNode *
build_time_entry (Keys   *keys,
                  gint64  n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_jobs = keys->job_cost_codes->len / 2;
  gint64 rest = n / keys->employees->len;
  guint job = rest % n_jobs;
  guint category = (rest / n_jobs) % keys->categories->len;
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2027);
  g_autofree char *export_id = g_strdup_printf ("bench-time-%" G_GINT64_FORMAT, n);
  char work_date[16];

  g_date_add_days (date, rest / n_jobs / keys->categories->len);
  g_date_strftime (work_date, sizeof work_date, "%Y-%m-%d", date);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "export_id");
  json_builder_add_string_value (builder, export_id);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "export.time_entry");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "employee");
  json_builder_add_string_value (builder, g_ptr_array_index (keys->employees, n % keys->employees->len));
  json_builder_set_member_name (builder, "work_date");
  json_builder_add_string_value (builder, work_date);
  json_builder_set_member_name (builder, "job");
  json_builder_add_string_value (builder, g_ptr_array_index (keys->job_cost_codes, 2 * job));
  json_builder_set_member_name (builder, "cost_code");
  json_builder_add_string_value (builder, g_ptr_array_index (keys->job_cost_codes, 2 * job + 1));
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, g_ptr_array_index (keys->categories, category));
  json_builder_set_member_name (builder, "pay_id");
  json_builder_add_string_value (builder, "REG");
  json_builder_set_member_name (builder, "hours");
  json_builder_add_string_value (builder, n % 2 ? "8.50" : "7.25");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "Framing");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_pcco_item (JsonBuilder *builder,
               const char  *item,
               const char  *contract_item,
               const char  *amount)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "item");
  json_builder_add_string_value (builder, item);
  json_builder_set_member_name (builder, "contract_item");
  if (contract_item != NULL)
    json_builder_add_string_value (builder, contract_item);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "Added scope");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_end_object (builder);
}

static JsonNode *
build_pcco (Keys   *keys,
            gint64  n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint pair = n % (keys->contract_items->len / 2);
  g_autofree char *export_id = g_strdup_printf ("bench-pcco-%" G_GINT64_FORMAT, n);
  g_autofree char *change_order = g_strdup_printf ("B%07" G_GINT64_FORMAT, n);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "export_id");
  json_builder_add_string_value (builder, export_id);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "export.pcco");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contract");
  json_builder_add_string_value (builder, g_ptr_array_index (keys->contract_items, 2 * pair));
  json_builder_set_member_name (builder, "change_order");
  json_builder_add_string_value (builder, change_order);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "Added scope");
  json_builder_set_member_name (builder, "change_order_date");
  json_builder_add_string_value (builder, "2027-03-01");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "Approved");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, "1234.50");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  add_pcco_item (builder, "1", g_ptr_array_index (keys->contract_items, 2 * pair + 1), "1000.00");
  add_pcco_item (builder, "2", NULL, "234.55");
  add_pcco_item (builder, "3", NULL, "-0.05");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
read_pragma (FerryAccountingDb *db,
             const char        *sql)
{
  g_autoptr(GPtrArray) values = read_keys (db, sql, NULL);

  return values != NULL ? g_strdup (g_ptr_array_index (values, 0)) : g_strdup ("?");
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Applies @options->items items; prints the rate and the latencies. */
static gboolean
run (Options            *options,
     FerryAccountingDb  *db,
     GError            **error)
{
  g_auto(Keys) keys = { NULL, NULL, NULL, NULL };
  g_autoptr(FerryExportApplier) applier = NULL;
  g_autofree gint64 *latencies = g_new (gint64, MAX (options->items, 1));
  g_autofree char *journal = read_pragma (db, "PRAGMA journal_mode");
  g_autofree char *synchronous = read_pragma (db, "PRAGMA synchronous");
  struct rusage usage;
  gint64 total = 0, n_pcco = 0;

  if (!read_all_keys (db, &keys, error))
    return FALSE;
  applier = ferry_export_applier_new (db, ferry_catalog_get_default (), error);
  if (applier == NULL)
    return FALSE;
  for (gint64 n = 0; n < options->items; n++)
    {
      gboolean pcco = options->pcco_every > 0 && n % options->pcco_every == options->pcco_every - 1;
      g_autoptr(JsonNode) item = pcco ? build_pcco (&keys, n) : build_time_entry (&keys, n);
      g_autofree char *accounting_id = NULL;
      FerryExportOutcome outcome;
      gint64 start = g_get_monotonic_time ();

      if (!ferry_export_applier_apply (applier, json_node_get_object (item), &outcome,
                                       &accounting_id, error))
        {
          g_prefix_error (error, "Item %" G_GINT64_FORMAT ": ", n);
          return FALSE;
        }
      latencies[n] = g_get_monotonic_time () - start;
      total += latencies[n];
      n_pcco += pcco;
      if (outcome != FERRY_EXPORT_APPLIED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Item %" G_GINT64_FORMAT " was %s",
                       n, ferry_export_outcome_to_string (outcome));
          return FALSE;
        }
    }
  getrusage (RUSAGE_SELF, &usage);
  qsort (latencies, options->items, sizeof (gint64), compare_gint64);
  printf ("journal_mode=%s synchronous=%s\n", journal, synchronous);
  printf ("items=%" G_GINT64_FORMAT " (pcco %" G_GINT64_FORMAT ") seconds=%.2f items/s=%.0f"
          " p50_us=%" G_GINT64_FORMAT " p99_us=%" G_GINT64_FORMAT " peak_rss_kib=%ld\n",
          options->items, n_pcco, total / 1e6, options->items / MAX (total / 1e6, 1e-6),
          options->items > 0 ? latencies[options->items / 2] : 0,
          options->items > 0 ? latencies[options->items * 99 / 100] : 0,
          usage.ru_maxrss);
  return TRUE;
}

/* The private copy: a new demo company, or a copy of @source. */
static gboolean
make_database (Options     *options,
               const char  *source,
               GError     **error)
{
  options->dir = g_dir_make_tmp ("ferry-export-apply-XXXXXX", error);
  if (options->dir == NULL)
    return FALSE;
  options->path = g_build_filename (options->dir, "acct.db", NULL);
  if (source != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (source);
      g_autoptr(GFile) to = g_file_new_for_path (options->path);

      return g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
    }
  else
    {
      g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();

      ferry_demo_generator_set_records (generator, options->records);
      return ferry_demo_generator_run (generator, options->path, FALSE, NULL, error);
    }
}

static void
remove_database (Options *options)
{
  const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  if (options->dir == NULL)
    return;
  if (options->keep)
    {
      g_printerr ("Kept %s\n", options->path);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (options->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (options->dir);
}

int
main (int   argc,
      char *argv[])
{
  Options options = { 10000, 20000, 10, FALSE, NULL, NULL, NULL };
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT64, &options.items, "Export items to apply (10000)", "N" },
    { "records", 0, 0, G_OPTION_ARG_INT64, &options.records,
      "Records of the demo company made when no database is given (20000)", "N" },
    { "pcco-every", 0, 0, G_OPTION_ARG_INT, &options.pcco_every,
      "Every Nth item is a change order with three items, the rest time entries; 0 for none (10)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &options.keep, "Keep the database copy", NULL },
    { "pragmas", 0, 0, G_OPTION_ARG_STRING, &options.pragmas,
      "SQL run on the copy before the items, e.g. \"PRAGMA journal_mode = WAL\"", "SQL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[ACCOUNTING-DB] — time the export applier");
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc > 2 || options.items < 0 || options.pcco_every < 0)
    {
      g_printerr ("Usage: export-apply [--items N] [ACCOUNTING-DB]\n");
      return 2;
    }
  ok = make_database (&options, argc == 2 ? argv[1] : NULL, &error);
  if (ok)
    db = ferry_accounting_db_open (options.path, FERRY_ACCOUNTING_DB_READ_WRITE, &error);
  if (db != NULL && options.pragmas != NULL &&
      !ferry_accounting_db_exec (db, options.pragmas, "run --pragmas", &error))
    g_clear_object (&db);
  ok = db != NULL && run (&options, db, &error);
  if (db != NULL && !ferry_accounting_db_close (db, ok ? &error : NULL))
    ok = FALSE;
  remove_database (&options);
  g_free (options.dir);
  g_free (options.path);
  g_free (options.pragmas);
  if (!ok)
    {
      g_printerr ("export-apply: %s\n", error->message);
      return 1;
    }
  return 0;
}
