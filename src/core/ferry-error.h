/* ferry-error.h: the Ferry error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_ERROR (ferry_error_quark ())

/* Codes a caller can act on; the message says what a person should do. */
typedef enum
{
  FERRY_ERROR_FAILED,          /* anything without a better code */
  FERRY_ERROR_INVALID_CATALOG, /* the entity catalog is malformed or inconsistent */
  FERRY_ERROR_NOT_FOUND,       /* an entity type, preset, table or file is missing */
  FERRY_ERROR_INVALID_ARGUMENT,/* a user-supplied value is out of range or malformed */
  FERRY_ERROR_DATABASE,        /* SQLite reported an error */
  FERRY_ERROR_SCHEMA,          /* the accounting database lacks a table or column Ferry needs */
  FERRY_ERROR_BUSY,            /* the database or a run is locked by someone else */
  FERRY_ERROR_EXISTS,          /* refusing to overwrite something */
  FERRY_ERROR_NO_SECRET_SERVICE, /* no keyring to keep passwords in (use a password file) */
  FERRY_ERROR_REFERENCE_MISSING, /* an export points at a record the accounting system lacks or has made inactive */
  FERRY_ERROR_CONFLICT,        /* an export would overwrite or duplicate what someone wrote in the accounting system */
} FerryError;

GQuark ferry_error_quark (void);

G_END_DECLS
