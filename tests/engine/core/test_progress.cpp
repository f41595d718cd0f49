#include "engine/core/errors.h"
#include "engine/core/progress.h"

#include <QtTest>

using emu::Progress;

class TestProgress : public QObject
{
    Q_OBJECT
private slots:
    void reportsClampedFractions()
    {
        std::vector<double> seen;
        Progress p([&](double f, const std::string&) { seen.push_back(f); });
        p.report(1, 4);
        p.report(8, 4);
        p.report(-1, 4);
        QCOMPARE(seen, (std::vector<double>{0.25, 1.0, 0.0}));
    }
    void cancelThrowsOnCheck()
    {
        Progress p;
        p.checkCancelled(); // not cancelled yet: no throw
        p.cancel();
        QVERIFY(p.isCancelled());
        QVERIFY_THROWS_EXCEPTION(emu::Cancelled, p.checkCancelled());
    }
    void sliceMapsIntoParentRange()
    {
        double last = -1;
        std::string stage;
        Progress p([&](double f, const std::string& s) { last = f; stage = s; });
        emu::ProgressSlice slice(p, 0.5, 1.0);
        slice.report(1, 2, "second half");
        QCOMPARE(last, 0.75);
        QCOMPARE(stage, std::string("second half"));
    }
    void childMapsIntoParentRangeAndFollowsItsCancel()
    {
        double last = -1;
        Progress parent([&](double f, const std::string&) { last = f; });
        emu::ChildProgress child(parent, 0.2, 0.6);
        child.get().report(1, 4, "stage");
        QCOMPARE(last, 0.3);
        QVERIFY(!child.get().isCancelled());
        parent.cancel();
        child.get().report(2, 4);
        QVERIFY(child.get().isCancelled());
        emu::ChildProgress late(parent, 0.6, 1.0); // born after the cancel
        QVERIFY_THROWS_EXCEPTION(emu::Cancelled, late.get().checkCancelled());
    }
};

QTEST_APPLESS_MAIN(TestProgress)
#include "test_progress.moc"
