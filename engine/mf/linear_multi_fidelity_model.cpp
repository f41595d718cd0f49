// LinearMultiFidelityModel: data, parameters and posterior state (predictions are in
// linear_multi_fidelity_predict.cpp, fitting in linear_multi_fidelity_fit.cpp).

#include "engine/mf/linear_multi_fidelity_model.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/detail/linear_multi_fidelity_terms.h"
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
    const std::vector<std::vector<Index>> rows = splitTrainingData(X, y, m_d, levelCount());

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
