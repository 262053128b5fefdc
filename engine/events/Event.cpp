#include "Event.h"

#include "message/MessageObjects.h"

namespace engine {

std::pair<QString, QString> referenceOf(std::string_view type, std::string_view payload)
{
    const std::vector<ObjectRef> objects = objectsOf(type, payload);
    if (objects.empty())
        return {};
    return {QString::fromStdString(objects.front().type), QString::fromStdString(objects.front().id)};
}

} // namespace engine
