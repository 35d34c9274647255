/* ferry-connection-store.h: the profile directory and its saved connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A profile is where Ferry keeps everything of one installation:
 *
 *   config dir  $XDG_CONFIG_HOME/ferry, or PROFILE/config
 *     connections.json   every local connection (mode 0600)
 *     connections.lock   taken while the file is read, changed and written
 *   data dir    $XDG_DATA_HOME/ferry, or PROFILE/data
 *     ledgers/ID.db      the ledger of the connection with that id
 *
 * PROFILE is the argument of ferry_connection_store_new (), or else the
 * environment variable FERRY_PROFILE; tests and demos use it. Directories
 * Ferry creates are mode 0700.
 *
 * connections.json is { "format": 1, "connections": [ … ] }, one object per
 * connection as ferry_connection_to_json () writes it, sorted by name.
 * It is replaced atomically (a temporary file in the same directory,
 * fsync, rename), never partially written, and never overwritten when it
 * cannot be read: a damaged file is an error naming it.
 *
 * Each change locks the file, reads it again, applies the one change and
 * writes it, so the app, ferryctl and the background service can change
 * connections at the same time without losing each other's changes.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

#define FERRY_CONNECTIONS_FILE_FORMAT 1

#define FERRY_TYPE_CONNECTION_STORE (ferry_connection_store_get_type ())
/* Lives on one thread (the main thread in the app). */
G_DECLARE_FINAL_TYPE (FerryConnectionStore, ferry_connection_store, FERRY, CONNECTION_STORE,
                      GObject)

/* @profile_dir: (nullable): NULL for $FERRY_PROFILE, or the XDG
 * directories when that is unset. Touches no file. */
FerryConnectionStore *ferry_connection_store_new            (const char           *profile_dir);

const char           *ferry_connection_store_get_config_dir (FerryConnectionStore *self);
const char           *ferry_connection_store_get_data_dir   (FerryConnectionStore *self);
/* The full path of connections.json. */
const char           *ferry_connection_store_get_file       (FerryConnectionStore *self);
/* DATA/ledgers/ID.db; creates nothing (see ensure_ledger_dir).
 * Returns: (transfer full) */
char                 *ferry_connection_store_get_ledger_path (FerryConnectionStore *self,
                                                              FerryConnection      *connection);
/* Creates DATA/ledgers (mode 0700) if needed. */
gboolean              ferry_connection_store_ensure_ledger_dir (FerryConnectionStore *self,
                                                                GError              **error);

/* Reads connections.json (a missing file means no connections) into the
 * list, updating the objects already there in place. On error the list is
 * unchanged. */
gboolean              ferry_connection_store_load           (FerryConnectionStore *self,
                                                             GError              **error);
/* A GListModel of FerryConnection sorted by name; borrowed. */
GListModel           *ferry_connection_store_get_connections (FerryConnectionStore *self);
/* Borrowed or NULL. Names compare without regard to case, as they are
 * unique that way. */
FerryConnection      *ferry_connection_store_lookup         (FerryConnectionStore *self,
                                                             const char           *name);
FerryConnection      *ferry_connection_store_lookup_by_id   (FerryConnectionStore *self,
                                                             const char           *id);

/* Validates and saves a new connection, which then is in the list.
 * FERRY_ERROR_EXISTS when its name (in any case) or id is taken. */
gboolean              ferry_connection_store_add            (FerryConnectionStore *self,
                                                             FerryConnection      *connection,
                                                             GError              **error);
/* Saves the settings of @connection (the listed object, or a copy with
 * the same id, as an edit dialog holds) and applies them to the listed
 * object. FERRY_ERROR_NOT_FOUND if its id is not saved; FERRY_ERROR_EXISTS
 * when a rename takes another connection's name. */
gboolean              ferry_connection_store_update         (FerryConnectionStore *self,
                                                             FerryConnection      *connection,
                                                             GError              **error);
/* Removes the connection with @connection's id from the file and the list.
 * Its ledger and password stay: the caller decides (ferry_secrets_clear ()). */
gboolean              ferry_connection_store_remove         (FerryConnectionStore *self,
                                                             FerryConnection      *connection,
                                                             GError              **error);

G_END_DECLS
