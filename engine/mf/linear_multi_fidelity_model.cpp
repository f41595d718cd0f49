// LinearMultiFidelityModel: data, posterior state and predictions (fitting is in
// linear_multi_fidelity_fit.cpp).

#include "engine/mf/linear_multi_fidelity_model.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/linear_multi_fidelity_terms.h"
#include "engine/mf/multi_fidelity_data.h"

#include <cmath>
#include <utility>

namespace emu {

LinearMultiFidelityModel::LinearMultiFidelityModel(std::vector<std::unique_ptr<Kernel>> kernels,
                                                   const LinearMfSettings& settings)
    : m_kernels(std::move(kernels)), m_settings(settings)
{
    if (m_kernels.empty())
        throw InvalidInput("a multi-fidelity model needs at least one level (one kernel each)");
    for (const auto& k : m_kernels)
        if (!k)
            throw InvalidInput("a multi-fidelity model was given an empty kernel");
    m_d = m_kernels.front()->inputDim();
    for (const auto& k : m_kernels)
        if (k->inputDim() != m_d)
            throw InvalidInput("every level's kernel must take the same inputs, got " +
                               std::to_string(m_d) + " and " + std::to_string(k->inputDim()));
    validateSettings(settings);
    const Index L = levelCount();
    m_logNoise = Vector::Constant(L, std::log(settings.noiseVariance));
    m_rho = Vector::Ones(L - 1);
    setData(Matrix(0, m_d + 1), Vector(0));
}

LinearMultiFidelityModel::LinearMultiFidelityModel(const LinearMultiFidelityModel& other)
    : Model(other), m_settings(other.m_settings), m_d(other.m_d), m_logNoise(other.m_logNoise),
      m_rho(other.m_rho), m_X(other.m_X), m_y(other.m_y), m_levelX(other.m_levelX),
      m_levelY(other.m_levelY), m_stackX(other.m_stackX), m_stackY(other.m_stackY),
      m_offset(other.m_offset), m_levelOf(other.m_levelOf), m_scale(other.m_scale),
      m_joint(other.m_joint), m_levels(other.m_levels)
{
    for (const auto& k : other.m_kernels)
        m_kernels.push_back(k->clone());
}

LinearMultiFidelityModel& LinearMultiFidelityModel::operator=(const LinearMultiFidelityModel& other)
{
    if (this != &other) {
        LinearMultiFidelityModel copy(other);
        *this = std::move(copy);
    }
    return *this;
}

LinearMultiFidelityModel::~LinearMultiFidelityModel() = default;

std::unique_ptr<Model> LinearMultiFidelityModel::clone() const
{
    return std::make_unique<LinearMultiFidelityModel>(*this);
}

std::string LinearMultiFidelityModel::name() const
{
    return "linear multi-fidelity GP (" + std::to_string(levelCount()) + " levels, " +
           m_kernels.back()->describe() + ")";
}

void LinearMultiFidelityModel::validateSettings(const LinearMfSettings& s) const
{
    if (!(s.minNoiseVariance > 0.0) || !(s.maxNoiseVariance >= s.minNoiseVariance) ||
        !std::isfinite(s.maxNoiseVariance))
        throw InvalidInput("noise variance bounds must satisfy 0 < min ≤ max < ∞");
    if (!(s.noiseVariance > 0.0) || !std::isfinite(s.noiseVariance))
        throw InvalidInput("the noise variance must be positive and finite");
    if (!(s.maxRho > 0.0) || !std::isfinite(s.maxRho))
        throw InvalidInput("maxRho must be positive and finite");
    if (!(s.lengthscaleFloor >= 0.0) || !std::isfinite(s.lengthscaleFloor))
        throw InvalidInput("lengthscaleFloor must be non-negative and finite");
}

void LinearMultiFidelityModel::setSettings(const LinearMfSettings& settings)
{
    validateSettings(settings);
    const LinearMfSettings old = m_settings;
    const Vector oldNoise = m_logNoise;
    m_settings = settings;
    m_logNoise.setConstant(std::log(settings.noiseVariance));
    try {
        updateScale();
        refresh();
    } catch (...) {
        m_settings = old;
        m_logNoise = oldNoise;
        updateScale();
        refresh();
        throw;
    }
}

// --- data -----------------------------------------------------------------------------------

void LinearMultiFidelityModel::setData(const Matrix& X, const Vector& y)
{
    requireColumns(X, m_d + 1, "multi-fidelity training inputs X");
    requireFinite(X, "multi-fidelity training inputs X");
    requireRows(y.size(), X.rows(), "multi-fidelity training outputs y");
    requireFinite(y, "multi-fidelity training outputs y");
    const std::vector<std::vector<Index>> rows =
        splitByFidelity(X, levelCount(), "multi-fidelity training inputs X");

    LinearMultiFidelityModel backup = *this;
    m_X = X;
    m_y = y;
    const Index L = levelCount();
    m_levelX.assign(std::size_t(L), Matrix());
    m_levelY.assign(std::size_t(L), Vector());
    m_offset.assign(std::size_t(L + 1), 0);
    m_levelOf.clear();
    m_stackX.resize(X.rows(), m_d);
    Vector stacked(X.rows());
    Index row = 0;
    for (Index t = 0; t < L; ++t) {
        m_levelX[std::size_t(t)] = selectInputs(X, rows[std::size_t(t)]);
        m_levelY[std::size_t(t)] = selectOutputs(y, rows[std::size_t(t)]);
        m_offset[std::size_t(t)] = row;
        const Index nt = m_levelX[std::size_t(t)].rows();
        m_stackX.middleRows(row, nt) = m_levelX[std::size_t(t)];
        stacked.segment(row, nt) = m_levelY[std::size_t(t)];
        m_levelOf.insert(m_levelOf.end(), std::size_t(nt), t);
        row += nt;
    }
    m_offset[std::size_t(L)] = row;
    m_stackY = stacked;
    try {
        updateScale();
        refresh();
    } catch (...) {
        *this = std::move(backup); // keep the model usable with its previous data
        throw;
    }
}

void LinearMultiFidelityModel::updateScale()
{
    const Index n = m_stackY.size();
    Vector stacked(n);
    for (Index t = 0; t < levelCount(); ++t)
        stacked.segment(m_offset[std::size_t(t)], m_levelY[std::size_t(t)].size()) =
            m_levelY[std::size_t(t)];
    m_scale = 1.0;
    if (m_settings.normalizeOutputs && n > 0) {
        double sum = 0.0;
        for (Index t = 0; t < levelCount(); ++t) {
            const Vector& yt = m_levelY[std::size_t(t)];
            if (yt.size() == 0)
                continue;
            const double centre = m_settings.mean == MeanFunction::Constant ? yt.mean() : 0.0;
            sum += (yt.array() - centre).square().sum();
        }
        const double rms = std::sqrt(sum / double(n));
        if (std::isfinite(rms) && rms > 1e-12 * std::max(1e-300, stacked.cwiseAbs().maxCoeff()))
            m_scale = rms;
    }
    m_stackY = stacked / m_scale;
}

// --- parameters -----------------------------------------------------------------------------

std::size_t LinearMultiFidelityModel::paramCount() const
{
    std::size_t count = std::size_t(levelCount()) * 2 - 1; // noises and ρ's
    for (const auto& k : m_kernels)
        count += std::size_t(k->paramCount());
    return count;
}

double LinearMultiFidelityModel::noiseVariance(Index level) const
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput("no level " + std::to_string(level));
    return std::exp(m_logNoise(level));
}

Vector LinearMultiFidelityModel::parameterVector() const
{
    Vector p(static_cast<Index>(paramCount()));
    Index offset = 0;
    for (Index t = 0; t < levelCount(); ++t) {
        const Vector k = m_kernels[std::size_t(t)]->logParams();
        p.segment(offset, k.size()) = k;
        offset += k.size();
        p(offset++) = m_logNoise(t);
    }
    p.tail(m_rho.size()) = m_rho;
    return p;
}

void LinearMultiFidelityModel::assignParameters(const Vector& p)
{
    if (p.size() != Index(paramCount()))
        throw InvalidInput("the multi-fidelity model has " + std::to_string(paramCount()) +
                           " parameters, got " + std::to_string(p.size()));
    if (!p.allFinite())
        throw InvalidInput("non-finite multi-fidelity parameter");
    Index offset = 0;
    for (Index t = 0; t < levelCount(); ++t) {
        Kernel& k = *m_kernels[std::size_t(t)];
        k.setLogParams(p.segment(offset, k.paramCount()));
        offset += k.paramCount();
        m_logNoise(t) = p(offset++);
    }
    m_rho = p.tail(m_rho.size());
}

void LinearMultiFidelityModel::setParameterVector(const Vector& p)
{
    const Vector old = parameterVector();
    assignParameters(p);
    try {
        refresh();
    } catch (...) {
        assignParameters(old);
        refresh();
        throw;
    }
}

Vector LinearMultiFidelityModel::parameterValues() const
{
    Vector p = parameterVector();
    const Index logged = p.size() - m_rho.size();
    p.head(logged) = p.head(logged).array().exp();
    return p;
}

Vector LinearMultiFidelityModel::meanCoefficients() const
{
    if (m_settings.mean == MeanFunction::Zero)
        return Vector::Zero(levelCount());
    if (m_settings.method == MfFitMethod::Joint)
        return m_scale * m_joint.beta;
    Vector beta(levelCount());
    for (Index t = 0; t < levelCount(); ++t) {
        const GlsFactor& f = m_levels[std::size_t(t)];
        beta(t) = f.beta.size() > 0 ? m_scale * f.beta(0) : 0.0;
    }
    return beta;
}

// --- posterior state -------------------------------------------------------------------------

Matrix LinearMultiFidelityModel::coefficients() const
{
    return mf::autoregressiveCoefficients(m_rho);
}

LinearMultiFidelityModel::Terms LinearMultiFidelityModel::jointTerms(bool keepParts) const
{
    const Index n = m_stackX.rows(), L = levelCount();
    Terms terms;
    terms.C = coefficients();
    terms.K = Matrix::Zero(n, n);
    for (Index j = 0; j < L; ++j) {
        const Index o = m_offset[std::size_t(j)], m = n - o;
        Vector dj(m);
        for (Index i = 0; i < m; ++i)
            dj(i) = terms.C(m_levelOf[std::size_t(o + i)], j);
        Matrix Kj =
            m > 0 ? m_kernels[std::size_t(j)]->compute(m_stackX.bottomRows(m)) : Matrix(0, 0);
        terms.K.bottomRightCorner(m, m).array() +=
            (Kj.array().colwise() * dj.array()).rowwise() * dj.transpose().array();
        terms.d.push_back(std::move(dj));
        if (keepParts)
            terms.Kj.push_back(std::move(Kj));
    }
    for (Index i = 0; i < n; ++i)
        terms.K(i, i) += std::exp(m_logNoise(m_levelOf[std::size_t(i)]));
    if (m_settings.mean == MeanFunction::Constant) {
        terms.H.resize(n, L);
        for (Index i = 0; i < n; ++i)
            terms.H.row(i) = terms.C.row(m_levelOf[std::size_t(i)]);
    } else {
        terms.H.resize(n, 0);
    }
    return terms;
}

GlsFactor LinearMultiFidelityModel::jointFactor(const Terms& terms) const
{
    return glsFactor(terms.K, terms.H, m_stackY, "the multi-fidelity covariance matrix");
}

void LinearMultiFidelityModel::refresh()
{
    m_joint = jointFactor(jointTerms(false));
    m_levels.clear();
    if (m_settings.method == MfFitMethod::Recursive)
        refreshRecursive(levelCount() - 1);
}

void LinearMultiFidelityModel::refreshRecursive(Index upTo)
{
    // Level by level: level t's target is y_t − ρ_{t−1} μ_{t−1}(X_t), μ from the levels below.
    m_levels.clear();
    for (Index t = 0; t <= upTo; ++t) {
        const Matrix& Xt = m_levelX[std::size_t(t)];
        Vector target = m_levelY[std::size_t(t)] / m_scale;
        if (t > 0 && Xt.rows() > 0)
            target -= m_rho(t - 1) * predictRecursive(t - 1, Xt, false).mean;
        Matrix K = m_kernels[std::size_t(t)]->compute(Xt);
        K.diagonal().array() += std::exp(m_logNoise(t));
        const Matrix H = m_settings.mean == MeanFunction::Constant
                             ? Matrix(Matrix::Ones(Xt.rows(), Xt.rows() > 0 ? 1 : 0))
                             : Matrix(Xt.rows(), 0);
        GlsFactor f = glsFactor(std::move(K), H, target,
                                "the covariance matrix of level " + std::to_string(t));
        if (m_settings.mean == MeanFunction::Constant && f.beta.size() == 0)
            f.beta = Vector::Zero(1);
        m_levels.push_back(std::move(f));
    }
}

double LinearMultiFidelityModel::logMarginalLikelihood() const
{
    const Index n = m_stackY.size();
    if (n == 0)
        return 0.0;
    return m_joint.logLikelihood - double(n) * std::log(m_scale);
}

Vector LinearMultiFidelityModel::logMarginalLikelihoodGradient() const
{
    if (m_stackY.size() == 0)
        return Vector::Zero(static_cast<Index>(paramCount()));
    const Terms terms = jointTerms(true);
    return jointGradient(terms, m_joint);
}

// --- predictions ------------------------------------------------------------------------------

void LinearMultiFidelityModel::requireLevelInputs(const Matrix& X, Index level) const
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput("the model has levels 0 to " + std::to_string(levelCount() - 1) +
                           ", not " + std::to_string(level));
    requireColumns(X, m_d, "prediction points");
    requireFinite(X, "prediction points");
}

Prediction LinearMultiFidelityModel::predict(Index level, const Matrix& X, bool includeNoise) const
{
    requireLevelInputs(X, level);
    Prediction p = m_settings.method == MfFitMethod::Joint ? predictJoint(level, X, true)
                                                           : predictRecursive(level, X, true);
    if (includeNoise)
        p.variance.array() += std::exp(m_logNoise(level));
    p.mean *= m_scale;
    p.variance *= m_scale * m_scale;
    return p;
}

Vector LinearMultiFidelityModel::predictMean(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    const Prediction p = m_settings.method == MfFitMethod::Joint
                             ? predictJoint(level, X, false)
                             : predictRecursive(level, X, false);
    return m_scale * p.mean;
}

Prediction LinearMultiFidelityModel::predictJoint(Index level, const Matrix& X,
                                                  bool withVariance) const
{
    const Index n = m_stackX.rows(), m = X.rows();
    const Matrix C = coefficients();
    Matrix A = Matrix::Zero(n, m); // Cov(observations, f_level(X))
    Vector prior = Vector::Zero(m);
    for (Index j = 0; j <= level; ++j) {
        const double c = C(level, j);
        const Kernel& k = *m_kernels[std::size_t(j)];
        prior += c * c * k.diagonal(X);
        const Index o = m_offset[std::size_t(j)], mj = n - o;
        if (mj == 0 || c == 0.0)
            continue;
        Vector dj(mj);
        for (Index i = 0; i < mj; ++i)
            dj(i) = c * C(m_levelOf[std::size_t(o + i)], j);
        A.bottomRows(mj).noalias() += dj.asDiagonal() * k.compute(m_stackX.bottomRows(mj), X);
    }
    Prediction p;
    p.mean = Vector::Zero(m);
    if (m_joint.beta.size() > 0)
        p.mean.array() += C.row(level).dot(m_joint.beta);
    if (n == 0) {
        p.variance = prior;
        return p;
    }
    p.mean.noalias() += A.transpose() * m_joint.alpha;
    if (!withVariance)
        return p;
    m_joint.L.triangularView<Eigen::Lower>().solveInPlace(A);
    p.variance = (prior - A.colwise().squaredNorm().transpose()).cwiseMax(0.0);
    return p;
}

Prediction LinearMultiFidelityModel::predictRecursive(Index level, const Matrix& X,
                                                      bool withVariance) const
{
    const Index m = X.rows();
    Prediction p{Vector::Zero(m), Vector::Zero(m)};
    for (Index t = 0; t <= level; ++t) {
        const GlsFactor& f = m_levels[std::size_t(t)];
        const Kernel& k = *m_kernels[std::size_t(t)];
        Vector mean = Vector::Constant(m, f.beta.size() > 0 ? f.beta(0) : 0.0);
        Vector var = k.diagonal(X);
        if (f.alpha.size() > 0) {
            Matrix V = k.compute(m_levelX[std::size_t(t)], X);
            mean.noalias() += V.transpose() * f.alpha;
            if (withVariance) {
                f.L.triangularView<Eigen::Lower>().solveInPlace(V);
                var -= V.colwise().squaredNorm().transpose();
            }
        }
        var = var.cwiseMax(0.0);
        if (t == 0) {
            p.mean = mean;
            p.variance = var;
        } else {
            const double r = m_rho(t - 1);
            p.mean = r * p.mean + mean;
            p.variance = r * r * p.variance + var;
        }
    }
    return p;
}

Prediction LinearMultiFidelityModel::predict(const Matrix& Xs, bool includeNoise) const
{
    return predictByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predict(level, X, includeNoise);
    });
}

// --- prediction gradients ------------------------------------------------------------------------

PredictionGradient LinearMultiFidelityModel::predictGradient(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    PredictionGradient g = m_settings.method == MfFitMethod::Joint ? gradientJoint(level, X)
                                                                   : gradientRecursive(level, X);
    g.meanGradient *= m_scale;
    g.varianceGradient *= m_scale * m_scale;
    return g;
}

PredictionGradient LinearMultiFidelityModel::gradientJoint(Index level, const Matrix& X) const
{
    const Index n = m_stackX.rows(), m = X.rows();
    const Matrix C = coefficients();
    PredictionGradient g{Matrix::Zero(m, m_d), Matrix::Zero(m, m_d)};
    std::vector<Vector> dj(static_cast<std::size_t>(level + 1));
    Matrix A = Matrix::Zero(n, m);
    for (Index j = 0; j <= level; ++j) {
        const double c = C(level, j);
        g.varianceGradient += c * c * m_kernels[std::size_t(j)]->diagonalGradient(X);
        const Index o = m_offset[std::size_t(j)], mj = n - o;
        dj[std::size_t(j)].resize(mj);
        for (Index i = 0; i < mj; ++i)
            dj[std::size_t(j)](i) = c * C(m_levelOf[std::size_t(o + i)], j);
        if (mj > 0)
            A.bottomRows(mj).noalias() +=
                dj[std::size_t(j)].asDiagonal() *
                m_kernels[std::size_t(j)]->compute(m_stackX.bottomRows(mj), X);
    }
    if (n == 0)
        return g;
    const auto L = m_joint.L.triangularView<Eigen::Lower>();
    L.solveInPlace(A);
    L.transpose().solveInPlace(A); // K⁻¹ Cov(observations, f(X))
    Matrix dA(n, m_d);
    for (Index i = 0; i < m; ++i) {
        dA.setZero();
        for (Index j = 0; j <= level; ++j) {
            const Index o = m_offset[std::size_t(j)], mj = n - o;
            if (mj > 0)
                dA.bottomRows(mj).noalias() +=
                    dj[std::size_t(j)].asDiagonal() *
                    m_kernels[std::size_t(j)]->inputGradient(X.row(i), m_stackX.bottomRows(mj));
        }
        g.meanGradient.row(i).noalias() = (dA.transpose() * m_joint.alpha).transpose();
        g.varianceGradient.row(i).noalias() -= 2.0 * (dA.transpose() * A.col(i)).transpose();
    }
    return g;
}

PredictionGradient LinearMultiFidelityModel::gradientRecursive(Index level, const Matrix& X) const
{
    const Index m = X.rows();
    PredictionGradient g{Matrix::Zero(m, m_d), Matrix::Zero(m, m_d)};
    for (Index t = 0; t <= level; ++t) {
        const GlsFactor& f = m_levels[std::size_t(t)];
        const Kernel& k = *m_kernels[std::size_t(t)];
        const Matrix& Xt = m_levelX[std::size_t(t)];
        Matrix gm = Matrix::Zero(m, m_d), gv = k.diagonalGradient(X);
        if (f.alpha.size() > 0) {
            Matrix A = k.compute(Xt, X);
            const auto L = f.L.triangularView<Eigen::Lower>();
            L.solveInPlace(A);
            L.transpose().solveInPlace(A);
            for (Index i = 0; i < m; ++i) {
                const Matrix G = k.inputGradient(X.row(i), Xt);
                gm.row(i).noalias() = (G.transpose() * f.alpha).transpose();
                gv.row(i).noalias() -= 2.0 * (G.transpose() * A.col(i)).transpose();
            }
        }
        const double r = t > 0 ? m_rho(t - 1) : 0.0;
        g.meanGradient = r * g.meanGradient + gm;
        g.varianceGradient = r * r * g.varianceGradient + gv;
    }
    return g;
}

PredictionGradient LinearMultiFidelityModel::predictGradient(const Matrix& Xs) const
{
    return predictGradientByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predictGradient(level, X);
    });
}

LinearMultiFidelityModel makeLinearMultiFidelityModel(Index levels, Index d,
                                                      const std::string& kernelId, bool ard,
                                                      const LinearMfSettings& settings)
{
    if (levels < 1)
        throw InvalidInput("a multi-fidelity model needs at least one level");
    std::vector<std::unique_ptr<Kernel>> kernels;
    for (Index t = 0; t < levels; ++t)
        kernels.push_back(makeKernel(kernelId, d, ard));
    return LinearMultiFidelityModel(std::move(kernels), settings);
}

} // namespace emu
