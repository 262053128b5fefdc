#pragma once
// How a store's heartbeat reads in the window: whether its API answers, since when, and why not.

#include "config/Store.h"
#include "storage/PollStore.h"

#include <QString>

namespace ui {

// Rich text for a label. `beat` is null before the first poll.
QString heartbeatText(const engine::Store &store, const engine::Heartbeat *beat);

} // namespace ui
