#pragma once
// Where events (events/Event.h) are kept. Writer thread, inside its transaction.

#include "events/Event.h"

namespace engine {

class WriteTransaction;

namespace EventStore {

// Records the event, or counts another occurrence of the last one like it (same object, level, subject,
// description and origin).
Status record(WriteTransaction &tx, const Event &event, qint64 nowMs);

} // namespace EventStore

} // namespace engine
