// DeepGp: structure, data, parameter vector and the variational bound with its gradient.

#include "engine/dgp/deep_gp.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace emu {

namespace {

// Boxes of the parameters (standardised units). Wide enough never to bind at a sensible fit,
// narrow enough to keep every matrix representable.
constexpr double kLocationBound = 20.0; // μ and Z
constexpr double kMinHiddenVariance = 1e-8, kMaxHiddenVariance = 10.0;
constexpr double kMinKernelVariance = 1e-4, kMaxKernelVariance = 1e2;
constexpr double kMinLengthscale = 1e-2, kMaxLengthscale = 1e2;
constexpr double kMinNoiseVariance = 1e-6, kMaxNoiseVariance = 10.0;

/// n evenly spaced values from lo to hi (the midpoint if n = 1).
Vector evenlySpaced(Index n, double lo, double hi)
{
    if (n == 1)
        return Vector::Constant(1, 0.5 * (lo + hi));
    return Vector::LinSpaced(n, lo, hi);
}

} // namespace

DeepGp::DeepGp(Index inputDim, const DeepGpSettings& settings)
    : m_inputDim(inputDim), m_settings(settings)
{
    if (inputDim < 1)
        throw InvalidInput("a deep GP needs at least one input column");
    validate();
    m_X.resize(0, inputDim);
    m_xMean = Vector::Zero(inputDim);
    m_xSd = Vector::Ones(inputDim);
}

void DeepGp::validate() const
{
    if (m_settings.layers < 2 || m_settings.layers > 3)
        throw InvalidInput("a deep GP has 2 or 3 layers, not " + std::to_string(m_settings.layers));
    if (m_settings.inducing < 1 || m_settings.inducing > 500)
        throw InvalidInput("the number of inducing inputs must be between 1 and 500, not " +
                           std::to_string(m_settings.inducing));
    if (m_settings.kernel != "rbf")
        throw InvalidInput("deep GP layers support only the \"rbf\" kernel (its psi statistics "
                           "are closed-form); got \"" +
                           m_settings.kernel + "\"");
    if (!(m_settings.initialNoiseVariance >= kMinNoiseVariance &&
          m_settings.initialNoiseVariance <= kMaxNoiseVariance))
        throw InvalidInput("the initial noise variance must be in [1e-6, 10]");
    if (!(m_settings.initialHiddenVariance >= kMinHiddenVariance &&
          m_settings.initialHiddenVariance <= kMaxHiddenVariance))
        throw InvalidInput("the initial hidden variance must be in [1e-8, 10]");
}

std::unique_ptr<Model> DeepGp::clone() const
{
    return std::make_unique<DeepGp>(*this);
}

std::string DeepGp::name() const
{
    return "Deep GP (" + std::to_string(m_settings.layers) +
           " layers, rbf, M = " + std::to_string(m_settings.inducing) + ")";
}

void DeepGp::checkPoints(const Matrix& Xs, const char* what) const
{
    requireColumns(Xs, m_inputDim, what);
    requireFinite(Xs, what);
}

void DeepGp::setData(const Matrix& X, const Vector& y)
{
    checkPoints(X, "training inputs X");
    requireRows(y.size(), X.rows(), "training outputs y");
    requireFinite(y, "training outputs y");
    if (X.rows() < 2)
        throw InvalidInput("a deep GP needs at least two observations");
    m_X = X;
    m_y = y;
    m_xMean = X.colwise().mean().transpose();
    m_xSd.resize(m_inputDim);
    for (Index k = 0; k < m_inputDim; ++k) {
        const double v = (X.col(k).array() - m_xMean(k)).square().mean();
        m_xSd(k) = v > 0.0 ? std::sqrt(v) : 1.0;
    }
    m_xs = (X.rowwise() - m_xMean.transpose()).array().rowwise() / m_xSd.transpose().array();
    m_yMean = y.mean();
    const double vy = (y.array() - m_yMean).square().mean();
    m_ySd = vy > 0.0 ? std::sqrt(vy) : 1.0;
    m_ys = (y.array() - m_yMean) / m_ySd;
    initialise();
}

void DeepGp::setSettings(const DeepGpSettings& settings)
{
    const DeepGpSettings old = m_settings;
    m_settings = settings;
    try {
        validate();
        if (m_X.rows() > 0)
            initialise();
    } catch (...) {
        m_settings = old;
        throw;
    }
}

DeepGp::Layout DeepGp::layout() const
{
    const Index N = m_xs.rows(), M = m_settings.inducing;
    const int L = m_settings.layers;
    Layout lay;
    Index at = 0;
    for (int h = 0; h + 1 < L; ++h) {
        lay.hiddenMean.push_back(at);
        at += N;
        lay.hiddenLogVariance.push_back(at);
        at += N;
    }
    for (int l = 0; l < L; ++l) {
        const Index Q = l == 0 ? m_inputDim : 1;
        lay.inputCols.push_back(Q);
        lay.inducing.push_back(at);
        at += M * Q;
        lay.logVariance.push_back(at);
        at += 1;
        lay.logLengthscale.push_back(at);
        at += Q;
        lay.logNoise.push_back(at);
        at += 1;
    }
    lay.size = at;
    return lay;
}

std::vector<DeepGpParamGroup> DeepGp::parameterGroups() const
{
    const Layout lay = layout();
    const Index N = m_xs.rows(), M = m_settings.inducing;
    std::vector<DeepGpParamGroup> groups;
    for (std::size_t h = 0; h < lay.hiddenMean.size(); ++h) {
        const std::string name = "hidden layer " + std::to_string(h + 1);
        groups.push_back(
            {name + " means", DeepGpParamKind::HiddenMean, int(h), lay.hiddenMean[h], N});
        groups.push_back({name + " log variances", DeepGpParamKind::HiddenLogVariance, int(h),
                          lay.hiddenLogVariance[h], N});
    }
    for (std::size_t l = 0; l < lay.inducing.size(); ++l) {
        const std::string name = "layer " + std::to_string(l + 1);
        const Index Q = lay.inputCols[l];
        groups.push_back(
            {name + " inducing inputs", DeepGpParamKind::Inducing, int(l), lay.inducing[l], M * Q});
        groups.push_back({name + " log kernel variance", DeepGpParamKind::LogKernelVariance, int(l),
                          lay.logVariance[l], 1});
        groups.push_back({name + " log lengthscales", DeepGpParamKind::LogLengthscale, int(l),
                          lay.logLengthscale[l], Q});
        groups.push_back({name + " log noise variance", DeepGpParamKind::LogNoiseVariance, int(l),
                          lay.logNoise[l], 1});
    }
    return groups;
}

void DeepGp::parameterBounds(Vector& lower, Vector& upper) const
{
    const Index size = layout().size;
    lower.resize(size);
    upper.resize(size);
    for (const DeepGpParamGroup& g : parameterGroups()) {
        double lo = -kLocationBound, hi = kLocationBound;
        switch (g.kind) {
        case DeepGpParamKind::HiddenMean:
        case DeepGpParamKind::Inducing:
            break;
        case DeepGpParamKind::HiddenLogVariance:
            lo = std::log(kMinHiddenVariance);
            hi = std::log(kMaxHiddenVariance);
            break;
        case DeepGpParamKind::LogKernelVariance:
            lo = std::log(kMinKernelVariance);
            hi = std::log(kMaxKernelVariance);
            break;
        case DeepGpParamKind::LogLengthscale:
            lo = std::log(kMinLengthscale);
            hi = std::log(kMaxLengthscale);
            break;
        case DeepGpParamKind::LogNoiseVariance:
            lo = std::log(kMinNoiseVariance);
            hi = std::log(kMaxNoiseVariance);
            break;
        }
        lower.segment(g.offset, g.size).setConstant(lo);
        upper.segment(g.offset, g.size).setConstant(hi);
    }
}

void DeepGp::initialise()
{
    if (m_xs.rows() == 0)
        return;
    const Index N = m_xs.rows(), M = m_settings.inducing;
    const int L = m_settings.layers;

    // The hidden layers start at the input itself (its first principal component, at unit
    // variance): the identity is a mapping every layer can represent, and the fit bends it.
    Vector h0;
    if (m_inputDim == 1) {
        h0 = m_xs.col(0);
    } else {
        const Eigen::JacobiSVD<Matrix> svd(m_xs, Eigen::ComputeThinV);
        Vector direction = svd.matrixV().col(0);
        if (direction.sum() < 0.0)
            direction = -direction; // a deterministic sign
        h0 = m_xs * direction;
        const double sd = std::sqrt(h0.array().square().mean());
        if (sd > 0.0)
            h0 /= sd;
    }

    const Layout lay = layout();
    m_params.resize(lay.size);
    for (int h = 0; h + 1 < L; ++h) {
        m_params.segment(lay.hiddenMean[h], N) = h0;
        m_params.segment(lay.hiddenLogVariance[h], N)
            .setConstant(std::log(m_settings.initialHiddenVariance));
    }
    for (int l = 0; l < L; ++l) {
        const Index Q = lay.inputCols[l];
        Matrix Z(M, Q);
        if (l > 0 || Q == 1) {
            const Vector& in = l == 0 ? Vector(m_xs.col(0)) : h0;
            Z.col(0) = evenlySpaced(M, in.minCoeff(), in.maxCoeff());
        } else {
            // Several input columns: data rows at evenly spaced ranks along h0.
            std::vector<Index> order(static_cast<std::size_t>(N));
            std::iota(order.begin(), order.end(), Index(0));
            std::stable_sort(order.begin(), order.end(),
                             [&](Index a, Index b) { return h0(a) < h0(b); });
            for (Index m = 0; m < M; ++m) {
                const Index rank =
                    M == 1 ? N / 2 : Index(std::lround(double(m) * double(N - 1) / double(M - 1)));
                Z.row(m) = m_xs.row(order[std::size_t(rank)]);
            }
        }
        m_params.segment(lay.inducing[l], M * Q) = Eigen::Map<const Vector>(Z.data(), M * Q);
        m_params(lay.logVariance[l]) = 0.0;
        m_params.segment(lay.logLengthscale[l], Q).setZero();
        m_params(lay.logNoise[l]) = std::log(m_settings.initialNoiseVariance);
    }
    refresh();
}

DeepGp::Unpacked DeepGp::unpack(const Vector& p) const
{
    const Layout lay = layout();
    if (p.size() != lay.size)
        throw InvalidInput("deep GP: expected " + std::to_string(lay.size) + " parameters, got " +
                           std::to_string(p.size()));
    const Index N = m_xs.rows(), M = m_settings.inducing;
    Unpacked u;
    for (std::size_t h = 0; h < lay.hiddenMean.size(); ++h) {
        GaussianColumns g;
        g.mean = p.segment(lay.hiddenMean[h], N);
        g.variance = p.segment(lay.hiddenLogVariance[h], N).array().exp();
        u.hidden.push_back(std::move(g));
    }
    for (std::size_t l = 0; l < lay.inducing.size(); ++l) {
        const Index Q = lay.inputCols[l];
        SparseGpLayerParams layer;
        layer.inducing = Eigen::Map<const Matrix>(p.data() + lay.inducing[l], M, Q);
        layer.kernel.variance = std::exp(p(lay.logVariance[l]));
        layer.kernel.lengthscales = p.segment(lay.logLengthscale[l], Q).array().exp();
        layer.noiseVariance = std::exp(p(lay.logNoise[l]));
        u.layers.push_back(std::move(layer));
    }
    return u;
}

double DeepGp::boundAt(const Vector& p, Vector* gradient) const
{
    if (m_xs.rows() == 0)
        throw InvalidInput("deep GP: no data");
    const Layout lay = layout();
    const Unpacked u = unpack(p);
    const Index N = m_xs.rows(), M = m_settings.inducing;
    const int L = m_settings.layers;
    if (gradient)
        gradient->setZero(lay.size);

    double F = 0.0;
    const Vector zeros = Vector::Zero(N);
    for (int l = 0; l < L; ++l) {
        const GaussianColumns in = l == 0 ? GaussianColumns{m_xs, Matrix::Zero(N, m_inputDim)}
                                          : u.hidden[std::size_t(l - 1)];
        const bool top = l == L - 1;
        const Vector outMean = top ? m_ys : Vector(u.hidden[std::size_t(l)].mean.col(0));
        const Vector outVar = top ? zeros : Vector(u.hidden[std::size_t(l)].variance.col(0));
        LayerGradientRequest request;
        request.parameters = gradient != nullptr;
        request.inputs = gradient != nullptr && l > 0;
        request.outputs = gradient != nullptr && !top;
        const SparseGpLayerBound b =
            sparseGpLayerBound(u.layers[std::size_t(l)], in, outMean, outVar, request);
        F += b.value;
        if (!gradient)
            continue;
        Vector& g = *gradient;
        const std::size_t li = std::size_t(l);
        const Index Q = lay.inputCols[li];
        g.segment(lay.inducing[li], M * Q) += Eigen::Map<const Vector>(b.inducing.data(), M * Q);
        g(lay.logVariance[li]) += b.logVariance;
        g.segment(lay.logLengthscale[li], Q) += b.logLengthscales;
        g(lay.logNoise[li]) += b.logNoiseVariance;
        if (l > 0) { // inputs are hidden layer l−1; ∂/∂log s = s ∂/∂s
            const std::size_t h = std::size_t(l - 1);
            g.segment(lay.hiddenMean[h], N) += b.inputMean.col(0);
            g.segment(lay.hiddenLogVariance[h], N).array() +=
                b.inputVariance.col(0).array() * u.hidden[h].variance.col(0).array();
        }
        if (!top) {
            g.segment(lay.hiddenMean[li], N) += b.outputMean;
            g.segment(lay.hiddenLogVariance[li], N).array() +=
                b.outputVariance.array() * u.hidden[li].variance.col(0).array();
        }
    }
    // Entropies of the hidden layers: Σ ½ log(2πe s), ∂/∂log s = ½.
    const double entropyConstant = 0.5 * (std::log(2.0 * std::numbers::pi) + 1.0);
    for (std::size_t h = 0; h < u.hidden.size(); ++h) {
        F += double(N) * entropyConstant + 0.5 * p.segment(lay.hiddenLogVariance[h], N).sum();
        if (gradient)
            gradient->segment(lay.hiddenLogVariance[h], N).array() += 0.5;
    }
    return F;
}

void DeepGp::setParameters(const Vector& params)
{
    if (!params.allFinite())
        throw InvalidInput("deep GP: the parameters must be finite");
    const Vector old = m_params;
    m_params = params;
    try {
        refresh();
    } catch (...) {
        m_params = old;
        refresh();
        throw;
    }
}

void DeepGp::refresh()
{
    m_posteriors.clear();
    if (m_xs.rows() == 0)
        return;
    const double F = boundAt(m_params, nullptr);
    const Unpacked u = unpack(m_params);
    const Index N = m_xs.rows();
    const int L = m_settings.layers;
    std::vector<SparseGpLayerPosterior> posteriors;
    for (int l = 0; l < L; ++l) {
        const GaussianColumns in = l == 0 ? GaussianColumns{m_xs, Matrix::Zero(N, m_inputDim)}
                                          : u.hidden[std::size_t(l - 1)];
        const bool top = l == L - 1;
        const Vector outMean = top ? m_ys : Vector(u.hidden[std::size_t(l)].mean.col(0));
        const Vector outVar =
            top ? Vector::Zero(N) : Vector(u.hidden[std::size_t(l)].variance.col(0));
        posteriors.push_back(sparseGpLayerPosterior(u.layers[std::size_t(l)], in, outMean, outVar));
    }
    m_posteriors = std::move(posteriors);
    m_bound = F;
}

SparseGpLayerParams DeepGp::layerParams(int layer) const
{
    if (layer < 0 || layer >= m_settings.layers)
        throw InvalidInput("deep GP: no layer " + std::to_string(layer));
    return unpack(m_params).layers[std::size_t(layer)];
}

GaussianColumns DeepGp::hiddenLayer(int layer) const
{
    if (layer < 0 || layer + 1 >= m_settings.layers)
        throw InvalidInput("deep GP: no hidden layer " + std::to_string(layer));
    return unpack(m_params).hidden[std::size_t(layer)];
}

} // namespace emu
