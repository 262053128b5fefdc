#pragma once
// The writer for a test's database, whichever backend it is on (storage/Backend's makeWriter), used as the
// tests used DatabaseWriter: made from the location, started and stopped by the test.

#include "core/Clock.h"
#include "storage/Backend.h"
#include "storage/ConfigStore.h"

#include <gtest/gtest.h>

namespace test {

class TestWriter final : public engine::Writer {
public:
    explicit TestWriter(const QString &location, const engine::Clock &clock = engine::Clock::system(),
                        const engine::DatabaseWriter::Options &options = {})
    {
        engine::Result<std::unique_ptr<engine::Writer>> made = engine::makeWriter(location, clock, options);
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : qPrintable(made.error().text()));
        if (made)
            m_writer = std::move(made).value();
    }
    ~TestWriter() override { stop(); }

    engine::Status start() override
    {
        return m_writer ? m_writer->start() : engine::Status(engine::runtimeError(QStringLiteral("no writer")));
    }
    void stop() override
    {
        if (m_writer)
            m_writer->stop();
    }
    qint64 queuedWeight() const override { return m_writer ? m_writer->queuedWeight() : 0; }
    engine::Writer &inner() { return *m_writer; }

protected:
    void enqueue(Work work, Done done, int weight) override
    {
        if (m_writer)
            m_writer->submit(std::move(work), std::move(done), weight);
    }

private:
    std::unique_ptr<engine::Writer> m_writer;
};

// Makes `config` the whole configuration of the database at `location` (made if need be), before a test starts
// an engine on it.
inline engine::Status replaceConfiguration(const QString &location, const engine::Configuration &config)
{
    TestWriter writer(location);
    if (engine::Status started = writer.start(); !started)
        return started;
    return writer.execute([&](engine::WriteTransaction &tx) {
        return engine::ConfigStore(tx.database(), tx.clock()).import(config, engine::ConfigStore::ImportMode::Replace);
    });
}

} // namespace test
