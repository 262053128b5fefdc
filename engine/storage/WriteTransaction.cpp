#include "WriteTransaction.h"

#include "Statement.h"

namespace engine {

Result<qint64> WriteTransaction::configRevision()
{
    Statement &s = statement("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'config_revision'");
    Result<bool> row = s.next();
    if (!row)
        return row.error();
    const qint64 revision = *row ? s.columnInt64(0) : 0;
    s.reset();
    return revision;
}

} // namespace engine
