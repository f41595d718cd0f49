#include "engine/core/errors.h"
#include "engine/studies/design_study.h"

#include <QtTest>

class TestDesignExperiments : public QObject
{
    Q_OBJECT
private slots:
    void errorFallsAsPointsAreAdded_data()
    {
        QTest::addColumn<QString>("method");
        for (const std::string& m : emu::designExperimentMethods())
            QTest::newRow(m.c_str()) << QString::fromStdString(m);
    }
    void errorFallsAsPointsAreAdded()
    {
        QFETCH(QString, method);
        emu::DesignExperimentSettings settings;
        settings.functionId = "forrester";
        settings.method = method.toStdString();
        settings.points = 14;
        settings.errorCurve = true;
        settings.seed = 3;
        const emu::DesignExperimentResult run = emu::runDesignExperiment(settings);
        QCOMPARE(run.X.rows(), emu::Index(14));
        QCOMPARE(int(run.curve.size()), 13); // n = 2 … 14
        QCOMPARE(run.curve.front().points, 2);
        QCOMPARE(run.curve.back().points, 14);
        QCOMPARE(run.curve.back().rmse, run.error.rmse);
        // Forrester is smooth: 14 well-placed points pin it down, 2 points cannot.
        QVERIFY2(run.error.rmse < 0.2 * run.curve.front().rmse,
                 qPrintable(QString("%1 vs %2").arg(run.error.rmse).arg(run.curve.front().rmse)));
        // Random points may leave a gap; the space-filling and adaptive designs do better.
        const double bound = method == "random" ? 0.3 : 0.1;
        QVERIFY2(run.error.normalizedRmse < bound, qPrintable(QString::number(run.error.normalizedRmse)));
        QVERIFY(run.X.minCoeff() >= 0.0 && run.X.maxCoeff() <= 1.0);
    }
    void varianceStartsFromALatinHypercube()
    {
        emu::DesignExperimentSettings settings;
        settings.functionId = "branin";
        settings.method = "variance";
        settings.points = 8;
        const emu::DesignExperimentResult run = emu::runDesignExperiment(settings);
        QCOMPARE(run.initialPoints, 5); // 2d + 1
        QCOMPARE(run.X.rows(), emu::Index(8));
        QVERIFY(run.curve.empty());
    }
    void reproducibleWithASeed()
    {
        emu::DesignExperimentSettings settings;
        settings.method = "variance";
        settings.points = 9;
        settings.seed = 11;
        const auto a = emu::runDesignExperiment(settings);
        const auto b = emu::runDesignExperiment(settings);
        QCOMPARE(a.X, b.X);
        QCOMPARE(a.error.rmse, b.error.rmse);
    }
    void badSettingsAreRejected()
    {
        emu::DesignExperimentSettings settings;
        settings.method = "grid";
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::runDesignExperiment(settings));
        settings.method = "lhs";
        settings.points = 0;
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::runDesignExperiment(settings));
        settings.points = 5;
        settings.functionId = "nope";
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::runDesignExperiment(settings));
    }
    void cancelStops()
    {
        emu::Progress progress;
        progress.cancel();
        emu::DesignExperimentSettings settings;
        settings.method = "variance";
        settings.points = 20;
        QVERIFY_THROWS_EXCEPTION(emu::Cancelled, emu::runDesignExperiment(settings, progress));
    }
};

QTEST_APPLESS_MAIN(TestDesignExperiments)
#include "test_design_study.moc"
