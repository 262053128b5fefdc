#include "Writer.h"

#include <future>

namespace engine {

Status Writer::execute(Work work)
{
    std::promise<Status> finished;
    std::future<Status> result = finished.get_future();
    submit(std::move(work), [&finished](const Status &status) { finished.set_value(status); });
    return result.get();
}

} // namespace engine
