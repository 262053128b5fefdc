#pragma once
// "Test connection" for an endpoint form: can the hub reach this URL? Any HTTP answer counts as reached
// (even a 404: the host is there); the answer says how long it took. Blocks: not for the GUI thread.

#include "core/Result.h"

#include <QString>

namespace engine::ConnectionTest {

struct Reached {
    long status = 0;
    qint64 milliseconds = 0;
};

Result<Reached> probe(const QString &url, int timeoutMs = 10'000, const QString &caFile = QString());

} // namespace engine::ConnectionTest
