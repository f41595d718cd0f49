// The compiled Olympic marathon table, its CSV copy, and the standardisation helpers.

#include "engine/core/errors.h"
#include "engine/data/olympic_marathon.h"

#include <QtTest>

#include <cmath>
#include <fstream>

using namespace emu;

class TestOlympicMarathon : public QObject
{
    Q_OBJECT
private slots:
    void matchesTheShippedCsvFile()
    {
        // EMUPLAY_OLYMPIC_CSV is resources/data/olympic_marathon_men.csv, set by CMake.
        const OlympicMarathonData file = loadOlympicMarathonCsv(EMUPLAY_OLYMPIC_CSV);
        const OlympicMarathonData compiled = olympicMarathonMen();
        QCOMPARE(file.years.size(), compiled.years.size());
        for (Index i = 0; i < file.years.size(); ++i) {
            QCOMPARE(compiled.years(i), file.years(i));
            QCOMPARE(compiled.pace(i), file.pace(i)); // the same digits parse to the same double
        }
    }

    void hasTheDocumentedShape()
    {
        const OlympicMarathonData d = olympicMarathonMen();
        QCOMPARE(d.years.size(), Index(27));
        QCOMPARE(d.pace.size(), Index(27));
        QCOMPARE(d.years(0), 1896.0);
        QCOMPARE(d.years(26), 2012.0);
        for (Index i = 1; i < d.years.size(); ++i)
            QVERIFY(d.years(i) > d.years(i - 1));
        for (double missing : {1916.0, 1940.0, 1944.0})
            QVERIFY(!(d.years.array() == missing).any());
        QVERIFY((d.pace.array() > 2.9).all() && (d.pace.array() < 5.3).all());
    }

    void year1904IsTheSlowOutlier()
    {
        const OlympicMarathonData d = olympicMarathonMen();
        Index slowest = 0;
        d.pace.maxCoeff(&slowest);
        QCOMPARE(d.years(slowest), 1904.0);
        const Standardisation s = Standardisation::fromData(d.pace);
        QVERIFY2(s.standardise(d.pace(slowest)) > 2.5, "1904 is more than 2.5 sd above the mean");
    }

    void turingsPace()
    {
        // 2 h 46 min 03 s over 42.195 km.
        QVERIFY(std::abs(kTuringPace - 3.935) < 5e-4);
        QCOMPARE(kTuringPace * 42.195, 166.05);
        QCOMPARE(kTuringYear, 1946.0);
    }

    void standardisationUsesThePopulationSd()
    {
        Vector v(4);
        v << 1.0, 2.0, 3.0, 6.0;
        const Standardisation s = Standardisation::fromData(v);
        QCOMPARE(s.mean, 3.0);
        QCOMPARE(s.sd, std::sqrt(3.5)); // Σ(v − 3)² / 4 = 14/4
        const Vector z = s.standardise(v);
        QVERIFY(std::abs(z.mean()) < 1e-15);
        QVERIFY(std::abs(z.squaredNorm() / 4.0 - 1.0) < 1e-14);
        QVERIFY((s.unstandardise(z) - v).cwiseAbs().maxCoeff() < 1e-14);
        QCOMPARE(s.unstandardise(s.standardise(2.5)), 2.5);
        QCOMPARE(s.unstandardiseVariance(2.0), 7.0);
    }

    void constantDataKeepUnitSd()
    {
        const Standardisation s = Standardisation::fromData(Vector::Constant(5, 4.0));
        QCOMPARE(s.mean, 4.0);
        QCOMPARE(s.sd, 1.0);
        QCOMPARE(s.standardise(5.0), 1.0);
    }

    void wrongColumnsAreRejected()
    {
        const QString path = QDir::temp().filePath("emuplay_olympic_wrong_columns.csv");
        {
            std::ofstream out(path.toStdString());
            out << "year,time\n1896,4.47\n";
        }
        try {
            loadOlympicMarathonCsv(path.toStdString());
            QFAIL("no error");
        } catch (const ParseError& e) {
            QCOMPARE(e.line(), 1);
            QVERIFY(QString(e.what()).contains("pace_min_per_km"));
        }
        QFile::remove(path);
        QVERIFY_THROWS_EXCEPTION(Error, loadOlympicMarathonCsv("/nonexistent/olympic.csv"));
    }
};

QTEST_APPLESS_MAIN(TestOlympicMarathon)
#include "test_olympic_marathon.moc"
