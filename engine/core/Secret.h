#pragma once
// Secrets the hub hands out: push tokens for stores and signing secrets for endpoints,
// drawn from the operating system's cryptographic random source.

#include <QString>

namespace engine::Secret {

// 32 random bytes as URL-safe base64 without padding (43 characters).
QString newToken();
// A Standard Webhooks signing secret: "whsec_" + base64 of 32 random bytes.
QString newSigningSecret();
// Compares two secrets in time that depends only on their lengths, so a wrong token leaks nothing by timing.
bool equal(const QByteArray &a, const QByteArray &b);

} // namespace engine::Secret
