#include "ThroughputStore.h"

#include "SqlDialect.h"
#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

Status ThroughputStore::publish(WriteTransaction &tx, const Sample &sample, qint64 forgetAfterMs)
{
    const std::string now = databaseNowMs(dialectOf(tx.database()));
    Statement &upsert =
        tx.statement("INSERT INTO node_throughput (holder, taken, delivered, failed, sampled_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, " +
                     now +
                     ") ON CONFLICT (holder) DO UPDATE SET taken = excluded.taken, delivered = excluded.delivered, "
                     "failed = excluded.failed, sampled_at = excluded.sampled_at, updated_at = excluded.updated_at");
    upsert.bind(1, sample.holder);
    upsert.bind(2, sample.totals.taken);
    upsert.bind(3, sample.totals.delivered);
    upsert.bind(4, sample.totals.failed);
    upsert.bind(5, sample.sampledAtMs);
    if (Status ok = upsert.run(); !ok)
        return ok;
    // Each start is a new holder, so without this the rows of engines long gone would pile up.
    Statement &forget =
        tx.statement("DELETE FROM node_throughput WHERE holder <> ?1 AND updated_at < " + now + " - ?2");
    forget.bind(1, sample.holder);
    forget.bind(2, forgetAfterMs);
    return forget.run();
}

Result<std::vector<ThroughputStore::Sample>> ThroughputStore::read(QSqlDatabase database, const std::string &except,
                                                                   qint64 withinMs)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT holder, taken, delivered, failed, sampled_at FROM node_throughput "
                             "WHERE holder <> ? AND updated_at > %1 - ?")
                  .arg(QLatin1String(databaseNowMs(dialectOf(database)))));
    q.addBindValue(QString::fromStdString(except));
    q.addBindValue(withinMs);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the other engines' throughput"), q.lastError());
    std::vector<Sample> samples;
    while (q.next()) {
        Sample s;
        s.holder = q.value(0).toString().toStdString();
        s.totals = {q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong()};
        s.sampledAtMs = q.value(4).toLongLong();
        samples.push_back(std::move(s));
    }
    return samples;
}

} // namespace engine
