#include "ConsumerTrial.h"

#include "ConsumerRule.h"
#include "message/Message.h"

namespace engine {

Result<ConsumerTrial> ConsumerTrial::run(const Consumer &consumer, const Json &message)
{
    Result<ConsumerRule> rule = ConsumerRule::compile(consumer);
    if (!rule)
        return rule.error().prefixed(QStringLiteral("consumer"));
    Result<Message> parsed = Message::parse(message);
    if (!parsed)
        return parsed.error().prefixed(QStringLiteral("message"));
    ConsumerTrial trial;
    if (!rule->takes(parsed->type())) {
        trial.problems.push_back(QStringLiteral("%1 is not one of the types it takes (%2)")
                                     .arg(toQString(parsed->type()), consumer.messages.join(QStringLiteral(", "))));
        return trial;
    }
    ConsumerRule::Outcome outcome = rule->apply(parsed->document());
    trial.problems = std::move(outcome.problems);
    for (ConsumerRule::Emission &e : outcome.emitted) {
        Json emitted{{"message", rule->emits()}, {"payload", std::move(e.payload)}};
        if (e.identifiers)
            emitted["identifiers"] = Json::parse(*e.identifiers);
        trial.emitted.push_back(std::move(emitted));
    }
    return trial;
}

} // namespace engine
