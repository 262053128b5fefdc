#include "DatabaseReader.h"

#include "ReadConnection.h"

namespace engine {

DatabaseReader::DatabaseReader(QString path) : m_path(std::move(path)) {}

DatabaseReader::~DatabaseReader()
{
    stop();
}

Status DatabaseReader::start()
{
    return m_worker.start<std::unique_ptr<ReadConnection>>(
        "db-reader",
        [this]() -> Result<std::unique_ptr<ReadConnection>> {
            Result<std::unique_ptr<ReadConnection>> connection = openReadConnection(m_path);
            if (connection) {
                std::lock_guard lock(m_worker.mutex());
                m_accepting = true;
                m_connection = connection->get();
            }
            return connection;
        },
        [this](std::unique_ptr<ReadConnection> connection) { run(*connection); });
}

void DatabaseReader::stop()
{
    {
        std::lock_guard lock(m_worker.mutex());
        m_accepting = false;
        m_queue.clear();
        if (m_connection)
            m_connection->abandon();
    }
    m_worker.stop();
}

void DatabaseReader::post(Work work)
{
    std::lock_guard lock(m_worker.mutex());
    if (!m_accepting)
        return;
    m_queue.push_back(std::move(work));
    m_worker.wake();
}

void DatabaseReader::run(ReadConnection &connection)
{
    while (true) {
        Work work;
        {
            std::unique_lock lock(m_worker.mutex());
            m_worker.wait(lock, [this] { return !m_queue.empty(); });
            if (m_queue.empty() || m_worker.stopping()) {
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
