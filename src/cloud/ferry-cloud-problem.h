/* ferry-cloud-problem.h: the errors of the cloud API, as GError and problem+json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every module of ferry-cloud reports what went wrong with a GError in the
 * FERRY_CLOUD_PROBLEM domain; its message is the problem's "detail". The
 * server turns it into an application/problem+json answer with the stable
 * type, title and status listed in docs/cloud-api.md.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_CLOUD_PROBLEM (ferry_cloud_problem_quark ())

typedef enum
{
  FERRY_CLOUD_PROBLEM_MALFORMED_JSON,         /* 400 */
  FERRY_CLOUD_PROBLEM_INVALID_REQUEST,        /* 400 */
  FERRY_CLOUD_PROBLEM_MISSING_IDEMPOTENCY_KEY,/* 400 */
  FERRY_CLOUD_PROBLEM_INVALID_CREDENTIALS,    /* 401 */
  FERRY_CLOUD_PROBLEM_UNAUTHORIZED,           /* 401 */
  FERRY_CLOUD_PROBLEM_PERMISSION_DENIED,      /* 403 */
  FERRY_CLOUD_PROBLEM_NOT_FOUND,              /* 404 */
  FERRY_CLOUD_PROBLEM_UNKNOWN_SITE,           /* 404 */
  FERRY_CLOUD_PROBLEM_UNKNOWN_COMPANY,        /* 404 */
  FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY,         /* 404 */
  FERRY_CLOUD_PROBLEM_METHOD_NOT_ALLOWED,     /* 405 */
  FERRY_CLOUD_PROBLEM_CONFLICT,               /* 409: e.g. a site that already exists */
  FERRY_CLOUD_PROBLEM_LENGTH_REQUIRED,        /* 411 */
  FERRY_CLOUD_PROBLEM_BODY_TOO_LARGE,         /* 413 */
  FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE,        /* 413 */
  FERRY_CLOUD_PROBLEM_UNSUPPORTED_MEDIA_TYPE, /* 415 */
  FERRY_CLOUD_PROBLEM_IDEMPOTENCY_KEY_REUSED, /* 422 */
  FERRY_CLOUD_PROBLEM_TOO_MANY_REQUESTS,      /* 429 */
  FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,         /* 500 */
  FERRY_CLOUD_PROBLEM_SERVICE_UNAVAILABLE,    /* 503 */
} FerryCloudProblem;

GQuark      ferry_cloud_problem_quark      (void);

/* "malformed-json"; the type URI is "urn:ferry:problem:" followed by it. */
const char *ferry_cloud_problem_get_name   (FerryCloudProblem  problem);
const char *ferry_cloud_problem_get_title  (FerryCloudProblem  problem);
guint       ferry_cloud_problem_get_status (FerryCloudProblem  problem);

/* The problem+json object for @error (any domain: other domains become
 * internal-error without revealing their message). @instance is the path. */
JsonNode   *ferry_cloud_problem_to_json    (const GError      *error,
                                            const char        *instance);
/* The problem code of @error; internal-error outside the domain. */
FerryCloudProblem ferry_cloud_problem_from_error (const GError *error);

G_END_DECLS
