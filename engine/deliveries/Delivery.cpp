#include "Delivery.h"

#include <array>

namespace engine {

namespace {
constexpr std::array<std::pair<DeliveryState, const char *>, 7> names{{
    {DeliveryState::Pending, "pending"},
    {DeliveryState::Sending, "sending"},
    {DeliveryState::Retrying, "retrying"},
    {DeliveryState::Scheduled, "scheduled"},
    {DeliveryState::Parked, "parked"},
    {DeliveryState::Archived, "archived"},
    {DeliveryState::Discarded, "discarded"},
}};
} // namespace

std::vector<DeliveryState> deliveryStatesWhere(bool (*rule)(DeliveryState))
{
    std::vector<DeliveryState> states;
    for (DeliveryState s : allDeliveryStates) {
        if (rule(s))
            states.push_back(s);
    }
    return states;
}

QStringList deliveryStateNames(bool (*rule)(DeliveryState))
{
    QStringList names;
    for (DeliveryState s : deliveryStatesWhere(rule))
        names << QLatin1String(deliveryStateName(s));
    return names;
}

const char *deliveryStateName(DeliveryState state)
{
    for (const auto &[s, name] : names) {
        if (s == state)
            return name;
    }
    return "pending";
}

std::optional<DeliveryState> deliveryStateFromName(std::string_view name)
{
    for (const auto &[s, text] : names) {
        if (name == text)
            return s;
    }
    return std::nullopt;
}

} // namespace engine
