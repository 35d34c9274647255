/* ferry-cloud-request.h: one API request while the server handles it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ferry-cloud-auth.h"
#include "ferry-cloud-faults.h"
#include "ferry-cloud-problem.h"
#include "ferry-cloud-store.h"

G_BEGIN_DECLS

typedef struct
{
  FerryCloudStore     *store;         /* unowned */
  SoupServerMessage   *msg;           /* owned */
  char               **segments;      /* owned: decoded path after /api/v1/ */
  GHashTable          *query;         /* owned, nullable */
  char                *token;         /* owned, nullable: the bearer token */
  FerryCloudPrincipal *principal;     /* owned, nullable until authenticated */
  gint64               site_id;
  gint64               company_id;
  FerryEntityType     *entity;        /* unowned (catalog), nullable */
  FerryCloudFault      fault;
  /* Limits, from the server */
  guint                max_batch;
  gint64               token_lifetime;
  gpointer             throttle;      /* FerryCloudThrottle, unowned */
  /* The body, read on the main context before a handler runs elsewhere */
  GBytes              *body;          /* owned, nullable */
  /* Set while the handler runs on the writer thread (ferry-cloud-writer.h):
   * the answer is kept here and given to the message on the main context. */
  gboolean             deferred;
  guint                status;
  GBytes              *response;      /* owned, nullable */
  SoupMessageHeaders  *response_headers; /* owned, nullable */
} FerryCloudRequest;

/* What a route does once the request is authenticated and its site,
 * company and entity are resolved. Sets the response, or fails. */
typedef gboolean (*FerryCloudHandler) (FerryCloudRequest  *request,
                                       GError            **error);

/* Handlers may run on the writer thread (request->deferred): there they
 * read the request only through these functions and the message's request
 * headers (which nothing changes while the message is paused), and answer
 * only through the respond and set_header functions. */

/* Segment N of the path after /api/v1/ (sites/{site}/… → 1 is the site). */
const char *ferry_cloud_request_segment      (FerryCloudRequest *request,
                                              guint              index);
const char *ferry_cloud_request_query        (FerryCloudRequest *request,
                                              const char        *name);
/* Parses the body as JSON (malformed-json if it is not). */
JsonNode   *ferry_cloud_request_parse_body   (FerryCloudRequest  *request,
                                              GError            **error);
GBytes     *ferry_cloud_request_get_body     (FerryCloudRequest *request);
void        ferry_cloud_request_respond      (FerryCloudRequest *request,
                                              guint              status,
                                              JsonNode          *body);
void        ferry_cloud_request_respond_bytes (FerryCloudRequest *request,
                                               guint              status,
                                               GBytes            *body);
void        ferry_cloud_request_set_header   (FerryCloudRequest *request,
                                              const char        *name,
                                              const char        *value);

/* The handlers of ferry-cloud-handlers.c */
gboolean ferry_cloud_handle_health            (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_login             (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_logout            (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_me                (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_companies         (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_entities          (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_company_summary   (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_push              (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_records           (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_entity_summary    (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_exports           (FerryCloudRequest *request, GError **error);
gboolean ferry_cloud_handle_acknowledgements  (FerryCloudRequest *request, GError **error);

G_END_DECLS
