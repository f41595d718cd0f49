// The strict JSON reader and writer (engine/core/json.h): round trips that keep values and member
// order, the line of every value, escapes and surrogate pairs, exact numbers whatever the locale,
// typed accessors, and a message naming the line for every kind of malformed text.

#include "engine/core/errors.h"
#include "engine/core/json.h"

#include <QtTest>

#include <clocale>
#include <cmath>
#include <limits>
#include <string>

using emu::InvalidInput;
using emu::JsonValue;
using emu::ParseError;

namespace {

/// Same values in the same order; lines are ignored.
bool sameJson(const JsonValue& a, const JsonValue& b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case JsonValue::Type::Null:
        return true;
    case JsonValue::Type::Bool:
        return a.asBool() == b.asBool();
    case JsonValue::Type::Number:
        return a.asNumber() == b.asNumber() &&
               std::signbit(a.asNumber()) == std::signbit(b.asNumber());
    case JsonValue::Type::String:
        return a.asString() == b.asString();
    case JsonValue::Type::Array:
        if (a.asArray().size() != b.asArray().size())
            return false;
        for (std::size_t i = 0; i < a.asArray().size(); ++i)
            if (!sameJson(a.asArray()[i], b.asArray()[i]))
                return false;
        return true;
    case JsonValue::Type::Object:
        if (a.asObject().size() != b.asObject().size())
            return false;
        for (std::size_t i = 0; i < a.asObject().size(); ++i)
            if (a.asObject()[i].first != b.asObject()[i].first ||
                !sameJson(a.asObject()[i].second, b.asObject()[i].second))
                return false;
        return true;
    }
    return false;
}

JsonValue parse(const std::string& text)
{
    return emu::parseJson(text, "test.json");
}

/// The InvalidInput message of `call`, or "" if it did not throw.
template <typename F> std::string invalidInputMessage(F call)
{
    try {
        call();
    } catch (const InvalidInput& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestJson : public QObject
{
    Q_OBJECT
private slots:
    void roundTripKeepsValuesAndOrder()
    {
        // Plain literals: moc misreads backslashes inside raw strings.
        const std::string text =
            "{\"zeta\": {\"b\": [1, -2.5, 1e-05, [], {}], \"a\": null},\n"
            "  \"alpha\": [true, false, \"x\\ty \\\"q\\\" \\u00e9\", [[0.1]]],\n"
            "  \"mid\": \"\", \"n\": -0}";
        const JsonValue original = parse(text);
        QCOMPARE(original.asObject()[0].first, std::string("zeta"));
        QCOMPARE(original.asObject()[1].first, std::string("alpha"));
        QCOMPARE(original.find("zeta")->asObject()[0].first, std::string("b"));
        for (const int indent : {2, 0, 4, -1}) {
            const JsonValue back = parse(emu::writeJson(original, indent));
            QVERIFY2(sameJson(original, back), qPrintable(QString::number(indent)));
        }
        // Sanity of the comparison itself: a changed order is a different document.
        const JsonValue swapped = parse(R"({"alpha": 1, "zeta": 2})");
        QVERIFY(!sameJson(parse(R"({"zeta": 2, "alpha": 1})"), swapped));
    }

    void valuesKnowTheirLine()
    {
        const JsonValue root = parse("{\n"
                                     "  \"a\": 1,\n"
                                     "  \"b\": [\n"
                                     "    true,\n"
                                     "    {\"c\": null}\n"
                                     "  ],\n"
                                     "  \"d\":\n"
                                     "    \"x\"\n"
                                     "}");
        QCOMPARE(root.line(), 1);
        QCOMPARE(root.find("a")->line(), 2);
        const JsonValue& b = *root.find("b");
        QCOMPARE(b.line(), 3);
        QCOMPARE(b.asArray()[0].line(), 4);
        QCOMPARE(b.asArray()[1].line(), 5);
        QCOMPARE(b.asArray()[1].find("c")->line(), 5);
        QCOMPARE(root.find("d")->line(), 8);
        JsonValue built = JsonValue::number(1);
        QCOMPARE(built.line(), 0);
        built.setLine(7);
        QCOMPARE(built.line(), 7);
    }

    void escapesAndSurrogatePairs()
    {
        QCOMPARE(
            parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"").asString(),
            std::string("\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
        QCOMPARE(parse("\"h\xC3\xA9 \xF0\x9F\x98\x80\"").asString(),
                 std::string("h\xC3\xA9 \xF0\x9F\x98\x80"));
        QCOMPARE(emu::writeJson(JsonValue::string("a\"b\\c\n\t\r\b\f\x01\x1f/\xC3\xA9")),
                 std::string("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/"
                             "\xC3\xA9\""));
        std::string every;
        for (int c = 1; c < 128; ++c)
            every += char(c);
        every += "\xF0\x9F\x98\x80";
        QCOMPARE(parse(emu::writeJson(JsonValue::string(every))).asString(), every);
    }

    void acceptsByteOrderMarkAndWhiteSpace()
    {
        QVERIFY(parse("\xEF\xBB\xBF{}").isObject());
        QCOMPARE(parse(" \t\r\n [ 1 , 2 ] \n ").asArray().size(), std::size_t(2));
        std::string deepest(100, '[');
        deepest += std::string(100, ']');
        QVERIFY(parse(deepest).isArray());
    }

    void numbersReadAndWriteExactly()
    {
        // == rather than QCOMPARE, whose comparison of doubles is fuzzy.
        QVERIFY(parse("1e308").asNumber() == 1e308);
        QVERIFY(parse("1.5e-7").asNumber() == 1.5e-7);
        QVERIFY(parse("1E+2").asNumber() == 100.0);
        QVERIFY(parse("0.1").asNumber() == 0.1);
        QVERIFY(std::signbit(parse("-0").asNumber()));
        QVERIFY(parse("1e-400").asNumber() == 0.0); // below the smallest double: the nearest is 0
        QVERIFY(parse("5e-324").asNumber() == std::numeric_limits<double>::denorm_min());
        QCOMPARE(emu::writeJson(parse("123456789012")), std::string("123456789012"));
        QCOMPARE(emu::writeJson(parse("3.0")), std::string("3"));
        QCOMPARE(emu::writeJson(JsonValue::number(-0.0)), std::string("-0"));
        for (const double x : {1e308, -0.0, 1.5e-7, 123456789012.0, 0.1, 1.0 / 3.0, 5e-324, -2.5})
            QCOMPARE(std::signbit(parse(emu::writeJson(JsonValue::number(x))).asNumber()),
                     std::signbit(x));
        for (const double x : {1e308, 1.5e-7, 123456789012.0, 0.1, 1.0 / 3.0, 5e-324, -2.5})
            QVERIFY2(parse(emu::writeJson(JsonValue::number(x))).asNumber() == x,
                     emu::formatJsonNumber(x).c_str());
        QCOMPARE(emu::writeJson(JsonValue::number(1e308)), std::string("1e+308"));
        QCOMPARE(emu::formatJsonNumber(0.1), std::string("0.1"));
        QCOMPARE(emu::formatJsonNumber(1e-5), std::string("1e-05"));
        QCOMPARE(emu::formatJsonNumber(std::nan("")), std::string("nan"));
        QCOMPARE(emu::formatJsonNumber(HUGE_VAL), std::string("inf"));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, JsonValue::number(std::nan("")));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, JsonValue::number(-HUGE_VAL));
    }

    void localeDoesNotMatter()
    {
        const std::string saved = std::setlocale(LC_NUMERIC, nullptr);
        const char* german = nullptr;
        for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8"})
            if (!german)
                german = std::setlocale(LC_NUMERIC, name);
        if (!german || std::string(std::localeconv()->decimal_point) != ",") {
            std::setlocale(LC_NUMERIC, saved.c_str());
            QSKIP("no locale with a decimal comma is installed");
        }
        const double read = parse("[0.5, 1.25e-3]").asArray()[1].asNumber();
        const std::string written = emu::writeJson(JsonValue::number(0.5));
        std::setlocale(LC_NUMERIC, saved.c_str());
        QVERIFY(read == 1.25e-3);
        QCOMPARE(written, std::string("0.5"));
    }

    void typedAccessorsThrowOnTheWrongType()
    {
        QCOMPARE(invalidInputMessage([] { JsonValue::string("x").asNumber(); }),
                 std::string("expected a number, found a string"));
        QCOMPARE(invalidInputMessage([] { JsonValue::number(1).asString(); }),
                 std::string("expected a string, found a number"));
        QCOMPARE(invalidInputMessage([] { JsonValue().asArray(); }),
                 std::string("expected an array, found null"));
        QCOMPARE(invalidInputMessage([] { JsonValue::array().asObject(); }),
                 std::string("expected an object, found an array"));
        QCOMPARE(invalidInputMessage([] { JsonValue::object().asBool(); }),
                 std::string("expected a boolean, found an object"));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, JsonValue::object().append(JsonValue()));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, JsonValue::array().insert("a", JsonValue()));
        QVERIFY(JsonValue::array().find("a") == nullptr);
        QVERIFY(JsonValue().isNull());
        QVERIFY(JsonValue::boolean(false).isBool() && !JsonValue::boolean(false).asBool());
        QCOMPARE(std::string(JsonValue::typeName(JsonValue::Type::Bool)), std::string("boolean"));
        QCOMPARE(std::string(JsonValue::typeName(JsonValue::Type::Object)), std::string("object"));
    }

    void insertReplacesAndAppendAdds()
    {
        JsonValue object = parse(R"({"a": 1, "b": 2})");
        object.insert("a", JsonValue::string("x"));
        QCOMPARE(object.asObject().size(), std::size_t(2));
        QCOMPARE(object.asObject()[0].first, std::string("a"));
        QCOMPARE(object.find("a")->asString(), std::string("x"));
        object.insert("c", JsonValue::number(3));
        QCOMPARE(object.asObject()[2].first, std::string("c"));
        QCOMPARE(object.find("c")->asNumber(), 3.0);
        QVERIFY(object.find("zz") == nullptr);
        JsonValue array = JsonValue::array({JsonValue::number(1)});
        array.append(JsonValue::boolean(true));
        QCOMPARE(array.asArray().size(), std::size_t(2));
        QVERIFY(array.asArray()[1].asBool());
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 JsonValue::object({{"k", JsonValue()}, {"k", JsonValue()}}));
    }

    void writesIndentedAndCompactForms()
    {
        JsonValue v = JsonValue::object();
        v.insert("name", JsonValue::string("car"));
        v.insert("inputs", JsonValue::array({JsonValue::number(1), JsonValue::number(2.5)}));
        v.insert("empty", JsonValue::array());
        v.insert("none", JsonValue::object());
        v.insert("flag", JsonValue::boolean(true));
        v.insert("nothing", JsonValue());
        v.insert("nested", JsonValue::object({{"x", JsonValue::number(-0.5)}}));
        QCOMPARE(emu::writeJson(v), std::string("{\n"
                                                "  \"name\": \"car\",\n"
                                                "  \"inputs\": [\n"
                                                "    1,\n"
                                                "    2.5\n"
                                                "  ],\n"
                                                "  \"empty\": [],\n"
                                                "  \"none\": {},\n"
                                                "  \"flag\": true,\n"
                                                "  \"nothing\": null,\n"
                                                "  \"nested\": {\n"
                                                "    \"x\": -0.5\n"
                                                "  }\n"
                                                "}"));
        QCOMPARE(emu::writeJson(v, -1),
                 std::string(R"({"name":"car","inputs":[1,2.5],"empty":[],"none":{},)"
                             R"("flag":true,"nothing":null,"nested":{"x":-0.5}})"));
        const JsonValue small = parse(R"([1, {"a": []}])");
        QCOMPARE(emu::writeJson(small, 4),
                 std::string("[\n    1,\n    {\n        \"a\": []\n    }\n]"));
        QCOMPARE(emu::writeJson(small, 0), std::string("[\n1,\n{\n\"a\": []\n}\n]"));
        QCOMPARE(emu::writeJson(JsonValue()), std::string("null"));
        QCOMPARE(emu::writeJson(JsonValue::object(), -1), std::string("{}"));
    }

    void malformedTextNamesTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const QByteArray& text, int line, const char* what) {
            QTest::newRow(name) << text << line << QString::fromUtf8(what);
        };
        row("empty", "", 1, "empty text");
        row("only white space", " \n\t\n ", 3, "empty text");
        row("member list closed by ]", "{\n  \"inputs\": [\n    1\n  ]]", 4,
            "expected ',' or '}' after member \"inputs\", found ']'");
        row("error on line 4",
            "{\n  \"name\": \"car\",\n  \"inputs\": [1, 2],\n  \"outputs\": [3 4]\n}", 4,
            "expected ',' or ']' after array item 1, found '4'");
        row("trailing comma in object", "{\"a\": 1,\n}", 2, "found '}'");
        row("trailing comma in array", "[1,]", 1, "expected a value after ','");
        row("unclosed array", "[1,\n 2", 2, "after array item 2, found end of text");
        row("missing colon", "{\"a\" 1}", 1, "expected ':' after member name \"a\", found '1'");
        row("single quotes", "{'a': 1}", 1, "expected a member name in double quotes, found \"'\"");
        row("comment", "{\n // note\n}", 2, "found '/'");
        row("duplicate key", "{\"name\": 1,\n \"name\": 2}", 2, "duplicate key \"name\"");
        row("text after the value", "{}\n x", 2, "text after the JSON value, found 'x'");
        row("two values", "1 2", 1, "text after the JSON value");
        row("too deep", QByteArray(101, '[') + QByteArray(101, ']'), 1,
            "nesting deeper than 100 levels");
        row("overflow", "[1e400]", 1, "number out of range");
        row("negative overflow", "-1e309", 1, "number out of range");
        row("huge mantissa", "1" + QByteArray(400, '0'), 1, "number out of range");
        row("leading zero", "[01]", 1, "leading zero in number '01'");
        row("leading plus", "+1", 1, "expected a value, found '+1'");
        row("no integer part", ".5", 1, "expected a value, found '.5'");
        row("no fraction digits", "1.", 1, "expected a digit after '.'");
        row("no exponent digits", "1e+", 1, "expected a digit in the exponent");
        row("lone minus", "-", 1, "expected a digit after '-', found end of text");
        row("NaN", "NaN", 1, "expected a value, found 'NaN'");
        row("-Infinity", "-Infinity", 1, "found 'Infinity'");
        row("capital True", "[True]", 1, "expected a value, found 'True'");
        row("null followed by letters", "nullx", 1, "found 'nullx'");
        row("unterminated string", "[\n\"abc", 2, "unterminated string");
        row("unterminated after backslash", "\"abc\\", 1, "unterminated string");
        row("invalid escape", "\"\\q\"", 1, "invalid escape \\q");
        row("tab in string", "\"a\tb\"", 1, "control character in string");
        row("line break in string", "[\"a\nb\"]", 1, "unterminated string");
        row("escape character in string", "\"a\x1b\"", 1, "control character in string (U+001B)");
        row("NUL outside strings", QByteArray("[1,\0 2]", 7), 1, "found control character U+0000");
        row("short \\u", "\"\\u12g4\"", 1, "expected four hex digits");
        row("lone high surrogate", "\"\\ud83d\"", 1, "lone surrogate \\uD83D");
        row("lone low surrogate", "\"\\uDC00x\"", 1, "lone surrogate \\uDC00");
        row("high surrogate then A", "\"\\ud83d\\u0041\"", 1, "lone surrogate \\uD83D");
        row("invalid UTF-8", "\"\xC3\x28\"", 1, "invalid UTF-8 in string");
        row("overlong UTF-8", "\"\xC0\xAF\"", 1, "invalid UTF-8 in string");
        row("UTF-8 encoded surrogate", "\"\xED\xA0\x80\"", 1, "invalid UTF-8 in string");
    }

    void malformedTextNamesTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        try {
            emu::parseJson(std::string_view(text.constData(), std::size_t(text.size())),
                           "sys.json");
            QFAIL("malformed JSON was accepted");
        } catch (const ParseError& e) {
            const QString what = QString::fromUtf8(e.what());
            QCOMPARE(e.line(), line);
            QVERIFY2(what.startsWith(QString("sys.json:%1: ").arg(line)), e.what());
            QVERIFY2(what.contains(message), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestJson)
#include "test_json.moc"
