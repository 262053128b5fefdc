#include "LeaseStore.h"

#include "SqlDialect.h"
#include "Statement.h"
#include "WriteTransaction.h"

namespace engine {

LeaseStore::LeaseStore(WriteTransaction &tx) : m_tx(tx), m_now(databaseNowMs(dialectOf(tx.database()))) {}

Result<bool> LeaseStore::take(const std::string &name, const std::string &holder, qint64 ttlMs)
{
    // The row first, run out, so that the update below has one to lock; an engine making the same row at
    // this moment is waited for (only here), and the row is then theirs to take first.
    Statement &make = m_tx.statement("INSERT INTO leases (name, holder, expires_at) VALUES (?1, '', 0) "
                                     "ON CONFLICT (name) DO NOTHING");
    make.bind(1, name);
    if (Status ok = make.run(); !ok)
        return ok.error();

    const SqlDialect dialect = dialectOf(m_tx.database());
    Statement &take = m_tx.statement("UPDATE leases SET holder = ?2, expires_at = " + m_now +
                                     " + ?3 WHERE name IN (SELECT name FROM leases WHERE name = ?1 AND "
                                     "(holder = ?2 OR expires_at < " +
                                     m_now + ")" + rowLockSkippingLocked(dialect) + ")");
    take.bind(1, name);
    take.bind(2, holder);
    take.bind(3, ttlMs);
    if (Status ok = take.run(); !ok)
        return ok.error();
    return take.changes() == 1;
}

Status LeaseStore::release(const std::string &name, const std::string &holder)
{
    Statement &s = m_tx.statement("UPDATE leases SET expires_at = 0 WHERE name = ?1 AND holder = ?2");
    s.bind(1, name);
    s.bind(2, holder);
    return s.run();
}

Status LeaseStore::releaseAll(const std::string &holder)
{
    Statement &s = m_tx.statement("UPDATE leases SET expires_at = 0 WHERE holder = ?1");
    s.bind(1, holder);
    return s.run();
}

Result<std::map<std::string, std::string>> LeaseStore::live(const std::string &prefix)
{
    Statement &s = m_tx.statement("SELECT name, holder FROM leases WHERE substr(name, 1, ?2) = ?1 AND expires_at > " +
                                  m_now + " ORDER BY name");
    s.bind(1, prefix);
    s.bind(2, qint64(prefix.size()));
    std::map<std::string, std::string> leases;
    while (true) {
        Result<bool> row = s.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        leases.emplace(std::string(s.columnText(0)), std::string(s.columnText(1)));
    }
    return leases;
}

} // namespace engine
