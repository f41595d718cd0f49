#include "engine/gp/gaussian_process.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/gp/cholesky.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <tuple>
#include <utility>

namespace emu {

GaussianProcess::GaussianProcess(std::unique_ptr<Kernel> kernel, const GpSettings& settings)
    : m_kernel(std::move(kernel)), m_settings(settings)
{
    if (!m_kernel)
        throw InvalidInput("a Gaussian process needs a kernel");
    validateSettings(settings);
    m_X.resize(0, m_kernel->inputDim());
}

GaussianProcess::GaussianProcess(const GaussianProcess& other)
    : Model(other), m_kernel(other.m_kernel->clone()), m_settings(other.m_settings), m_X(other.m_X),
      m_y(other.m_y), m_offset(other.m_offset), m_scale(other.m_scale), m_L(other.m_L),
      m_alpha(other.m_alpha), m_jitter(other.m_jitter), m_logLikelihood(other.m_logLikelihood)
{
}

GaussianProcess& GaussianProcess::operator=(const GaussianProcess& other)
{
    if (this != &other) {
        GaussianProcess copy(other);
        *this = std::move(copy);
    }
    return *this;
}

GaussianProcess::~GaussianProcess() = default;

std::unique_ptr<Model> GaussianProcess::clone() const
{
    return std::make_unique<GaussianProcess>(*this);
}

std::string GaussianProcess::name() const
{
    return "GP (" + m_kernel->describe() + ")";
}

void GaussianProcess::validateSettings(const GpSettings& s) const
{
    if (!(s.minNoiseVariance > 0.0) || !(s.maxNoiseVariance >= s.minNoiseVariance) ||
        !std::isfinite(s.maxNoiseVariance))
        throw InvalidInput("noise variance bounds must satisfy 0 < min ≤ max < ∞");
    if (!(s.minLengthscale >= 0.0) || !std::isfinite(s.minLengthscale))
        throw InvalidInput("the smallest lengthscale must be finite and ≥ 0");
    if (!(s.noiseVariance > 0.0) || !std::isfinite(s.noiseVariance))
        throw InvalidInput("the noise variance must be positive and finite, got " +
                           std::to_string(s.noiseVariance));
}

void GaussianProcess::checkPoints(const Matrix& Xs, const char* what) const
{
    requireColumns(Xs, inputDim(), what);
    requireFinite(Xs, what);
}

// --- data ---------------------------------------------------------------------------------------

void GaussianProcess::setData(const Matrix& X, const Vector& y)
{
    checkPoints(X, "training inputs X");
    requireRows(y.size(), X.rows(), "training outputs y");
    requireFinite(y, "training outputs y");
    Matrix oldX = std::move(m_X);
    Vector oldY = std::move(m_y);
    m_X = X;
    m_y = y;
    try {
        refresh();
    } catch (...) {
        m_X = std::move(oldX); // keep the model usable with its previous data
        m_y = std::move(oldY);
        refresh();
        throw;
    }
}

void GaussianProcess::updateNormalisation()
{
    const Index n = m_y.size();
    // Sums and squares are taken of y / max|y|, so that outputs near the largest double give a
    // finite mean and scale instead of inf and then NaN predictions.
    const double largest = n > 0 ? m_y.cwiseAbs().maxCoeff() : 0.0;
    const double unit = largest > 0.0 ? largest : 1.0;
    const Eigen::ArrayXd z = m_y.array() / unit;
    const double zMean = (m_settings.mean == MeanFunction::Constant && n > 0) ? z.mean() : 0.0;
    m_offset = unit * zMean;
    m_scale = 1.0;
    if (m_settings.normalizeOutputs && n > 0) {
        const double rms = unit * std::sqrt((z - zMean).square().mean());
        // A (numerically) constant output carries no scale: dividing by rounding noise would
        // blow it up, so keep the units.
        if (rms > 1e-12 * std::max(1e-300, std::abs(m_offset)))
            m_scale = rms;
        if (!std::isfinite(m_scale * m_scale))
            throw InvalidInput("training outputs y spread by about " + formatNumber(m_scale) +
                               ": their variance is beyond the largest number this program can "
                               "hold (spreads up to about 1e154); rescale the outputs");
    }
}

Vector GaussianProcess::normalisedOutputs() const
{
    // Divided before subtracting: y − m alone can overflow when |y| is near the largest double.
    return m_y.array() / m_scale - m_offset / m_scale;
}

GaussianProcess::State GaussianProcess::factorise() const
{
    State state;
    Matrix K = m_kernel->compute(m_X);
    K.diagonal().array() += m_settings.noiseVariance;
    JitteredCholesky chol = choleskyWithJitter(std::move(K), "the training covariance matrix");
    state.L = std::move(chol.L);
    state.jitter = chol.jitter;
    std::tie(state.alpha, state.logLikelihood) = weightsFor(state.L);
    return state;
}

std::pair<Vector, double> GaussianProcess::weightsFor(const Matrix& factor) const
{
    const auto L = factor.triangularView<Eigen::Lower>();
    Vector alpha = normalisedOutputs();
    L.solveInPlace(alpha);
    const double quad = alpha.squaredNorm(); // ỹᵀK⁻¹ỹ = |L⁻¹ỹ|²
    L.transpose().solveInPlace(alpha);
    // Outputs near the largest double in raw units (no normalisation) overflow K⁻¹ỹ: the model
    // would predict inf and NaN, so refuse it.
    if (!std::isfinite(quad) || !alpha.allFinite())
        throw NumericalError("the training outputs y (up to " + formatNumber(m_y.cwiseAbs().maxCoeff()) +
                             ") are too large for this model: K⁻¹y overflows; rescale the outputs");
    const double n = double(m_X.rows());
    const double logLikelihood = -0.5 * quad - factor.diagonal().array().log().sum() -
                                 0.5 * n * std::log(2.0 * std::numbers::pi) - n * std::log(m_scale);
    return {std::move(alpha), logLikelihood};
}

void GaussianProcess::refresh()
{
    updateNormalisation();
    if (m_X.rows() == 0) {
        m_L.resize(0, 0);
        m_alpha.resize(0);
        m_jitter = 0.0;
        m_logLikelihood = 0.0;
        return;
    }
    State state = factorise();
    m_L = std::move(state.L);
    m_alpha = std::move(state.alpha);
    m_jitter = state.jitter;
    m_logLikelihood = state.logLikelihood;
}

void GaussianProcess::addPoint(const RowVector& x, double y)
{
    checkPoints(Matrix(x), "the new point x");
    if (!std::isfinite(y))
        throw InvalidInput("the new output y is not finite (" + std::to_string(y) + ")");
    const Index n = m_X.rows();
    const Matrix xm = x;

    // The border of the factor, computed before touching any state.
    bool bordered = n > 0 && m_jitter == 0.0;
    Vector l;
    double pivot2 = 0.0;
    if (bordered) {
        l = m_kernel->compute(m_X, xm).col(0);
        m_L.triangularView<Eigen::Lower>().solveInPlace(l);
        const double kxx = m_kernel->diagonal(xm)(0) + m_settings.noiseVariance;
        pivot2 = kxx - l.squaredNorm();
        // Same acceptance rule as a full factorisation (cholesky.h); otherwise refactorise so
        // that the jitter, if needed, is chosen exactly as setData() would.
        const double meanDiag =
            (m_kernel->diagonal(m_X).sum() + double(n) * m_settings.noiseVariance + kxx) /
            double(n + 1);
        bordered = std::isfinite(pivot2) && pivot2 > kRelativePivotFloor * meanDiag;
    }

    m_X.conservativeResize(n + 1, Eigen::NoChange);
    m_X.row(n) = x;
    m_y.conservativeResize(n + 1);
    m_y(n) = y;
    if (!bordered) {
        try {
            refresh();
        } catch (...) {
            m_X.conservativeResize(n, Eigen::NoChange);
            m_y.conservativeResize(n);
            refresh();
            throw;
        }
        return;
    }
    m_L.conservativeResize(n + 1, n + 1);
    m_L.row(n).head(n) = l.transpose();
    m_L.col(n).head(n).setZero();
    m_L(n, n) = std::sqrt(pivot2);
    try {
        updateNormalisation(); // m and s depend on all outputs; K (normalised units) does not
        std::tie(m_alpha, m_logLikelihood) = weightsFor(m_L);
    } catch (...) { // outputs too large: back to the model without the point
        m_X.conservativeResize(n, Eigen::NoChange);
        m_y.conservativeResize(n);
        m_L.conservativeResize(n, n);
        updateNormalisation();
        throw;
    }
}

// --- settings ------------------------------------------------------------------------------------

void GaussianProcess::setKernel(std::unique_ptr<Kernel> kernel)
{
    if (!kernel)
        throw InvalidInput("setKernel: null kernel");
    if (kernel->inputDim() != inputDim())
        throw InvalidInput("setKernel: the kernel has " + std::to_string(kernel->inputDim()) +
                           " inputs but the model has " + std::to_string(inputDim()));
    std::swap(m_kernel, kernel);
    try {
        refresh();
    } catch (...) {
        std::swap(m_kernel, kernel);
        refresh();
        throw;
    }
}

GpSettings GaussianProcess::settings() const
{
    return m_settings;
}

void GaussianProcess::setSettings(const GpSettings& settings)
{
    validateSettings(settings);
    const GpSettings old = m_settings;
    m_settings = settings;
    try {
        refresh();
    } catch (...) {
        m_settings = old;
        refresh();
        throw;
    }
}

void GaussianProcess::setNoiseVariance(double variance)
{
    GpSettings s = m_settings;
    s.noiseVariance = variance;
    setSettings(s);
}

std::vector<ParamInfo> GaussianProcess::paramInfo() const
{
    std::vector<ParamInfo> info = m_kernel->paramInfo();
    info.push_back(makeParamInfo("noise variance", m_settings.minNoiseVariance,
                                 m_settings.maxNoiseVariance, ParamScale::Variance));
    return info;
}

Vector GaussianProcess::logParams() const
{
    const Vector k = m_kernel->logParams();
    Vector p(k.size() + 1);
    p << k, std::log(m_settings.noiseVariance);
    return p;
}

void GaussianProcess::assignLogParams(const Vector& logParams)
{
    const Index nk = m_kernel->paramCount();
    if (logParams.size() != nk + 1)
        throw InvalidInput("the GP has " + std::to_string(nk + 1) + " hyperparameters, got " +
                           std::to_string(logParams.size()));
    if (!logParams.allFinite())
        throw InvalidInput("non-finite log hyperparameter");
    m_kernel->setLogParams(logParams.head(nk));
    m_settings.noiseVariance = std::exp(logParams(nk));
}

void GaussianProcess::setLogParams(const Vector& logParams)
{
    const Vector old =
        logParams.size() == m_kernel->paramCount() + 1 ? this->logParams() : Vector();
    assignLogParams(logParams);
    try {
        refresh();
    } catch (...) {
        assignLogParams(old);
        refresh();
        throw;
    }
}

// --- prediction ----------------------------------------------------------------------------------

Prediction GaussianProcess::predict(const Matrix& Xs, bool includeNoise) const
{
    checkPoints(Xs, "prediction points");
    const double s2 = m_scale * m_scale;
    Prediction p;
    Vector prior = m_kernel->diagonal(Xs);
    if (m_X.rows() == 0) {
        p.mean = Vector::Constant(Xs.rows(), m_offset);
        p.variance = s2 * prior;
    } else {
        Matrix V = m_kernel->compute(m_X, Xs); // n×m: columns are k(X, x*)
        p.mean = meanFromCrossCovariance(V);
        m_L.triangularView<Eigen::Lower>().solveInPlace(V); // the one triangular solve
        p.variance = s2 * (prior - V.colwise().squaredNorm().transpose()).cwiseMax(0.0);
    }
    if (includeNoise)
        p.variance.array() += s2 * m_settings.noiseVariance;
    return p;
}

Vector GaussianProcess::predictMean(const Matrix& Xs) const
{
    checkPoints(Xs, "prediction points");
    if (m_X.rows() == 0)
        return Vector::Constant(Xs.rows(), m_offset);
    return meanFromCrossCovariance(m_kernel->compute(m_X, Xs));
}

Vector GaussianProcess::meanFromCrossCovariance(const Matrix& V) const
{
    Vector mean = V.transpose() * m_alpha;
    return (m_scale * mean.array() + m_offset).matrix();
}

PredictionGradient GaussianProcess::predictGradient(const Matrix& Xs) const
{
    checkPoints(Xs, "prediction points");
    const Index m = Xs.rows(), d = inputDim();
    const double s2 = m_scale * m_scale;
    PredictionGradient g;
    g.meanGradient = Matrix::Zero(m, d);
    g.varianceGradient = s2 * m_kernel->diagonalGradient(Xs);
    if (m_X.rows() == 0)
        return g;
    // K⁻¹ k(X, x*) for all points at once; then per point the n×d kernel input gradient.
    Matrix A = m_kernel->compute(m_X, Xs);
    const auto L = std::as_const(m_L).triangularView<Eigen::Lower>();
    L.solveInPlace(A);
    L.transpose().solveInPlace(A);
    for (Index i = 0; i < m; ++i) {
        const Matrix G = m_kernel->inputGradient(Xs.row(i), m_X); // n×d
        g.meanGradient.row(i).noalias() = m_scale * (G.transpose() * m_alpha).transpose();
        g.varianceGradient.row(i).noalias() -= 2.0 * s2 * (G.transpose() * A.col(i)).transpose();
    }
    return g;
}

Matrix GaussianProcess::posteriorCovariance(const Matrix& Xs, bool includeNoise) const
{
    checkPoints(Xs, "prediction points");
    Matrix C = m_kernel->compute(Xs);
    if (m_X.rows() > 0) {
        Matrix V = m_kernel->compute(m_X, Xs);
        m_L.triangularView<Eigen::Lower>().solveInPlace(V);
        C.selfadjointView<Eigen::Lower>().rankUpdate(V.transpose(), -1.0);
        C.triangularView<Eigen::StrictlyUpper>() = C.transpose();
    }
    if (includeNoise)
        C.diagonal().array() += m_settings.noiseVariance;
    return m_scale * m_scale * C;
}

Vector GaussianProcess::pairedPosteriorCovariance(const Matrix& A, const Matrix& B) const
{
    checkPoints(A, "prediction points");
    checkPoints(B, "prediction points");
    if (A.rows() != B.rows())
        throw InvalidInput("paired covariances need as many points on both sides");
    // k(a_i, b_i) by blocks: the diagonal of each block's cross matrix, not all m² entries.
    constexpr Index block = 64;
    Vector prior(A.rows());
    for (Index start = 0; start < A.rows(); start += block) {
        const Index count = std::min(block, A.rows() - start);
        prior.segment(start, count) =
            m_kernel->compute(A.middleRows(start, count), B.middleRows(start, count)).diagonal();
    }
    if (m_X.rows() > 0) {
        Matrix VA = m_kernel->compute(m_X, A), VB = m_kernel->compute(m_X, B);
        m_L.triangularView<Eigen::Lower>().solveInPlace(VA);
        m_L.triangularView<Eigen::Lower>().solveInPlace(VB);
        prior -= (VA.array() * VB.array()).colwise().sum().matrix().transpose();
    }
    return m_scale * m_scale * prior;
}

Matrix GaussianProcess::samplePosterior(const Matrix& Xs, int count, Rng& rng) const
{
    return posteriorAt(Xs).sample(count, rng);
}

Matrix GaussianProcess::samplePrior(const Matrix& Xs, int count, Rng& rng) const
{
    return priorAt(Xs).sample(count, rng);
}

JointNormal GaussianProcess::posteriorAt(const Matrix& Xs) const
{
    return jointNormal(predict(Xs).mean, posteriorCovariance(Xs));
}

JointNormal GaussianProcess::priorAt(const Matrix& Xs) const
{
    checkPoints(Xs, "sample points");
    return jointNormal(Vector::Constant(Xs.rows(), m_offset), m_scale * m_scale * m_kernel->compute(Xs));
}

} // namespace emu
