/* ferry-mappings-editor-text.c: what the Mappings dialog says — a
 * preset's summary of what it changed, and the question before un-ticking
 * an entity type that was synced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-mappings-editor.h"

static void
add_sentence (GString    *summary,
              const char *sentence)
{
  if (summary->len > 0)
    g_string_append_c (summary, ' ');
  g_string_append (summary, sentence);
}

/* Returns: (transfer full) the labels as a list for people. */
static char *
join_labels (GPtrArray *labels)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    {
      if (i > 0)
        /* Translators: what separates the items of a list, as in “Contract (CN), Customer” */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (labels, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Says which entity types are on now that were not in @before; returns
 * how many. */
static guint
describe_turned_on (FerryMappingsEditor *self,
                    const char * const  *before,
                    GString             *summary)
{
  g_autoptr(GPtrArray) on = g_ptr_array_new ();
  g_autoptr(GPtrArray) unsupported = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (ferry_mappings_editor_get_entities (self));
  g_autofree char *list = NULL;
  g_autofree char *sentence = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (ferry_mappings_editor_get_entities (self), i);

      if (!ferry_mappings_toggle_get_enabled (FERRY_MAPPINGS_TOGGLE (entity))
          || g_strv_contains (before, ferry_mappings_entity_get_id (entity)))
        continue;
      g_ptr_array_add (on, (gpointer) ferry_mappings_entity_get_label (entity));
      if (!ferry_mappings_toggle_get_sensitive (FERRY_MAPPINGS_TOGGLE (entity)))
        g_ptr_array_add (unsupported, (gpointer) ferry_mappings_entity_get_label (entity));
    }
  if (on->len == 0)
    return 0;

  list = join_labels (on);
  sentence = g_strdup_printf (ngettext ("Turned on %u entity type: %s.",
                                        "Turned on %u entity types: %s.", on->len),
                              on->len, list);
  add_sentence (summary, sentence);
  if (unsupported->len > 0)
    {
      g_autofree char *missing = join_labels (unsupported);
      g_autofree char *warning =
        g_strdup_printf (ngettext ("The accounting database has no table for %s: it will fail "
                                   "to sync until the accounting system keeps it.",
                                   "The accounting database has no tables for %s: they will fail "
                                   "to sync until the accounting system keeps them.",
                                   unsupported->len),
                         missing);
      add_sentence (summary, warning);
    }
  return on->len;
}

/* Says which fields of @entity are switched off now that were not in
 * @before; returns how many. */
static guint
describe_switched_off (FerryMappingsEditor *self,
                       FerryMappingsEntity *entity,
                       const char * const  *before,
                       GString             *summary)
{
  FerryEntityType *type = ferry_mappings_entity_get_entity_type (entity);
  g_auto(GStrv) now = ferry_connection_dup_disabled_fields (ferry_mappings_editor_get_edited_connection (self), ferry_entity_type_get_id (type));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *list = NULL;
  g_autofree char *sentence = NULL;

  for (guint i = 0; now[i] != NULL; i++)
    {
      FerryField *field = ferry_entity_type_lookup_field (type, now[i]);

      if (before == NULL || !g_strv_contains (before, now[i]))
        g_ptr_array_add (labels, (gpointer) (field != NULL ? ferry_field_get_label (field) : now[i]));
    }
  if (labels->len == 0)
    return 0;

  list = join_labels (labels);
  sentence = g_strdup_printf (ngettext ("Switched off %u field of %s: %s.",
                                        "Switched off %u fields of %s: %s.", labels->len),
                              labels->len, ferry_entity_type_get_label (type), list);
  add_sentence (summary, sentence);
  return labels->len;
}

char *
ferry_mappings_editor_apply_preset (FerryMappingsEditor *self,
                                    FerryPreset         *preset)
{
  const char * const *field_entities;
  g_auto(GStrv) enabled_before = NULL;
  g_autoptr(GHashTable) fields_before = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint changes;

  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_PRESET (preset), NULL);

  field_entities = ferry_preset_get_field_entities (preset);
  enabled_before = ferry_connection_dup_enabled_entities (ferry_mappings_editor_get_edited_connection (self));
  fields_before = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_strfreev);
  for (guint i = 0; field_entities[i] != NULL; i++)
    g_hash_table_insert (fields_before, (gpointer) field_entities[i],
                         ferry_connection_dup_disabled_fields (ferry_mappings_editor_get_edited_connection (self), field_entities[i]));

  ferry_connection_apply_preset (ferry_mappings_editor_get_edited_connection (self), preset);

  changes = describe_turned_on (self, (const char * const *) enabled_before, summary);
  for (guint i = 0; field_entities[i] != NULL; i++)
    {
      FerryMappingsEntity *entity = ferry_mappings_editor_lookup_entity (self, field_entities[i]);

      if (entity != NULL)
        changes += describe_switched_off (self, entity,
                                          g_hash_table_lookup (fields_before, field_entities[i]),
                                          summary);
    }

  if (changes == 0)
    return g_strdup_printf (_("Nothing to change: the mappings already match “%s”."),
                            ferry_preset_get_label (preset));
  add_sentence (summary, _("No entity type was turned off."));
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

char *
ferry_mappings_editor_confirmation_for_disable (FerryMappingsEditor *self,
                                                FerryMappingsEntity *entity)
{
  FerryEntityType *type;
  const char *label;
  guint count;
  g_autofree char *number = NULL;

  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (entity), NULL);

  type = ferry_mappings_entity_get_entity_type (entity);
  label = ferry_entity_type_get_label (type);
  count = ferry_mappings_entity_get_synced_count (entity);
  number = ferry_format_number (count);

  /* An export type that is on is a flow in use, whether or not its items
   * were counted. */
  if (ferry_entity_type_get_direction (type) == FERRY_DIRECTION_EXPORT)
    {
      if (count > 0)
        return g_strdup_printf (ngettext ("%s %s record was written into the accounting database. "
                                          "If you turn %s off, those approved in the cloud from now "
                                          "on will no longer be written into it; what is there stays.",
                                          "%s %s records were written into the accounting database. "
                                          "If you turn %s off, those approved in the cloud from now "
                                          "on will no longer be written into it; what is there stays.",
                                          count),
                                number, label, label);
      if (ferry_connection_get_entity_enabled (ferry_mappings_editor_get_connection (self), ferry_entity_type_get_id (type)))
        return g_strdup_printf (_("If you turn %s off, %s records approved in the cloud will no "
                                  "longer be written into the accounting database."),
                                label, label);
      return NULL;
    }

  if (count == 0)
    return NULL;
  return g_strdup_printf (ngettext ("%s %s record is in the cloud. If you turn %s off, changes "
                                    "to it stop flowing to the cloud; what is there stays.",
                                    "%s %s records are in the cloud. If you turn %s off, changes "
                                    "to them stop flowing to the cloud; what is there stays.",
                                    count),
                          number, label, label);
}

