/* ferry-cloud-client.h: the client side of the Ferry cloud API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryCloudClient talks to one site of a cloud portal (docs/cloud-api.md)
 * for one company. Every call blocks: run them on a worker thread. A client
 * may move between threads but serves one call at a time; configure it
 * (timeout, extra CA) on the thread that created it, before the first call.
 *
 * The client sends each request once. Retrying is the caller's job (the
 * engine owns the loop, so that it can stop on cancellation and report
 * progress while it waits): errors in FERRY_CLOUD_CLIENT_ERROR_RETRYABLE are
 * worth another attempt, after ferry_cloud_retry_delay (). A batch is resent
 * with the same bytes and the same idempotency key.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ---- Errors ---------------------------------------------------------- */

#define FERRY_CLOUD_CLIENT_ERROR (ferry_cloud_client_error_quark ())

/* What a caller does about a failed call. Cancellation is reported as
 * G_IO_ERROR_CANCELLED, unchanged. Messages never hold a password or token. */
typedef enum
{
  FERRY_CLOUD_CLIENT_ERROR_FAILED,           /* anything without a better code */
  FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,      /* the site URL is malformed, or http:// off loopback */
  FERRY_CLOUD_CLIENT_ERROR_AUTH,             /* wrong password, expired or revoked token: log in again */
  FERRY_CLOUD_CLIENT_ERROR_PERMISSION,       /* the user lacks a permission (Can Sync) */
  FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND,        /* unknown site, company, entity type or host */
  FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,        /* 5xx, 429, timeout, dropped connection: try again */
  FERRY_CLOUD_CLIENT_ERROR_IDEMPOTENCY,      /* an idempotency key reused for another body: a bug */
  FERRY_CLOUD_CLIENT_ERROR_TOO_LARGE,        /* 413: the batch or body is over the cloud's limit */
  FERRY_CLOUD_CLIENT_ERROR_BAD_REQUEST,      /* another 4xx: the cloud refused the request */
  FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, /* an answer Ferry does not understand */
  FERRY_CLOUD_CLIENT_ERROR_TLS,              /* the certificate is not trusted, or TLS failed */
} FerryCloudClientError;

GQuark      ferry_cloud_client_error_quark            (void);
/* Seconds the cloud asked to wait (Retry-After), 0 when it did not say. */
guint       ferry_cloud_client_error_get_retry_after (const GError *error);
/* The HTTP status of the answer, 0 when there was none. */
guint       ferry_cloud_client_error_get_status      (const GError *error);
/* The problem type after "urn:ferry:problem:" (e.g. "permission-denied"),
 * or NULL. Borrowed from @error. */
const char *ferry_cloud_client_error_get_problem     (const GError *error);

/* ---- Retrying -------------------------------------------------------- */

#define FERRY_CLOUD_RETRY_MAX_ATTEMPTS 8   /* retries after the first try */
#define FERRY_CLOUD_RETRY_MAX_WAIT_S   300 /* a longer Retry-After: give up */

/* How long to wait, in microseconds, before retry number @attempt (0 for the
 * first retry) of a call that failed with FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
 * or -1 when the caller should give up. Backs off exponentially from 0.5 s,
 * up to 30 s, with jitter (between half and all of that), and never less
 * than @retry_after_seconds (ferry_cloud_client_error_get_retry_after ()).
 * Gives up after FERRY_CLOUD_RETRY_MAX_ATTEMPTS, or when the cloud asks for
 * more than FERRY_CLOUD_RETRY_MAX_WAIT_S. Thread-safe. */
gint64 ferry_cloud_retry_delay (guint attempt,
                                guint retry_after_seconds);

/* ---- What the cloud answers ----------------------------------------- */

typedef struct
{
  char *code; /* owned */
  char *name; /* owned */
} FerryCloudCompany;

/* The user a token belongs to (GET /me). */
typedef struct
{
  char      *site;         /* owned */
  char      *user;         /* owned */
  char      *display_name; /* owned */
  char      *role;         /* owned: "admin" or "member" */
  gboolean   can_sync;
  GPtrArray *companies;    /* owned, of FerryCloudCompany */
} FerryCloudUser;

#define FERRY_TYPE_CLOUD_USER (ferry_cloud_user_get_type ())
GType           ferry_cloud_user_get_type (void) G_GNUC_CONST;
FerryCloudUser *ferry_cloud_user_copy     (const FerryCloudUser *user);
void            ferry_cloud_user_free     (FerryCloudUser       *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudUser, ferry_cloud_user_free)

typedef enum
{
  FERRY_CLOUD_RESULT_CREATED,
  FERRY_CLOUD_RESULT_UPDATED,
  FERRY_CLOUD_RESULT_UNCHANGED,
  FERRY_CLOUD_RESULT_DELETED,
  FERRY_CLOUD_RESULT_REJECTED,
} FerryCloudResult;

/* "created", "updated", … as the API spells them. */
const char *ferry_cloud_result_to_string (FerryCloudResult result);

/* The cloud's answer about one record of a batch. */
typedef struct
{
  char             *key_text; /* owned: canonical key text, ["1001","10"] */
  FerryCloudResult  result;
  gint64            version;  /* 0 when rejected */
  char             *code;     /* owned, nullable: the rejection code, e.g. "missing-parent" */
  char             *field;    /* owned, nullable: the field a rejection is about */
  char             *message;  /* owned, nullable: the rejection, for people */
} FerryCloudRecordResult;

/* The answer to a batch: one result per record, in request order. */
typedef struct
{
  gint64   batch;        /* the cloud's batch number */
  char    *entity;       /* owned */
  gboolean replayed;     /* the stored answer to an earlier send of this key */
  guint    counts[FERRY_CLOUD_RESULT_REJECTED + 1]; /* by FerryCloudResult */
  GArray  *results;      /* owned, of FerryCloudRecordResult */
} FerryCloudBatchResult;

void ferry_cloud_batch_result_free (FerryCloudBatchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudBatchResult, ferry_cloud_batch_result_free)

typedef struct
{
  char   *entity;  /* owned */
  gint64  count;   /* stored records that are not deleted */
  gint64  deleted; /* tombstones */
  char   *digest;  /* owned: SHA-256 hex over key text and hash, in key-text order */
} FerryCloudSummary;

void ferry_cloud_summary_free (FerryCloudSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudSummary, ferry_cloud_summary_free)

typedef struct
{
  char       *key_text;   /* owned */
  char       *hash;       /* owned, nullable */
  gint64      version;
  gboolean    deleted;
  char       *updated_at; /* owned: RFC 3339 UTC */
  JsonObject *fields;     /* owned, nullable (not asked for); sealed */
} FerryCloudRecord;

typedef struct
{
  GArray *records; /* owned, of FerryCloudRecord, in key-text order */
  char   *next;    /* owned, nullable: the cursor of the next page; NULL on the last */
} FerryCloudRecordPage;

void ferry_cloud_record_page_free (FerryCloudRecordPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudRecordPage, ferry_cloud_record_page_free)

typedef enum
{
  FERRY_CLOUD_LIST_FIELDS          = 1 << 0, /* with each record's fields */
  FERRY_CLOUD_LIST_INCLUDE_DELETED = 1 << 1, /* tombstones too */
} FerryCloudListFlags;

typedef enum
{
  FERRY_CLOUD_EXPORT_PENDING, /* never acknowledged at this version */
  FERRY_CLOUD_EXPORT_FAILED,  /* the last acknowledgement of this version was a failure */
} FerryCloudExportStatus;

typedef struct
{
  char                   *export_id;  /* owned */
  char                   *entity;     /* owned: an export entity type */
  gint64                  version;
  gint64                  sequence;
  FerryCloudExportStatus  status;
  gint64                  attempts;
  char                   *last_error; /* owned, nullable */
  char                   *created_at; /* owned: RFC 3339 UTC */
  char                   *updated_at; /* owned: RFC 3339 UTC */
  JsonObject             *fields;     /* owned; sealed; line items in "items" */
} FerryCloudExportItem;

typedef struct
{
  GArray *items;      /* owned, of FerryCloudExportItem, in sequence order */
  gint64  next_after; /* the last sequence on the page, or -1 when there is no more */
} FerryCloudExportPage;

void ferry_cloud_export_page_free (FerryCloudExportPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudExportPage, ferry_cloud_export_page_free)

/* One acknowledgement to send; strings are borrowed. */
typedef struct
{
  const char *export_id;
  gint64      version;
  gboolean    applied;       /* TRUE: applied; FALSE: failed */
  const char *accounting_id; /* nullable: where an applied item went */
  const char *message;       /* nullable: why it failed, for people */
} FerryCloudAcknowledgement;

typedef enum
{
  FERRY_CLOUD_ACK_RECORDED, /* stored */
  FERRY_CLOUD_ACK_STALE,    /* an older version than the item's current one */
  FERRY_CLOUD_ACK_UNKNOWN,  /* no such export id or version */
} FerryCloudAckResult;

typedef struct
{
  char                *export_id; /* owned */
  gint64               version;
  FerryCloudAckResult  result;
} FerryCloudAckOutcome;

/* ---- The client ------------------------------------------------------ */

#define FERRY_CLOUD_CLIENT_DEFAULT_TIMEOUT 60 /* seconds without progress */

#define FERRY_TYPE_CLOUD_CLIENT (ferry_cloud_client_get_type ())
G_DECLARE_FINAL_TYPE (FerryCloudClient, ferry_cloud_client, FERRY, CLOUD_CLIENT, GObject)

/* @server_url is the cloud's address ("https://cloud.example.com", maybe
 * with a path prefix), @site the site name, @company a company code or NULL
 * until one is chosen (company calls need one). Plain http:// is refused
 * unless the host is a loopback address. FERRY_CLOUD_CLIENT_ERROR_INVALID_URL
 * on a bad URL. */
FerryCloudClient *ferry_cloud_client_new              (const char        *server_url,
                                                       const char        *site,
                                                       const char        *company,
                                                       GError           **error);
/* The same from a user's site URL, the server address followed by the site
 * name: "https://cloud.example.com/demo". */
FerryCloudClient *ferry_cloud_client_new_for_site_url (const char        *site_url,
                                                       const char        *company,
                                                       GError           **error);

/* A new client for the same site and company, with the same settings and
 * the same token, for a second thread that sends at the same time as
 * @self (a client serves one call at a time). Call it on the thread that
 * configured @self, while @self is not in a call. */
FerryCloudClient *ferry_cloud_client_dup              (FerryCloudClient  *self);

const char *ferry_cloud_client_get_site       (FerryCloudClient  *self);
const char *ferry_cloud_client_get_company    (FerryCloudClient  *self);
/* The API base, e.g. https://cloud.example.com/api/v1/sites/demo. */
const char *ferry_cloud_client_get_api_url    (FerryCloudClient  *self);
guint       ferry_cloud_client_get_timeout    (FerryCloudClient  *self);
/* Seconds a request may wait without progress (connecting, sending,
 * waiting for the answer) before it fails as RETRYABLE. Call before the
 * first request, on the thread that created the client. */
void        ferry_cloud_client_set_timeout    (FerryCloudClient  *self,
                                               guint              seconds);
gboolean    ferry_cloud_client_is_logged_in   (FerryCloudClient  *self);

/* Also trusts the certificate authorities in the PEM file @path, on top of
 * the system's: for a cloud with a private CA, and for tests. Certificates
 * are still verified in full (authority, host name, dates). Call before the
 * first request. */
gboolean ferry_cloud_client_set_extra_ca_file (FerryCloudClient  *self,
                                               const char        *path,
                                               GError           **error);

/* Logs in and keeps the token inside the client (never logged); returns
 * the user. AUTH on a wrong user name or password. */
FerryCloudUser *ferry_cloud_client_login  (FerryCloudClient  *self,
                                           const char        *user,
                                           const char        *password,
                                           GCancellable      *cancellable,
                                           GError           **error);
/* Revokes the token and forgets it; without one, does nothing. The token is
 * forgotten even when revoking fails. */
gboolean        ferry_cloud_client_logout (FerryCloudClient  *self,
                                           GCancellable      *cancellable,
                                           GError           **error);
FerryCloudUser *ferry_cloud_client_get_me (FerryCloudClient  *self,
                                           GCancellable      *cancellable,
                                           GError           **error);

/* Sends @body, a batch the caller built ({"records": […]}), as it is. The
 * caller checks that there is one result per record it sent. */
FerryCloudBatchResult *ferry_cloud_client_push_batch  (FerryCloudClient     *self,
                                                       const char           *entity,
                                                       const char           *idempotency_key,
                                                       GBytes               *body,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
FerryCloudSummary     *ferry_cloud_client_get_summary (FerryCloudClient     *self,
                                                       const char           *entity,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
/* Every entity type with stored records: a GPtrArray of FerryCloudSummary. */
GPtrArray             *ferry_cloud_client_get_company_summary (FerryCloudClient  *self,
                                                               GCancellable      *cancellable,
                                                               GError           **error);
/* One page of stored records after the cursor @after (NULL: from the
 * start); @limit 1 to 5,000. */
FerryCloudRecordPage  *ferry_cloud_client_list_records (FerryCloudClient     *self,
                                                        const char           *entity,
                                                        const char           *after,
                                                        guint                 limit,
                                                        FerryCloudListFlags   flags,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

/* Export items not yet applied, after sequence @after (0: from the start);
 * @limit 1 to 1,000; @entity NULL for every export type. */
FerryCloudExportPage  *ferry_cloud_client_get_export_feed (FerryCloudClient   *self,
                                                           gint64              after,
                                                           guint               limit,
                                                           const char         *entity,
                                                           GCancellable       *cancellable,
                                                           GError            **error);
/* Sends @n acknowledgements (at most 1,000); @idempotency_key may be NULL
 * (acknowledging is idempotent anyway). Returns a GArray of
 * FerryCloudAckOutcome in request order. */
GArray                *ferry_cloud_client_acknowledge     (FerryCloudClient                *self,
                                                           const FerryCloudAcknowledgement *acks,
                                                           guint                            n,
                                                           const char                      *idempotency_key,
                                                           GCancellable                    *cancellable,
                                                           GError                         **error);

G_END_DECLS
