#include "SqlError.h"

#include <QSqlError>

namespace engine {

Error sqlError(const QString &doing, const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return runtimeError(doing + QStringLiteral(": ") + detail);
}

} // namespace engine
