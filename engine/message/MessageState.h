#pragma once
// The states of an incoming message (DESIGN §4): incoming → accepted (its copies made) | skipped (no
// subscription took it, so it is finished as it came in) | rejected (it broke a rule; the reason is kept).

#include <QStringList>

#include <array>
#include <optional>
#include <string_view>

namespace engine {

// `incoming` is DESIGN §4's first state, for a message stored before it is fanned out. One engine stores a
// message and its copies in one transaction and never writes it; it stays in the schema and in the push
// API's counts for the engines that will share one database (issue "Outgrow one machine").
enum class MessageState { Incoming, Accepted, Skipped, Rejected };

inline constexpr std::array<MessageState, 4> allMessageStates{MessageState::Incoming, MessageState::Accepted,
                                                              MessageState::Skipped, MessageState::Rejected};

const char *messageStateName(MessageState state);
std::optional<MessageState> messageStateFromName(std::string_view name);
// Every state's name, in the order of the enum.
QStringList messageStateNames();

} // namespace engine
