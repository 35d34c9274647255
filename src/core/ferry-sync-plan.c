/* ferry-sync-plan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-plan"

#include "config.h"

#include "ferry-error.h"
#include "ferry-sync-plan.h"

/* Appends "“id”" or "Label (id)" to a list of problems. */
static void
add_problem (GString         *list,
             const char      *id,
             FerryEntityType *entity)
{
  if (list->len > 0)
    g_string_append (list, ", ");
  if (entity != NULL)
    g_string_append_printf (list, "%s (%s)", ferry_entity_type_get_label (entity), id);
  else
    g_string_append_printf (list, "“%s”", id);
}

static gboolean
goes (FerryEntityType      *entity,
      FerryLedgerDirection  direction)
{
  switch (direction)
    {
    case FERRY_LEDGER_DIRECTION_PUSH:
      return ferry_entity_type_is_push (entity);
    case FERRY_LEDGER_DIRECTION_EXPORT:
      return ferry_entity_type_is_export (entity);
    case FERRY_LEDGER_DIRECTION_BOTH:
    default:
      return TRUE;
    }
}

/* Every problem of the selection in one message, so one correction does. */
static gboolean
check_selection (FerryConnection      *connection,
                 const char * const   *selected,
                 FerryLedgerDirection  direction,
                 GError              **error)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  g_autoptr(GString) unknown = g_string_new (NULL);
  g_autoptr(GString) other = g_string_new (NULL);
  g_autoptr(GString) disabled = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);

  for (guint i = 0; selected[i] != NULL; i++)
    {
      FerryEntityType *entity = ferry_catalog_lookup (catalog, selected[i]);

      if (entity == NULL)
        add_problem (unknown, selected[i], NULL);
      else if (!goes (entity, direction))
        add_problem (other, selected[i], entity);
      else if (!ferry_connection_get_entity_enabled (connection, selected[i]))
        add_problem (disabled, selected[i], entity);
    }

  if (unknown->len > 0)
    g_string_append_printf (message, " Unknown entity types: %s; `ferryctl catalog` lists them.",
                            unknown->str);
  if (other->len > 0)
    g_string_append_printf (message, direction == FERRY_LEDGER_DIRECTION_PUSH
                            ? " Not pushed to the cloud (export types): %s; sync them with the "
                              "export or both directions."
                            : " Not exported from the cloud (push types): %s; sync them with "
                              "the push or both directions.", other->str);
  if (disabled->len > 0)
    g_string_append_printf (message, " Not enabled in the mappings of “%s”: %s; enable them "
                            "under Advanced Mappings, or leave them out.",
                            ferry_connection_get_name (connection), disabled->str);
  if (message->len == 0)
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "Cannot sync these entity types.%s", message->str);
  return FALSE;
}

GPtrArray *
ferry_sync_plan_entities (FerryConnection      *connection,
                          const char * const   *selected,
                          FerryLedgerDirection  direction,
                          GError              **error)
{
  static const char * const what[] = { "to push", "to export", "to push or export" };
  FerryCatalog *catalog;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_auto(GStrv) enabled = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  catalog = ferry_connection_get_catalog (connection);
  if (selected != NULL && !check_selection (connection, selected, direction, error))
    return NULL;

  enabled = ferry_connection_dup_enabled_entities (connection);
  for (guint i = 0; enabled[i] != NULL; i++)
    {
      FerryEntityType *entity = ferry_catalog_lookup (catalog, enabled[i]);

      if (entity != NULL && goes (entity, direction)
          && (selected == NULL || g_strv_contains (selected, enabled[i])))
        g_ptr_array_add (ids, enabled[i]);
    }
  if (ids->len == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Nothing to sync: “%s” has no entity type %s enabled%s. Enable "
                   "entity types under Advanced Mappings.", ferry_connection_get_name (connection),
                   what[MIN (direction, FERRY_LEDGER_DIRECTION_BOTH)],
                   selected != NULL ? " among the ones selected" : "");
      return NULL;
    }
  g_ptr_array_add (ids, NULL);

  return ferry_catalog_sort_by_dependency (catalog, (const char * const *) ids->pdata, error);
}

GPtrArray *
ferry_sync_plan_for_options (FerryConnection        *connection,
                             const FerrySyncOptions *options,
                             GError                **error)
{
  FerryLedgerDirection direction = ferry_sync_options_get_direction (options);

  if (ferry_sync_options_get_dry_run (options))
    {
      if (direction == FERRY_LEDGER_DIRECTION_EXPORT)
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                               "A dry run only reads the accounting database; it cannot "
                               "export. Leave out the dry run, or push instead.");
          return NULL;
        }
      direction = FERRY_LEDGER_DIRECTION_PUSH;
    }
  return ferry_sync_plan_entities (connection, ferry_sync_options_get_entities (options),
                                   direction, error);
}

gboolean
ferry_sync_plan_depends_on (FerryCatalog    *catalog,
                            FerryEntityType *entity,
                            FerryEntityType *other)
{
  const char * const *dependencies;

  g_return_val_if_fail (FERRY_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity), FALSE);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (other), FALSE);

  /* The catalog has no cycles, so the walk ends. */
  dependencies = ferry_entity_type_get_dependencies (entity);
  for (guint i = 0; dependencies[i] != NULL; i++)
    {
      FerryEntityType *dependency = ferry_catalog_lookup (catalog, dependencies[i]);

      if (dependency == other
          || (dependency != NULL && ferry_sync_plan_depends_on (catalog, dependency, other)))
        return TRUE;
    }
  return FALSE;
}
