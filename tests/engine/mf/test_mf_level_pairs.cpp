// The linear multi-fidelity model's posterior covariance of two levels at the same inputs
// (predictPair): exact conditioning under the joint model, a true covariance under both.

#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "linear_mf_test_models.h"

#include <QtTest>

#include <cmath>

using namespace emu;
using emu::test::makeModel;
using emu::test::randomLevels;

class TestMfLevelPairs : public QObject
{
    Q_OBJECT
private slots:
    void pairCovarianceConditionsLikeAnObservation()
    {
        // Under the joint model, observing f_level at x with noise σ² shrinks Var f_top(x) by
        // Cov² / (Var f_level(x) + σ²). The model computes that second variance by itself once
        // the run is added to its data, so the two must agree.
        Vector rho(2);
        rho << 0.8, 1.3;
        LinearMultiFidelityModel model = makeModel(3, "rbf", MeanFunction::Zero, rho);
        LinearMfSettings settings = model.settings();
        settings.normalizeOutputs = false; // keep the parameters' units when data are added
        model.setSettings(settings);
        Matrix X;
        Vector y;
        randomLevels(3, 5, X, y);
        model.setData(X, y);
        const Matrix Xs = Rng(6).uniformMatrix(5, 2);
        for (Index level = 0; level < 3; ++level) {
            const LevelPairPrediction pair = model.predictPair(level, 2, Xs);
            for (Index r = 0; r < Xs.rows(); ++r) {
                Matrix more(X.rows() + 1, X.cols());
                more << X, Xs(r, 0), Xs(r, 1), double(level);
                Vector moreY(y.size() + 1);
                moreY << y, 0.3;
                LinearMultiFidelityModel conditioned = model;
                conditioned.setData(more, moreY);
                const double after = conditioned.predict(2, Matrix(Xs.row(r))).variance(0);
                const double expected =
                    pair.upper.variance(r) - pair.covariance(r) * pair.covariance(r) /
                                                 (pair.lower.variance(r) + model.noiseVariance(level));
                QVERIFY2(std::abs(after - expected) <= 1e-8 * (1.0 + pair.upper.variance(r)),
                         qPrintable(QString("level %1, row %2: %3 vs %4").arg(level).arg(r).arg(after).arg(expected)));
            }
        }
    }

    void pairCovarianceIsACovariance_data()
    {
        QTest::addColumn<bool>("recursive");
        QTest::addRow("joint") << false;
        QTest::addRow("recursive") << true;
    }

    void pairCovarianceIsACovariance()
    {
        QFETCH(bool, recursive);
        Vector rho(2);
        rho << -0.7, 1.4;
        LinearMultiFidelityModel model =
            makeModel(3, "matern52", MeanFunction::Constant, rho,
                      recursive ? MfFitMethod::Recursive : MfFitMethod::Joint);
        Matrix X;
        Vector y;
        randomLevels(3, 12, X, y);
        model.setData(X, y);
        const Matrix Xs = Rng(13).uniformMatrix(20, 2);
        for (Index level = 0; level < 3; ++level) {
            const LevelPairPrediction same = model.predictPair(level, level, Xs);
            EMU_COMPARE_MATRIX(same.covariance, model.predict(level, Xs).variance, 1e-12, 1e-12);
            const LevelPairPrediction pair = model.predictPair(level, 2, Xs);
            EMU_COMPARE_MATRIX(pair.upper.mean, model.predict(2, Xs).mean, 1e-12, 1e-12);
            for (Index r = 0; r < Xs.rows(); ++r)
                QVERIFY(std::abs(pair.covariance(r)) <=
                        std::sqrt(pair.lower.variance(r) * pair.upper.variance(r)) * (1 + 1e-9) + 1e-12);
            // A negative ρ makes level 0 anti-correlated with the top level where data are thin.
            if (level == 0)
                QVERIFY(pair.covariance.minCoeff() < 0.0);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predictPair(2, 1, Xs));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predictPair(0, 3, Xs));
    }
};

QTEST_APPLESS_MAIN(TestMfLevelPairs)
#include "test_mf_level_pairs.moc"
