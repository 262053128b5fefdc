#pragma once
// Endpoint health (dispatch/EndpointHealth) as the engine that sends to each endpoint last published it,
// when several engines share a PostgreSQL database (cluster/Leases): each sends to its own endpoints only,
// and every window should show them all. One row per endpoint, the snapshot as JSON, stamped with the
// database's time. Published by the writer; read on a read connection.

#include "core/Result.h"
#include "dispatch/EndpointHealth.h"

#include <QSqlDatabase>

#include <string>
#include <vector>

namespace engine {

class WriteTransaction;

namespace HealthStore {

// What `holder` has for the endpoints it sends to.
Status publish(WriteTransaction &tx, const std::string &holder, const std::vector<EndpointHealth::Snapshot> &health);
// What was published in the last `withinMs`: an endpoint whose holder died is left out once that is past.
Result<std::vector<EndpointHealth::Snapshot>> read(QSqlDatabase database, qint64 withinMs);

} // namespace HealthStore

} // namespace engine
