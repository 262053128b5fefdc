#pragma once
// The body of a push request: one message, or a batch {"messages": [...]} that is taken whole or refused
// whole. Checked in one pass on the push server's thread, without building a tree per payload.

#include "core/Json.h"
#include "ingest/IncomingMessage.h"

#include <QByteArray>
#include <QString>

#include <variant>
#include <vector>

namespace engine {

struct PushBody {
    bool batch = false;
    std::vector<IncomingMessage> messages;
};

// Why a body was refused: 400 when it is not JSON, 422 when it is JSON that breaks a rule. `errors` names
// each problem: by field for one message, by the message's index for a batch.
struct PushRefusal {
    int status = 422;
    QString error;
    Json errors;
};

std::variant<PushBody, PushRefusal> parsePushBody(const QByteArray &body, const QString &store, int maxBatch);

} // namespace engine
