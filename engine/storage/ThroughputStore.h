#pragma once
// Each engine's running totals (queues/Throughput) as it last published them, when several engines share a
// PostgreSQL database (cluster/Leases): the window's rates should be those of the whole hub, and each
// engine counts only what it did itself. One row per engine, stamped with the engine's own clock (for the
// rates, which compare two samples of one engine) and with the database's time (to tell the living from
// the dead). Published by the writer; read on a read connection.

#include "core/Result.h"
#include "queues/Throughput.h"

#include <QSqlDatabase>

#include <string>
#include <vector>

namespace engine {

class WriteTransaction;

namespace ThroughputStore {

struct Sample {
    std::string holder;
    Throughput::Totals totals;
    qint64 sampledAtMs = 0; // on the publishing engine's clock
};

// What `sample.holder` has done since it started; the rows of others not renewed for `forgetAfterMs` go.
Status publish(WriteTransaction &tx, const Sample &sample, qint64 forgetAfterMs);
// What every engine but `except` published in the last `withinMs`.
Result<std::vector<Sample>> read(QSqlDatabase database, const std::string &except, qint64 withinMs);

} // namespace ThroughputStore

} // namespace engine
