/* ferry-cloud-problem.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-problem"

#include "config.h"

#include "ferry-cloud-problem.h"

G_DEFINE_QUARK (ferry-cloud-problem-quark, ferry_cloud_problem)

typedef struct
{
  const char *name;
  const char *title;
  guint       status;
} ProblemInfo;

/* In enum order. Names and statuses are part of the API: never change them. */
static const ProblemInfo problems[] = {
  { "malformed-json", "Malformed JSON", 400 },
  { "invalid-request", "Invalid request", 400 },
  { "missing-idempotency-key", "Missing idempotency key", 400 },
  { "invalid-credentials", "Invalid user name or password", 401 },
  { "unauthorized", "Not logged in", 401 },
  { "permission-denied", "Permission denied", 403 },
  { "not-found", "Not found", 404 },
  { "unknown-site", "Unknown site", 404 },
  { "unknown-company", "Unknown company", 404 },
  { "unknown-entity", "Unknown entity type", 404 },
  { "method-not-allowed", "Method not allowed", 405 },
  { "conflict", "Conflict", 409 },
  { "length-required", "Length required", 411 },
  { "body-too-large", "Request body too large", 413 },
  { "batch-too-large", "Batch too large", 413 },
  { "unsupported-media-type", "Unsupported media type", 415 },
  { "idempotency-key-reused", "Idempotency key reused", 422 },
  { "too-many-requests", "Too many requests", 429 },
  { "internal-error", "Internal server error", 500 },
  { "service-unavailable", "Service unavailable", 503 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (problems) == FERRY_CLOUD_PROBLEM_SERVICE_UNAVAILABLE + 1);

static const ProblemInfo *
lookup (FerryCloudProblem problem)
{
  if ((guint) problem >= G_N_ELEMENTS (problems))
    return &problems[FERRY_CLOUD_PROBLEM_INTERNAL_ERROR];
  return &problems[problem];
}

const char *
ferry_cloud_problem_get_name (FerryCloudProblem problem)
{
  return lookup (problem)->name;
}

const char *
ferry_cloud_problem_get_title (FerryCloudProblem problem)
{
  return lookup (problem)->title;
}

guint
ferry_cloud_problem_get_status (FerryCloudProblem problem)
{
  return lookup (problem)->status;
}

FerryCloudProblem
ferry_cloud_problem_from_error (const GError *error)
{
  if (error == NULL || error->domain != FERRY_CLOUD_PROBLEM
      || (guint) error->code >= G_N_ELEMENTS (problems))
    return FERRY_CLOUD_PROBLEM_INTERNAL_ERROR;
  return (FerryCloudProblem) error->code;
}

JsonNode *
ferry_cloud_problem_to_json (const GError *error,
                             const char   *instance)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  FerryCloudProblem problem = ferry_cloud_problem_from_error (error);
  const ProblemInfo *info = lookup (problem);
  g_autofree char *type = g_strconcat ("urn:ferry:problem:", info->name, NULL);
  const char *detail;

  /* Messages from other domains (SQLite, GIO) may name server paths:
   * they go to the server's log, not to the client. */
  if (error != NULL && error->domain == FERRY_CLOUD_PROBLEM)
    detail = error->message;
  else
    detail = "The server could not handle the request. Nothing was stored. "
             "Try again; if it keeps failing, tell the administrator of the cloud service.";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, info->title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, info->status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  if (instance != NULL)
    {
      json_builder_set_member_name (builder, "instance");
      json_builder_add_string_value (builder, instance);
    }
  if (problem == FERRY_CLOUD_PROBLEM_PERMISSION_DENIED)
    {
      json_builder_set_member_name (builder, "permission");
      json_builder_add_string_value (builder, "can_sync");
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
