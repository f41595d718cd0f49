// The Gaussian-process lesson's state without its page: edits, undo, refusals that keep the
// state, kernels, and the session state round trip.

#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "ui/lessons/gaussian_processes/gp_lesson_model.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

using ui::GpLessonModel;

class TestGpLessonModel : public QObject
{
    Q_OBJECT
private slots:
    void opensWithTheDemo()
    {
        GpLessonModel model;
        QCOMPARE(model.points().size(), 6);
        QCOMPARE(model.kernelId(), QString("rbf"));
        QCOMPARE(model.samples(), QString("posterior"));
        QVERIFY(std::isfinite(model.logMarginalLikelihood()));
        QCOMPARE(model.undoStack()->count(), 0);
    }

    void editsAreUndoable()
    {
        GpLessonModel model;
        QSignalSpy changed(&model, &GpLessonModel::pointsChanged);
        const QList<QPointF> before = model.points();
        QVERIFY(model.editPoints("add", before + QList<QPointF>{{0.5, 1.0}}).isEmpty());
        QCOMPARE(model.points().size(), 7);
        QCOMPARE(changed.size(), 1);
        QVERIFY(std::abs(model.posteriorMean(0.5) - 1.0) < 0.3); // the GP follows the new point
        model.undoStack()->undo();
        QCOMPARE(model.points(), before);
        QCOMPARE(changed.size(), 2);
        model.undoStack()->redo();
        QCOMPARE(model.points().size(), 7);
    }

    void aDataSetTheGpCannotModelIsRefusedAndChangesNothing()
    {
        GpLessonModel model;
        const QJsonObject before = model.saveState();
        QSignalSpy refused(&model, &GpLessonModel::refused);
        QSignalSpy changed(&model, &GpLessonModel::pointsChanged);
        // Raw output units (no normalisation): K⁻¹y overflows.
        const QString problem = model.editPoints("huge", {{0.0, 0.0}, {1.0, 1.7e308}});
        QVERIFY(problem.contains("No usable model"));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(model.undoStack()->count(), 0);
        QCOMPARE(model.saveState(), before);
        QVERIFY(!model.setLogParams(emu::Vector::Constant(3, 800.0)).isEmpty());
        QCOMPARE(model.saveState(), before);
    }

    void everyKernelGivesAModelOnTheDemoData()
    {
        GpLessonModel model;
        for (const emu::KernelInfo& info : emu::kernelRegistry()) {
            const QString id = QString::fromStdString(info.id);
            QVERIFY2(model.setKernel(id).isEmpty(), qPrintable(id));
            QCOMPARE(model.kernelId(), id);
            QCOMPARE(model.points().size(), 6);
            QVERIFY2(std::isfinite(model.logMarginalLikelihood()), qPrintable(id));
        }
    }

    void stateRoundTripsAndABadStateChangesNothing()
    {
        GpLessonModel a;
        a.setKernel("matern32");
        a.sampleFromTruth(5);
        a.setSamples("prior");
        a.setTruthId("step");
        a.setShowTruth(true);
        const QJsonObject state = a.saveState();

        GpLessonModel b;
        QVERIFY(b.restoreState(state).isEmpty());
        QCOMPARE(b.saveState(), state);
        QCOMPARE(b.points().size(), 11);
        QCOMPARE(b.logMarginalLikelihood(), a.logMarginalLikelihood());

        const QJsonObject kept = b.saveState();
        for (const char* key : {"kernel", "points", "logParams"}) {
            QJsonObject bad = state;
            bad[key] = key == QLatin1String("kernel") ? QJsonValue("no-such-kernel")
                                                      : QJsonValue(QJsonArray{QJsonArray{1.0}});
            QVERIFY2(!b.restoreState(bad).isEmpty(), key);
            QCOMPARE(b.saveState(), kept);
        }
    }

    void samplingTheTruthIsSeeded()
    {
        GpLessonModel a, b;
        a.sampleFromTruth(10);
        b.sampleFromTruth(10);
        QCOMPARE(a.points(), b.points());
        b.undoStack()->undo();
        b.resample();
        b.sampleFromTruth(10);
        QVERIFY(a.points() != b.points());
        a.setTruthId("no-such-function"); // ignored
        QCOMPARE(a.truthId(), QString("wave"));
    }
};

QTEST_MAIN(TestGpLessonModel)
#include "test_gp_lesson_model.moc"
