/* ferry-cloud-faults.h: injected faults, so that clients can be tested against a bad day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server draws once per API request, in arrival order. Each draw takes
 * exactly one number from a seeded stream, whatever the request, so the same
 * seed and the same sequence of requests give the same faults on every
 * machine. Not thread-safe: draw from the thread that dispatches requests.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_CLOUD_FAULT_NONE,
  FERRY_CLOUD_FAULT_ERROR,    /* 503 before doing anything */
  FERRY_CLOUD_FAULT_THROTTLE, /* 429 with Retry-After, before doing anything */
  FERRY_CLOUD_FAULT_DROP,     /* commit, then close the connection without answering */
} FerryCloudFault;

#define FERRY_TYPE_CLOUD_FAULTS (ferry_cloud_faults_get_type ())
G_DECLARE_FINAL_TYPE (FerryCloudFaults, ferry_cloud_faults, FERRY, CLOUD_FAULTS, GObject)

/* Everything off, seed 0, Retry-After 1. */
FerryCloudFaults *ferry_cloud_faults_new              (void);
/* Applies "error=0.1,drop=0.05,latency=50,throttle=0.1,retry-after=2,seed=7"
 * on top of the current settings; all or nothing. Rates are fractions from
 * 0 to 1 and the three together at most 1. Fails with
 * FERRY_CLOUD_PROBLEM_INVALID_REQUEST naming the part that is wrong. */
gboolean          ferry_cloud_faults_parse            (FerryCloudFaults  *self,
                                                       const char        *spec,
                                                       GError           **error);

/* Rates are 0..1. When error, throttle and drop add up to more than 1, a
 * draw favours them in that order. */
void              ferry_cloud_faults_set_error_rate    (FerryCloudFaults *self,
                                                        double            rate);
void              ferry_cloud_faults_set_drop_rate     (FerryCloudFaults *self,
                                                        double            rate);
void              ferry_cloud_faults_set_throttle_rate (FerryCloudFaults *self,
                                                        double            rate);
void              ferry_cloud_faults_set_retry_after   (FerryCloudFaults *self,
                                                        guint             seconds);
void              ferry_cloud_faults_set_latency       (FerryCloudFaults *self,
                                                        guint             ms);
/* Restarts the stream of draws. */
void              ferry_cloud_faults_set_seed          (FerryCloudFaults *self,
                                                        guint64           seed);

/* TRUE when any rate or the latency is not zero. */
gboolean          ferry_cloud_faults_is_enabled        (FerryCloudFaults *self);

/* The fault for the next API request. @mutating: the request is a batch or
 * an acknowledgement, the only requests that can be dropped. */
FerryCloudFault   ferry_cloud_faults_draw              (FerryCloudFaults *self,
                                                        gboolean          mutating);

guint             ferry_cloud_faults_get_latency       (FerryCloudFaults *self);
guint             ferry_cloud_faults_get_retry_after   (FerryCloudFaults *self);

/* "faults: error 10%, throttle 10% (Retry-After 2 s), drop 5%, latency 50 ms,
 * seed 7", or "faults: off"; for the startup log. */
char             *ferry_cloud_faults_describe          (FerryCloudFaults *self);

/* "none", "error", "throttle" or "drop". */
const char       *ferry_cloud_fault_to_string          (FerryCloudFault   fault);

G_END_DECLS
