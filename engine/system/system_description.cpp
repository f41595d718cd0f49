#include "engine/system/system_description.h"

#include "engine/core/errors.h"
#include "engine/core/json.h"
#include "engine/system/system_components.h"

#include <algorithm>
#include <initializer_list>

namespace emu {

namespace {

constexpr const char* formatName = "emuplay-system";

/// Reads fields of JSON objects, failing with the source, the line and who is being read.
class FieldReader
{
public:
    explicit FieldReader(const std::string& source) : m_source(source) {}

    [[noreturn]] void fail(const JsonValue& at, const std::string& what) const
    {
        throw ParseError(m_source, std::max(1, at.line()), what);
    }
    /// The object itself; refuses a value that is not an object or has fields not in `known`.
    const JsonValue& object(const JsonValue& value, const std::string& who,
                            std::initializer_list<const char*> known) const
    {
        if (!value.isObject())
            fail(value, who + ": expected an object, found " + JsonValue::typeName(value.type()));
        for (const auto& [key, member] : value.asObject())
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
                std::string valid;
                for (const char* k : known)
                    valid += (valid.empty() ? "" : ", ") + std::string(k);
                fail(member, who + ": unknown field \"" + key + "\" (fields: " + valid + ")");
            }
        return value;
    }
    const JsonValue* field(const JsonValue& object, const char* key, JsonValue::Type type,
                           const std::string& who, bool required) const
    {
        const JsonValue* value = object.find(key);
        if (!value) {
            if (required)
                fail(object, who + ": field \"" + key + "\" is missing");
            return nullptr;
        }
        if (value->type() != type)
            fail(*value, who + ", field \"" + key + "\": expected " + JsonValue::typeName(type) +
                             ", found " + JsonValue::typeName(value->type()));
        return value;
    }
    std::string text(const JsonValue& object, const char* key, const std::string& who,
                     bool required = false, std::string fallback = {}) const
    {
        const JsonValue* value = field(object, key, JsonValue::Type::String, who, required);
        return value ? value->asString() : fallback;
    }
    double number(const JsonValue& object, const char* key, const std::string& who,
                  bool required = false, double fallback = 0.0) const
    {
        const JsonValue* value = field(object, key, JsonValue::Type::Number, who, required);
        return value ? value->asNumber() : fallback;
    }
    const std::vector<JsonValue>& array(const JsonValue& object, const char* key,
                                        const std::string& who, bool required = false) const
    {
        static const std::vector<JsonValue> none;
        const JsonValue* value = field(object, key, JsonValue::Type::Array, who, required);
        return value ? value->asArray() : none;
    }
    std::vector<std::string> texts(const JsonValue& object, const char* key, const std::string& who) const
    {
        std::vector<std::string> out;
        for (const JsonValue& item : array(object, key, who)) {
            if (!item.isString())
                fail(item, who + ", field \"" + key + "\": expected strings, found " +
                               JsonValue::typeName(item.type()));
            out.push_back(item.asString());
        }
        return out;
    }

private:
    const std::string& m_source;
};

SystemPort readPort(const FieldReader& r, const JsonValue& value, const std::string& who)
{
    r.object(value, who, {"name", "min", "max", "unit", "description"});
    SystemPort port;
    port.name = r.text(value, "name", who, true);
    const std::string named = who + " \"" + port.name + "\"";
    port.lower = r.number(value, "min", named, true);
    port.upper = r.number(value, "max", named, true);
    port.unit = r.text(value, "unit", named);
    port.description = r.text(value, "description", named);
    return port;
}

SystemInput readInput(const FieldReader& r, const JsonValue& value)
{
    r.object(value, "input", {"name", "role", "min", "max", "value", "distribution", "mean", "sd", "unit", "description"});
    SystemInput input;
    input.line = value.line();
    input.name = r.text(value, "name", "input", true);
    const std::string who = "input \"" + input.name + "\"";
    const std::string role = r.text(value, "role", who, true);
    if (role == roleName(SystemInput::Role::Intervention))
        input.role = SystemInput::Role::Intervention;
    else if (role == roleName(SystemInput::Role::Random))
        input.role = SystemInput::Role::Random;
    else if (role == roleName(SystemInput::Role::Condition))
        input.role = SystemInput::Role::Condition;
    else
        r.fail(*value.find("role"), who + ": unknown role \"" + role + "\" (roles: intervention, random, condition)");
    input.lower = r.number(value, "min", who, true);
    input.upper = r.number(value, "max", who, true);
    const bool random = input.role == SystemInput::Role::Random;
    input.value = r.number(value, "value", who, !random);
    const std::string distribution = r.text(value, "distribution", who, false, "uniform");
    if (distribution == "normal")
        input.distribution = SystemInput::Distribution::Normal;
    else if (distribution != "uniform")
        r.fail(*value.find("distribution"), who + ": unknown distribution \"" + distribution + "\" (uniform or normal)");
    const bool normal = random && input.distribution == SystemInput::Distribution::Normal;
    input.mean = r.number(value, "mean", who, normal);
    input.sd = r.number(value, "sd", who, normal, 1.0);
    input.unit = r.text(value, "unit", who);
    input.description = r.text(value, "description", who);
    return input;
}

SystemComponentSpec readComponent(const FieldReader& r, const JsonValue& value)
{
    r.object(value, "component", {"name", "type", "description", "cost", "parameters", "inputs", "outputs",
                                  "command", "arguments", "launcher", "timeout"});
    SystemComponentSpec spec;
    spec.line = value.line();
    spec.name = r.text(value, "name", "component", true);
    const std::string who = "component \"" + spec.name + "\"";
    spec.type = r.text(value, "type", who, true);
    spec.description = r.text(value, "description", who);
    spec.cost = r.number(value, "cost", who, false, 1.0);
    if (const JsonValue* parameters = r.field(value, "parameters", JsonValue::Type::Object, who, false))
        for (const auto& [key, number] : parameters->asObject()) {
            if (!number.isNumber())
                r.fail(number, who + ", parameter \"" + key + "\": expected a number, found " +
                                   JsonValue::typeName(number.type()));
            spec.parameters.emplace_back(key, number.asNumber());
        }
    for (const JsonValue& port : r.array(value, "inputs", who))
        spec.inputs.push_back(readPort(r, port, who + ", input"));
    for (const JsonValue& port : r.array(value, "outputs", who))
        spec.outputs.push_back(readPort(r, port, who + ", output"));
    const bool program = spec.type == "program";
    spec.command = r.text(value, "command", who, program);
    spec.arguments = r.texts(value, "arguments", who);
    spec.launcher = r.texts(value, "launcher", who);
    spec.timeoutSeconds = r.number(value, "timeout", who, false, 60.0);
    if (!program && (value.find("command") || value.find("arguments") || value.find("launcher") || value.find("timeout")))
        r.fail(value, who + ": \"command\", \"arguments\", \"launcher\" and \"timeout\" are for programs only");
    if (program && !(spec.timeoutSeconds > 0.0))
        r.fail(*value.find("timeout"), who + ": the timeout must be positive");
    try {
        completePorts(spec);
    } catch (const InvalidInput& e) {
        r.fail(value, e.what());
    }
    return spec;
}

JsonValue portJson(const SystemPort& port)
{
    JsonValue out = JsonValue::object({{"name", JsonValue::string(port.name)},
                                       {"min", JsonValue::number(port.lower)},
                                       {"max", JsonValue::number(port.upper)}});
    if (!port.unit.empty())
        out.insert("unit", JsonValue::string(port.unit));
    if (!port.description.empty())
        out.insert("description", JsonValue::string(port.description));
    return out;
}

JsonValue inputJson(const SystemInput& input)
{
    JsonValue out = JsonValue::object({{"name", JsonValue::string(input.name)},
                                       {"role", JsonValue::string(roleName(input.role))},
                                       {"min", JsonValue::number(input.lower)},
                                       {"max", JsonValue::number(input.upper)}});
    if (input.role != SystemInput::Role::Random)
        out.insert("value", JsonValue::number(input.value));
    else if (input.distribution == SystemInput::Distribution::Normal) {
        out.insert("distribution", JsonValue::string("normal"));
        out.insert("mean", JsonValue::number(input.mean));
        out.insert("sd", JsonValue::number(input.sd));
    }
    if (!input.unit.empty())
        out.insert("unit", JsonValue::string(input.unit));
    if (!input.description.empty())
        out.insert("description", JsonValue::string(input.description));
    return out;
}

JsonValue textsJson(const std::vector<std::string>& texts)
{
    JsonValue out = JsonValue::array();
    for (const std::string& text : texts)
        out.append(JsonValue::string(text));
    return out;
}

JsonValue componentJson(const SystemComponentSpec& spec)
{
    JsonValue out = JsonValue::object({{"name", JsonValue::string(spec.name)},
                                       {"type", JsonValue::string(spec.type)},
                                       {"cost", JsonValue::number(spec.cost)}});
    if (!spec.description.empty())
        out.insert("description", JsonValue::string(spec.description));
    if (!spec.parameters.empty()) {
        JsonValue parameters = JsonValue::object();
        for (const auto& [key, value] : spec.parameters)
            parameters.insert(key, JsonValue::number(value));
        out.insert("parameters", parameters);
    }
    if (systemComponentTypes().at(spec.type).declaredPorts) {
        JsonValue inputs = JsonValue::array(), outputs = JsonValue::array();
        for (const SystemPort& port : spec.inputs)
            inputs.append(portJson(port));
        for (const SystemPort& port : spec.outputs)
            outputs.append(portJson(port));
        out.insert("inputs", inputs);
        out.insert("outputs", outputs);
    }
    if (spec.type == "program") {
        out.insert("command", JsonValue::string(spec.command));
        out.insert("arguments", textsJson(spec.arguments));
        out.insert("launcher", textsJson(spec.launcher));
        out.insert("timeout", JsonValue::number(spec.timeoutSeconds));
    }
    return out;
}

} // namespace

double SystemComponentSpec::parameter(std::string_view key, double fallback) const
{
    for (const auto& [name, value] : parameters)
        if (name == key)
            return value;
    return fallback;
}

const char* roleName(SystemInput::Role role)
{
    switch (role) {
    case SystemInput::Role::Intervention:
        return "intervention";
    case SystemInput::Role::Random:
        return "random";
    case SystemInput::Role::Condition:
        return "condition";
    }
    return "";
}

SystemDescription readSystemDescription(std::string_view text, const std::string& source)
{
    const JsonValue root = parseJson(text, source);
    const FieldReader r(source);
    r.object(root, "the system", {"format", "version", "name", "description", "costUnit", "inputs",
                                  "components", "wires", "outputs"});
    if (r.text(root, "format", "the system", true) != formatName)
        r.fail(*root.find("format"), std::string("not a system file (\"format\" must be \"") + formatName + "\")");
    const double version = r.number(root, "version", "the system", true);
    if (version != SystemDescription::formatVersion)
        r.fail(*root.find("version"), "format version " + formatNumber(version) + " (this program reads version " +
                                          std::to_string(SystemDescription::formatVersion) +
                                          "; a newer Emulation Playground wrote it)");
    SystemDescription d;
    d.source = source;
    d.name = r.text(root, "name", "the system", true);
    d.description = r.text(root, "description", "the system");
    d.costUnit = r.text(root, "costUnit", "the system", false, "£");
    for (const JsonValue& input : r.array(root, "inputs", "the system"))
        d.inputs.push_back(readInput(r, input));
    for (const JsonValue& component : r.array(root, "components", "the system", true))
        d.components.push_back(readComponent(r, component));
    for (const JsonValue& wire : r.array(root, "wires", "the system")) {
        r.object(wire, "wire", {"from", "to"});
        d.wires.push_back({r.text(wire, "from", "wire", true), r.text(wire, "to", "wire", true), wire.line()});
    }
    d.outputs = r.texts(root, "outputs", "the system");
    return d;
}

std::string writeSystemDescription(const SystemDescription& d)
{
    JsonValue inputs = JsonValue::array(), components = JsonValue::array(), wires = JsonValue::array();
    for (const SystemInput& input : d.inputs)
        inputs.append(inputJson(input));
    for (const SystemComponentSpec& spec : d.components)
        components.append(componentJson(spec));
    for (const SystemWire& wire : d.wires)
        wires.append(JsonValue::object({{"from", JsonValue::string(wire.from)}, {"to", JsonValue::string(wire.to)}}));
    const JsonValue root = JsonValue::object({{"format", JsonValue::string(formatName)},
                                              {"version", JsonValue::number(SystemDescription::formatVersion)},
                                              {"name", JsonValue::string(d.name)},
                                              {"description", JsonValue::string(d.description)},
                                              {"costUnit", JsonValue::string(d.costUnit)},
                                              {"inputs", inputs},
                                              {"components", components},
                                              {"wires", wires},
                                              {"outputs", textsJson(d.outputs)}});
    return writeJson(root) + "\n";
}

} // namespace emu
