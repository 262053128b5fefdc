#include "DatabaseReader.h"

#include "Connection.h"
#include "WorkerThread.h"

namespace engine {

DatabaseReader::DatabaseReader(QString path) : m_path(std::move(path)) {}

DatabaseReader::~DatabaseReader()
{
    stop();
}

Status DatabaseReader::start()
{
    if (m_thread.joinable())
        return {};
    m_stopping = false;
    return WorkerThread::start(
        m_thread, "db-reader",
        [this]() -> Result<std::unique_ptr<Connection>> {
            Result<std::unique_ptr<Connection>> connection = Connection::open(m_path, Connection::Mode::Read);
            if (connection) {
                std::lock_guard lock(m_mutex);
                m_accepting = true;
            }
            return connection;
        },
        [this](std::unique_ptr<Connection> connection) { run(*connection); });
}

void DatabaseReader::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_accepting = false;
        m_queue.clear();
        if (m_connection)
            m_connection->abandon();
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
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            connection.abandon();
        m_connection = &connection;
    }
    while (true) {
        Work work;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty() || m_stopping) {
                m_connection = nullptr; // closed when this returns
                return;
            }
            work = std::move(m_queue.front());
            m_queue.pop_front();
        }
        work(connection);
    }
}

} // namespace engine
