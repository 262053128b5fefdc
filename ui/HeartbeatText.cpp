#include "HeartbeatText.h"

#include <QCoreApplication>
#include <QDateTime>

namespace ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ui::HeartbeatText", text);
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

QString heartbeatText(const engine::Store &store, const engine::Heartbeat *beat)
{
    using engine::Heartbeat;
    const QString name = store.name.toHtmlEscaped();
    if (store.apiUrl.isEmpty())
        return tr("%1: not polled (no API URL)").arg(name);
    if (!store.poll.enabled)
        return tr("%1: polling is off").arg(name);
    if (!beat || beat->state == Heartbeat::State::Unknown)
        return tr("%1: <span style='color:#7f8c8d'>not polled yet</span>").arg(name);
    const QString api =
        beat->apiVersionFound.isEmpty() ? QString() : QStringLiteral(" (API %1)").arg(beat->apiVersionFound);
    const qint64 last = std::max(beat->lastSuccessAt, beat->lastFailureAt);
    const QString next = tr("next poll about %1").arg(when(last + store.poll.ordersS * 1000LL));
    if (beat->state == Heartbeat::State::Ok)
        return tr("%1%2: <span style='color:#27ae60'>answering</span>, last poll %3; %4")
            .arg(name, api, when(beat->lastSuccessAt), next);
    return tr("%1%2: <span style='color:#c0392b'>failing %3 time(s) in a row</span>: %4. Last success %5; %6")
        .arg(name, api)
        .arg(beat->failuresInRow)
        .arg(beat->lastError.toHtmlEscaped(), beat->lastSuccessAt ? when(beat->lastSuccessAt) : tr("never"), next);
}

} // namespace ui
