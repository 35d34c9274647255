/* ferry-demo-generator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-generator"

#include "ferry-demo-generator.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#endif

#include "ferry-accounting-db.h"
#include "ferry-demo-spec.h"
#include "ferry-demo-writer.h"
#include "ferry-error.h"
#include "ferry-resources.h"

/* At most ten progress updates a second. */
#define PROGRESS_PERIOD_US (G_USEC_PER_SEC / 10)

struct _FerryDemoGenerator
{
  GObject        parent_instance;

  guint64        seed;
  guint64        records;
  GDate          as_of;
  FerryDemoSpec *spec;        /* owned, nullable until loaded */
  GStrv          tables;      /* owned, nullable */
  GArray        *row_counts;  /* owned, nullable; guint64 per table of the last run */

  /* During a run. */
  GCancellable  *cancellable; /* borrowed, nullable */
  guint64        total;
  gint64         last_progress;
};

G_DEFINE_FINAL_TYPE (FerryDemoGenerator, ferry_demo_generator, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEED,
  PROP_RECORDS,
  PROP_AS_OF,
  N_PROPS
};

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ferry_demo_generator_finalize (GObject *object)
{
  FerryDemoGenerator *self = FERRY_DEMO_GENERATOR (object);

  g_clear_pointer (&self->spec, ferry_demo_spec_free);
  g_clear_pointer (&self->tables, g_strfreev);
  g_clear_pointer (&self->row_counts, g_array_unref);

  G_OBJECT_CLASS (ferry_demo_generator_parent_class)->finalize (object);
}

static void
ferry_demo_generator_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryDemoGenerator *self = FERRY_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_RECORDS:
      g_value_set_uint64 (value, self->records);
      break;
    case PROP_AS_OF:
      g_value_set_boxed (value, &self->as_of);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_demo_generator_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FerryDemoGenerator *self = FERRY_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      ferry_demo_generator_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_RECORDS:
      ferry_demo_generator_set_records (self, g_value_get_uint64 (value));
      break;
    case PROP_AS_OF:
      if (g_value_get_boxed (value) != NULL)
        ferry_demo_generator_set_as_of (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_demo_generator_class_init (FerryDemoGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_demo_generator_finalize;
  object_class->get_property = ferry_demo_generator_get_property;
  object_class->set_property = ferry_demo_generator_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDS] =
    g_param_spec_uint64 ("records", NULL, NULL, 1, G_MAXUINT32,
                         FERRY_DEMO_GENERATOR_DEFAULT_RECORDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AS_OF] =
    g_param_spec_boxed ("as-of", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
ferry_demo_generator_init (FerryDemoGenerator *self)
{
  self->seed = 1;
  self->records = FERRY_DEMO_GENERATOR_DEFAULT_RECORDS;
  g_date_clear (&self->as_of, 1);
  ferry_demo_generator_set_as_of_string (self, FERRY_DEMO_GENERATOR_DEFAULT_AS_OF, NULL);
}

FerryDemoGenerator *
ferry_demo_generator_new (void)
{
  return g_object_new (FERRY_TYPE_DEMO_GENERATOR, NULL);
}

void
ferry_demo_generator_set_seed (FerryDemoGenerator *self,
                               guint64             seed)
{
  g_return_if_fail (FERRY_IS_DEMO_GENERATOR (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint64
ferry_demo_generator_get_seed (FerryDemoGenerator *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), 0);

  return self->seed;
}

void
ferry_demo_generator_set_records (FerryDemoGenerator *self,
                                  guint64             records)
{
  g_return_if_fail (FERRY_IS_DEMO_GENERATOR (self));

  if (self->records == records)
    return;
  self->records = records;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDS]);
}

guint64
ferry_demo_generator_get_records (FerryDemoGenerator *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), 0);

  return self->records;
}

void
ferry_demo_generator_set_as_of (FerryDemoGenerator *self,
                                const GDate        *as_of)
{
  g_return_if_fail (FERRY_IS_DEMO_GENERATOR (self));
  g_return_if_fail (as_of != NULL && g_date_valid (as_of));

  if (g_date_valid (&self->as_of) && g_date_compare (&self->as_of, as_of) == 0)
    return;
  self->as_of = *as_of;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AS_OF]);
}

const GDate *
ferry_demo_generator_get_as_of (FerryDemoGenerator *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), NULL);

  return &self->as_of;
}

gboolean
ferry_demo_generator_set_as_of_string (FerryDemoGenerator  *self,
                                       const char          *text,
                                       GError             **error)
{
  guint64 year, month, day;
  GDate date;

  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || !g_ascii_string_to_unsigned ((char[]) { text[0], text[1], text[2], text[3], 0 },
                                      10, 1900, 9000, &year, NULL)
      || !g_ascii_string_to_unsigned ((char[]) { text[5], text[6], 0 }, 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned ((char[]) { text[8], text[9], 0 }, 10, 1, 31, &day, NULL)
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a date like %s", text, FERRY_DEMO_GENERATOR_DEFAULT_AS_OF);
      return FALSE;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  ferry_demo_generator_set_as_of (self, &date);
  return TRUE;
}

gboolean
ferry_demo_generator_load_spec (FerryDemoGenerator  *self,
                                GBytes              *json,
                                GError             **error)
{
  g_autoptr(GBytes) builtin = NULL;
  g_autoptr(FerryAccountingDb) schema = NULL;
  g_autoptr(GStrvBuilder) tables = g_strv_builder_new ();
  FerryDemoSpec *spec;

  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), FALSE);

  if (json == NULL)
    {
      builtin = ferry_resources_lookup ("demo-company.json", error);
      if (builtin == NULL)
        return FALSE;
      json = builtin;
    }
  /* The description is checked against the real schema, in memory. */
  schema = ferry_accounting_db_create (":memory:", error);
  if (schema == NULL)
    return FALSE;
  spec = ferry_demo_spec_new_from_bytes (json, schema, error);
  if (spec == NULL)
    return FALSE;

  g_clear_pointer (&self->spec, ferry_demo_spec_free);
  g_clear_pointer (&self->row_counts, g_array_unref);
  self->spec = spec;
  for (guint i = 0; i < spec->tables->len; i++)
    g_strv_builder_add (tables, ((FerryDemoTable *) g_ptr_array_index (spec->tables, i))->name);
  g_clear_pointer (&self->tables, g_strfreev);
  self->tables = g_strv_builder_end (tables);
  return TRUE;
}

static gboolean
ensure_spec (FerryDemoGenerator  *self,
             GError             **error)
{
  return self->spec != NULL || ferry_demo_generator_load_spec (self, NULL, error);
}

guint64
ferry_demo_generator_get_min_records (FerryDemoGenerator  *self,
                                      GError             **error)
{
  guint64 min;

  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), 0);

  if (!ensure_spec (self, error))
    return 0;
  min = ferry_demo_spec_get_fixed_rows (self->spec);
  for (guint i = 0; i < self->spec->tables->len; i++)
    {
      FerryDemoTable *table = g_ptr_array_index (self->spec->tables, i);

      min += table->rows == NULL ? table->min_rows : 0;
    }
  return min;
}

/* Rows per table adding up to exactly the records asked for: fixed rows,
 * each table's minimum, and the rest shared by weight (largest remainders
 * first, earlier tables on ties). */
static GArray *
plan_rows (FerryDemoGenerator  *self,
           GError             **error)
{
  GPtrArray *tables = self->spec->tables;
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, TRUE, sizeof (guint64), tables->len);
  g_autofree double *remainders = g_new0 (double, tables->len);
  guint64 min = ferry_demo_generator_get_min_records (self, error);
  guint64 extra, given = 0;
  double total_weight = 0;

  if (self->records < min)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "A demo company needs at least %" G_GUINT64_FORMAT " records (one row of "
                   "every table and the fixed lists); %" G_GUINT64_FORMAT " is too few",
                   min, self->records);
      return NULL;
    }
  extra = self->records - min;
  for (guint i = 0; i < tables->len; i++)
    total_weight += ((FerryDemoTable *) g_ptr_array_index (tables, i))->weight;

  g_array_set_size (counts, tables->len);
  for (guint i = 0; i < tables->len; i++)
    {
      FerryDemoTable *table = g_ptr_array_index (tables, i);
      double share = (double) extra * table->weight / total_weight;
      guint64 whole = (guint64) share;

      if (table->rows != NULL)
        {
          g_array_index (counts, guint64, i) = table->rows->len;
          remainders[i] = -1;
          continue;
        }
      whole = MIN (whole, extra - given);
      g_array_index (counts, guint64, i) = table->min_rows + whole;
      remainders[i] = share - (double) whole;
      given += whole;
    }
  for (; given < extra; given++)
    {
      guint best = 0;

      for (guint i = 1; i < tables->len; i++)
        best = remainders[i] > remainders[best] ? i : best;
      g_array_index (counts, guint64, best)++;
      remainders[best] = -1;
    }
  return g_steal_pointer (&counts);
}

static void
emit_progress (FerryDemoGenerator *self,
               const char         *table,
               guint64             done)
{
  self->last_progress = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, table, done, self->total);
}

static gboolean
on_writer_progress (const char  *table,
                    guint64      done,
                    gpointer     user_data,
                    GError     **error)
{
  FerryDemoGenerator *self = user_data;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  if (g_get_monotonic_time () - self->last_progress >= PROGRESS_PERIOD_US)
    emit_progress (self, table, done);
  return TRUE;
}

/* Fast and deterministic: no journal and no fsync while the private
 * temporary file is written (a crash leaves only that file behind), and
 * the same statements in the same order give the same pages. */
static const char generating_pragmas[] =
  "PRAGMA journal_mode = OFF;"
  "PRAGMA synchronous = OFF;"
  "PRAGMA locking_mode = EXCLUSIVE;"
  "PRAGMA foreign_keys = OFF;"
  "PRAGMA temp_store = MEMORY;"
  "PRAGMA cache_size = -65536;";

static gboolean
write_tables (FerryDemoGenerator  *self,
              FerryAccountingDb   *db,
              GArray              *counts,
              GError             **error)
{
  g_autoptr(FerryDemoWriter) writer = ferry_demo_writer_new (self->spec, db, self->seed, &self->as_of);

  if (!ferry_accounting_db_exec (db, "BEGIN", "start writing the demo company", error))
    return FALSE;
  for (guint i = 0; i < self->spec->tables->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error)
          || !ferry_demo_writer_write_table (writer, i, g_array_index (counts, guint64, i),
                                             on_writer_progress, self, error))
        return FALSE;
    }
  return ferry_accounting_db_exec (db, "COMMIT", "save the demo company", error);
}

/* Reports errno (saved by the caller) about @path. */
static gboolean
set_file_error (GError     **error,
                int          saved_errno,
                const char  *doing,
                const char  *path)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED, "Could not %s “%s”: %s",
               doing, path, g_strerror (saved_errno));
  return FALSE;
}

/* Foreign keys are off while writing, for speed; a description whose
 * references break the schema's must not pass unnoticed. */
static gboolean
check_references (FerryAccountingDb  *db,
                  GError            **error)
{
  if (ferry_accounting_db_check_foreign_keys (db, error))
    return TRUE;
  g_prefix_error (error, "The demo company description does not fit the schema: ");
  return FALSE;
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
#ifdef G_OS_UNIX
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      return set_file_error (error, saved_errno, "save", path);
    }
  close (fd);
#endif
  return TRUE;
}

static gboolean
write_database (FerryDemoGenerator  *self,
                const char          *path,
                GArray              *counts,
                GError             **error)
{
  g_autoptr(FerryAccountingDb) db = ferry_accounting_db_create (path, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = ferry_accounting_db_exec (db, generating_pragmas, "prepare the demo company", error)
       && write_tables (self, db, counts, error)
       && check_references (db, error)
       && ferry_accounting_db_exec (db, "PRAGMA journal_mode = DELETE", "save the demo company", error);
  if (!ferry_accounting_db_close (db, ok ? error : NULL))
    ok = FALSE;
  return ok && sync_file (path, error);
}

static char *
make_temporary_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  char *temporary = g_build_filename (dir, name, NULL);
  /* Permissions as for any new file (umask applies), not mkstemp's 0600. */
  int fd = g_mkstemp_full (temporary, O_RDWR, 0666);

  if (fd < 0)
    {
      set_file_error (error, errno, "create a file in the folder", dir);
      g_free (temporary);
      return NULL;
    }
  g_close (fd, NULL);
  return temporary;
}

gboolean
ferry_demo_generator_run (FerryDemoGenerator  *self,
                          const char          *path,
                          gboolean             overwrite,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autofree char *temporary = NULL;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!ensure_spec (self, error) || (counts = plan_rows (self, error)) == NULL)
    return FALSE;
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS,
                   "“%s” already exists; choose another file or allow replacing it", path);
      return FALSE;
    }
  temporary = make_temporary_file (path, error);
  if (temporary == NULL)
    return FALSE;

  g_clear_pointer (&self->row_counts, g_array_unref);
  self->cancellable = cancellable;
  self->total = self->records;
  emit_progress (self, ((FerryDemoTable *) g_ptr_array_index (self->spec->tables, 0))->name, 0);
  ok = write_database (self, temporary, counts, error);
  self->cancellable = NULL;

  if (ok && g_rename (temporary, path) != 0)
    ok = set_file_error (error, errno, "save", path);
  if (!ok)
    {
      g_unlink (temporary);
      return FALSE;
    }

  self->row_counts = g_steal_pointer (&counts);
  emit_progress (self, NULL, self->total);
  return TRUE;
}

const char * const *
ferry_demo_generator_get_tables (FerryDemoGenerator *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), NULL);

  return (const char * const *) self->tables;
}

guint64
ferry_demo_generator_get_row_count (FerryDemoGenerator *self,
                                    const char         *table)
{
  g_return_val_if_fail (FERRY_IS_DEMO_GENERATOR (self), 0);
  g_return_val_if_fail (table != NULL, 0);

  for (guint i = 0; self->row_counts != NULL && self->tables[i] != NULL; i++)
    {
      if (g_str_equal (self->tables[i], table))
        return g_array_index (self->row_counts, guint64, i);
    }
  return 0;
}
