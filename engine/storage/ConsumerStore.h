#pragma once
// What consumers did, beside their configuration (ConfigStore): the identifier values each has emitted, so
// that it never emits them twice, and how many messages it emitted and when last. The writes run inside
// the writer's transaction (one ConsumerStore per job: it keeps its statements prepared); the read is on a
// read connection's thread.

#include "core/Result.h"

#include <QSqlDatabase>

#include <map>
#include <string_view>

namespace engine {

class Statement;
class WriteTransaction;

class ConsumerStore {
public:
    explicit ConsumerStore(WriteTransaction &tx);

    // Takes the consumer's identifier values for `messageId`; false when an earlier message had them.
    Result<bool> claimIdentifiers(qint64 consumerId, std::string_view identifiers, std::string_view messageId);
    // Adds `emitted` messages to the consumer's count, the last of them at `atMs`.
    Status countEmitted(qint64 consumerId, qint64 emitted, qint64 atMs);

    struct Count {
        qint64 emitted = 0;
        qint64 lastEmittedAtMs = 0; // 0 for never
        friend bool operator==(const Count &, const Count &) = default;
    };
    // Every consumer's count, by its id; consumers that never emitted are absent.
    static Result<std::map<qint64, Count>> counts(QSqlDatabase db);

private:
    WriteTransaction &m_tx;
    Statement *m_claim = nullptr;
    Statement *m_count = nullptr;
};

} // namespace engine
