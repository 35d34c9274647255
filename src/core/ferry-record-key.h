/* ferry-record-key.h: natural keys of records as canonical text, and digests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record's key is one string per key field of its entity type. Its key
 * text is the compact JSON array of those strings, e.g. ["1001","10"]: the
 * form the cloud orders, pages and digests by (docs/cloud-api.md). The
 * client and the cloud both use these functions, so they agree byte for byte.
 */
#pragma once

#include <glib.h>

#include "ferry-sha256.h"

G_BEGIN_DECLS

/* ["1001","10"]: '"' and '\' escaped, characters below U+0020 as \u00XX,
 * everything else as UTF-8. */
char     *ferry_record_key_to_text   (const char * const *values);
/* The same, appended to @out. */
void      ferry_record_key_append_text (GString            *out,
                                        const char * const *values);

/* Appends @value as a JSON string with the escapes of key text. The
 * canonical record form (ferry-record.h) uses it for field values, so a
 * value reads the same in a key and in the fields. */
void      ferry_record_append_json_string (GString    *out,
                                           const char *value);

/* Parses key text back into its values (NULL-terminated); fails with
 * FERRY_ERROR_INVALID_ARGUMENT unless @text is a JSON array of non-empty
 * strings. */
char    **ferry_record_key_from_text (const char  *text,
                                      GError     **error);

/* What people read in messages: the values joined with "/", e.g. 1001/10. */
char     *ferry_record_key_display   (const char * const *values);

/* The reconciliation digest: feed each live record, in key-text order, to
 * a FerrySha256 (ferry-sha256.h); the hex digest is the result. */
void      ferry_record_digest_update (FerrySha256 *digest,
                                      const char  *key_text,
                                      const char  *hash);

/* TRUE if @hash is 64 lowercase hex digits. */
gboolean  ferry_record_hash_is_valid (const char  *hash);

G_END_DECLS
