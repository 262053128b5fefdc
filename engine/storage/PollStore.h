#pragma once
// Where the poller keeps its place: per store and resource the cursor (the last updated_at taken and the
// ids already taken at that instant: many orders share one), the last copy of each object it has seen (to
// tell new from updated and to say what changed), and each store's heartbeat. The writer's statements work
// inside its transaction; the reads are on the poller's read connection.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <set>
#include <string>

namespace engine {

class WriteTransaction;

struct PollCursor {
    std::string updatedAt;     // ISO 8601 as the store wrote it; empty: never polled
    std::set<std::string> ids; // objects taken at exactly updatedAt
    bool seen(const std::string &at, const std::string &id) const { return at == updatedAt && ids.count(id) != 0; }
    friend bool operator==(const PollCursor &, const PollCursor &) = default;
    // Moves past (at, id): a later instant starts a new set of ids.
    void take(const std::string &at, const std::string &id);
};

struct Heartbeat {
    enum class State { Unknown, Ok, Failing } state = State::Unknown;
    int failuresInRow = 0;
    qint64 lastSuccessAt = 0; // 0: never
    qint64 lastFailureAt = 0;
    QString lastError;
    QString apiVersionFound; // "v1", "v3"; empty until found
    friend bool operator==(const Heartbeat &, const Heartbeat &) = default;
};

class PollStore {
public:
    explicit PollStore(WriteTransaction &tx);

    Status saveCursor(const QString &storeId, const char *resource, const PollCursor &cursor);
    // Moves the cursor from `from` to `to`; false, writing nothing, when it is no longer at `from`: another
    // poll of the same store (the command line's, while an engine polls) took those changes meanwhile.
    Result<bool> moveCursor(const QString &storeId, const char *resource, const PollCursor &from, const PollCursor &to);
    Status saveKnown(const QString &storeId, const char *resource, const std::string &objectId,
                     const std::string &updatedAt, const std::string &body);
    // A poll that worked, or one that failed with a reason a person can act on. Returns the heartbeat after.
    Result<Heartbeat> succeeded(const QString &storeId, qint64 nowMs);
    Result<Heartbeat> failed(const QString &storeId, const QString &reason, qint64 nowMs);
    Status setApiVersionFound(const QString &storeId, const QString &version);

    static Result<PollCursor> cursor(QSqlDatabase database, const QString &storeId, const char *resource);
    // The last copy seen of the object, as JSON text; none when it was never seen.
    static Result<std::optional<std::string>> known(QSqlDatabase database, const QString &storeId, const char *resource,
                                                    const std::string &objectId);
    static Result<Heartbeat> heartbeat(QSqlDatabase database, const QString &storeId);
    // The same, inside the writer's transaction.
    Result<Heartbeat> heartbeat(const QString &storeId);

private:
    WriteTransaction &m_tx;
};

} // namespace engine
