/* test-source-catalog.h: the small catalog of test-record.c and test-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "ferry-catalog.h"
#include "ferry-record.h"

/* A catalog with a field of every type, a two-field key, an integer key, a
 * type whose table is missing and an export type. Written with ' for ". */
#define TYPE(id, label, direction, table, key, fields) \
  "{'id':'" id "','label':'" label "','module':'m','direction':'" direction "'," \
  "'table':'" table "','parents':[],'key':[" key "],'default':true,'description':'D'," \
  "'fields':[" fields "]}"
#define FIELD(name, label, type, extra) \
  "{'name':'" name "','label':'" label "','type':'" type "'" extra "}"
#define OPT ",'optional':true"

static const char test_catalog_text[] =
  "{'format':1,'modules':[{'id':'m','label':'M'}],'presets':[],'entity_types':["
  TYPE ("m.kind", "Kind (M)", "push", "kind", "'code'",
        FIELD ("code", "Code", "string", "") "," FIELD ("s", "Text", "string", OPT) ","
        FIELD ("n", "Number", "integer", OPT) "," FIELD ("m", "Amount", "money", OPT) ","
        FIELD ("d", "Quantity", "decimal", OPT) "," FIELD ("day", "Day", "date", OPT) ","
        FIELD ("at", "When", "timestamp", OPT) "," FIELD ("ok", "Active", "boolean", OPT) ","
        FIELD ("req", "Required", "string", "")) ","
  TYPE ("m.pair", "Pair (M)", "push", "pair", "'a','b'",
        FIELD ("a", "A", "string", "") "," FIELD ("b", "B", "string", "") ","
        FIELD ("v", "V", "string", OPT)) ","
  TYPE ("m.numbered", "Numbered (M)", "push", "numbered", "'id'",
        FIELD ("id", "Id", "integer", "") "," FIELD ("v", "V", "string", OPT)) ","
  TYPE ("m.gone", "Gone (M)", "push", "gone", "'code'", FIELD ("code", "Code", "string", "")) ","
  TYPE ("m.back", "Back (M)", "export", "kind", "'code'", FIELD ("code", "Code", "string", ""))
  "]}";

static inline FerryCatalog *
test_catalog (void)
{
  static FerryCatalog *catalog;

  if (catalog == NULL)
    {
      g_autofree char *json = g_strdelimit (g_strdup (test_catalog_text), "'", '"');
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GError) error = NULL;

      catalog = ferry_catalog_new_from_bytes (bytes, &error);
      g_assert_no_error (error);
    }
  return catalog;
}

static inline FerryRecordBuilder *
builder_for (const char         *id,
             const char * const *switched_off)
{
  g_autoptr(GError) error = NULL;
  FerryRecordBuilder *builder;

  builder = ferry_record_builder_new (ferry_catalog_lookup (test_catalog (), id),
                                      switched_off, &error);
  g_assert_no_error (error);
  return builder;
}
