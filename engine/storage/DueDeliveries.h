#pragma once
// The dispatcher's reads of its queues, on a read connection of its own (its thread only): which deliveries
// of an endpoint are due, what sending one needs, when the next one falls due, and the two things it
// follows besides (changes made by another process, and failing endpoints carried over from the last run).
// With several engines on one database, each reads only the endpoints whose lease it holds (cluster/Leases).

#include "core/Result.h"
#include "deliveries/Delivery.h"

#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace engine {

class ReadConnection;
class Statement;

class DueDeliveries {
public:
    static Result<std::unique_ptr<DueDeliveries>> open(const QString &path);
    ~DueDeliveries();

    struct Due {
        std::vector<std::pair<qint64, std::string>> ids; // (due at, id), in due order
        bool more = false;                               // the limit cut the list short
    };
    // Up to `want` of the endpoint's live deliveries due by `now`, leaving out those in `claimed` (held in
    // memory already; `held` of them are this endpoint's) and, unless `withPending`, the pending ones.
    Result<Due> due(qint64 endpointId, qint64 now, int want, int held, bool withPending,
                    const std::unordered_set<std::string> &claimed);

    struct Details {
        std::string parentId, storeId, type;
        qint64 subscriptionId = 0;
        DeliveryState state = DeliveryState::Pending;
        int attempts = 0;
        QString updateUrl;
        std::string payload;
        int depth = 0;
    };
    // What sending it needs; none when it is no longer live.
    Result<std::optional<Details>> details(const std::string &id);

    struct Next {
        qint64 at = 0;             // the earliest due time after now; 0 when none
        bool pendingLater = false; // a pending one is due later (made since the look began, or the clock stepped)
    };
    Next nextDue(qint64 endpointId, qint64 now);

    // The revision the command line bumps when it changes deliveries (SettingsStore::bumpActionsRevision).
    std::optional<qint64> actionsRevision();
    // HubSettings::degradedFailurePercent as the owner last saved it; nothing before they ever did.
    std::optional<int> degradedFailurePercent();
    // The open alert of that kind (an endpoint_* kind) on that endpoint: its detail and when it was raised.
    std::optional<std::pair<QString, qint64>> openAlert(const QString &kind, const QString &endpointName);

private:
    DueDeliveries() = default;

    std::unique_ptr<ReadConnection> m_connection;
    std::unique_ptr<Statement> m_dueIds, m_details, m_nextDue, m_revisions, m_degradedPercent, m_openAlert;
};

} // namespace engine
