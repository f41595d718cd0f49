#include "engine/external/flat_json.h"

#include "engine/core/errors.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

namespace emu {

namespace {

/// Appends code point cp as UTF-8.
void appendUtf8(std::string& out, unsigned cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

/// A strict reader of one number or one flat object of numbers; errors are InvalidInput.
class OutputReader
{
public:
    explicit OutputReader(const std::string& text) : m_text(text) {}

    std::vector<std::pair<std::string, double>> read()
    {
        skipSpace();
        if (atEnd())
            throw InvalidInput("printed nothing");
        std::vector<std::pair<std::string, double>> values;
        if (m_text[m_pos] == '{') {
            ++m_pos;
            readMembers(values);
        } else {
            values.emplace_back(std::string(), readNumber());
        }
        skipSpace();
        if (!atEnd())
            throw InvalidInput("has extra text after the " +
                               std::string(values.size() == 1 && values[0].first.empty()
                                               ? "number"
                                               : "JSON object"));
        return values;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    void skipSpace()
    {
        while (!atEnd() && m_text[m_pos] != '\0' && std::strchr(" \t\r\n", m_text[m_pos]))
            ++m_pos;
    }
    void expect(char c, const char* what)
    {
        skipSpace();
        if (atEnd() || m_text[m_pos] != c)
            throw InvalidInput(std::string("is not a valid JSON object: expected ") + what);
        ++m_pos;
    }

    void readMembers(std::vector<std::pair<std::string, double>>& values)
    {
        skipSpace();
        if (!atEnd() && m_text[m_pos] == '}')
            throw InvalidInput("is an empty JSON object; it needs at least one output");
        std::set<std::string> seen;
        for (;;) {
            skipSpace();
            if (atEnd() || m_text[m_pos] != '"')
                throw InvalidInput("is not a valid JSON object: expected a quoted output name");
            std::string name = readString();
            if (name.empty())
                throw InvalidInput("has an empty output name");
            if (!seen.insert(name).second)
                throw InvalidInput("names the output \"" + name + "\" twice");
            expect(':', "':' after a name");
            skipSpace();
            if (m_text.compare(m_pos, 4, "null") == 0)
                throw InvalidInput("has null for \"" + name + "\" instead of a number");
            const double value = readNumber(name);
            values.emplace_back(std::move(name), value);
            skipSpace();
            if (!atEnd() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            expect('}', "',' or '}' after a value");
            return;
        }
    }

    std::string readString()
    {
        ++m_pos; // opening quote
        std::string out;
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                throw InvalidInput("is not valid JSON: a control character inside a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (atEnd())
                break;
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
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
                unsigned cp = readHex4();
                if (cp >= 0xD800 && cp < 0xDC00 && m_text.compare(m_pos, 2, "\\u") == 0) {
                    m_pos += 2;
                    const unsigned low = readHex4();
                    if (low < 0xDC00 || low >= 0xE000)
                        throw InvalidInput("is not valid JSON: a broken surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    throw InvalidInput("is not valid JSON: a lone surrogate");
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                throw InvalidInput(std::string("is not valid JSON: unknown escape \\") + e);
            }
        }
        throw InvalidInput("is not valid JSON: a string is not closed");
    }

    unsigned readHex4()
    {
        unsigned value = 0;
        const auto result =
            m_pos + 4 <= m_text.size()
                ? std::from_chars(m_text.data() + m_pos, m_text.data() + m_pos + 4, value, 16)
                : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (result.ec != std::errc() || result.ptr != m_text.data() + m_pos + 4)
            throw InvalidInput("is not valid JSON: \\u needs four hex digits");
        m_pos += 4;
        return value;
    }

    /// A number token (the value of output `name`, empty for a bare number); NaN and
    /// infinities are accepted here and rejected by the caller.
    double readNumber(const std::string& name = {})
    {
        const std::size_t start = m_pos;
        while (!atEnd() && !std::strchr(" \t\r\n,}", m_text[m_pos]))
            ++m_pos;
        const std::string token = m_text.substr(start, m_pos - start);
        double value = 0.0;
        const char* first = token.data();
        const char* last = first + token.size();
        const auto result = std::from_chars(first, last, value);
        if (token.empty() || result.ptr != last ||
            (result.ec != std::errc() && result.ec != std::errc::result_out_of_range))
            throw InvalidInput(name.empty() ? std::string("is not a number")
                                            : "has a value for \"" + name +
                                                  "\" that is not a number (only a flat object "
                                                  "of numbers is understood)");
        if (result.ec == std::errc::result_out_of_range) {
            // from_chars leaves `value` alone here; strtod's answer: 0 on underflow, ±inf above.
            const std::size_t e = token.find_first_of("eE");
            const bool underflow =
                e != std::string::npos && e + 1 < token.size() && token[e + 1] == '-';
            value = underflow ? 0.0 : (token[0] == '-' ? -HUGE_VAL : HUGE_VAL);
        }
        return value;
    }

    const std::string& m_text;
    std::size_t m_pos = 0;
};

} // namespace

std::string formatInputJson(const RowVector& x, const std::vector<std::string>& names)
{
    if (Index(names.size()) != x.size())
        throw InvalidInput("formatInputJson: " + std::to_string(x.size()) + " values but " +
                           std::to_string(names.size()) + " names");
    std::string out = "{";
    for (Index j = 0; j < x.size(); ++j) {
        if (!std::isfinite(x(j)))
            throw InvalidInput("formatInputJson: input \"" + names[std::size_t(j)] +
                               "\" is not finite");
        if (j > 0)
            out += ", ";
        appendJsonString(out, names[std::size_t(j)]);
        out += ": " + formatJsonNumber(x(j));
    }
    return out + "}";
}

std::vector<std::pair<std::string, double>> parseProgramOutput(const std::string& text)
{
    return OutputReader(text).read();
}

} // namespace emu
