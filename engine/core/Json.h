#pragma once
// The engine's JSON type (nlohmann/json) and the few conversions to Qt strings it needs.

#include <nlohmann/json.hpp>

#include <QString>

#include <string>

namespace engine {

// Keeps object keys in the order they came, so a payload reads back (in the window, in an export) the way
// its sender wrote it. Objects in messages are small, so the linear key lookup this implies costs nothing.
using Json = nlohmann::ordered_json;

inline QString toQString(const std::string &s)
{
    return QString::fromStdString(s);
}
inline std::string toStdString(const QString &s)
{
    return s.toStdString();
}

// The JSON type's name as a person reads it in an error message: "an object", "a string", ...
QString describeJsonType(const Json &value);

// The member `key` of `object`, or null when `object` is no object or has none: for reading what others send,
// where nlohmann's const operator[] takes a missing key for a programming error.
const Json &memberAt(const Json &object, const char *key);

} // namespace engine
