/* ferry-cloud-writer.c: the thread that stores pushed batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-writer"

#include "config.h"

#include "ferry-cloud-writer.h"

struct _FerryCloudWriter
{
  FerryCloudStore *store;  /* owned; used only by the pool's one thread */
  GThreadPool     *pool;   /* owned: one thread, jobs in arrival order */
};

typedef struct
{
  FerryCloudWriter     *writer;       /* unowned */
  FerryCloudRequest    *request;      /* owned (through free_request) */
  FerryCloudStore      *main_store;   /* unowned: restored before done */
  FerryCloudHandler     handle;
  FerryCloudWriterDone  done;
  GDestroyNotify        free_request;
  gpointer              user_data;
  GMainContext         *context;      /* owned */
  GError               *error;        /* owned, nullable */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  job->free_request (job->request);
  g_main_context_unref (job->context);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;

  job->request->store = job->main_store;
  job->request->deferred = FALSE;
  job->done (job->request, job->error, job->user_data);

  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->request->store = job->writer->store;
  job->request->deferred = TRUE;
  if (!job->handle (job->request, &job->error) && job->error == NULL)
    g_set_error_literal (&job->error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,
                         "The request failed without saying why.");
  /* job_free runs with the source, even if the loop has stopped by then. */
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, job_done_cb, job, job_free);
}

FerryCloudWriter *
ferry_cloud_writer_new (const char  *path,
                        GError     **error)
{
  g_autoptr(FerryCloudStore) store = ferry_cloud_store_open (path, error);
  FerryCloudWriter *self;

  if (store == NULL)
    return NULL;

  self = g_new0 (FerryCloudWriter, 1);
  self->store = g_steal_pointer (&store);
  /* One non-exclusive thread: never two transactions of ours at once. */
  self->pool = g_thread_pool_new (run_job, self, 1, FALSE, NULL);

  return self;
}

void
ferry_cloud_writer_run (FerryCloudWriter     *self,
                        FerryCloudRequest    *request,
                        FerryCloudHandler     handle,
                        FerryCloudWriterDone  done,
                        GDestroyNotify        free_request,
                        gpointer              user_data)
{
  Job *job = g_new0 (Job, 1);

  job->writer = self;
  job->request = request;
  job->main_store = request->store;
  job->handle = handle;
  job->done = done;
  job->free_request = free_request;
  job->user_data = user_data;
  job->context = g_main_context_ref_thread_default ();
  g_thread_pool_push (self->pool, job, NULL);
}

void
ferry_cloud_writer_free (FerryCloudWriter *self)
{
  if (self == NULL)
    return;
  /* Finishes queued jobs too: each was accepted and will be answered. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->store);
  g_free (self);
}
