#pragma once
// A small strict JSON (RFC 8259) reader and writer for the engine's description files. Values
// remember the line they start on, so a caller that finds a wrong value can name the line.
// Objects keep their members in file order, which keeps written files diffable and stable.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emu {

/// One JSON value and the 1-based line it starts on in the text it was parsed from (0 if built).
class JsonValue
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    using Members = std::vector<std::pair<std::string, JsonValue>>;

    /// A null value.
    JsonValue();
    /// true or false.
    static JsonValue boolean(bool b);
    /// A finite number; throws InvalidInput for NaN and infinities (JSON cannot hold them).
    static JsonValue number(double x);
    /// A string (UTF-8).
    static JsonValue string(std::string s);
    /// An array of `items`.
    static JsonValue array(std::vector<JsonValue> items = {});
    /// An object with `members` in this order; throws InvalidInput if a key appears twice.
    static JsonValue object(Members members = {});

    /// Which kind of value this is.
    Type type() const { return m_type; }
    /// The 1-based line the value starts on in its text, 0 when built in code.
    int line() const { return m_line; }
    /// Sets the line reported by line().
    void setLine(int line) { m_line = line; }

    /// Type tests.
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    /// Typed accessors: InvalidInput ("expected a number, found a string") on the wrong type.
    bool asBool() const;
    double asNumber() const;
    const std::string& asString() const;
    const std::vector<JsonValue>& asArray() const;
    const Members& asObject() const;

    /// The member `key` of an object; nullptr if absent or if this is not an object.
    const JsonValue* find(std::string_view key) const;
    /// Appends to an array; throws InvalidInput for other types.
    void append(JsonValue item);
    /// Sets member `key` of an object: replaced in place, else appended. InvalidInput if no object.
    void insert(std::string key, JsonValue value);

    /// "null", "boolean", "number", "string", "array" or "object".
    static const char* typeName(Type type);

private:
    explicit JsonValue(Type type) : m_type(type) {}
    [[noreturn]] void throwWrongType(Type expected) const;

    Type m_type = Type::Null;
    int m_line = 0;
    bool m_bool = false;
    double m_number = 0.0;
    std::string m_string;
    std::vector<JsonValue> m_items;
    Members m_members;
};

/// Parses strict RFC 8259 JSON (a leading UTF-8 byte order mark is ignored, as the RFC allows).
/// Throws ParseError(source, line, what) naming what was expected and what was found.
JsonValue parseJson(std::string_view text, const std::string& source);

/// Strict JSON text. indent >= 0: one member/item per line, indented by `indent` spaces per
/// level, empty arrays/objects as [] and {}; indent < 0: compact, no spaces. No trailing newline.
std::string writeJson(const JsonValue& value, int indent = 2);

/// Appends `text` as a JSON string: quoted, with quotes, backslashes and control characters
/// escaped (UTF-8 kept as is).
void appendJsonString(std::string& out, const std::string& text);

/// The shortest text that reads back as exactly `value` ("0.1", "1e-05", "nan", "inf").
std::string formatJsonNumber(double value);

} // namespace emu
