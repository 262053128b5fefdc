#include "PgStatement.h"

#include "PgConnection.h"

#include <libpq-fe.h>

#include <charconv>

namespace engine {

std::string PgStatement::postgresPlaceholders(const std::string &sql, int *parameters)
{
    std::string out;
    out.reserve(sql.size() + 8);
    int highest = 0, bare = 0;
    bool inLiteral = false;
    for (size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') {
            inLiteral = !inLiteral; // '' inside a literal toggles twice: still inside
            out += c;
            continue;
        }
        if (c != '?' || inLiteral) {
            out += c;
            continue;
        }
        size_t end = i + 1;
        while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9')
            ++end;
        int number = 0;
        if (end > i + 1)
            std::from_chars(sql.data() + i + 1, sql.data() + end, number);
        else
            number = ++bare;
        highest = std::max(highest, number);
        out += '$' + std::to_string(number);
        i = end - 1;
    }
    if (parameters)
        *parameters = highest;
    return out;
}

PgStatement::PgStatement(pg_conn *conn, std::string name, const std::string &sql)
    : m_conn(conn), m_name(std::move(name))
{
    int parameters = 0;
    m_sql = postgresPlaceholders(sql, &parameters);
    m_values.resize(size_t(parameters));
    m_null.assign(size_t(parameters), true);
    PGresult *r = PQprepare(m_conn, m_name.c_str(), m_sql.c_str(), parameters, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        m_prepareError = PQresultErrorMessage(r);
    PQclear(r);
}

PgStatement::~PgStatement()
{
    reset();
}

void PgStatement::bind(int index, qint64 value)
{
    if (index < 1 || size_t(index) > m_values.size())
        return;
    m_values[size_t(index - 1)] = std::to_string(value);
    m_null[size_t(index - 1)] = false;
}

void PgStatement::bind(int index, std::string_view text)
{
    if (index < 1 || size_t(index) > m_values.size())
        return;
    m_values[size_t(index - 1)].assign(text);
    m_null[size_t(index - 1)] = false;
}

void PgStatement::bindNull(int index)
{
    if (index >= 1 && size_t(index) <= m_values.size())
        m_null[size_t(index - 1)] = true;
}

Error PgStatement::failure(const char *doing, const char *message) const
{
    return runtimeError(
        QStringLiteral("%1 (%2): %3")
            .arg(QLatin1String(doing), QString::fromStdString(m_sql).left(80), QString::fromUtf8(message).trimmed()));
}

Result<pg_result *> PgStatement::execute()
{
    if (!m_prepareError.empty())
        return failure("cannot prepare a statement", m_prepareError.c_str());
    std::vector<const char *> values(m_values.size());
    for (size_t i = 0; i < m_values.size(); ++i)
        values[i] = m_null[i] ? nullptr : m_values[i].c_str();
    PGresult *r = PQexecPrepared(m_conn, m_name.c_str(), int(values.size()), values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error e = failure("cannot run a statement", PQresultErrorMessage(r));
        e.outOfSpace = PgConnection::isOutOfSpace(r);
        PQclear(r);
        return e;
    }
    return r;
}

Status PgStatement::run()
{
    reset();
    Result<pg_result *> r = execute();
    if (!r)
        return r.error();
    const char *changed = PQcmdTuples(*r);
    m_changes = changed && *changed ? std::atoi(changed) : 0;
    PQclear(*r);
    return {};
}

Result<bool> PgStatement::next()
{
    if (!m_rows) {
        Result<pg_result *> r = execute();
        if (!r)
            return r.error();
        m_rows = *r;
        m_row = -1;
    }
    if (++m_row < PQntuples(m_rows))
        return true;
    reset();
    return false;
}

void PgStatement::reset()
{
    if (m_rows)
        PQclear(m_rows);
    m_rows = nullptr;
    m_row = -1;
}

qint64 PgStatement::columnInt64(int column) const
{
    if (!m_rows || m_row < 0)
        return 0;
    const char *text = PQgetvalue(m_rows, m_row, column);
    qint64 value = 0;
    std::from_chars(text, text + std::char_traits<char>::length(text), value);
    return value;
}

std::string_view PgStatement::columnText(int column) const
{
    if (!m_rows || m_row < 0)
        return {};
    return {PQgetvalue(m_rows, m_row, column), size_t(PQgetlength(m_rows, m_row, column))};
}

bool PgStatement::columnIsNull(int column) const
{
    return !m_rows || m_row < 0 || PQgetisnull(m_rows, m_row, column);
}

} // namespace engine
