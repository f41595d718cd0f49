// parseJson (engine/core/json.h): a recursive-descent reader of strict RFC 8259 JSON whose
// errors name the line and say what was expected and what was found.

#include "engine/core/json.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_set>

namespace emu {

namespace {

constexpr int kMaxDepth = 100;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Characters shown together in messages, so that "True" is reported whole.
bool isWordChar(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
           c == '+' || c == '-';
}

/// Length of the well-formed UTF-8 sequence `text` starts with (lead byte >= 0x80), 0 if none.
std::size_t utf8Length(std::string_view text)
{
    const auto byte = [&](std::size_t i) {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
    };
    const unsigned lead = byte(0);
    // The second byte's range also excludes overlong forms, surrogates and code points > U+10FFFF.
    std::size_t length = 4;
    unsigned low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    unsigned high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3;
    else if (lead < 0xF0 || lead > 0xF4)
        return 0;
    if (byte(1) < low || byte(1) > high)
        return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF)
            return 0;
    return length;
}

void appendUtf8(std::string& out, unsigned cp)
{
    static const unsigned leadBits[] = {0x00, 0xC0, 0xE0, 0xF0};
    const int extra = cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3; // continuation bytes
    out += char(leadBits[extra] | (cp >> (6 * extra)));
    for (int k = extra - 1; k >= 0; --k)
        out += char(0x80 | ((cp >> (6 * k)) & 0x3F));
}

/// Whether a grammatical number token that from_chars found out of range is too large (rather
/// than too small, which reads as zero): its value is about 10^(integer digits - 1 + exponent),
/// or 10^(-(leading fraction zeros + 1) + exponent) when the integer part is 0.
bool overflows(std::string_view token)
{
    std::size_t i = token[0] == '-' ? 1 : 0;
    const std::size_t e = std::min(token.find_first_of("eE"), token.size());
    std::int64_t magnitude = 0;
    if (token[i] != '0') {
        magnitude = std::int64_t(std::min(token.find('.'), e) - i) - 1;
    } else {
        for (i += 2; i < e && token[i] == '0'; ++i) // past "0." and the zeros after it
            --magnitude;
        --magnitude;
    }
    std::int64_t exponent = 0;
    for (std::size_t k = e + 1; k < token.size(); ++k)
        if (isDigit(token[k]))
            exponent = std::min<std::int64_t>(exponent * 10 + (token[k] - '0'), 1'000'000'000);
    if (e + 1 < token.size() && token[e + 1] == '-')
        exponent = -exponent;
    return magnitude + exponent > 0;
}

/// Recursive descent over the RFC 8259 grammar, counting lines as it skips white space.
class Parser
{
public:
    Parser(std::string_view text, const std::string& source) : m_text(text), m_source(source) {}

    JsonValue parseDocument()
    {
        // RFC 8259 lets readers skip a UTF-8 byte order mark, which some Windows editors write.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3;
        skipSpace();
        if (atEnd())
            fail("empty text");
        JsonValue value = parseValue(0);
        skipSpace();
        if (!atEnd())
            fail("text after the JSON value, found " + found());
        return value;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    /// The current character, '\0' at the end (callers that care test atEnd()).
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    [[noreturn]] void fail(const std::string& what) const
    {
        throw ParseError(m_source, m_line, what);
    }

    void skipSpace()
    {
        for (; !atEnd(); ++m_pos) {
            const char c = m_text[m_pos];
            if (c == '\n')
                ++m_line;
            else if (c != ' ' && c != '\t' && c != '\r')
                return;
        }
    }

    /// What is at the current position, for messages: "'}'", "'True'", "end of text".
    std::string found() const
    {
        if (atEnd())
            return "end of text";
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        char code[32];
        std::size_t length = 1;
        if (c >= 0x80)
            length = utf8Length(m_text.substr(m_pos));
        if (c < 0x20 || c == 0x7F) {
            std::snprintf(code, sizeof code, "control character U+%04X", c);
            return code;
        } else if (length == 0) {
            std::snprintf(code, sizeof code, "invalid UTF-8 byte 0x%02X", c);
            return code;
        }
        while (isWordChar(char(c)) && m_pos + length < m_text.size() && length < 20 &&
               isWordChar(m_text[m_pos + length]))
            ++length;
        const std::string shown(m_text.substr(m_pos, length));
        return shown == "'" ? "\"'\"" : "'" + shown + "'";
    }

    JsonValue parseValue(int depth)
    {
        const int line = m_line;
        const char c = peek();
        JsonValue value;
        if (c == '{' || c == '[') {
            if (depth >= kMaxDepth)
                fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
            value = c == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
        } else if (c == '"') {
            value = JsonValue::string(parseString());
        } else if (c == '-' || isDigit(c)) {
            value = JsonValue::number(parseNumber());
        } else if (literal("true") || literal("false")) {
            value = JsonValue::boolean(c == 't');
        } else if (!literal("null")) {
            fail("expected a value, found " + found());
        }
        value.setLine(line);
        return value;
    }

    /// Consumes `word` if it is next and not the start of a longer word ("nullx").
    bool literal(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word ||
            (m_pos + word.size() < m_text.size() && isWordChar(m_text[m_pos + word.size()])))
            return false;
        m_pos += word.size();
        return true;
    }

    JsonValue parseArray(int depth)
    {
        ++m_pos; // '['
        std::vector<JsonValue> items;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return JsonValue::array();
        }
        for (;;) {
            items.push_back(parseValue(depth));
            skipSpace();
            if (peek() == ']') {
                ++m_pos;
                return JsonValue::array(std::move(items));
            }
            if (peek() != ',')
                fail("expected ',' or ']' after array item " + std::to_string(items.size()) +
                     ", found " + found());
            ++m_pos;
            skipSpace();
            if (peek() == ']')
                fail("expected a value after ',', found ']' (JSON has no trailing commas)");
        }
    }

    JsonValue parseObject(int depth)
    {
        ++m_pos; // '{'
        JsonValue::Members members;
        std::unordered_set<std::string> keys;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return JsonValue::object();
        }
        for (;;) {
            if (peek() != '"')
                fail("expected a member name in double quotes, found " + found());
            std::string key = parseString();
            if (!keys.insert(key).second)
                fail("duplicate key \"" + key + "\"");
            skipSpace();
            if (peek() != ':')
                fail("expected ':' after member name \"" + key + "\", found " + found());
            ++m_pos;
            skipSpace();
            JsonValue value = parseValue(depth);
            members.emplace_back(std::move(key), std::move(value));
            skipSpace();
            if (peek() == '}') {
                ++m_pos;
                return JsonValue::object(std::move(members));
            }
            if (peek() != ',')
                fail("expected ',' or '}' after member \"" + members.back().first + "\", found " +
                     found());
            ++m_pos;
            skipSpace();
            if (peek() == '}')
                fail("expected a member name after ',', found '}' (JSON has no trailing commas)");
        }
    }

    std::string parseString()
    {
        ++m_pos; // opening quote
        std::string out;
        for (;;) {
            if (atEnd())
                fail("unterminated string");
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c == '\n' || c == '\r')
                fail("unterminated string (a line break inside a string is written \\n)");
            if (c < 0x20) {
                char code[64];
                std::snprintf(code, sizeof code, "control character in string (U+%04X)", c);
                fail(code + std::string("; write it escaped, e.g. \\t"));
            }
            if (c >= 0x80) {
                const std::size_t length = utf8Length(m_text.substr(m_pos));
                if (length == 0)
                    fail("invalid UTF-8 in string");
                out += m_text.substr(m_pos, length);
                m_pos += length;
            } else if (c == '\\') {
                ++m_pos;
                parseEscape(out);
            } else {
                out += char(c);
                ++m_pos;
            }
        }
    }

    void parseEscape(std::string& out)
    {
        static constexpr std::string_view from = "\"\\/bfnrt";
        static constexpr std::string_view to = "\"\\/\b\f\n\r\t";
        if (atEnd())
            fail("unterminated string");
        const char e = m_text[m_pos];
        if (const std::size_t k = from.find(e); k != std::string_view::npos) {
            out += to[k];
            ++m_pos;
            return;
        }
        if (e != 'u')
            fail(isWordChar(e) ? std::string("invalid escape \\") + e
                               : "invalid escape: '\\' followed by " + found());
        ++m_pos;
        unsigned cp = readHex4();
        char code[64];
        std::snprintf(code, sizeof code, "lone surrogate \\u%04X in string", cp);
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            fail(code);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (m_text.substr(m_pos, 2) != "\\u")
                fail(code);
            m_pos += 2;
            const unsigned low = readHex4();
            if (low < 0xDC00 || low > 0xDFFF)
                fail(code);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, cp);
    }

    unsigned readHex4()
    {
        unsigned value = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            const char h = peek();
            const int digit = isDigit(h)               ? h - '0'
                              : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                              : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                       : -1;
            if (digit < 0)
                fail("invalid escape \\u: expected four hex digits, found " + found());
            value = value * 16 + unsigned(digit);
        }
        return value;
    }

    void skipDigits()
    {
        while (isDigit(peek()))
            ++m_pos;
    }

    double parseNumber()
    {
        const std::size_t start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (!isDigit(peek()))
            fail("expected a digit after '-', found " + found());
        if (peek() == '0') {
            ++m_pos;
            if (isDigit(peek())) {
                skipDigits();
                fail("leading zero in number '" + std::string(m_text.substr(start, m_pos - start)) +
                     "'");
            }
        }
        skipDigits();
        if (peek() == '.') {
            ++m_pos;
            if (!isDigit(peek()))
                fail("expected a digit after '.' in a number, found " + found());
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!isDigit(peek()))
                fail("expected a digit in the exponent of a number, found " + found());
            skipDigits();
        }
        // from_chars is locale independent, unlike strtod: a German locale must not turn "0.5"
        // into an error.
        const std::string_view token = m_text.substr(start, m_pos - start);
        double value = 0.0;
        const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
        if (result.ec == std::errc::result_out_of_range && !overflows(token))
            value = token[0] == '-' ? -0.0 : 0.0; // below the smallest double: the nearest is 0
        else if (result.ec != std::errc() || !std::isfinite(value))
            fail("number out of range: " + std::string(token));
        return value;
    }

    std::string_view m_text;
    const std::string& m_source;
    std::size_t m_pos = 0;
    int m_line = 1;
};

} // namespace

JsonValue parseJson(std::string_view text, const std::string& source)
{
    return Parser(text, source).parseDocument();
}

} // namespace emu
