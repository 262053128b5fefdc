#pragma once
// Where deliveries and their attempts are kept. The writer's statements work inside its transaction (one
// DeliveryStore per job: it keeps the hot statements prepared); the reads are on a read connection's thread.
// A message's copies are found by their id range (CopyRange.h). The dispatcher's own reads of what is due
// are DueDeliveries'.

#include "StateCount.h"
#include "core/Result.h"
#include "deliveries/Delivery.h"
#include "message/MessageObjects.h"

#include <QSqlDatabase>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine {

class Statement;
class WriteTransaction;

class DeliveryStore {
public:
    explicit DeliveryStore(WriteTransaction &tx);

    // A copy ingest makes: pending, due now. An empty store is none.
    struct NewCopy {
        std::string_view id, parentId, storeId, type;
        qint64 subscriptionId = 0;
        qint64 endpointId = 0;
        qint64 createdAt = 0;
    };
    Status insert(const NewCopy &copy);
    // Takes a subscription's identifiers for a delivery; false when an earlier delivery has them.
    Result<bool> claimIdentifiers(qint64 subscriptionId, std::string_view identifiers, std::string_view deliveryId);
    // Notes that the message got no copy on the subscription because an earlier delivery had its identifiers.
    Status recordDuplicate(std::string_view messageId, qint64 subscriptionId, std::string_view identifiers,
                           qint64 nowMs);

    // The message a delivery copies and the objects that message is about (for events on their histories).
    struct Parent {
        std::string messageId;
        std::vector<ObjectRef> objects;
    };
    Result<Parent> parentOf(std::string_view deliveryId);

    // One attempt to deliver, and the state it leaves the delivery in. Empty text is none.
    struct Attempt {
        std::string_view deliveryId;
        int number = 1;
        qint64 startedAtMs = 0;
        qint64 durationMs = 0;
        qint64 endedAtMs = 0; // when it is written: the delivery's completion, when it is archived
        std::optional<int> status;
        std::string_view error, responseBody, updateUrl;
        DeliveryState to = DeliveryState::Archived;
        std::optional<qint64> dueAtMs;
    };
    // Records the attempt, and moves the delivery only if it is still live (the owner may have archived or
    // discarded it meanwhile): true when it did.
    Result<bool> recordAttempt(const Attempt &attempt);

    // What the owner's actions choose: deliveries in one of `states`, optionally of one endpoint,
    // subscription or type.
    struct Selection {
        std::vector<DeliveryState> states;
        std::optional<qint64> endpointId;
        std::optional<qint64> subscriptionId;
        std::string type;
    };
    struct Selected {
        std::string id, storeId;
        DeliveryState state;
        std::string type, parentId;
        qint64 endpointId = 0;
    };
    Result<qint64> count(const Selection &selection);
    // Up to `limit` of them, in no order: each chunk of an action moves its rows out of the selection.
    Result<std::vector<Selected>> select(const Selection &selection, int limit);
    Result<std::optional<Selected>> selectOne(std::string_view id);
    // Pending again (due now), or finished (archived or discarded) now.
    Status move(std::string_view id, DeliveryState to, qint64 nowMs);

    // For retention: a message's copies and their states; a delivery with its attempts.
    Result<std::vector<std::pair<std::string, DeliveryState>>> copiesOf(std::string_view messageId);
    Status remove(std::string_view id);

    // The copies of one incoming message, in id order (the order they were made in).
    static Result<std::vector<Delivery>> copiesOf(QSqlDatabase database, const std::string &messageId);
    // Every delivery, in id order, optionally only those in one state, for one endpoint (by name) or of one
    // type, each handed to `visit` with its endpoint's name ("" when the endpoint is gone) as it is read:
    // the command line's listing, which may run over the whole archive.
    struct Listing {
        std::optional<DeliveryState> state;
        QString endpointName;
        QString type;
    };
    static Status list(QSqlDatabase database, const Listing &listing,
                       const std::function<void(const Delivery &, const QString &)> &visit);
    // How many deliveries each store has in each state: a full scan.
    static Result<std::vector<StateCount>> countByState(QSqlDatabase database);

private:
    Statement &prepared(Statement *&slot, const std::string &sql);

    WriteTransaction &m_tx;
    Statement *m_insert = nullptr;
    Statement *m_claim = nullptr;
    Statement *m_update = nullptr;
    Statement *m_attempt = nullptr;
};

} // namespace engine
