#include "ConsumerStore.h"

#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

ConsumerStore::ConsumerStore(WriteTransaction &tx) : m_tx(tx) {}

Result<bool> ConsumerStore::claimIdentifiers(qint64 consumerId, std::string_view identifiers,
                                             std::string_view messageId)
{
    if (!m_claim)
        m_claim = &m_tx.statement("INSERT INTO consumer_identifiers (consumer_id, identifiers, message_id) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT (consumer_id, identifiers) DO NOTHING");
    m_claim->bind(1, consumerId);
    m_claim->bind(2, identifiers);
    m_claim->bind(3, messageId);
    if (Status ok = m_claim->run(); !ok)
        return ok.error();
    return m_claim->changes() > 0;
}

Status ConsumerStore::countEmitted(qint64 consumerId, qint64 emitted, qint64 atMs)
{
    if (!m_count)
        m_count = &m_tx.statement(
            "INSERT INTO consumer_counts (consumer_id, emitted, last_emitted_at) "
            "VALUES (?1, ?2, ?3) ON CONFLICT (consumer_id) DO UPDATE SET "
            "emitted = consumer_counts.emitted + excluded.emitted, last_emitted_at = excluded.last_emitted_at");
    m_count->bind(1, consumerId);
    m_count->bind(2, emitted);
    m_count->bind(3, atMs);
    return m_count->run();
}

Result<std::map<qint64, ConsumerStore::Count>> ConsumerStore::counts(QSqlDatabase db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT consumer_id, emitted, last_emitted_at FROM consumer_counts")))
        return sqlError(QStringLiteral("cannot read what consumers emitted"), q.lastError());
    std::map<qint64, Count> counts;
    while (q.next())
        counts[q.value(0).toLongLong()] = Count{q.value(1).toLongLong(), q.value(2).toLongLong()};
    return counts;
}

} // namespace engine
