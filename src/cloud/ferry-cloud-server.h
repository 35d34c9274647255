/* ferry-cloud-server.h: the HTTP side of ferry-cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on the main context answering the API of docs/cloud-api.md:
 * routing, authentication, permissions, limits, problem+json errors, one log
 * line per request, and (for tests) injected faults. The work itself is
 * done by the store's modules (auth, records, exports).
 */
#pragma once

#include <gio/gio.h>

#include "ferry-cloud-faults.h"
#include "ferry-cloud-store.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CLOUD_SERVER (ferry_cloud_server_get_type ())
G_DECLARE_FINAL_TYPE (FerryCloudServer, ferry_cloud_server, FERRY, CLOUD_SERVER, GObject)

#define FERRY_CLOUD_DEFAULT_MAX_BODY       (8 * 1024 * 1024)
#define FERRY_CLOUD_DEFAULT_MAX_BATCH      1000
#define FERRY_CLOUD_DEFAULT_TOKEN_LIFETIME (12 * 3600)

/* @faults and @tls_certificate may be NULL. */
FerryCloudServer *ferry_cloud_server_new                (FerryCloudStore  *store,
                                                         FerryCloudFaults *faults,
                                                         GTlsCertificate  *tls_certificate);
void              ferry_cloud_server_set_max_body       (FerryCloudServer *self,
                                                         gsize             max_body);
void              ferry_cloud_server_set_max_batch      (FerryCloudServer *self,
                                                         guint             max_batch);
void              ferry_cloud_server_set_token_lifetime (FerryCloudServer *self,
                                                         gint64            seconds);

/* @address is HOST:PORT ("127.0.0.1:8765", "[::1]:0"); port 0 picks one. */
gboolean          ferry_cloud_server_listen             (FerryCloudServer *self,
                                                         const char       *address,
                                                         GError          **error);
/* "http://127.0.0.1:8765" (https with a certificate), once listening. */
char             *ferry_cloud_server_get_url            (FerryCloudServer *self);
/* Closes the listening sockets and open connections. */
void              ferry_cloud_server_stop               (FerryCloudServer *self);

G_END_DECLS
