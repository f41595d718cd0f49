// The multi-fidelity models through the Model interface, as acquisitions see them: values and
// gradients of an acquisition at high-fidelity candidates (fidelity column = the top level).

#include "common/fuzzy.h"
#include "engine/bo/lower_confidence_bound.h"
#include "engine/bo/model_variance.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"
#include "mf_test_support.h"

#include <QtTest>

using namespace emu;

class TestMfAcquisitions : public QObject
{
    Q_OBJECT
private slots:
    void acquisitionGradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("acquisition");
        for (const char* model : {"linear", "nonlinear"})
            for (const char* acquisition : {"lcb", "variance"})
                QTest::addRow("%s %s", model, acquisition)
                    << QString(model) << QString(acquisition);
    }
    void acquisitionGradientsMatchFiniteDifferences()
    {
        QFETCH(QString, model);
        QFETCH(QString, acquisition);
        const emu::test::MfData data = emu::test::mfData("currin", {16, 6}, 1);
        std::unique_ptr<Model> m;
        if (model == "linear")
            m = std::make_unique<LinearMultiFidelityModel>(makeLinearMultiFidelityModel(2, 2));
        else
            m = std::make_unique<NonlinearMultiFidelityModel>(2, 2);
        m->setData(data.stackedX, data.stackedY);
        FitOptions options;
        options.restarts = 2;
        m->fit(options, Progress::none());
        std::unique_ptr<Acquisition> a;
        if (acquisition == "lcb")
            a = std::make_unique<LowerConfidenceBound>(2.0);
        else
            a = std::make_unique<ModelVariance>();

        const Matrix X = withFidelity(Rng(2).uniformMatrix(6, 2), 1);
        Matrix gradient;
        const Vector values = a->evaluateWithGradient(*m, X, gradient);
        QCOMPARE(values, a->evaluate(*m, X));
        QCOMPARE(gradient.cols(), Index(3));
        QCOMPARE(gradient.col(2).cwiseAbs().maxCoeff(), 0.0); // the fidelity is not a direction
        for (Index c = 0; c < 2; ++c) {
            const double h = 1e-6;
            Matrix plus = X, minus = X;
            plus.col(c).array() += h;
            minus.col(c).array() -= h;
            const Vector fd = (a->evaluate(*m, plus) - a->evaluate(*m, minus)) / (2 * h);
            EMU_COMPARE_MATRIX(Matrix(gradient.col(c)), Matrix(fd), 1e-4,
                               1e-6 * std::max(1.0, fd.cwiseAbs().maxCoeff()));
        }
        // Uncertainty is lower at a high-fidelity data point than between them.
        const Vector atData = a->evaluate(*m, withFidelity(data.X[1].topRows(1), 1));
        if (acquisition == "variance")
            QVERIFY(atData(0) < values.maxCoeff());
    }
};

QTEST_APPLESS_MAIN(TestMfAcquisitions)
#include "test_mf_acquisitions.moc"
