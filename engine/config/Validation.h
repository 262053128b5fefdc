#pragma once
// Field checks shared by the configuration records.

#include "core/Result.h"

#include <QStringList>

namespace engine::Validation {

// An absolute http:// or https:// URL with a host.
Status httpUrl(const QString &field, const QString &url);
// A short name used in URLs, logs and the command line: letters, digits, '.', '_' and '-', starting with a
// letter or digit, at most 64 characters.
Status name(const QString &field, const QString &value);

// Message type patterns (order:new, order:*, *): at least one, each valid, none twice.
Status typePatterns(const QString &field, const QStringList &patterns);

} // namespace engine::Validation
