#include "engine/core/rng.h"

#include <QtTest>

using emu::Rng;

class TestRng : public QObject
{
    Q_OBJECT
private slots:
    void sameSeedSameNumbers()
    {
        Rng a(42), b(42);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(a.normal(), b.normal());
    }
    void differentSeedsDiffer()
    {
        Rng a(1), b(2);
        QVERIFY(a.uniform() != b.uniform());
    }
    void uniformStaysInRange()
    {
        Rng rng(7);
        for (int i = 0; i < 10000; ++i) {
            const double u = rng.uniform(-2.0, 3.0);
            QVERIFY(u >= -2.0 && u < 3.0);
        }
    }
    void normalHasUnitMoments()
    {
        Rng rng(3);
        const emu::Matrix z = rng.normalMatrix(20000, 1);
        const double mean = z.mean();
        const double var = (z.array() - mean).square().mean();
        QVERIFY2(std::abs(mean) < 0.03, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(var - 1.0) < 0.05, qPrintable(QString::number(var)));
    }
    void indexIsUniform()
    {
        Rng rng(5);
        int counts[3] = {0, 0, 0};
        for (int i = 0; i < 30000; ++i)
            ++counts[rng.index(3)];
        for (int c : counts)
            QVERIFY(std::abs(c - 10000) < 500);
    }
    void firstValueIsPinned()
    {
        // Reproducibility across platforms: mt19937_64 is fully specified by the standard and the
        // conversion to [0, 1) is ours, so this value must never change.
        Rng rng(5489); // the standard's default seed: first output 14514284786278117030
        QCOMPARE(rng.uniform(), double(14514284786278117030ULL >> 11) * 0x1.0p-53);
    }
};

QTEST_APPLESS_MAIN(TestRng)
#include "test_rng.moc"
