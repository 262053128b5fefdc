#include "MessageState.h"

namespace engine {

const char *messageStateName(MessageState state)
{
    switch (state) {
    case MessageState::Incoming:
        return "incoming";
    case MessageState::Accepted:
        return "accepted";
    case MessageState::Skipped:
        return "skipped";
    case MessageState::Rejected:
        return "rejected";
    }
    return "incoming";
}

std::optional<MessageState> messageStateFromName(std::string_view name)
{
    for (MessageState s : allMessageStates) {
        if (name == messageStateName(s))
            return s;
    }
    return std::nullopt;
}

QStringList messageStateNames()
{
    QStringList names;
    for (MessageState s : allMessageStates)
        names << QLatin1String(messageStateName(s));
    return names;
}

} // namespace engine
