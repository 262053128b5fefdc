#include "ConsumerTrial.h"

#include "ConsumerRule.h"
#include "filter/JsonPath.h"

namespace engine {

Result<ConsumerTrial> ConsumerTrial::run(const Consumer &consumer, const Message &message)
{
    Result<ConsumerRule> rule = ConsumerRule::compile(consumer);
    if (!rule)
        return rule.error();
    ConsumerTrial trial;
    if (!rule->takes(message.type())) {
        trial.problems.push_back(QStringLiteral("%1 is not one of the types it takes (%2)")
                                     .arg(toQString(message.type()), consumer.messages.join(QStringLiteral(", "))));
        return trial;
    }
    ConsumerRule::Outcome outcome = rule->apply(message.document());
    trial.problems = std::move(outcome.problems);
    for (ConsumerRule::Emission &e : outcome.emitted) {
        Json emitted{{"message", rule->emits()}, {"payload", std::move(e.payload)}};
        if (e.identifiers)
            emitted["identifiers"] = Json::parse(*e.identifiers);
        trial.emitted.push_back(std::move(emitted));
    }
    if (trial.emitted.empty() && trial.problems.empty()) {
        Result<JsonPath> each = JsonPath::parse(toStdString(consumer.each));
        if (each && each->collect(message.document()).empty())
            trial.problems.push_back(QStringLiteral("%1 finds nothing in this message").arg(consumer.each));
        else
            trial.problems.push_back(QStringLiteral("its filters do not pass"));
    }
    return trial;
}

} // namespace engine
