#pragma once
// Starting a thread that owns a database connection: the connection is opened on the thread itself (QtSql
// ties a connection to the thread that opened it) and start() waits for the outcome, so that a database
// that cannot be opened is an error its caller sees, not a thread that silently exits.

#include "core/Result.h"

#include <functional>
#include <memory>
#include <thread>

namespace engine {

class Connection;

namespace WorkerThread {

using Open = std::function<Result<std::unique_ptr<Connection>>()>;
using Run = std::function<void(std::unique_ptr<Connection>)>;

// Starts `thread` under `name`, runs `open` on it and returns what it said; when it opened, the thread goes
// on with `run` and the caller joins it later. When it did not, the thread has already been joined.
Status start(std::thread &thread, const char *name, Open open, Run run);

} // namespace WorkerThread

} // namespace engine
