#include "ReplyVerdict.h"

#include <QUrl>

namespace engine {

std::optional<QString> resolveUpdateUrl(const QByteArray &endpointUrl, const QString &updateUrl)
{
    const QUrl root(QString::fromUtf8(endpointUrl.endsWith('/') ? endpointUrl : endpointUrl + '/'));
    const QUrl resolved = root.resolved(QUrl(updateUrl));
    if (!resolved.isValid() || resolved.scheme() != root.scheme() || resolved.host() != root.host() ||
        resolved.port() != root.port())
        return std::nullopt;
    return resolved.toString();
}

ReplyVerdict judge(const HttpSender::Response &answer, const ReplyContext &context)
{
    ReplyVerdict v;
    if (answer.transferred)
        v.status = int(answer.status);

    if (answer.transferred && answer.status >= 200 && answer.status < 300) {
        v.success = true;
        // A reply too long to read whole is not followed: the delivery still counts as done.
        v.reply = EndpointReply::parse(answer.truncated ? QByteArray() : answer.body);
        const std::optional<QString> updateUrl =
            v.reply.isAsync() ? resolveUpdateUrl(context.endpointUrl, v.reply.updateUrl) : std::nullopt;
        v.badUpdateUrl = v.reply.isAsync() && !updateUrl;
        if (updateUrl) {
            v.to = DeliveryState::Scheduled;
            v.dueAtMs = context.nowMs + qint64(*v.reply.delaySeconds) * 1000;
            v.updateUrl = *updateUrl;
        } else {
            v.to = DeliveryState::Archived;
        }
        return v;
    }

    v.error = answer.transferred ? QStringLiteral("HTTP %1").arg(answer.status) : answer.error;
    if (answer.transferred) {
        v.responseBody = answer.body.left(keptFailureBytes);
        if (const QString said = replyError(answer.body); !said.isEmpty())
            v.error += QStringLiteral(": ") + said;
    }
    std::optional<qint64> retryAfter;
    if (answer.transferred && (answer.status == 429 || answer.status == 503))
        retryAfter = RetrySchedule::parseRetryAfter(answer.retryAfter, context.nowMs);
    const RetrySchedule::Next next =
        RetrySchedule::after(context.retries, context.attempt, context.nowMs, retryAfter, context.random);
    v.to = next.park ? DeliveryState::Parked : DeliveryState::Retrying;
    if (!next.park)
        v.dueAtMs = next.dueAtMs;
    v.updateUrl = context.updateUrl; // a scheduled call that failed is retried at the same address
    v.gone = answer.transferred && answer.status == 410;
    return v;
}

} // namespace engine
