#include "PgTransaction.h"

#include "storage/Statement.h"

namespace engine {

PgTransaction::PgTransaction(QSqlDatabase db, std::unique_ptr<PgConnection> native, const Clock &clock)
    : WriteTransaction(clock), m_db(std::move(db)), m_native(std::move(native))
{
}

PgTransaction::~PgTransaction() = default;

Statement &PgTransaction::statement(const std::string &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.emplace(sql, m_native->prepare(sql)).first;
    return *it->second;
}

Status PgTransaction::exec(const QString &sql)
{
    return m_native->exec(sql.toStdString());
}

} // namespace engine
