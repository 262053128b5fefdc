#include "RetrySchedule.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace engine::RetrySchedule {

Next after(const RetryPolicy &policy, int attempts, qint64 nowMs, std::optional<qint64> retryAfterMs,
           const std::function<double()> &random)
{
    const size_t index = size_t(std::max(attempts, 1) - 1);
    if (!policy.allowed || index >= policy.scheduleS.size())
        return {true, 0};
    const double jitter = 0.8 + 0.4 * random(); // ±20%
    qint64 delay = qint64(double(policy.scheduleS[index]) * 1000.0 * jitter);
    if (retryAfterMs)
        delay = std::max(delay, *retryAfterMs);
    return {false, nowMs + delay};
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, qint64 nowMs)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(seconds * 1000);
    // An HTTP date: "Wed, 21 Oct 2026 07:28:00 GMT".
    const QDateTime at =
        QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    QDateTime utc = at;
    utc.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, utc.toMSecsSinceEpoch() - nowMs);
}

} // namespace engine::RetrySchedule
