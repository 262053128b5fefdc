#include "WalSyncer.h"

#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace engine {

namespace {

Error ioError(const QString &what, const QString &path)
{
    return runtimeError(
        QStringLiteral("cannot %1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(errno))));
}

} // namespace

WalSyncer::WalSyncer(QString walPath) : m_walPath(std::move(walPath)) {}

WalSyncer::~WalSyncer()
{
    stop();
}

void WalSyncer::start()
{
    m_worker.start("db-sync", [this] { run(); });
}

void WalSyncer::stop()
{
    if (!m_worker.isRunning())
        return;
    m_worker.stop();
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void WalSyncer::submit(Callback callback, bool flush)
{
    {
        std::lock_guard lock(m_worker.mutex());
        m_queue.push_back({std::move(callback), flush});
    }
    m_worker.wake();
}

void WalSyncer::run()
{
    std::vector<Waiting> taken;
    while (true) {
        {
            std::unique_lock lock(m_worker.mutex());
            m_worker.wait(lock, [this] { return !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping, and everything submitted has run
            taken.swap(m_queue);
        }
        bool needed = false;
        for (const Waiting &w : taken)
            needed = needed || w.flush;
        const Status durable = needed ? flush() : Status{};
        for (Waiting &w : taken) {
            if (w.callback)
                w.callback(w.flush ? durable : Status{});
        }
        taken.clear();
    }
}

Status WalSyncer::flush()
{
    // A log that was deleted and made again (when every connection to the database closed) is a new file:
    // flushing the old one would flush nothing.
    struct stat st {};
    if (m_fd >= 0 && (::fstat(m_fd, &st) != 0 || st.st_nlink == 0)) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_fd < 0) {
        m_fd = ::open(m_walPath.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0)
            return ioError(QStringLiteral("open the write-ahead log"), m_walPath);
        // The log's name in its folder must be on disk too, or a power cut could lose the whole file. (Some
        // file systems cannot flush a folder, EINVAL; SQLite goes on there too.)
        const QString folder = QFileInfo(m_walPath).absolutePath();
        const int dir = ::open(folder.toLocal8Bit().constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0 || (::fsync(dir) != 0 && errno != EINVAL)) {
            const Error e = ioError(QStringLiteral("flush the folder"), folder);
            if (dir >= 0)
                ::close(dir);
            ::close(m_fd);
            m_fd = -1; // so that the next flush tries the folder again
            return e;
        }
        ::close(dir);
    }
    if (::fdatasync(m_fd) != 0)
        return ioError(QStringLiteral("flush the write-ahead log"), m_walPath);
    return {};
}

} // namespace engine
