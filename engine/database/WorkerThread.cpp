#include "WorkerThread.h"

#include "Connection.h"

#include <future>

#include <pthread.h>

namespace engine::WorkerThread {

Status start(std::thread &thread, const char *name, Open open, Run run)
{
    std::promise<Status> opened;
    std::future<Status> result = opened.get_future();
    thread = std::thread([name, &opened, open = std::move(open), run = std::move(run)] {
        pthread_setname_np(pthread_self(), name);
        Result<std::unique_ptr<Connection>> connection = open();
        if (!connection) {
            opened.set_value(connection.error());
            return;
        }
        opened.set_value({});
        run(std::move(connection).value());
    });
    Status status = result.get();
    if (!status)
        thread.join();
    return status;
}

} // namespace engine::WorkerThread
