#pragma once
// The one policy every outgoing HTTP request of the hub follows, whoever makes it (deliveries, the poller,
// Test connection, discovery, the command line's push): http and https only, certificates and host names
// checked (against `caFile` too when given), no redirects followed, no proxy taken from the environment (a
// store owner's desktop may have one set for browsing that cannot reach a warehouse on the LAN), no signals,
// and the hub's user agent.

#include <QByteArray>

namespace engine {

// `curl` is a CURL easy handle; `caFile` must outlive the request.
void applyHttpPolicy(void *curl, const QByteArray &caFile = QByteArray());

} // namespace engine
