#pragma once
// An error from QtSql, with what was being done: "cannot save the endpoint: UNIQUE constraint failed ...".

#include "core/Result.h"

class QSqlError;

namespace engine {

Error sqlError(const QString &doing, const QSqlError &error);

} // namespace engine
