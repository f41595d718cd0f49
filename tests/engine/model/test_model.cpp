// The Model interface: a user-written model and the GP are used interchangeably through it.

#include "engine/core/errors.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/model/model.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

/// A model a user might write: the mean of the k nearest data points, the spread of their
/// outputs as variance. It exists to show that the interface is implementable outside the GP.
class NearestNeighbourModel : public Model
{
public:
    explicit NearestNeighbourModel(Index inputDim) : m_dim(inputDim), m_X(0, inputDim) {}
    std::unique_ptr<Model> clone() const override
    {
        return std::make_unique<NearestNeighbourModel>(*this);
    }
    std::string name() const override { return "nearest neighbours"; }
    Index inputDim() const override { return m_dim; }
    void setData(const Matrix& X, const Vector& y) override
    {
        if (X.cols() != m_dim || X.rows() != y.size())
            throw InvalidInput("bad shapes");
        m_X = X;
        m_y = y;
    }
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    FitReport fit(const FitOptions&, Progress& progress) override
    {
        progress.checkCancelled();
        return {};
    }
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override
    {
        Prediction p{Vector(Xs.rows()), Vector(Xs.rows())};
        for (Index i = 0; i < Xs.rows(); ++i) {
            Index best = 0;
            (m_X.rowwise() - Xs.row(i)).rowwise().squaredNorm().minCoeff(&best);
            p.mean(i) = m_y(best);
            p.variance(i) = includeNoise ? 1.0 : 0.5;
        }
        return p;
    }
    PredictionGradient predictGradient(const Matrix& Xs) const override
    {
        return {Matrix::Zero(Xs.rows(), m_dim), Matrix::Zero(Xs.rows(), m_dim)};
    }

private:
    Index m_dim;
    Matrix m_X;
    Vector m_y;
};

/// Code written against Model only, as acquisitions and loops are.
double predictedMinimum(const Model& model, const Matrix& candidates)
{
    return model.predict(candidates).mean.minCoeff();
}

std::unique_ptr<Model> makeModel(const QString& which)
{
    if (which == "gp")
        return std::make_unique<GaussianProcess>(makeKernel("matern52", 2));
    return std::make_unique<NearestNeighbourModel>(2);
}

} // namespace

class TestModel : public QObject
{
    Q_OBJECT
private slots:
    void interfaceContract_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("gaussian process") << "gp";
        QTest::newRow("user model") << "nn";
    }
    void interfaceContract()
    {
        QFETCH(QString, which);
        const std::unique_ptr<Model> model = makeModel(which);
        QCOMPARE(model->inputDim(), Index(2));
        QVERIFY(!model->name().empty());
        Matrix X(4, 2);
        X << 0, 0, 1, 0, 0, 1, 1, 1;
        Vector y(4);
        y << 3.0, 1.0, 2.0, -1.0;
        model->setData(X, y);
        QCOMPARE(model->inputs(), X);
        QCOMPARE(model->outputs(), y);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model->setData(X, Vector(y.head(3))));

        const Prediction latent = model->predict(X);
        const Prediction noisy = model->predict(X, true);
        QCOMPARE(latent.mean.size(), Index(4));
        QVERIFY((latent.variance.array() >= 0).all());
        QVERIFY((noisy.variance.array() > latent.variance.array()).all());
        // Near the data, every sensible model puts the minimum near the lowest output.
        QVERIFY(std::abs(predictedMinimum(*model, X) - y.minCoeff()) < 0.5);

        const PredictionGradient g = model->predictGradient(X);
        QCOMPARE(g.meanGradient.rows(), Index(4));
        QCOMPARE(g.varianceGradient.cols(), Index(2));

        // A clone is deep: new data in the clone leave the original alone.
        const std::unique_ptr<Model> copy = model->clone();
        copy->setData(X.topRows(2), y.head(2));
        QCOMPARE(model->outputs().size(), Index(4));
        QCOMPARE(copy->outputs().size(), Index(2));

        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, model->fit(FitOptions{}, cancelled));
    }

    void fitOptionsDefaultsAreSane()
    {
        const FitOptions o;
        QVERIFY(o.restarts >= 1);
        QVERIFY(o.maxIterations >= 50);
        const FitReport r;
        QVERIFY(r.restartValues.empty());
        QCOMPARE(r.evaluations, 0);
    }
};

QTEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
