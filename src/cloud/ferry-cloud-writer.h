/* ferry-cloud-writer.h: the thread that stores pushed batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push batch is most of the server's work: reading the body, checking
 * every record, one transaction. Done on the main loop, it leaves the
 * network idle meanwhile. The writer runs such handlers, one at a time, on
 * its own thread with its own connection to the database (SQLite in WAL
 * mode lets the main loop keep reading, and makes other writers wait), and
 * hands the request back to the main context when it is done.
 */
#pragma once

#include "ferry-cloud-request.h"

G_BEGIN_DECLS

typedef struct _FerryCloudWriter FerryCloudWriter;

/* Called on the main context with the request (still owned by the writer)
 * and the handler's error, if it failed. */
typedef void (*FerryCloudWriterDone) (FerryCloudRequest *request,
                                      const GError      *error,
                                      gpointer           user_data);

/* Opens its own connection to the database at @path. */
FerryCloudWriter *ferry_cloud_writer_new  (const char            *path,
                                           GError               **error);
/* Takes @request; runs @handle on the writer thread with request->store
 * set to the writer's, request->deferred set, and then @done on the
 * calling thread's main context. @free_request frees it afterwards. */
void              ferry_cloud_writer_run  (FerryCloudWriter      *self,
                                           FerryCloudRequest     *request,
                                           FerryCloudHandler      handle,
                                           FerryCloudWriterDone   done,
                                           GDestroyNotify         free_request,
                                           gpointer               user_data);
/* Waits for the handler that is running, if any, then closes. */
void              ferry_cloud_writer_free (FerryCloudWriter      *self);

G_END_DECLS
