#pragma once
// Where the hub's own settings (config/HubSettings.h) and its revision counters are kept.

#include "config/HubSettings.h"
#include "core/Result.h"

#include <QSqlDatabase>

namespace engine {

class WriteTransaction;

namespace SettingsStore {

// On a read connection's thread, or the writer's.
Result<HubSettings> load(QSqlDatabase database);
// Checks and saves them, inside the writer's transaction.
Status save(WriteTransaction &tx, const HubSettings &settings);

// Says that deliveries were changed by another process (the command line): a running engine's dispatcher
// watches this revision and reads its queues again.
Status bumpActionsRevision(WriteTransaction &tx);

} // namespace SettingsStore

} // namespace engine
