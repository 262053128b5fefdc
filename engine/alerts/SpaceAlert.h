#pragma once
// Says that the database is out of space (storage/SpaceState), where a person looks: the log at once, and an
// alert (Alerts::DatabaseFull) as soon as one can be written. It looks once a second, on a thread of its own.
// While the database is full it raises the alert again each time: a write that may fail, and so also the
// probe that finds the room that came back when nothing else writes (no pushes, deliveries paused). Once the
// space state clears, it resolves the alert. It does not hold the window up: the window reads the state from
// memory (Writer::space()).

#include "core/Clock.h"
#include "core/Worker.h"

#include <atomic>

namespace engine {

class Writer;

class SpaceAlert {
public:
    SpaceAlert(Writer &writer, const Clock &clock);
    ~SpaceAlert();

    void start();
    void stop();

private:
    void round();

    Writer &m_writer;
    const Clock &m_clock;
    Worker m_worker;
    bool m_told = false;            // the log has said it is full (on the worker's thread)
    std::atomic<bool> m_open{true}; // an alert may be open: at start, one an earlier run left
};

} // namespace engine
