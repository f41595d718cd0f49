#pragma once
// Shared helpers of the Bayesian-optimisation tests: a hand-made model whose posterior is
// read off its inputs, and small fitted GPs on benchmark functions.

#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"
#include "engine/model/model.h"

#include <memory>
#include <string>

namespace emu::test {

/// A 2-input model whose posterior at x = (a, b) is mean a and variance b (clamped at 0):
/// each row of a candidate matrix spells out a hand-made posterior. The data only set the
/// best observation.
class PosteriorFromInputsModel : public Model
{
public:
    std::unique_ptr<Model> clone() const override
    {
        return std::make_unique<PosteriorFromInputsModel>(*this);
    }
    std::string name() const override { return "posterior-from-inputs"; }
    Index inputDim() const override { return 2; }
    void setData(const Matrix& X, const Vector& y) override
    {
        m_X = X;
        m_y = y;
    }
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    FitReport fit(const FitOptions&, Progress&) override { return {}; }
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override
    {
        Prediction p;
        p.mean = Xs.col(0);
        p.variance = Xs.col(1).cwiseMax(0.0);
        if (includeNoise)
            p.variance.array() += m_noise;
        return p;
    }
    PredictionGradient predictGradient(const Matrix& Xs) const override
    {
        PredictionGradient g;
        g.meanGradient = Matrix::Zero(Xs.rows(), 2);
        g.meanGradient.col(0).setOnes();
        g.varianceGradient = Matrix::Zero(Xs.rows(), 2);
        g.varianceGradient.col(1).setOnes();
        return g;
    }

private:
    Matrix m_X = Matrix::Zero(0, 2);
    Vector m_y;
    double m_noise = 0.0;
};

/// The GP used by the loop, with data: n points of a LHS design on the function, fitted.
inline std::unique_ptr<GaussianProcess> fittedGp(const TestFunction& f, Index n, std::uint64_t seed)
{
    std::unique_ptr<GaussianProcess> gp = makeBayesianOptimizationModel(f.dimension());
    const Matrix X = latinHypercubeDesign(f.space(), n, seed);
    gp->setData(X, f.evaluate(X));
    FitOptions options;
    options.restarts = 3;
    options.seed = seed;
    gp->fit(options, Progress::none());
    return gp;
}

} // namespace emu::test
