#include "DeliveryOutcome.h"

#include "ParameterMerge.h"

#include "alerts/Alerts.h"
#include "database/SqliteStatement.h"
#include "database/WriteTransaction.h"
#include "storage/StateSql.h"

namespace engine {

namespace {

void bindText(SqliteStatement &s, int index, const std::string &text)
{
    if (text.empty())
        s.bindNull(index);
    else
        s.bind(index, text);
}

// Keeps a reply's parameters on its subscription (ParameterMerge.h).
Status storeParameters(WriteTransaction &tx, qint64 subscriptionId,
                       const std::vector<std::pair<QString, Json>> &updates)
{
    SqliteStatement &read = tx.statement("SELECT parameters FROM subscriptions WHERE id = ?1");
    read.bind(1, subscriptionId);
    Result<bool> found = read.next();
    if (!found)
        return found.error();
    if (!*found)
        return {}; // the subscription is gone; nothing to keep the parameters on
    const std::string text = mergeParameters(read.columnText(0), updates);
    read.reset();
    SqliteStatement &write = tx.statement("UPDATE subscriptions SET parameters = ?2 WHERE id = ?1");
    write.bind(1, subscriptionId);
    write.bind(2, text);
    return write.run();
}

} // namespace

Status DeliveryOutcomes::write(WriteTransaction &tx, std::vector<DeliveryOutcome> &outcomes, Ingest &ingest,
                               qint64 nowMs)
{
    SqliteStatement &update =
        tx.statement("UPDATE deliveries SET state = ?2, attempts = ?3, due_at = ?4, last_status = ?5, last_error = ?6, "
                     "completed_at = ?7, update_url = ?8 WHERE id = ?1 AND " +
                     liveDeliveries());
    SqliteStatement &attempt = tx.statement(
        "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status, error, response_body) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (delivery_id, number) DO NOTHING");

    for (DeliveryOutcome &o : outcomes) {
        const std::string state = deliveryStateName(o.to);
        const std::string error = o.error.toStdString();
        const std::string updateUrl = o.updateUrl.toStdString();
        const bool finished = o.to == DeliveryState::Archived;
        update.bind(1, o.deliveryId);
        update.bind(2, state);
        update.bind(3, qint64(o.attempt));
        if (o.dueAtMs)
            update.bind(4, *o.dueAtMs);
        else
            update.bindNull(4);
        if (o.status)
            update.bind(5, qint64(*o.status));
        else
            update.bindNull(5);
        bindText(update, 6, error);
        if (finished)
            update.bind(7, nowMs);
        else
            update.bindNull(7);
        bindText(update, 8, updateUrl);
        if (Status ok = update.run(); !ok)
            return ok;
        o.applied = update.changes() > 0;

        const std::string body = o.responseBody.toStdString();
        attempt.bind(1, o.deliveryId);
        attempt.bind(2, qint64(o.attempt));
        attempt.bind(3, o.startedAtMs);
        attempt.bind(4, o.durationMs);
        if (o.status)
            attempt.bind(5, qint64(*o.status));
        else
            attempt.bindNull(5);
        bindText(attempt, 6, error);
        bindText(attempt, 7, body);
        if (Status ok = attempt.run(); !ok)
            return ok;

        if (!o.parameters.empty()) {
            if (Status ok = storeParameters(tx, o.subscriptionId, o.parameters); !ok)
                return ok;
        }
        for (const Event &event : o.events) {
            if (Status ok = event.record(tx, nowMs); !ok)
                return ok;
        }
        if (!o.replyMessages.empty()) {
            if (Status ok = ingest.write(tx, o.replyMessages, o.taken); !ok)
                return ok;
        }
        if (o.raiseFailingAlert) {
            if (Status ok = Alerts::raise(tx, Alerts::EndpointFailing, o.endpointName, *o.raiseFailingAlert, nowMs);
                !ok)
                return ok;
        }
        if (o.resolveFailingAlert) {
            if (Status ok = Alerts::resolve(tx, Alerts::EndpointFailing, o.endpointName, nowMs); !ok)
                return ok;
        }
        if (o.pauseEndpoint) {
            SqliteStatement &pause =
                tx.statement("UPDATE endpoints SET state = 'paused' WHERE id = ?1 AND state = 'active'");
            pause.bind(1, o.endpointId);
            if (Status ok = pause.run(); !ok)
                return ok;
            if (Status ok = Alerts::raise(
                    tx, Alerts::EndpointPaused, o.endpointName,
                    QStringLiteral("answered 410 Gone, so it was paused; resume it when it is back"), nowMs);
                !ok)
                return ok;
        }
    }
    return {};
}

} // namespace engine
