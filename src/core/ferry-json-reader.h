/* ferry-json-reader.h: JSON text read in place, without a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push batch of 1,000 records, and the cloud's answer to it, are read
 * many times a second; a general JSON tree (a node, a hash table and
 * copies for every value) costs several times more than the work they
 * carry. A FerryJsonReader walks the text instead, checking it against
 * the JSON grammar: the caller reads the values it expects, in order, and
 * keeps what it needs as FerryJsonValue, whose strings are decoded once
 * into one buffer. The text must be valid UTF-8 (the caller checks it).
 *
 * Used by ferry-cloud to read push batches and by the cloud client to read
 * their answers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_JSON_ABSENT,
  FERRY_JSON_NULL,
  FERRY_JSON_FALSE,
  FERRY_JSON_TRUE,
  FERRY_JSON_INTEGER,
  FERRY_JSON_NUMBER,   /* with a fraction or exponent, or too long */
  FERRY_JSON_STRING,
  FERRY_JSON_ARRAY,
  FERRY_JSON_OBJECT,
} FerryJsonKind;

typedef struct
{
  FerryJsonKind  kind;
  guint          raw_len;
  const char    *raw;      /* the value's text */
  const char    *string;   /* STRING: decoded, in the reader's buffer */
  gint64         integer;  /* INTEGER */
} FerryJsonValue;

typedef struct
{
  const char     *name;    /* decoded, in the reader's buffer */
  FerryJsonValue  value;
} FerryJsonMember;

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  char       *out;     /* where the next decoded string goes */
  guint       depth;
  const char *problem; /* static, set on the first error */
} FerryJsonReader;

/* Reads the @size bytes of @text, decoding strings into @buffer, which
 * must hold @size + 1 bytes and outlive the values read. */
void     ferry_json_reader_init       (FerryJsonReader  *reader,
                                       const char       *text,
                                       gsize             size,
                                       char             *buffer);
/* Records @problem (static) unless one is recorded; returns FALSE. */
gboolean ferry_json_reader_fail       (FerryJsonReader  *reader,
                                       const char       *problem);
/* Skips white space and takes @c if it comes next. */
gboolean ferry_json_reader_accept     (FerryJsonReader  *reader,
                                       char              c);
/* Nothing but white space is left. */
gboolean ferry_json_reader_at_end     (FerryJsonReader  *reader);
/* A member's name and its ':'. */
gboolean ferry_json_reader_read_name  (FerryJsonReader  *reader,
                                       const char      **out_name);
gboolean ferry_json_reader_read_value (FerryJsonReader  *reader,
                                       FerryJsonValue   *value);
/* A value expected to be of @value->kind (FERRY_JSON_ARRAY or
 * FERRY_JSON_OBJECT): when it is, its elements (FerryJsonValue) or members
 * (FerryJsonMember) are appended to @kept, from *@out_first, *@out_n of
 * them. Anything else is read as a plain value, and sets @value->kind. */
gboolean ferry_json_reader_read_kept  (FerryJsonReader  *reader,
                                       FerryJsonValue   *value,
                                       GArray           *kept,
                                       guint            *out_first,
                                       guint            *out_n);
/* Where the reader is, in bytes from the start. */
gsize    ferry_json_reader_get_offset (FerryJsonReader  *reader);

G_END_DECLS
