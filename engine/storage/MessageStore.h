#pragma once
// Where incoming messages are kept. The writer's statements work inside its transaction (one MessageStore
// per job: it keeps the insert prepared for the hot loop); the reads are on a read connection's thread.

#include "StateCount.h"
#include "core/Result.h"
#include "message/MessageObjects.h"
#include "message/MessageState.h"
#include "message/StoredMessage.h"

#include <QSqlDatabase>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

class Statement;
class WriteTransaction;

class MessageStore {
public:
    explicit MessageStore(WriteTransaction &tx);

    // A message as ingest takes it in. Empty text is stored as none. The copies' id range is
    // storage/CopyRange.h's.
    struct MessageRow {
        std::string_view id, storeId, type;
        MessageState state = MessageState::Accepted;
        std::string_view reason, source, parentId;
        int depth = 0;
        qint64 receivedAt = 0;
        std::string_view payload, extra;
        std::string_view firstCopyId, lastCopyId;
    };
    // False when a message with that id was taken already (nothing is written then).
    Result<bool> insert(const MessageRow &message);
    // Files the message under each object it is about (message/MessageObjects.h), for its history.
    Status addObjects(std::string_view id, const std::vector<ObjectRef> &objects);
    // Every copy it would have had was a duplicate.
    Status markSkipped(std::string_view id, std::string_view reason);
    // Its payload as JSON text; none when there is no such message.
    Result<std::optional<std::string>> payload(std::string_view id);

    // For retention: the oldest messages received before then, in arrival order, none of whose copies is
    // still live.
    struct Finished {
        std::string id, storeId;
        MessageState state;
    };
    Result<std::vector<Finished>> oldestFinished(qint64 receivedBefore, int limit);
    // The message, its record of duplicates and its place in objects' histories (its deliveries go first:
    // DeliveryStore::remove).
    Status remove(std::string_view id);

    static Result<std::optional<StoredMessage>> find(QSqlDatabase database, const std::string &id);
    // The `limit` messages taken in last, newest first.
    static Result<std::vector<StoredMessage>> latest(QSqlDatabase database, int limit);
    // How many messages each store has in each state: a full scan.
    static Result<std::vector<StateCount>> countByState(QSqlDatabase database);

private:
    WriteTransaction &m_tx;
    Statement &m_insert;
    Statement *m_addObject = nullptr;
};

} // namespace engine
