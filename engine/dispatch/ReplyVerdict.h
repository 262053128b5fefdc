#pragma once
// What an endpoint's answer means for the delivery it answered (DESIGN §6), as a pure function of the
// answer, the delivery's attempt, its subscription's retry policy and the time, so that every rule of it is
// tested without sockets. Any 2xx is a success: the delivery is archived, or scheduled when the reply asks
// to be called again after a delay at an address on the endpoint's own host. Anything else fails: a status
// that is not 2xx (with what the reply said), no answer at all (refused, timed out, TLS); the delivery is
// then retried at the policy's next time, never sooner than a Retry-After, or parked. A 410 also says the
// endpoint is gone.

#include "EndpointReply.h"
#include "HttpSender.h"
#include "RetrySchedule.h"
#include "deliveries/Delivery.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace engine {

struct ReplyVerdict {
    bool success = false;
    DeliveryState to = DeliveryState::Archived;
    std::optional<qint64> dueAtMs;
    QString updateUrl;         // where a scheduled delivery is called next
    std::optional<int> status; // the HTTP status, when an answer came
    QString error;             // a failure as the owner reads it: "HTTP 500: the warehouse is on fire"
    QByteArray responseBody;   // of a failed answer, its first 20 KB
    bool gone = false;         // 410: the endpoint pauses until the owner resumes it
    EndpointReply reply;       // a success's reply: messages, notifications, parameters
    bool badUpdateUrl = false; // an asynchronous reply whose update_url is off the endpoint's host
};

struct ReplyContext {
    QByteArray endpointUrl;
    QString updateUrl; // the delivery's own, when this was a scheduled call
    RetryPolicy retries;
    int attempt = 1;
    qint64 nowMs = 0;
    std::function<double()> random; // jitter of the retry schedule, 0..1
};

ReplyVerdict judge(const HttpSender::Response &answer, const ReplyContext &context);

// The first bytes of a failed answer that are kept with its attempt.
inline constexpr qsizetype keptFailureBytes = 20 * 1024;

// `updateUrl` resolved against the endpoint's base URL, or nothing when it leaves the endpoint's own
// scheme, host and port: an endpoint may not send the hub to call somebody else.
std::optional<QString> resolveUpdateUrl(const QByteArray &endpointUrl, const QString &updateUrl);

} // namespace engine
