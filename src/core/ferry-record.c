/* ferry-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-record"

#include "config.h"

#include <string.h>

#include "ferry-canonical.h"
#include "ferry-error.h"
#include "ferry-record.h"
#include "ferry-record-key.h"
#include "ferry-sha256.h"

struct _FerryRecord
{
  GString   *key_values; /* owned: the key values, each followed by a NUL */
  GPtrArray *key;        /* owned: NULL-terminated pointers into key_values */
  GString   *key_text;   /* owned */
  GString   *fields;     /* owned; empty when there are none */
  char       hash[FERRY_SHA256_HEX_SIZE]; /* "" when there are no fields */
  GError    *problem;    /* owned, nullable */
  GString   *scratch;    /* owned: the canonical text of one value */
};

G_DEFINE_BOXED_TYPE (FerryRecord, ferry_record, ferry_record_copy, ferry_record_free)

typedef struct
{
  FerryField     *field;     /* owned */
  const char     *name;      /* borrowed from field */
  FerryFieldType  type;
  gboolean        optional;
  char           *json_name; /* owned: "name": */
} Column;

struct _FerryRecordBuilder
{
  GObject          parent_instance;

  FerryEntityType *entity_type;  /* owned */
  Column          *columns;      /* owned, n_columns, catalog order */
  guint            n_columns;
  GStrv            column_names; /* owned */
  guint           *by_name;      /* owned: column positions in name order */
  guint           *key_columns;  /* owned, n_keys */
  FerryFieldType  *key_types;    /* owned, n_keys */
  guint            n_keys;
};

G_DEFINE_FINAL_TYPE (FerryRecordBuilder, ferry_record_builder, G_TYPE_OBJECT)

/* ---- FerryRecord ---- */

FerryRecord *
ferry_record_new (void)
{
  FerryRecord *record = g_new0 (FerryRecord, 1);

  record->key_values = g_string_new (NULL);
  record->key = g_ptr_array_new ();
  g_ptr_array_add (record->key, NULL);
  record->key_text = g_string_new (NULL);
  record->fields = g_string_new (NULL);
  record->scratch = g_string_new (NULL);
  return record;
}

/* Points record->key at the values in record->key_values, which may have
 * moved while they grew. */
static void
index_key (FerryRecord *record)
{
  const char *p = record->key_values->str;
  const char *end = p + record->key_values->len;

  g_ptr_array_set_size (record->key, 0);
  while (p < end)
    {
      g_ptr_array_add (record->key, (gpointer) p);
      p += strlen (p) + 1;
    }
  g_ptr_array_add (record->key, NULL);
}

FerryRecord *
ferry_record_copy (const FerryRecord *record)
{
  FerryRecord *copy = ferry_record_new ();

  g_string_append_len (copy->key_values, record->key_values->str, record->key_values->len);
  index_key (copy);
  g_string_append_len (copy->key_text, record->key_text->str, record->key_text->len);
  g_string_append_len (copy->fields, record->fields->str, record->fields->len);
  memcpy (copy->hash, record->hash, sizeof copy->hash);
  copy->problem = record->problem != NULL ? g_error_copy (record->problem) : NULL;
  return copy;
}

void
ferry_record_free (FerryRecord *record)
{
  if (record == NULL)
    return;
  g_string_free (record->key_values, TRUE);
  g_ptr_array_unref (record->key);
  g_string_free (record->key_text, TRUE);
  g_string_free (record->fields, TRUE);
  g_string_free (record->scratch, TRUE);
  g_clear_error (&record->problem);
  g_free (record);
}

const char * const *
ferry_record_get_key (const FerryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return (const char * const *) record->key->pdata;
}

const char *
ferry_record_get_key_text (const FerryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->key_text->str;
}

const char *
ferry_record_get_fields_json (const FerryRecord *record,
                              gsize             *out_length)
{
  g_return_val_if_fail (record != NULL, NULL);

  if (out_length != NULL)
    *out_length = record->fields->len;
  return record->fields->len > 0 ? record->fields->str : NULL;
}

const char *
ferry_record_get_hash (const FerryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->hash[0] != '\0' ? record->hash : NULL;
}

const GError *
ferry_record_get_problem (const FerryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->problem;
}

static void
record_reset (FerryRecord *record)
{
  g_string_truncate (record->key_values, 0);
  g_string_truncate (record->key_text, 0);
  g_string_truncate (record->fields, 0);
  record->hash[0] = '\0';
  g_clear_error (&record->problem);
}

/* Fills the key values and key text of @record from the values at
 * @positions of @values (or the first ones, in order, if @positions is
 * NULL). Returns the position in the key of the first value that is no
 * valid key, with its reason; -1 if there is none. */
static int
fill_key (FerryRecord           *record,
          const FerryFieldType  *types,
          const FerryValue      *values,
          const guint           *positions,
          guint                  n_keys,
          char                 **out_reason)
{
  int first_invalid = -1;

  record_reset (record);
  for (guint k = 0; k < n_keys; k++)
    {
      const FerryValue *value = &values[positions != NULL ? positions[k] : k];
      g_autofree char *reason = NULL;
      const char *text;

      text = ferry_canonical_key_value (types[k], value, record->scratch, &reason);
      /* A NUL inside raw text ends the value, as it would in SQL. */
      g_string_append_len (record->key_values, text, strlen (text) + 1);
      if (reason != NULL && first_invalid < 0)
        {
          first_invalid = (int) k;
          *out_reason = g_steal_pointer (&reason);
        }
    }
  index_key (record);

  g_string_append_c (record->key_text, '[');
  for (guint k = 0; k < record->key->len - 1; k++)
    {
      if (k > 0)
        g_string_append_c (record->key_text, ',');
      ferry_record_append_json_string (record->key_text, g_ptr_array_index (record->key, k));
    }
  g_string_append_c (record->key_text, ']');
  return first_invalid;
}

void
ferry_record_set_key (FerryRecord          *record,
                      const FerryFieldType *types,
                      const FerryValue     *values,
                      guint                 n_values)
{
  g_autofree char *reason = NULL;

  g_return_if_fail (record != NULL && types != NULL && values != NULL);

  fill_key (record, types, values, NULL, n_values, &reason);
}

/* ---- FerryRecordBuilder ---- */

static void
ferry_record_builder_finalize (GObject *object)
{
  FerryRecordBuilder *self = FERRY_RECORD_BUILDER (object);

  for (guint i = 0; i < self->n_columns; i++)
    {
      g_object_unref (self->columns[i].field);
      g_free (self->columns[i].json_name);
    }
  g_free (self->columns);
  g_strfreev (self->column_names);
  g_free (self->by_name);
  g_free (self->key_columns);
  g_free (self->key_types);
  g_clear_object (&self->entity_type);

  G_OBJECT_CLASS (ferry_record_builder_parent_class)->finalize (object);
}

static void
ferry_record_builder_class_init (FerryRecordBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_record_builder_finalize;
}

static void
ferry_record_builder_init (FerryRecordBuilder *self)
{
}

static gboolean
check_switched_off (FerryEntityType     *entity_type,
                    const char * const  *switched_off,
                    GError             **error)
{
  for (guint i = 0; switched_off != NULL && switched_off[i] != NULL; i++)
    {
      FerryField *field = ferry_entity_type_lookup_field (entity_type, switched_off[i]);

      if (field == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a field of %s; remove it from the mappings",
                       switched_off[i], ferry_entity_type_get_label (entity_type));
          return FALSE;
        }
      if (!ferry_field_get_optional (field))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "%s (%s) of %s is required and cannot be switched off",
                       ferry_field_get_label (field), switched_off[i],
                       ferry_entity_type_get_label (entity_type));
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const Column *columns = data;

  return strcmp (columns[*(const guint *) a].name, columns[*(const guint *) b].name);
}

static void
add_column (FerryRecordBuilder *self,
            FerryField         *field)
{
  Column *column = &self->columns[self->n_columns++];
  g_autoptr(GString) json_name = g_string_new (NULL);

  column->field = g_object_ref (field);
  column->name = ferry_field_get_name (field);
  column->type = ferry_field_get_field_type (field);
  column->optional = ferry_field_get_optional (field);
  ferry_record_append_json_string (json_name, column->name);
  g_string_append_c (json_name, ':');
  column->json_name = g_string_free (g_steal_pointer (&json_name), FALSE);
}

static gboolean
find_key_columns (FerryRecordBuilder  *self,
                  GError             **error)
{
  const char * const *key = ferry_entity_type_get_key (self->entity_type);

  self->n_keys = g_strv_length ((char **) key);
  self->key_columns = g_new0 (guint, self->n_keys);
  self->key_types = g_new0 (FerryFieldType, self->n_keys);
  for (guint k = 0; k < self->n_keys; k++)
    {
      guint i;

      for (i = 0; i < self->n_columns && !g_str_equal (self->columns[i].name, key[k]); i++)
        ;
      /* The catalog checks this; a hand-made entity type might not. */
      if (i == self->n_columns)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                       "Key field “%s” of %s is not one of its fields", key[k],
                       ferry_entity_type_get_label (self->entity_type));
          return FALSE;
        }
      self->key_columns[k] = i;
      self->key_types[k] = self->columns[i].type;
    }
  return TRUE;
}

FerryRecordBuilder *
ferry_record_builder_new (FerryEntityType     *entity_type,
                          const char * const  *switched_off,
                          GError             **error)
{
  g_autoptr(FerryRecordBuilder) self = NULL;
  GListModel *fields;
  guint n_fields;

  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_switched_off (entity_type, switched_off, error))
    return NULL;

  self = g_object_new (FERRY_TYPE_RECORD_BUILDER, NULL);
  self->entity_type = g_object_ref (entity_type);
  fields = ferry_entity_type_get_fields (entity_type);
  n_fields = g_list_model_get_n_items (fields);
  self->columns = g_new0 (Column, n_fields);
  self->column_names = g_new0 (char *, n_fields + 1);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (switched_off != NULL && g_strv_contains (switched_off, ferry_field_get_name (field)))
        continue;
      self->column_names[self->n_columns] = g_strdup (ferry_field_get_name (field));
      add_column (self, field);
    }

  self->by_name = g_new0 (guint, self->n_columns);
  for (guint i = 0; i < self->n_columns; i++)
    self->by_name[i] = i;
  g_qsort_with_data (self->by_name, (gint) self->n_columns, sizeof (guint),
                     compare_by_name, self->columns);

  if (!find_key_columns (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

FerryEntityType *
ferry_record_builder_get_entity_type (FerryRecordBuilder *self)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), NULL);

  return self->entity_type;
}

const char * const *
ferry_record_builder_get_columns (FerryRecordBuilder *self)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), NULL);

  return (const char * const *) self->column_names;
}

guint
ferry_record_builder_get_n_columns (FerryRecordBuilder *self)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), 0);

  return self->n_columns;
}

const FerryFieldType *
ferry_record_builder_get_key_types (FerryRecordBuilder *self,
                                    guint              *out_n_keys)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), NULL);

  if (out_n_keys != NULL)
    *out_n_keys = self->n_keys;
  return self->key_types;
}

const guint *
ferry_record_builder_get_key_columns (FerryRecordBuilder *self,
                                      guint              *out_n_keys)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), NULL);

  if (out_n_keys != NULL)
    *out_n_keys = self->n_keys;
  return self->key_columns;
}

/* "Contract (CN) 1001/10", or with the key text when a key value is empty. */
static char *
describe_record (FerryRecordBuilder *self,
                 FerryRecord        *record)
{
  const char * const *key = ferry_record_get_key (record);
  g_autofree char *display = NULL;

  for (guint i = 0; key[i] != NULL; i++)
    {
      if (*key[i] == '\0')
        return g_strdup_printf ("%s %s", ferry_entity_type_get_label (self->entity_type),
                                record->key_text->str);
    }
  display = ferry_record_key_display (key);
  return g_strdup_printf ("%s %s", ferry_entity_type_get_label (self->entity_type), display);
}

/* Only the first problem of a record is kept: one fix at a time. */
static void
set_problem (FerryRecordBuilder *self,
             FerryRecord        *record,
             const Column       *column,
             const char         *reason)
{
  g_autofree char *what = NULL;

  if (record->problem != NULL)
    return;
  what = describe_record (self, record);
  g_set_error (&record->problem, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "%s: %s (%s) %s; correct it in the accounting system, then sync again",
               what, ferry_field_get_label (column->field), column->name, reason);
}

/* A problem of the key waits until the whole key is known, so that its
 * message can name the record. */
static void
build_key (FerryRecordBuilder *self,
           const FerryValue   *values,
           const guint        *positions,
           FerryRecord        *record)
{
  g_autofree char *reason = NULL;
  int invalid;

  invalid = fill_key (record, self->key_types, values, positions, self->n_keys, &reason);
  if (invalid >= 0)
    set_problem (self, record, &self->columns[self->key_columns[invalid]], reason);
}

gboolean
ferry_record_builder_build_key (FerryRecordBuilder *self,
                                const FerryValue   *key_values,
                                FerryRecord        *record)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), FALSE);
  g_return_val_if_fail (key_values != NULL && record != NULL, FALSE);

  build_key (self, key_values, NULL, record);
  return record->problem == NULL;
}

static gboolean
append_field (FerryRecordBuilder *self,
              FerryRecord        *record,
              const Column       *column,
              const FerryValue   *value)
{
  g_autofree char *reason = NULL;
  const char *text;
  gboolean quoted;

  g_string_append (record->fields, column->json_name);
  if (value->kind == FERRY_VALUE_NULL)
    {
      if (column->optional)
        {
          g_string_append (record->fields, "null");
          return TRUE;
        }
      set_problem (self, record, column, "has no value, but the cloud requires one");
      return FALSE;
    }

  text = ferry_canonical_value (column->type, value, record->scratch, &quoted, &reason);
  if (text == NULL)
    {
      set_problem (self, record, column, reason);
      return FALSE;
    }
  if (quoted)
    ferry_record_append_json_string (record->fields, text);
  else
    g_string_append (record->fields, text);
  return TRUE;
}

gboolean
ferry_record_builder_build (FerryRecordBuilder *self,
                            const FerryValue   *row,
                            FerryRecord        *record)
{
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (self), FALSE);
  g_return_val_if_fail (row != NULL && record != NULL, FALSE);

  build_key (self, row, self->key_columns, record);
  if (record->problem != NULL)
    return FALSE;

  g_string_append_c (record->fields, '{');
  for (guint i = 0; i < self->n_columns; i++)
    {
      guint c = self->by_name[i];

      if (i > 0)
        g_string_append_c (record->fields, ',');
      if (!append_field (self, record, &self->columns[c], &row[c]))
        {
          g_string_truncate (record->fields, 0);
          return FALSE;
        }
    }
  g_string_append_c (record->fields, '}');
  ferry_sha256_hex (record->fields->str, record->fields->len, record->hash);
  return TRUE;
}

void
ferry_record_builder_mark_duplicate (FerryRecordBuilder *self,
                                     FerryRecord        *record)
{
  g_autofree char *what = NULL;

  g_return_if_fail (FERRY_IS_RECORD_BUILDER (self));
  g_return_if_fail (record != NULL);

  if (record->problem != NULL)
    return;
  what = describe_record (self, record);
  g_string_truncate (record->fields, 0);
  record->hash[0] = '\0';
  g_set_error (&record->problem, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "%s appears more than once in the accounting database; only the first "
               "is sent. Remove the duplicate in the accounting system, then sync again",
               what);
}
