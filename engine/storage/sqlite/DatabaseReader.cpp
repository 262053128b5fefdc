#include "DatabaseReader.h"

#include "Connection.h"

namespace engine {

DatabaseReader::DatabaseReader(QString path) : m_path(std::move(path)) {}

DatabaseReader::~DatabaseReader()
{
    stop();
}

Status DatabaseReader::start()
{
    return m_worker.start<std::unique_ptr<Connection>>(
        "db-reader",
        [this]() -> Result<std::unique_ptr<Connection>> {
            Result<std::unique_ptr<Connection>> connection = Connection::open(m_path, Connection::Mode::Read);
            if (connection) {
                std::lock_guard lock(m_worker.mutex());
                m_accepting = true;
                m_connection = connection->get();
            }
            return connection;
        },
        [this](std::unique_ptr<Connection> connection) { run(*connection); });
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

void DatabaseReader::run(Connection &connection)
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
