#include "Targets.h"

#include "WebhookSignature.h"

namespace engine {

Targets Targets::from(const Configuration &config)
{
    Targets t;
    for (const Endpoint &e : config.endpoints) {
        EndpointTarget target;
        target.name = e.name;
        target.url = e.url.toUtf8();
        target.token = e.token.toUtf8();
        target.signingKey = WebhookSignature::key(e.signingSecret);
        target.timeoutMs = e.timeoutS * 1000;
        target.concurrency = e.concurrency;
        target.state = e.state;
        t.endpoints[e.id] = std::move(target);
    }
    for (const Subscription &s : config.subscriptions) {
        const Endpoint *e = config.endpoint(s.endpoint);
        if (!e)
            continue;
        t.subscriptions[s.id] = SubscriptionTarget{e->id, s.path.toUtf8(), s.parametersJson().dump(), s.retries};
    }
    return t;
}

bool Targets::isActive(qint64 endpointId) const
{
    const auto it = endpoints.find(endpointId);
    return it != endpoints.end() && it->second.state == EndpointState::Active;
}

} // namespace engine
