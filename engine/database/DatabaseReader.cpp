#include "DatabaseReader.h"

#include "Connection.h"

#include <future>

#include <pthread.h>

namespace engine {

DatabaseReader::DatabaseReader(QString path) : m_path(std::move(path)) {}

DatabaseReader::~DatabaseReader() { stop(); }

Status DatabaseReader::start()
{
    if (m_thread.joinable())
        return {};
    std::promise<Status> opened;
    std::future<Status> result = opened.get_future();
    m_stopping = false;
    m_thread = std::thread([this, &opened] {
        pthread_setname_np(pthread_self(), "db-reader");
        Result<std::unique_ptr<Connection>> connection = Connection::open(m_path, Connection::Mode::Read);
        if (!connection) {
            opened.set_value(connection.error());
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            m_accepting = true;
        }
        opened.set_value({});
        run(**connection);
    });
    Status status = result.get();
    if (!status)
        m_thread.join();
    return status;
}

void DatabaseReader::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_accepting = false;
    }
    m_wake.notify_one();
    m_thread.join();
}

void DatabaseReader::post(Work work)
{
    std::lock_guard lock(m_mutex);
    if (!m_accepting)
        return;
    m_queue.push_back(std::move(work));
    m_wake.notify_one();
}

void DatabaseReader::run(Connection &connection)
{
    while (true) {
        Work work;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty())
                return;
            work = std::move(m_queue.front());
            m_queue.pop_front();
        }
        work(connection);
    }
}

} // namespace engine
