#pragma once
// The thread of one part of the engine, and its whole life in one place (STYLE: a thread is owned by one
// object; quitting and waiting happen in one place). start() names the thread and runs the part's loop on
// it; the loop sleeps in wait() until it has work or is asked to stop; stop() asks, wakes it and joins.
// What the loop waits for is the part's own state, guarded by mutex(), so that a wake cannot slip in
// between the loop's look and its sleep.
//
// Started and stopped on one thread; mutex(), wake() and stopping() from any.

#include "Result.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace engine {

class Worker {
public:
    // `wakeLoop` wakes a loop that sleeps somewhere other than wait() (the dispatcher, in curl's poll).
    explicit Worker(std::function<void()> wakeLoop = {}) : m_wakeLoop(std::move(wakeLoop)) {}
    ~Worker() { stop(); }
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    // Runs `loop` on a new thread named `name` (15 characters at most). The loop returns once stopping()
    // says so and it has done what it still means to do.
    void start(const char *name, std::function<void()> loop);
    // For a loop that needs something made on its own thread first (QtSql ties a connection to the thread
    // that opened it): `open` runs there, and start() returns what it said, so that a database that cannot
    // be opened is an error the caller sees. When it failed, the thread has already ended.
    template <typename T> Status start(const char *name, std::function<Result<T>()> open, std::function<void(T)> loop);
    // Asks the loop to stop, wakes it and waits for it. Safe on a worker never started, and twice.
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

    std::mutex &mutex() const { return m_mutex; }
    // Wakes the loop: after changing, under mutex(), what it waits for.
    void wake();
    // Whether stop() has been called; under mutex().
    bool stopping() const { return m_stopping; }
    // In the loop, with `lock` held on mutex(): sleeps until `ready()` or stopping().
    void wait(std::unique_lock<std::mutex> &lock, const std::function<bool()> &ready);
    // The same, for at most `timeout`; false when the time ran out first.
    bool waitFor(std::unique_lock<std::mutex> &lock, std::chrono::milliseconds timeout,
                 const std::function<bool()> &ready);

private:
    static void nameThisThread(const char *name);
    void starting();

    std::function<void()> m_wakeLoop;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

template <typename T>
Status Worker::start(const char *name, std::function<Result<T>()> open, std::function<void(T)> loop)
{
    if (isRunning())
        return {};
    starting();
    std::promise<Status> opened;
    std::future<Status> result = opened.get_future();
    m_thread = std::thread([name, &opened, open = std::move(open), loop = std::move(loop)] {
        nameThisThread(name);
        Result<T> made = open();
        if (!made) {
            opened.set_value(made.error());
            return;
        }
        opened.set_value({});
        loop(std::move(made).value());
    });
    Status status = result.get();
    if (!status)
        m_thread.join();
    return status;
}

} // namespace engine
