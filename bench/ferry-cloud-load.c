/* ferry-cloud-load.c: pushes many records to a ferry-cloud server and times it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logs in, pushes the parent records the entity type needs (a small pool of
 * each, in dependency order), builds every batch body in memory, then sends
 * them over a fixed number of connections, each batch with its own
 * Idempotency-Key, and checks that every result is "created" (or
 * "unchanged" when the records are already there). Building the bodies is
 * timed separately, so the figure is the server's ingest rate.
 *
 * Values come from the catalog's field types and a seeded FerryRandom, so two
 * runs with the same seed send the same records. Entity types whose parents
 * or referenced types have several key fields are not supported.
 */
#define G_LOG_DOMAIN "ferry-cloud-load"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <errno.h>
#include <sys/stat.h>

#include "ferry-catalog.h"
#include "ferry-entity-type.h"
#include "ferry-field.h"
#include "ferry-random.h"
#include "ferry-record-key.h"

#define MAX_PARENTS 1000 /* one batch each */

typedef struct
{
  char   *url;
  char   *site;
  char   *company;
  char   *user;
  char   *password_file;
  char   *entity;
  char   *run_id;
  gint64  records;
  gint    batch_size;
  gint    concurrency;
  gint    parents;
  gint64  seed;
} Options;

/* How one field of an entity type gets its value. */
typedef struct
{
  FerryField *field;   /* owned */
  GPtrArray  *pool;    /* unowned, nullable: key values of the type it refers to */
  gint        key_pos; /* position in the key, or -1 */
} Column;

typedef struct
{
  Options      *options;        /* unowned */
  FerryCatalog *catalog;        /* unowned */
  SoupSession  *session;        /* owned */
  char         *api;            /* owned: …/api/v1/sites/SITE/companies/COMPANY */
  char         *authorization;  /* owned: "Bearer …" */
  GHashTable   *pools;          /* entity id → GPtrArray of key values; owned */
  FerryRandom   random;

  /* The timed push */
  GPtrArray    *bodies;         /* GBytes; owned */
  const char   *entity_id;
  guint         next;
  guint         in_flight;
  guint64       created;
  guint64       unchanged;
  GError       *error;          /* owned, nullable: the first failure */
  GMainLoop    *loop;           /* owned */
} Load;

static void
column_clear (Column *column)
{
  g_clear_object (&column->field);
}

/* ---- Records -------------------------------------------------------------- */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
has_single_key (FerryEntityType *type)
{
  const char * const *key = ferry_entity_type_get_key (type);

  return key[0] != NULL && key[1] == NULL;
}

/* The id of the type whose key fills @field of @type: the type the field
 * references, or a parent keyed by a field of that name; or NULL. */
static const char *
field_source (Load            *load,
              FerryEntityType *type,
              FerryField      *field)
{
  const char * const *parents = ferry_entity_type_get_parents (type);

  if (ferry_field_get_references (field) != NULL)
    return ferry_field_get_references (field);
  for (guint i = 0; parents[i] != NULL; i++)
    {
      FerryEntityType *parent = ferry_catalog_lookup (load->catalog, parents[i]);

      if (parent != NULL && has_single_key (parent)
          && g_str_equal (ferry_entity_type_get_key (parent)[0], ferry_field_get_name (field)))
        return parents[i];
    }
  return NULL;
}

static gboolean ensure_pool (Load *load, const char *id, GError **error);

/* How to fill each field of @type; pushes the pools it draws from first. */
static GArray *
plan_columns (Load            *load,
              FerryEntityType *type,
              GError         **error)
{
  GListModel *fields = ferry_entity_type_get_fields (type);
  const char * const *key = ferry_entity_type_get_key (type);
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  gboolean own_key = FALSE;

  g_array_set_clear_func (columns, (GDestroyNotify) column_clear);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      Column column = { g_list_model_get_item (fields, i), NULL, -1 };
      const char *source = field_source (load, type, column.field);

      for (guint k = 0; key[k] != NULL; k++)
        if (g_str_equal (key[k], ferry_field_get_name (column.field)))
          column.key_pos = k;
      g_array_append_val (columns, column);
      if (source != NULL)
        {
          if (!ensure_pool (load, source, error))
            return NULL;
          g_array_index (columns, Column, i).pool = g_hash_table_lookup (load->pools, source);
        }
      else if (column.key_pos >= 0)
        own_key = TRUE;
    }
  if (!own_key)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Every key field of %s refers to another record; choose another entity type.",
                   ferry_entity_type_get_id (type));
      return NULL;
    }
  return g_steal_pointer (&columns);
}

/* A new value of @column in record @index, and whether it is a JSON string. */
static char *
column_value (Load    *load,
              Column  *column,
              guint64  index,
              gboolean *is_string)
{
  FerryRandom *r = &load->random;

  *is_string = TRUE;
  if (column->pool != NULL)
    return g_strdup (g_ptr_array_index (column->pool, ferry_random_index (r, column->pool->len)));
  if (column->key_pos >= 0)
    return g_strdup_printf ("%010" G_GUINT64_FORMAT, index);

  switch (ferry_field_get_field_type (column->field))
    {
    case FERRY_FIELD_INTEGER:
      *is_string = FALSE;
      return g_strdup_printf ("%" G_GINT64_FORMAT, ferry_random_int_range (r, 0, 100000));
    case FERRY_FIELD_BOOLEAN:
      *is_string = FALSE;
      return g_strdup (ferry_random_chance (r, 0.9) ? "true" : "false");
    case FERRY_FIELD_MONEY:
      return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                              ferry_random_int_range (r, -9999, 999999),
                              ferry_random_int_range (r, 0, 99));
    case FERRY_FIELD_DECIMAL:
      return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                              ferry_random_int_range (r, 0, 9999), ferry_random_int_range (r, 0, 999));
    case FERRY_FIELD_DATE:
      return g_strdup_printf ("2026-%02" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT,
                              ferry_random_int_range (r, 1, 12), ferry_random_int_range (r, 1, 28));
    case FERRY_FIELD_TIMESTAMP:
      return g_strdup_printf ("2026-11-%02" G_GINT64_FORMAT "T%02" G_GINT64_FORMAT ":05:09Z",
                              ferry_random_int_range (r, 1, 28), ferry_random_int_range (r, 0, 23));
    case FERRY_FIELD_STRING:
    default:
      return g_strdup_printf ("%s %" G_GUINT64_FORMAT, ferry_field_get_label (column->field), index);
    }
}

/* Appends record @index as batch JSON; its first key value in @out_key. */
static void
append_record (Load    *load,
               GArray  *columns,
               guint64  index,
               GString *out,
               char   **out_key)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_full (columns->len, g_free);
  g_autoptr(GString) fields = g_string_new ("{");
  const char *key[8] = { NULL };
  g_autofree char *key_text = NULL;
  g_autofree char *hash = NULL;

  for (guint i = 0; i < columns->len; i++)
    {
      Column *column = &g_array_index (columns, Column, i);
      gboolean is_string;
      char *value = column_value (load, column, index, &is_string);

      if (i > 0)
        g_string_append_c (fields, ',');
      append_json_string (fields, ferry_field_get_name (column->field));
      g_string_append_c (fields, ':');
      if (is_string)
        append_json_string (fields, value);
      else
        g_string_append (fields, value);
      if (column->key_pos >= 0 && column->key_pos < (gint) G_N_ELEMENTS (key) - 1)
        key[column->key_pos] = value;
      g_ptr_array_add (values, value);
    }
  g_string_append_c (fields, '}');

  key_text = ferry_record_key_to_text (key);
  /* Any 64 hex digits do; the cloud stores the hash, it does not check it. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, fields->str, fields->len);
  g_string_append_printf (out, "{\"key\":%s,\"hash\":\"%s\",\"op\":\"upsert\",\"fields\":%s}",
                          key_text, hash, fields->str);
  if (out_key != NULL)
    *out_key = g_strdup (key[0]);
}

/* Batch bodies of @count records; their first key values into @keys. */
static GPtrArray *
build_bodies (Load    *load,
              GArray  *columns,
              guint64  count,
              guint    batch_size,
              GPtrArray *keys)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint64 first = 0; first < count; first += batch_size)
    {
      guint64 end = MIN (first + batch_size, count);
      GString *body = g_string_sized_new (300 * (end - first) + 32);

      g_string_append (body, "{\"records\":[");
      for (guint64 i = first; i < end; i++)
        {
          char *key = NULL;

          if (i > first)
            g_string_append_c (body, ',');
          append_record (load, columns, i, body, keys != NULL ? &key : NULL);
          if (keys != NULL)
            g_ptr_array_add (keys, key);
        }
      g_string_append (body, "]}");
      g_ptr_array_add (bodies, g_string_free_to_bytes (body));
    }
  return g_steal_pointer (&bodies);
}

/* ---- HTTP ------------------------------------------------------------------ */

static SoupMessage *
new_batch_message (Load       *load,
                   const char *entity_id,
                   GBytes     *body,
                   guint       number)
{
  g_autofree char *uri = g_strdup_printf ("%s/entities/%s/batches", load->api, entity_id);
  g_autofree char *key = g_strdup_printf ("load-%s-%s-%u", load->options->run_id, entity_id, number);
  SoupMessage *msg = soup_message_new ("POST", uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", load->authorization);
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/* Occurrences of @needle in @data. */
static guint
count_in (const char *data,
          gsize       size,
          const char *needle)
{
  gsize len = strlen (needle);
  const char *end = data + size;
  guint n = 0;

  for (const char *p = data; (p = memmem (p, (gsize) (end - p), needle, len)) != NULL; p += len)
    n++;
  return n;
}

/* Checks a batch answer: every result created or unchanged. Parsing a
 * thousand results with json-glib cost the generator more CPU than the
 * server spent storing them, so only the part before "results" is parsed:
 * the summary's counts must cover every record with created or unchanged,
 * and "results" must hold one result per record. */
static gboolean
check_answer (Load        *load,
              SoupMessage *msg,
              GBytes      *answer,
              guint        expected,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint status = soup_message_get_status (msg);
  g_autofree char *head = NULL;
  JsonObject *summary = NULL;
  JsonNode *root;
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);
  const char *results = data != NULL ? memmem (data, size, ",\"results\":", 11) : NULL;
  gint64 created = 0, unchanged = 0;

  if (status != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u: %.*s", status,
                   (int) MIN (size, 500), data);
      return FALSE;
    }
  if (results == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The answer has no results.");
      return FALSE;
    }
  head = g_strdup_printf ("%.*s}", (int) (results - data), data);
  if (!json_parser_load_from_data (parser, head, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root))
    summary = json_object_get_object_member (json_node_get_object (root), "summary");
  if (summary != NULL)
    {
      created = json_object_get_int_member_with_default (summary, "created", 0);
      unchanged = json_object_get_int_member_with_default (summary, "unchanged", 0);
    }
  if (created + unchanged != expected
      || count_in (results, size - (gsize) (results - data), "\"result\":") != expected)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not every one of the %u records was created or unchanged: %.*s", expected,
                   (int) MIN (size, 500), data);
      return FALSE;
    }
  load->created += created;
  load->unchanged += unchanged;
  return TRUE;
}

static guint
records_in (guint   batch_size,
            guint64 total,
            guint   number)
{
  return (guint) MIN ((guint64) batch_size, total - (guint64) number * batch_size);
}

static void send_more (Load *load);

typedef struct
{
  Load        *load;
  SoupMessage *msg;    /* owned */
  guint        number;
} Pending;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Pending *pending = data;
  Load *load = pending->load;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint expected = records_in (load->options->batch_size, load->options->records, pending->number);

  load->in_flight--;
  if ((answer == NULL || !check_answer (load, pending->msg, answer, expected, &error))
      && load->error == NULL)
    {
      g_prefix_error (&error, "Batch %u: ", pending->number);
      load->error = g_steal_pointer (&error);
    }
  g_object_unref (pending->msg);
  g_free (pending);
  send_more (load);
}

static void
send_more (Load *load)
{
  while (load->error == NULL && load->next < load->bodies->len
         && load->in_flight < (guint) load->options->concurrency)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->load = load;
      pending->number = load->next++;
      pending->msg = new_batch_message (load, load->entity_id,
                                        g_ptr_array_index (load->bodies, pending->number),
                                        pending->number);
      load->in_flight++;
      soup_session_send_and_read_async (load->session, pending->msg, G_PRIORITY_DEFAULT,
                                        NULL, sent_cb, pending);
    }
  if (load->in_flight == 0)
    g_main_loop_quit (load->loop);
}

/* Sends one request and waits; the answer is JSON of @status, or an error. */
static JsonNode *
request_json (Load        *load,
              SoupMessage *msg,
              guint        status,
              GError     **error)
{
  g_autoptr(GBytes) answer = soup_session_send_and_read (load->session, msg, NULL, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data;

  if (answer == NULL)
    return NULL;
  data = g_bytes_get_data (answer, &size);
  if (soup_message_get_status (msg) != status)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: HTTP %u: %.*s",
                   g_uri_get_path (soup_message_get_uri (msg)), soup_message_get_status (msg),
                   (int) MIN (size, 500), data);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
log_in (Load       *load,
        const char *password,
        GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/sites/%s/sessions", load->options->url,
                                          load->options->site);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = NULL;
  const char *token;
  gsize size;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not a URL.", uri);
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, load->options->user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);
  size = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), size);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = request_json (load, msg, 201, error);
  if (answer == NULL)
    return FALSE;
  token = json_object_get_string_member_with_default (json_node_get_object (answer), "token", NULL);
  if (token == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The login answer has no token.");
      return FALSE;
    }
  load->authorization = g_strdup_printf ("Bearer %s", token);
  return TRUE;
}

/* ---- Parents ---------------------------------------------------------------- */

/* Pushes @options->parents records of @id (after its own parents) unless
 * that is done, and keeps their key values for the records that refer to
 * them. */
static gboolean
ensure_pool (Load       *load,
             const char *id,
             GError    **error)
{
  FerryEntityType *type = ferry_catalog_lookup (load->catalog, id);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GArray) columns = NULL;

  if (g_hash_table_contains (load->pools, id))
    return TRUE;
  if (type == NULL || !has_single_key (type) || !ferry_entity_type_is_push (type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The records refer to %s, which is not a push type with one key field; "
                   "choose another entity type.", id);
      return FALSE;
    }
  columns = plan_columns (load, type, error);
  if (columns == NULL)
    return FALSE;
  bodies = build_bodies (load, columns, load->options->parents, MAX_PARENTS, keys);
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(SoupMessage) msg = new_batch_message (load, id, g_ptr_array_index (bodies, i), i);
      g_autoptr(GBytes) answer = soup_session_send_and_read (load->session, msg, NULL, error);

      if (answer == NULL
          || !check_answer (load, msg, answer, records_in (MAX_PARENTS, load->options->parents, i), error))
        {
          g_prefix_error (error, "Pushing %s: ", id);
          return FALSE;
        }
    }
  g_printerr ("ferry-cloud-load: pushed %d %s records first\n", load->options->parents, id);
  g_hash_table_insert (load->pools, g_strdup (id), g_steal_pointer (&keys));
  return TRUE;
}

/* ---- Main ------------------------------------------------------------------- */

/* From a file only its owner can read, or the first line of standard input. */
static char *
read_password (const char  *path,
               GError     **error)
{
  g_autofree char *text = NULL;
  char line[1024];

  if (path != NULL)
    {
      struct stat st;

      if (stat (path, &st) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot read the password file %s: %s", path, g_strerror (errno));
          return NULL;
        }
      if ((st.st_mode & 077) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "The password file %s can be read by others; chmod 600 it.", path);
          return NULL;
        }
      if (!g_file_get_contents (path, &text, NULL, error))
        return NULL;
    }
  else if (fgets (line, sizeof line, stdin) != NULL)
    text = g_strdup (line);

  if (text != NULL)
    text[strcspn (text, "\r\n")] = '\0';
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "No password: give it on standard input or in --password-file.");
      return NULL;
    }
  return g_steal_pointer (&text);
}

static gboolean
check_options (Options  *options,
               GError  **error)
{
  if (options->url == NULL || options->site == NULL || options->company == NULL
      || options->user == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--url, --site, --company and --user are required.");
      return FALSE;
    }
  if (options->records < 1 || options->batch_size < 1 || options->concurrency < 1
      || options->parents < 1 || options->parents > MAX_PARENTS || options->seed < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--records, --batch-size and --concurrency must be at least 1, "
                   "--parents from 1 to %d, --seed not negative.", MAX_PARENTS);
      return FALSE;
    }
  return TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Everything up to and including the timed push. */
static gboolean
run (Load     *load,
     GError  **error)
{
  Options *options = load->options;
  g_autofree char *password = read_password (options->password_file, error);
  FerryEntityType *type;
  g_autoptr(GArray) columns = NULL;
  gint64 start, end;
  double cpu_start, seconds, build_seconds;

  if (password == NULL || !log_in (load, password, error))
    return FALSE;

  type = ferry_catalog_lookup (load->catalog, options->entity);
  if (type == NULL || !ferry_entity_type_is_push (type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a push entity type of the catalog.", options->entity);
      return FALSE;
    }
  columns = plan_columns (load, type, error);
  if (columns == NULL)
    return FALSE;
  load->created = load->unchanged = 0;

  start = g_get_monotonic_time ();
  load->bodies = build_bodies (load, columns, options->records, options->batch_size, NULL);
  build_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_printerr ("ferry-cloud-load: built %u batches of %s in %.2f s\n", load->bodies->len,
              options->entity, build_seconds);

  cpu_start = cpu_seconds ();
  load->entity_id = options->entity;
  load->loop = g_main_loop_new (NULL, FALSE);
  start = g_get_monotonic_time ();
  send_more (load);
  g_main_loop_run (load->loop);
  end = g_get_monotonic_time ();
  if (load->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load->error));
      return FALSE;
    }
  if (load->created + load->unchanged != (guint64) options->records)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Only %" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT " records were stored.",
                   load->created + load->unchanged, options->records);
      return FALSE;
    }

  seconds = (end - start) / 1e6;
  printf ("pushed %" G_GINT64_FORMAT " %s records (%" G_GUINT64_FORMAT " created, %"
          G_GUINT64_FORMAT " unchanged) in %.2f s: %.0f records/s, %d per batch, %d connections\n",
          options->records, options->entity, load->created, load->unchanged, seconds,
          options->records / seconds, options->batch_size, options->concurrency);
  printf ("result: records=%" G_GINT64_FORMAT " seconds=%.3f records_per_s=%.0f "
          "build_seconds=%.3f client_cpu_seconds=%.2f\n",
          options->records, seconds, options->records / seconds, build_seconds,
          cpu_seconds () - cpu_start);
  return TRUE;
}

static void
options_clear (Options *options)
{
  g_free (options->url);
  g_free (options->site);
  g_free (options->company);
  g_free (options->user);
  g_free (options->password_file);
  g_free (options->entity);
  g_free (options->run_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
load_clear (Load *load)
{
  g_clear_object (&load->session);
  g_clear_pointer (&load->api, g_free);
  g_clear_pointer (&load->authorization, g_free);
  g_clear_pointer (&load->pools, g_hash_table_unref);
  g_clear_pointer (&load->bodies, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_clear_pointer (&load->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Load, load_clear)

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = {
    .records = 1000000, .batch_size = 1000, .concurrency = 2, .parents = 50, .seed = 1,
  };
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url, "The server, e.g. http://127.0.0.1:8765", "URL" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &options.site, "Site name", "SITE" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &options.company, "Company code", "CODE" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, "User with Can Sync", "USER" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &options.password_file,
      "Read the password from this file (mode 600) instead of standard input", "FILE" },
    { "entity", 0, 0, G_OPTION_ARG_STRING, &options.entity, "Push entity type (default ar.customer)", "ID" },
    { "records", 'n', 0, G_OPTION_ARG_INT64, &options.records, "Records to push (default 1000000)", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &options.batch_size, "Records per batch (default 1000)", "N" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &options.concurrency, "Connections (default 2)", "N" },
    { "parents", 0, 0, G_OPTION_ARG_INT, &options.parents, "Records of each parent type (default 50)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &options.seed, "Same seed, same records (default 1)", "S" },
    { "run-id", 0, 0, G_OPTION_ARG_STRING, &options.run_id,
      "Part of every Idempotency-Key (default: the current time)", "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— push records to ferry-cloud and time it");
  g_autoptr(GError) error = NULL;
  g_auto(Load) load = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
      "The password is read from standard input unless --password-file is given.");
  if (!g_option_context_parse (context, &argc, &argv, &error) || !check_options (&options, &error))
    {
      g_printerr ("ferry-cloud-load: %s\n", error->message);
      return 2;
    }
  if (options.entity == NULL)
    options.entity = g_strdup ("ar.customer");
  if (options.run_id == NULL)
    options.run_id = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

  load.options = &options;
  load.catalog = ferry_catalog_get_default ();
  load.session = soup_session_new_with_options ("max-conns", options.concurrency + 1,
                                                "max-conns-per-host", options.concurrency,
                                                "timeout", 300, NULL);
  load.api = g_strdup_printf ("%s/api/v1/sites/%s/companies/%s", options.url, options.site,
                              options.company);
  load.pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  ferry_random_init_stream (&load.random, (guint64) options.seed, "cloud-load");

  if (!run (&load, &error))
    {
      g_printerr ("ferry-cloud-load: %s\n", error->message);
      return 1;
    }
  return 0;
}
