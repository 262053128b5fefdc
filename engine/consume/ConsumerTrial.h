#pragma once
// Runs a consumer, saved or not, on one message and says exactly what it would emit, without touching the
// database: the window's "Try it" and `integrator consumers try`. Any thread.

#include "config/Consumer.h"
#include "core/Json.h"
#include "core/Result.h"
#include "message/Message.h"

#include <QString>

#include <vector>

namespace engine {

struct ConsumerTrial {
    // Each message as it would be emitted: {"message": type, "payload": {...}}, with "identifiers" when the
    // consumer has them (what keeps it from emitting the same again).
    std::vector<Json> emitted;
    // Why nothing (or not everything) was emitted: it does not take the type, its filters do not pass, each
    // finds nothing, a value it needs is missing.
    std::vector<QString> problems;

    // The error says what is wrong with the consumer, when it is not valid.
    static Result<ConsumerTrial> run(const Consumer &consumer, const Message &message);
};

} // namespace engine
