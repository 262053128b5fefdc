#pragma once
// The engine: owns its parts and their threads, and a lock file that keeps a second engine off the same
// database. Created, started and stopped on one thread (the main thread); the parts run on their own.

#include "core/Clock.h"
#include "core/Result.h"
#include "ingest/Ingest.h"

#include <QString>

#include <memory>

class QLockFile;

namespace engine {

class DatabaseWriter;

class Engine {
public:
    struct Options {
        QString databasePath;
        const Clock *clock = &Clock::system();
        Ingest::Limits limits;
        // A fresh database gets a store "main" with a new push token, so pushing works at once.
        bool createDefaultStore = true;
    };

    explicit Engine(Options options);
    ~Engine();

    Status start();
    // Finishes queued work, joins every thread and closes the database. Safe to call twice.
    void stop();

    DatabaseWriter &writer() { return *m_writer; }
    Ingest &ingest() { return *m_ingest; }
    const QString &databasePath() const { return m_options.databasePath; }

    // ~/.local/share/Integrator/integrator.db, or the platform's equivalent.
    static QString defaultDatabasePath();

private:
    Status createDefaultStore();

    Options m_options;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<DatabaseWriter> m_writer;
    std::unique_ptr<Ingest> m_ingest;
};

} // namespace engine
