#pragma once
// What becomes of a delivery after a failed attempt (DESIGN §6): retried after the next delay of its
// subscription's schedule, ±20% jitter, and never sooner than a Retry-After the endpoint asked for; parked
// when the schedule is used up or retries are not allowed.

#include "config/Subscription.h"

#include <QtGlobal>

#include <functional>
#include <optional>

namespace engine::RetrySchedule {

struct Next {
    bool park = false;
    qint64 dueAtMs = 0; // when retrying
};

// `attempts` counts every attempt made so far, this failed one included. `random` gives a number in
// [0, 1) (injected so tests can pin the jitter).
Next after(const RetryPolicy &policy, int attempts, qint64 nowMs, std::optional<qint64> retryAfterMs,
           const std::function<double()> &random);

// The delay an HTTP Retry-After header asks for, in milliseconds: seconds or an HTTP date.
std::optional<qint64> parseRetryAfter(const QByteArray &value, qint64 nowMs);

} // namespace engine::RetrySchedule
