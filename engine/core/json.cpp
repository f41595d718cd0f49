// JsonValue and writeJson (engine/core/json.h); the reader, parseJson, is in json_parse.cpp.

#include "engine/core/json.h"

#include "engine/core/errors.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace emu {

namespace {

/// "a number", "an array", "null": the type as a message names it.
std::string withArticle(JsonValue::Type type)
{
    const std::string name = JsonValue::typeName(type);
    if (type == JsonValue::Type::Null)
        return name;
    return (name[0] == 'a' || name[0] == 'o' ? "an " : "a ") + name;
}

} // namespace

JsonValue::JsonValue() = default;

JsonValue JsonValue::boolean(bool b)
{
    JsonValue v(Type::Bool);
    v.m_bool = b;
    return v;
}

JsonValue JsonValue::number(double x)
{
    if (!std::isfinite(x))
        throw InvalidInput("JSON cannot hold the number " + formatJsonNumber(x));
    JsonValue v(Type::Number);
    v.m_number = x;
    return v;
}

JsonValue JsonValue::string(std::string s)
{
    JsonValue v(Type::String);
    v.m_string = std::move(s);
    return v;
}

JsonValue JsonValue::array(std::vector<JsonValue> items)
{
    JsonValue v(Type::Array);
    v.m_items = std::move(items);
    return v;
}

JsonValue JsonValue::object(Members members)
{
    // Views into `members` stay valid: the vector is not resized while the set lives.
    std::unordered_set<std::string_view> keys;
    for (const auto& member : members)
        if (!keys.insert(member.first).second)
            throw InvalidInput("duplicate key \"" + member.first + "\" in a JSON object");
    JsonValue v(Type::Object);
    v.m_members = std::move(members);
    return v;
}

bool JsonValue::asBool() const
{
    if (m_type != Type::Bool)
        throwWrongType(Type::Bool);
    return m_bool;
}

double JsonValue::asNumber() const
{
    if (m_type != Type::Number)
        throwWrongType(Type::Number);
    return m_number;
}

const std::string& JsonValue::asString() const
{
    if (m_type != Type::String)
        throwWrongType(Type::String);
    return m_string;
}

const std::vector<JsonValue>& JsonValue::asArray() const
{
    if (m_type != Type::Array)
        throwWrongType(Type::Array);
    return m_items;
}

const JsonValue::Members& JsonValue::asObject() const
{
    if (m_type != Type::Object)
        throwWrongType(Type::Object);
    return m_members;
}

const JsonValue* JsonValue::find(std::string_view key) const
{
    if (m_type != Type::Object)
        return nullptr;
    for (const auto& member : m_members)
        if (member.first == key)
            return &member.second;
    return nullptr;
}

void JsonValue::append(JsonValue item)
{
    if (m_type != Type::Array)
        throwWrongType(Type::Array);
    m_items.push_back(std::move(item));
}

void JsonValue::insert(std::string key, JsonValue value)
{
    if (m_type != Type::Object)
        throwWrongType(Type::Object);
    for (auto& member : m_members) {
        if (member.first == key) {
            member.second = std::move(value);
            return;
        }
    }
    m_members.emplace_back(std::move(key), std::move(value));
}

const char* JsonValue::typeName(Type type)
{
    static const char* const names[] = {"null", "boolean", "number", "string", "array", "object"};
    return names[static_cast<int>(type)];
}

void JsonValue::throwWrongType(Type expected) const
{
    throw InvalidInput("expected " + withArticle(expected) + ", found " + withArticle(m_type));
}

namespace {

void appendNewline(std::string& out, int indent, int depth)
{
    if (indent < 0)
        return;
    out += '\n';
    out.append(std::size_t(indent) * std::size_t(depth), ' ');
}

void appendValue(std::string& out, const JsonValue& value, int indent, int depth)
{
    switch (value.type()) {
    case JsonValue::Type::Null:
        out += "null";
        break;
    case JsonValue::Type::Bool:
        out += value.asBool() ? "true" : "false";
        break;
    case JsonValue::Type::Number:
        out += formatJsonNumber(value.asNumber());
        break;
    case JsonValue::Type::String:
        appendJsonString(out, value.asString());
        break;
    case JsonValue::Type::Array: {
        const auto& items = value.asArray();
        out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += ',';
            appendNewline(out, indent, depth + 1);
            appendValue(out, items[i], indent, depth + 1);
        }
        if (!items.empty())
            appendNewline(out, indent, depth);
        out += ']';
        break;
    }
    case JsonValue::Type::Object: {
        const auto& members = value.asObject();
        out += '{';
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0)
                out += ',';
            appendNewline(out, indent, depth + 1);
            appendJsonString(out, members[i].first);
            out += indent < 0 ? ":" : ": ";
            appendValue(out, members[i].second, indent, depth + 1);
        }
        if (!members.empty())
            appendNewline(out, indent, depth);
        out += '}';
        break;
    }
    }
}

} // namespace

void appendJsonString(std::string& out, const std::string& text)
{
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char code[8];
                std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
                out += code;
            } else {
                out += c; // UTF-8 bytes pass through unchanged
            }
        }
    }
    out += '"';
}

std::string writeJson(const JsonValue& value, int indent)
{
    std::string out;
    appendValue(out, value, indent, 0);
    return out;
}

std::string formatJsonNumber(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

} // namespace emu
