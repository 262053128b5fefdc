#pragma once
// The one watcher of the configuration: it looks at the configuration's revision (which every change, by
// any writer, moves) every `intervalMs`, and at once when poked; when it moved, it reads the whole
// configuration and publishes it as an immutable snapshot. The parts that follow the configuration (the
// dispatcher, the push API's credentials, the window) take the latest snapshot instead of each reading the
// database on its own.
//
// The writer's fan-out is the one exception, by design: a message is fanned out with exactly what was
// committed when its transaction runs, so it checks the revision inside that transaction (Ingest).
//
// Lives on a thread of its own with a read connection; every call is thread-safe.

#include "Configuration.h"
#include "core/Result.h"
#include "core/Worker.h"

#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace engine {

struct ConfigSnapshot {
    qint64 revision = -1;
    Configuration configuration;
};

class ConfigWatcher {
public:
    explicit ConfigWatcher(QString databasePath, int intervalMs = 200);
    ~ConfigWatcher();

    // Opens the connection and takes the first snapshot before it returns.
    Status start();
    void stop();

    // The latest snapshot; never null once started.
    std::shared_ptr<const ConfigSnapshot> current() const;
    // Looks now and returns the snapshot as it stands after: for a part that must not act on an older one
    // (a push refused for a token made a moment ago). Blocks while the watcher looks; not from onChange.
    std::shared_ptr<const ConfigSnapshot> latest();
    // Runs `then` once a snapshot of at least `revision`, a committed one, is published: on the watcher's
    // thread, or at once when it already is or the watcher is not running. Lets a change made through the
    // engine be answered only once every part can see it. Must not block.
    void whenSeen(qint64 revision, std::function<void()> then);
    // Each listener runs on the watcher's thread after every new snapshot, and must not block.
    void onChange(std::function<void()> listener);

private:
    struct Waiter {
        qint64 revision;
        std::function<void()> then;
    };

    void run(class ReadConnection &connection);
    void look(class ReadConnection &connection);
    void publish(std::shared_ptr<const ConfigSnapshot> snapshot);

    QString m_path;
    int m_intervalMs;
    std::mutex m_listenersMutex;
    std::vector<std::function<void()>> m_listeners;
    Worker m_worker;
    // Under m_worker.mutex():
    bool m_lookRequested = false;
    std::vector<Waiter> m_waiters; // a revision of -1: whoever asked for a look, answered after it

    mutable std::mutex m_snapshotMutex;
    std::shared_ptr<const ConfigSnapshot> m_snapshot;
};

} // namespace engine
