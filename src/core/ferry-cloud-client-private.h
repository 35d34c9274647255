/* ferry-cloud-client-private.h: what the cloud client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-cloud-client.c sends requests, which ferry-cloud-client-calls.c
 * builds, one per call of the API; ferry-cloud-client-error.c turns
 * failures into FERRY_CLOUD_CLIENT_ERROR; ferry-cloud-client-parse.c turns
 * answers into the structs of ferry-cloud-client.h, but for the answer to a
 * push batch, which ferry-cloud-client-batch.c reads in place.
 */
#pragma once

#include <libsoup/soup.h>

#include "ferry-cloud-client.h"

G_BEGIN_DECLS

/* ---- ferry-cloud-client.c ------------------------------------------ */

struct _FerryCloudClient
{
  GObject       parent_instance;

  char         *server_url; /* owned: as given */
  char         *site;       /* owned */
  char         *company;    /* owned, nullable */
  char         *api_url;    /* owned: …/api/v1/sites/SITE */
  char         *host;       /* owned: the server's host, for messages */
  guint         timeout;
  SoupSession  *session;    /* owned */
  GTlsDatabase *extra_ca;   /* owned, nullable */
  char         *token;      /* owned, nullable; secret: wiped when dropped */
};

typedef struct
{
  const char *method;
  const char *path;            /* after the API base, e.g. "/me" */
  const char *query;           /* nullable, encoded */
  GBytes     *body;            /* nullable, JSON */
  const char *idempotency_key; /* nullable */
  gboolean    anonymous;       /* without the token */
  const char *doing;           /* completes "Could not …" */
} FerryCloudCall;

typedef gpointer (*FerryCloudParseFunc) (JsonObject  *object,
                                         GError     **error);
typedef gpointer (*FerryCloudReadFunc)  (GBytes      *body,
                                         GError     **error);

/* Zeroes and frees a secret. */
void     ferry_cloud_wipe_string         (char                  *secret);
void     ferry_cloud_client_forget_token (FerryCloudClient      *self);

/* Sends @request. On a 2xx answer returns TRUE, with the answer's object
 * in @out_object unless that is NULL (then the body is not read), and the
 * message in @out_msg unless that is NULL. */
gboolean ferry_cloud_client_send         (FerryCloudClient      *self,
                                          const FerryCloudCall  *request,
                                          JsonObject           **out_object,
                                          SoupMessage          **out_msg,
                                          GCancellable          *cancellable,
                                          GError               **error);
/* Sends @request and parses the answer with @parse. */
gpointer ferry_cloud_client_call         (FerryCloudClient      *self,
                                          const FerryCloudCall  *request,
                                          FerryCloudParseFunc    parse,
                                          SoupMessage          **out_msg,
                                          GCancellable          *cancellable,
                                          GError               **error);
/* The same with @read, which takes the JSON answer's text. */
gpointer ferry_cloud_client_call_text    (FerryCloudClient      *self,
                                          const FerryCloudCall  *request,
                                          FerryCloudReadFunc     read,
                                          SoupMessage          **out_msg,
                                          GCancellable          *cancellable,
                                          GError               **error);

/* ---- ferry-cloud-client-error.c ------------------------------------- */

GError *ferry_cloud_error_new        (FerryCloudClientError  code,
                                      guint                  status,
                                      guint                  retry_after,
                                      const char            *problem,
                                      const char            *format,
                                      ...) G_GNUC_PRINTF (5, 6);

/* The error for a non-2xx answer to @msg with @body (nullable). @doing
 * completes "Could not …", e.g. "log in to site demo". */
GError *ferry_cloud_error_from_answer (SoupMessage          *msg,
                                       GBytes               *body,
                                       const char           *doing);

/* The error for a request that got no answer: @error (consumed) from
 * libsoup or GIO, @host the server, @tls_errors what certificate
 * verification found (0 if it did not run). Cancellation is returned
 * unchanged. */
GError *ferry_cloud_error_from_transport (GError              *error,
                                          const char          *host,
                                          GTlsCertificateFlags tls_errors,
                                          const char          *doing);

/* FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE about @msg's answer; @what says
 * what is wrong, e.g. "the member “results” is missing". */
GError *ferry_cloud_error_invalid_response (SoupMessage     *msg,
                                            const char      *doing,
                                            const char      *what);

/* ---- ferry-cloud-client-parse.c ------------------------------------- */

/* Each parser fails with FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE and a
 * message fragment saying what is wrong ("the member “x” is missing"); the
 * caller turns it into a whole sentence with the status. This sets it. */
gboolean               ferry_cloud_invalid            (GError     **error,
                                                       const char  *format,
                                                       ...) G_GNUC_PRINTF (2, 3);
FerryCloudUser        *ferry_cloud_parse_user         (JsonObject  *object,
                                                       GError     **error);
/* The answer to a push batch, read from its text
 * (ferry-cloud-client-batch.c). */
FerryCloudBatchResult *ferry_cloud_parse_batch        (GBytes      *body,
                                                       GError     **error);
FerryCloudSummary     *ferry_cloud_parse_summary      (JsonObject  *object,
                                                       GError     **error);
GPtrArray             *ferry_cloud_parse_summaries    (JsonObject  *object,
                                                       GError     **error);
FerryCloudRecordPage  *ferry_cloud_parse_record_page  (JsonObject  *object,
                                                       GError     **error);
FerryCloudExportPage  *ferry_cloud_parse_export_page  (JsonObject  *object,
                                                       GError     **error);
GArray                *ferry_cloud_parse_ack_outcomes (JsonObject  *object,
                                                       GError     **error);
/* The login answer: the token (owned, to be wiped) and the user. */
gboolean               ferry_cloud_parse_login        (JsonObject      *object,
                                                       char           **out_token,
                                                       FerryCloudUser **out_user,
                                                       GError         **error);

/* The JSON body of an acknowledgement request. */
GBytes                *ferry_cloud_build_acknowledgements (const FerryCloudAcknowledgement *acks,
                                                           guint                            n);
/* The text of @builder's root, with its length in @out_length. */
char                  *ferry_cloud_builder_to_text        (JsonBuilder                     *builder,
                                                           gsize                           *out_length);

G_END_DECLS
