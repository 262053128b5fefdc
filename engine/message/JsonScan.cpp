#include "JsonScan.h"

#include <locale.h> // newlocale, for strtod_l (POSIX and GNU: <clocale> and <cstdlib> need not declare them)
#include <stdlib.h>

#include <cmath>
#include <string>

namespace engine::JsonScan {

namespace {

constexpr int maxDepth = 512;

// Whether the number's value is beyond a double's range, as nlohmann/json reads it: a number with a
// fraction or an exponent, or an integer too long for 64 bits, becomes a double, and one that overflows is
// refused ("number overflow"). Read in the C locale whatever the program's, as JSON's '.' means.
bool overflowsDouble(std::string_view number)
{
    static const locale_t c = newlocale(LC_NUMERIC_MASK, "C", locale_t(nullptr));
    const std::string text(number);
    return !std::isfinite(strtod_l(text.c_str(), nullptr, c));
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *skipSpace(const char *p, const char *end)
{
    while (p < end && isSpace(*p))
        ++p;
    return p;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Four hex digits at p (p + 4 <= end), or -1.
int hex4(const char *p)
{
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hexDigit(p[i]);
        if (d < 0)
            return -1;
        value = value << 4 | d;
    }
    return value;
}

struct Scanner {
    const char *begin;
    const char *end;
    Problem &problem;

    const char *fail(const char *at, const char *what)
    {
        problem.offset = size_t(at - begin);
        problem.what = what;
        return nullptr;
    }

    // One UTF-8 sequence starting at p with a lead byte >= 0x80; returns the byte after it.
    const char *utf8(const char *p)
    {
        const auto b0 = static_cast<unsigned char>(*p);
        int length;
        unsigned min;
        unsigned code;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2, min = 0x80, code = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3, min = 0x800, code = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4, min = 0x10000, code = b0 & 0x07;
        } else {
            return fail(p, "invalid UTF-8");
        }
        if (end - p < length)
            return fail(p, "invalid UTF-8");
        for (int i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(p[i]);
            if ((b & 0xC0) != 0x80)
                return fail(p, "invalid UTF-8");
            code = code << 6 | (b & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return fail(p, "invalid UTF-8");
        return p + length;
    }

    const char *string(const char *p)
    {
        ++p; // the opening quote
        while (p < end) {
            // Plain printable ASCII is most of any payload: run through it without the checks below.
            while (p < end && static_cast<unsigned char>(*p) >= 0x20 && static_cast<unsigned char>(*p) < 0x80 &&
                   *p != '"' && *p != '\\')
                ++p;
            if (p >= end)
                break;
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"')
                return p + 1;
            if (c < 0x20)
                return fail(p, "control character in a string");
            if (c == '\\') {
                if (end - p < 2)
                    return fail(p, "unfinished escape");
                switch (p[1]) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    p += 2;
                    continue;
                case 'u': {
                    if (end - p < 6)
                        return fail(p, "unfinished \\u escape");
                    const int unit = hex4(p + 2);
                    if (unit < 0)
                        return fail(p, "invalid \\u escape");
                    p += 6;
                    if (unit >= 0xDC00 && unit <= 0xDFFF)
                        return fail(p - 6, "lone low surrogate");
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                            return fail(p - 6, "high surrogate without its low half");
                        const int low = hex4(p + 2);
                        if (low < 0xDC00 || low > 0xDFFF)
                            return fail(p - 6, "high surrogate without its low half");
                        p += 6;
                    }
                    continue;
                }
                default:
                    return fail(p, "invalid escape");
                }
            }
            if (c >= 0x80) {
                p = utf8(p);
                if (!p)
                    return nullptr;
                continue;
            }
            ++p;
        }
        return fail(p, "unfinished string");
    }

    const char *number(const char *p)
    {
        const char *start = p;
        if (p < end && *p == '-')
            ++p;
        if (p >= end)
            return fail(start, "invalid number");
        const char *digits = p;
        if (*p == '0') {
            ++p;
        } else if (*p >= '1' && *p <= '9') {
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        } else {
            return fail(start, "invalid number");
        }
        // Past DBL_MAX (about 1.8e308) takes 309 digits before the point, or an exponent.
        bool mayOverflow = p - digits > 308;
        if (p < end && *p == '.') {
            ++p;
            if (p >= end || *p < '0' || *p > '9')
                return fail(start, "invalid number");
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p < end && (*p == '+' || *p == '-'))
                ++p;
            if (p >= end || *p < '0' || *p > '9')
                return fail(start, "invalid number");
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
            mayOverflow = true;
        }
        if (mayOverflow && overflowsDouble(std::string_view(start, size_t(p - start))))
            return fail(start, "number too large");
        return p;
    }

    const char *literal(const char *p, std::string_view word)
    {
        if (size_t(end - p) < word.size() || std::string_view(p, word.size()) != word)
            return fail(p, "invalid literal");
        return p + word.size();
    }

    // One value at p (whitespace already skipped); returns the byte after it.
    const char *value(const char *p, int depth)
    {
        if (p >= end)
            return fail(p, "a value is missing");
        switch (*p) {
        case '{':
            return object(p, depth + 1);
        case '[':
            return array(p, depth + 1);
        case '"':
            return string(p);
        case 't':
            return literal(p, "true");
        case 'f':
            return literal(p, "false");
        case 'n':
            return literal(p, "null");
        default:
            if (*p == '-' || (*p >= '0' && *p <= '9'))
                return number(p);
            return fail(p, "unexpected character");
        }
    }

    const char *object(const char *p, int depth)
    {
        if (depth > maxDepth)
            return fail(p, "nested too deeply");
        p = skipSpace(p + 1, end);
        if (p < end && *p == '}')
            return p + 1;
        while (true) {
            if (p >= end || *p != '"')
                return fail(p, "expected a key in quotes");
            p = string(p);
            if (!p)
                return nullptr;
            p = skipSpace(p, end);
            if (p >= end || *p != ':')
                return fail(p, "expected ':'");
            p = value(skipSpace(p + 1, end), depth);
            if (!p)
                return nullptr;
            p = skipSpace(p, end);
            if (p < end && *p == ',') {
                p = skipSpace(p + 1, end);
                continue;
            }
            if (p < end && *p == '}')
                return p + 1;
            return fail(p, "expected ',' or '}'");
        }
    }

    const char *array(const char *p, int depth)
    {
        if (depth > maxDepth)
            return fail(p, "nested too deeply");
        p = skipSpace(p + 1, end);
        if (p < end && *p == ']')
            return p + 1;
        while (true) {
            p = value(p, depth);
            if (!p)
                return nullptr;
            p = skipSpace(p, end);
            if (p < end && *p == ',') {
                p = skipSpace(p + 1, end);
                continue;
            }
            if (p < end && *p == ']')
                return p + 1;
            return fail(p, "expected ',' or ']'");
        }
    }
};

void appendUtf8(std::string &out, unsigned code)
{
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | code >> 6);
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += char(0xE0 | code >> 12);
        out += char(0x80 | (code >> 6 & 0x3F));
        out += char(0x80 | (code & 0x3F));
    } else {
        out += char(0xF0 | code >> 18);
        out += char(0x80 | (code >> 12 & 0x3F));
        out += char(0x80 | (code >> 6 & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }
}

} // namespace

bool validate(std::string_view text, Problem &problem)
{
    Scanner s{text.data(), text.data() + text.size(), problem};
    const char *p = s.value(skipSpace(s.begin, s.end), 0);
    if (!p)
        return false;
    p = skipSpace(p, s.end);
    if (p != s.end) {
        s.fail(p, "more after the JSON value");
        return false;
    }
    return true;
}

char kind(std::string_view value)
{
    const char *p = skipSpace(value.data(), value.data() + value.size());
    return p < value.data() + value.size() ? *p : '\0';
}

bool members(std::string_view text, const std::function<void(std::string &&key, std::string_view value)> &member)
{
    Problem ignored;
    Scanner s{text.data(), text.data() + text.size(), ignored};
    const char *p = skipSpace(s.begin, s.end);
    if (p >= s.end || *p != '{')
        return false;
    p = skipSpace(p + 1, s.end);
    while (p < s.end && *p == '"') {
        const char *keyEnd = s.string(p);
        std::string key;
        decodeString(std::string_view(p, size_t(keyEnd - p)), key);
        const char *valueStart = skipSpace(skipSpace(keyEnd, s.end) + 1, s.end);
        const char *valueEnd = s.value(valueStart, 1);
        member(std::move(key), std::string_view(valueStart, size_t(valueEnd - valueStart)));
        p = skipSpace(valueEnd, s.end);
        if (p < s.end && *p == ',')
            p = skipSpace(p + 1, s.end);
    }
    return true;
}

bool elements(std::string_view text, const std::function<void(std::string_view value)> &element)
{
    Problem ignored;
    Scanner s{text.data(), text.data() + text.size(), ignored};
    const char *p = skipSpace(s.begin, s.end);
    if (p >= s.end || *p != '[')
        return false;
    p = skipSpace(p + 1, s.end);
    while (p < s.end && *p != ']') {
        const char *valueEnd = s.value(p, 1);
        element(std::string_view(p, size_t(valueEnd - p)));
        p = skipSpace(valueEnd, s.end);
        if (p < s.end && *p == ',')
            p = skipSpace(p + 1, s.end);
    }
    return true;
}

bool decodeString(std::string_view value, std::string &out)
{
    const char *p = skipSpace(value.data(), value.data() + value.size());
    const char *end = value.data() + value.size();
    if (p >= end || *p != '"')
        return false;
    out.clear();
    ++p;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            out += *p++;
            continue;
        }
        const char e = p[1];
        p += 2;
        switch (e) {
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            unsigned code = unsigned(hex4(p));
            p += 4;
            if (code >= 0xD800 && code <= 0xDBFF) {
                const unsigned low = unsigned(hex4(p + 2));
                p += 6;
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
            appendUtf8(out, code);
            break;
        }
        default:
            out += e;
            break; // " \ /
        }
    }
    return true;
}

} // namespace engine::JsonScan
