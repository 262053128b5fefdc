#pragma once
// Copies the write-ahead log back into the database file on its own thread, so that the writer's commits
// do not also pay for checkpoints (measured here: about a quarter more ingest). The writer asks after its
// commits; requests made while one runs are merged. Owns its own SQLite connection and thread.

#include "core/Result.h"
#include "core/Worker.h"

#include <QString>

struct sqlite3;

namespace engine {

class WalCheckpointer {
public:
    explicit WalCheckpointer(QString path);
    ~WalCheckpointer();

    Status start();
    void stop();
    // Thread-safe and never blocks.
    void request();

private:
    void run(sqlite3 *db);

    QString m_path;
    Worker m_worker;
    bool m_requested = false; // under m_worker.mutex()
};

} // namespace engine
