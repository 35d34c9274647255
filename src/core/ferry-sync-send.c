/* ferry-sync-send.c: batches to the cloud, answers into the ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exactly once: a batch is built once and every retry sends the same bytes
 * with the same idempotency key, so a batch the cloud stored but whose
 * answer was lost (a dropped connection) is answered from the cloud's
 * record of it, and nothing is stored twice. The ledger learns a batch's
 * results in one transaction, only after the answer came.
 *
 * Failures worth retrying (5xx, 429, time-outs, dropped connections) are
 * retried with exponential backoff, honouring Retry-After, up to
 * FERRY_CLOUD_RETRY_MAX_ATTEMPTS; then the batch's records are recorded as
 * failed and the entity type fails, while types that do not depend on it go
 * on. A batch the cloud finds too large is split in two. An expired token
 * is renewed once. Refused credentials, a missing permission and TLS
 * failures end the run: nothing else would go through either.
 */
#define G_LOG_DOMAIN "ferry-sync-send"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-sync-private.h"

gboolean
ferry_sync_error_is_fatal (const GError *error)
{
  const char *problem;

  if (error == NULL)
    return FALSE;
  if (error->domain != FERRY_CLOUD_CLIENT_ERROR)
    return TRUE; /* cancelled, the ledger, the source */

  switch ((FerryCloudClientError) error->code)
    {
    case FERRY_CLOUD_CLIENT_ERROR_INVALID_URL:
    case FERRY_CLOUD_CLIENT_ERROR_AUTH:
    case FERRY_CLOUD_CLIENT_ERROR_PERMISSION:
    case FERRY_CLOUD_CLIENT_ERROR_TLS:
      return TRUE;
    case FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND:
      /* An entity type the cloud does not take fails alone. */
      problem = ferry_cloud_client_error_get_problem (error);
      return g_strcmp0 (problem, "unknown-entity") != 0;
    default:
      return FALSE;
    }
}

/* Waits @delay_us unless @cancellable is cancelled first. */
static gboolean
wait_cancellable (gint64         delay_us,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + delay_us;
  GPollFD pollfd;

  if (!g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep ((gulong) delay_us);
      return TRUE;
    }
  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_poll (&pollfd, 1, (int) MIN ((left + 999) / 1000, G_MAXINT));
    }
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
log_in (FerrySyncRun      *run,
        FerryCloudClient  *client,
        GError           **error)
{
  FerryConnection *connection = run->connection;
  g_autoptr(FerryCloudUser) user = NULL;

  if (run->password == NULL)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH,
                   "No password for %s at %s. Log in first (Connect, or `ferryctl login %s`).",
                   ferry_connection_get_user (connection), ferry_connection_get_site_url (connection),
                   ferry_connection_get_name (connection));
      return FALSE;
    }
  user = ferry_cloud_client_login (client, ferry_connection_get_user (connection),
                                   run->password, run->cancellable, error);
  return user != NULL;
}

static gpointer
call_login (FerrySyncRun      *run,
            FerryCloudClient  *client,
            gpointer           data,
            GError           **error)
{
  return log_in (run, client, error) ? run : NULL;
}

gpointer
ferry_sync_call (FerrySyncRun       *run,
                 FerryCloudClient   *client,
                 FerrySyncCallFunc   func,
                 gpointer            data,
                 GError            **error)
{
  gboolean renewed = FALSE;
  guint attempt = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gpointer result = func (run, client, data, &local_error);
      gint64 delay;

      if (result != NULL)
        return result;
      if (g_error_matches (local_error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH)
          && !renewed && func != call_login)
        {
          /* The token expired during a long run (the client forgot it). */
          renewed = TRUE;
          g_debug ("Logging in again: %s", local_error->message);
          if (!log_in (run, client, error))
            return NULL;
          continue;
        }
      if (!g_error_matches (local_error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      delay = ferry_cloud_retry_delay (attempt, ferry_cloud_client_error_get_retry_after (local_error));
      if (delay < 0)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Gave up after %u attempts. ", attempt + 1);
          return NULL;
        }
      attempt++;
      g_mutex_lock (&run->send_lock);
      run->retries++;
      g_mutex_unlock (&run->send_lock);
      g_info ("Retry %u in %.1f s: %s", attempt, (double) delay / G_USEC_PER_SEC,
              local_error->message);
      if (!wait_cancellable (delay, run->cancellable, error))
        return NULL;
    }
}

static gpointer
call_get_me (FerrySyncRun      *run,
             FerryCloudClient  *client,
             gpointer           data,
             GError           **error)
{
  return ferry_cloud_client_get_me (client, run->cancellable, error);
}

/* The user may sync, and sees the connection's company. */
static gboolean
check_user (FerrySyncRun          *run,
            const FerryCloudUser  *user,
            GError               **error)
{
  const char *company = ferry_connection_get_company (run->connection);

  if (!user->can_sync)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_PERMISSION,
                   "The user %s does not have the Can Sync permission on site %s, so nothing "
                   "was synced. Ask an administrator of the site to grant it.",
                   user->user, user->site);
      return FALSE;
    }
  for (guint i = 0; user->companies != NULL && i < user->companies->len; i++)
    {
      const FerryCloudCompany *known = g_ptr_array_index (user->companies, i);

      if (g_strcmp0 (known->code, company) == 0)
        return TRUE;
    }
  g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND,
               "Site %s has no company %s that %s can see. Check the company of “%s” "
               "under Local Connections.", user->site, company, user->user,
               ferry_connection_get_name (run->connection));
  return FALSE;
}

gboolean
ferry_sync_login (FerrySyncRun  *run,
                  GError       **error)
{
  FerryConnection *connection = run->connection;
  g_autoptr(FerryCloudUser) user = NULL;

  if (!ferry_connection_check_cloud (connection, error))
    return FALSE;
  /* The site URL is the server's address; the site is its own setting. */
  run->client = ferry_cloud_client_new (ferry_connection_get_site_url (connection),
                                        ferry_connection_get_site (connection),
                                        ferry_connection_get_company (connection),
                                        error);
  if (run->client == NULL || ferry_sync_call (run, run->client, call_login, NULL, error) == NULL)
    return FALSE;
  user = ferry_sync_call (run, run->client, call_get_me, NULL, error);
  return user != NULL && check_user (run, user, error);
}

/* Sending */

typedef struct
{
  const char *entity_id;
  const char *key;
  GBytes     *body;
} PushCall;

static gpointer
call_push (FerrySyncRun      *run,
           FerryCloudClient  *client,
           gpointer           data,
           GError           **error)
{
  PushCall *call = data;

  return ferry_cloud_client_push_batch (client, call->entity_id, call->key, call->body,
                                        run->cancellable, error);
}

/* How to fix a rejection, by the cloud's code. */
static const char *
rejection_hint (FerrySyncEntity *entity,
                const char      *code,
                const char      *field)
{
  const char *off = field != NULL && entity->off_references != NULL
                    ? g_hash_table_lookup (entity->off_references, field) : NULL;

  /* The parent can never come: its type is not synced. */
  if (g_strcmp0 (code, "missing-parent") == 0 && off != NULL)
    return off;
  if (g_strcmp0 (code, "missing-parent") == 0)
    return "Sync the record it names first, or correct the reference in the accounting system.";
  if (g_strcmp0 (code, "invalid-value") == 0 || g_strcmp0 (code, "missing-field") == 0)
    return "Correct the field in the accounting system; the next sync sends the record again.";
  if (g_strcmp0 (code, "unknown-field") == 0)
    return "Ferry and the cloud disagree about the entity type's fields: update Ferry, or ask "
           "the cloud's administrator.";
  if (g_strcmp0 (code, "invalid-key") == 0 || g_strcmp0 (code, "key-mismatch") == 0
      || g_strcmp0 (code, "invalid-hash") == 0 || g_strcmp0 (code, "invalid-op") == 0
      || g_strcmp0 (code, "duplicate-key") == 0)
    return "This is a bug in Ferry; please report it with this message.";
  return "Correct the record in the accounting system; the next sync sends it again.";
}

static const FerryLedgerOutcomeKind outcome_kinds[] = {
  [FERRY_CLOUD_RESULT_CREATED] = FERRY_LEDGER_OUTCOME_CREATED,
  [FERRY_CLOUD_RESULT_UPDATED] = FERRY_LEDGER_OUTCOME_UPDATED,
  [FERRY_CLOUD_RESULT_UNCHANGED] = FERRY_LEDGER_OUTCOME_UNCHANGED,
  [FERRY_CLOUD_RESULT_DELETED] = FERRY_LEDGER_OUTCOME_DELETED,
  [FERRY_CLOUD_RESULT_REJECTED] = FERRY_LEDGER_OUTCOME_REJECTED,
};

/* The answer matched to the batch by position, checked key by key. */
static FerryLedgerOutcome *
match_answer (FerrySyncEntity              *entity,
              FerrySyncBatch               *batch,
              const FerryCloudBatchResult  *answer,
              FerryLedgerCounts            *delta,
              GError                      **error)
{
  guint n = ferry_sync_batch_get_n_records (batch);
  g_autofree FerryLedgerOutcome *outcomes = g_new0 (FerryLedgerOutcome, MAX (n, 1));

  if (answer->results->len != n)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE,
                   "The cloud answered a batch of %u records with %u results.", n,
                   answer->results->len);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      const FerrySyncBatchRecord *sent = ferry_sync_batch_get_record (batch, i);
      const FerryCloudRecordResult *got = &g_array_index (answer->results, FerryCloudRecordResult, i);
      FerryLedgerOutcome *outcome = &outcomes[i];

      if (g_strcmp0 (got->key_text, sent->key_text) != 0)
        {
          g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE,
                       "The cloud answered for %s where Ferry sent %s.", got->key_text,
                       sent->key_text);
          return NULL;
        }
      outcome->entity = ferry_sync_batch_get_entity (batch);
      outcome->key_text = sent->key_text;
      outcome->op = sent->op;
      outcome->hash = sent->hash;
      outcome->kind = outcome_kinds[got->result];
      outcome->version = got->version;
      outcome->error_code = got->code;
      outcome->error_message = got->message;
      outcome->error_field = got->field;
      if (got->result == FERRY_CLOUD_RESULT_REJECTED)
        outcome->error_hint = rejection_hint (entity, got->code, got->field);
    }
  delta->sent += n;
  delta->created += answer->counts[FERRY_CLOUD_RESULT_CREATED];
  delta->updated += answer->counts[FERRY_CLOUD_RESULT_UPDATED];
  delta->unchanged += answer->counts[FERRY_CLOUD_RESULT_UNCHANGED];
  delta->deleted += answer->counts[FERRY_CLOUD_RESULT_DELETED];
  delta->rejected += answer->counts[FERRY_CLOUD_RESULT_REJECTED];
  return g_steal_pointer (&outcomes);
}

/* The answer into the ledger (one transaction), the blocked keys and the
 * counts, under send_lock. */
static gboolean
apply_answer (FerrySyncRun                 *run,
              FerrySyncEntity              *entity,
              FerrySyncBatch               *batch,
              const FerryCloudBatchResult  *answer,
              GError                      **error)
{
  const char *entity_id = ferry_sync_batch_get_entity (batch);
  g_autofree FerryLedgerOutcome *outcomes = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  FerryLedgerCounts delta = { 0, };
  guint n = ferry_sync_batch_get_n_records (batch);

  outcomes = match_answer (entity, batch, answer, &delta, error);
  if (outcomes == NULL)
    return FALSE;
  locker = g_mutex_locker_new (&run->send_lock);
  if (!ferry_ledger_apply_batch_results (run->ledger, run->run_id, outcomes, n, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (outcomes[i].kind == FERRY_LEDGER_OUTCOME_REJECTED)
        {
          g_autofree char *why = g_strdup_printf ("which the cloud rejected: %s",
                                                  outcomes[i].error_message);

          ferry_sync_blocked_add (run->blocked, entity_id, outcomes[i].key_text, why);
        }
      else
        ferry_sync_blocked_remove (run->blocked, entity_id, outcomes[i].key_text);
    }
  if (delta.rejected > 0 && run->stop_on_error)
    run->stopped = TRUE;
  ferry_sync_progress_add_counts (run->progress, &delta);
  return TRUE;
}

/* The batch's records are recorded as failed, with @reason; the entity
 * type fails. Under send_lock. */
static gboolean
fail_batch (FerrySyncRun     *run,
            FerrySyncEntity  *entity,
            FerrySyncBatch   *batch,
            const GError     *reason,
            GError          **error)
{
  guint n = ferry_sync_batch_get_n_records (batch);
  g_autofree FerryLedgerProblem *problems = g_new0 (FerryLedgerProblem, MAX (n, 1));
  FerryLedgerCounts delta = { 0, };

  for (guint i = 0; i < n; i++)
    {
      problems[i].entity = ferry_sync_batch_get_entity (batch);
      problems[i].key_text = ferry_sync_batch_get_record (batch, i)->key_text;
      problems[i].code = "send-failed";
      problems[i].message = reason->message;
      problems[i].hint = "Ferry sends it again on the next sync.";
    }
  if (!ferry_ledger_record_failures (run->ledger, run->run_id, problems, n, error))
    return FALSE;
  delta.failed = n;
  ferry_sync_progress_add_counts (run->progress, &delta);

  entity->status = FERRY_SYNC_ENTITY_FAILED;
  if (run->entity_error == NULL)
    run->entity_error = g_error_copy (reason);
  g_free (entity->failure);
  entity->failure = g_strdup (reason->message);
  return TRUE;
}

/* Sends @batch, or its halves if it is too large. FALSE with @error set
 * on a failure; the caller decides what it means. */
static gboolean
push (FerrySyncRun      *run,
      FerryCloudClient  *client,
      FerrySyncEntity   *entity,
      FerrySyncBatch    *batch,
      const char        *key,
      GError           **error)
{
  g_autoptr(GBytes) body = ferry_sync_batch_get_body (batch);
  PushCall call = { ferry_sync_batch_get_entity (batch), key, body };
  g_autoptr(FerryCloudBatchResult) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n = ferry_sync_batch_get_n_records (batch);

  answer = ferry_sync_call (run, client, call_push, &call, &local_error);
  if (answer != NULL)
    return apply_answer (run, entity, batch, answer, error);
  if (n > 1 && g_error_matches (local_error, FERRY_CLOUD_CLIENT_ERROR,
                                FERRY_CLOUD_CLIENT_ERROR_TOO_LARGE))
    {
      g_autoptr(FerrySyncBatch) first = ferry_sync_batch_slice (batch, 0, n / 2);
      g_autoptr(FerrySyncBatch) second = ferry_sync_batch_slice (batch, n / 2, n - n / 2);
      g_autofree char *first_key = g_strconcat (key, "a", NULL);
      g_autofree char *second_key = g_strconcat (key, "b", NULL);

      g_debug ("%s: a batch of %u is too large; sending it in two", call.entity_id, n);
      return push (run, client, entity, first, first_key, error)
             && push (run, client, entity, second, second_key, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The records the reader held back, into the ledger in one transaction
 * per kind; their children will wait for them in turn. Under send_lock. */
static gboolean
record_held (FerrySyncRun    *run,
             FerrySyncBatch  *batch,
             GError         **error)
{
  const char *entity_id = ferry_sync_batch_get_entity (batch);
  guint n = ferry_sync_batch_get_n_held (batch);
  g_autoptr(GArray) waiting = g_array_new (FALSE, TRUE, sizeof (FerryLedgerProblem));
  g_autoptr(GArray) problems = g_array_new (FALSE, TRUE, sizeof (FerryLedgerProblem));
  FerryLedgerCounts delta = { 0, };

  for (guint i = 0; i < n; i++)
    {
      const FerrySyncHeld *held = ferry_sync_batch_get_held (batch, i);
      FerryLedgerProblem problem = { entity_id, held->key_text, held->code, held->message, held->hint };
      gboolean waits = held->kind == FERRY_SYNC_HELD_WAITING;
      g_autofree char *why = g_strdup_printf (waits ? "which is waiting itself: %s"
                                                    : "which Ferry cannot send: %s", held->message);

      g_array_append_val (waits ? waiting : problems, problem);
      ferry_sync_blocked_add (run->blocked, entity_id, held->key_text, why);
    }
  delta.waiting = waiting->len;
  delta.failed = problems->len;
  if (!run->dry_run
      && (!ferry_ledger_mark_waiting (run->ledger, run->run_id,
                                      (FerryLedgerProblem *) waiting->data, waiting->len, error)
          || !ferry_ledger_record_failures (run->ledger, run->run_id,
                                            (FerryLedgerProblem *) problems->data, problems->len,
                                            error)))
    return FALSE;
  ferry_sync_progress_add_counts (run->progress, &delta);
  return TRUE;
}

gboolean
ferry_sync_run_is_stopped (FerrySyncRun *run)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->send_lock);

  return run->stopped;
}

static guint
next_batch_number (FerrySyncRun *run)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->send_lock);

  return ++run->batch_number;
}

gboolean
ferry_sync_send_batch (FerrySyncRun      *run,
                       FerryCloudClient  *client,
                       FerrySyncEntity   *entity,
                       FerrySyncBatch    *batch,
                       GError           **error)
{
  guint n = ferry_sync_batch_get_n_records (batch);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *key = NULL;

  if (n > 0 && run->dry_run)
    {
      FerryLedgerCounts delta = { 0, };

      delta.sent = n;
      ferry_sync_progress_add_counts (run->progress, &delta);
    }
  else if (n > 0)
    {
      key = ferry_sync_batch_make_key (ferry_connection_get_id (run->connection), run->run_id,
                                       run->nonce, ferry_entity_type_get_id (entity->type),
                                       next_batch_number (run), NULL);
      if (!push (run, client, entity, batch, key, &local_error))
        {
          if (ferry_sync_error_is_fatal (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          locker = g_mutex_locker_new (&run->send_lock);
          if (fail_batch (run, entity, batch, local_error, error))
            record_held (run, batch, error);
          return FALSE;
        }
    }
  locker = g_mutex_locker_new (&run->send_lock);
  return record_held (run, batch, error);
}
