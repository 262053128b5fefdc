#pragma once
// A single-pass JSON checker that takes apart only an object's top level, leaving member values as the
// sender's own bytes. It accepts exactly RFC 8259 JSON (UTF-8, no trailing commas, no comments, nesting up
// to 512 deep, no number beyond a double's range), the same documents nlohmann/json accepts (except that
// nlohmann/json stops at a NUL byte and takes no notice of what follows), and builds nothing: the push API
// uses it to take messages without building a tree for each payload (a tree is built later only if a filter
// needs one).

#include <functional>
#include <string>
#include <string_view>

namespace engine::JsonScan {

struct Problem {
    size_t offset = 0; // byte offset of the first thing that is wrong
    const char *what = "";
};

// True when `text` is one JSON value, with only whitespace around it.
bool validate(std::string_view text, Problem &problem);

// Calls `member` for each member of the object `text` (which must be valid JSON, see validate), in order:
// its key decoded and its value's exact bytes. Returns false when `text` is not an object.
bool members(std::string_view text, const std::function<void(std::string &&key, std::string_view value)> &member);

// The elements of the array `text` (valid JSON), as exact bytes. Returns false when it is not an array.
bool elements(std::string_view text, const std::function<void(std::string_view value)> &element);

// Decodes a JSON string value given with its quotes (valid JSON). Returns false when it is not a string.
bool decodeString(std::string_view value, std::string &out);

// The value's first character after whitespace: '{', '[', '"', a digit or '-', 't', 'f' or 'n'.
char kind(std::string_view value);

} // namespace engine::JsonScan
