// The registry template every run-time choice uses (engine/core/registry.h): lookups by id, the
// error that lists the valid ids, menu order, entries with an `id` member or an `id()` method.

#include "engine/core/registry.h"

#include <QtTest>

using emu::InvalidInput;
using emu::Registry;

namespace {

struct MemberEntry
{
    std::string id;
    int value = 0;
};

class MethodEntry
{
public:
    explicit MethodEntry(std::string id) : m_id(std::move(id)) {}
    std::string id() const { return m_id; }

private:
    std::string m_id;
};

} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT
private slots:
    void findsByIdInMenuOrder()
    {
        const Registry<MemberEntry> r("widget", "widgets", {{"b", 1}, {"a", 2}, {"c", 3}});
        QCOMPARE(r.size(), std::size_t(3));
        QCOMPARE(r.find("a")->value, 2);
        QCOMPARE(r.find("a"), &r[1]);
        QVERIFY(r.find("d") == nullptr);
        QVERIFY(r.find("") == nullptr);
        QCOMPARE(r.at("c").value, 3);
        QCOMPARE(r.ids(), (std::vector<std::string>{"b", "a", "c"}));
        QCOMPARE(r.idList(), std::string("b, a, c"));
        int sum = 0;
        for (const MemberEntry& e : r)
            sum += e.value;
        QCOMPARE(sum, 6);
    }

    void unknownIdNamesTheValidOnes()
    {
        const Registry<MethodEntry> r("multi-fidelity problem", "problems",
                                      {MethodEntry("x"), MethodEntry("y")});
        QCOMPARE(r.find("y")->id(), std::string("y"));
        try {
            r.at("z");
            QFAIL("an unknown id must throw");
        } catch (const InvalidInput& e) {
            QCOMPARE(QString(e.what()),
                     QString("unknown multi-fidelity problem 'z'; valid problems are: x, y"));
        }
    }

    void anEmptyRegistryFindsNothing()
    {
        const Registry<MemberEntry> r("widget", "widgets", {});
        QVERIFY(r.find("a") == nullptr);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, r.at("a"));
        QCOMPARE(r.idList(), std::string());
    }
};

QTEST_APPLESS_MAIN(TestRegistry)
#include "test_registry.moc"
