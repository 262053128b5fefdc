#pragma once
// The whole configuration: stores, endpoints, subscriptions and consumers, and its file form (DESIGN §11),
// which is what `integrator config export` prints and `config import` reads.

#include "Consumer.h"
#include "Endpoint.h"
#include "Store.h"
#include "Subscription.h"

#include <vector>

namespace engine {

struct Configuration {
    static constexpr int FileVersion = 1;

    std::vector<Store> stores;
    std::vector<Endpoint> endpoints;
    std::vector<Subscription> subscriptions;
    std::vector<Consumer> consumers;

    friend bool operator==(const Configuration &, const Configuration &) = default;

    // Every record, unique ids and names, and references that resolve: a subscription's endpoint and store
    // must be in this configuration (or, when given, in `context`: the configuration a file is merged into).
    // Each problem names its record ("subscriptions[2].endpoint") as this configuration numbers them;
    // validate() is the first of them.
    Problems problems(const Configuration *context = nullptr) const;
    Status validate() const { return firstProblem(problems()); }

    const Store *store(const QString &id) const;
    const Endpoint *endpoint(const QString &name) const;
    const Consumer *consumer(const QString &name) const;

    // Gives every store without a push token a new one.
    void generateMissingTokens();

    Json toJson() const;
    // Shapes and types only; call validate() for the rest.
    static Result<Configuration> fromJson(const Json &json);
};

} // namespace engine
