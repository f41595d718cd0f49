// DeepGp: predictions through the layers by moment matching and by Monte Carlo, the
// "latent layer" views and the pinball data.

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/dgp/deep_gp.h"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <numbers>

namespace emu {

namespace {

/// Nodes and weights of n-point Gauss–Hermite quadrature for E[g(Z)], Z ~ N(0, 1)
/// (Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists'
/// Hermite polynomials, with off-diagonal √k; the weights the squared first components).
void gaussHermite(int n, Vector& nodes, Vector& weights)
{
    Matrix J = Matrix::Zero(n, n);
    for (int k = 1; k < n; ++k)
        J(k, k - 1) = J(k - 1, k) = std::sqrt(double(k));
    const Eigen::SelfAdjointEigenSolver<Matrix> eig(J);
    nodes = eig.eigenvalues();
    weights = eig.eigenvectors().row(0).transpose().array().square();
}

double standardNormalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

} // namespace

double GaussianMixture::mean() const
{
    return weights.dot(means);
}

double GaussianMixture::variance() const
{
    const double m = mean();
    return std::max(0.0,
                    weights.dot((variances.array() + means.array().square()).matrix()) - m * m);
}

double GaussianMixture::probabilityAbove(double threshold) const
{
    double p = 0.0;
    for (Index k = 0; k < weights.size(); ++k)
        p += weights(k) * standardNormalCdf((means(k) - threshold) / std::sqrt(variances(k)));
    return p;
}

Vector GaussianMixture::density(const Vector& grid) const
{
    Vector d = Vector::Zero(grid.size());
    for (Index k = 0; k < weights.size(); ++k) {
        const double sd = std::sqrt(variances(k));
        const double c = weights(k) / (sd * std::sqrt(2.0 * std::numbers::pi));
        d.array() += c * (-0.5 * ((grid.array() - means(k)) / sd).square()).exp();
    }
    return d;
}

void DeepGp::predictLayer(int layer, const GaussianColumns& in, Vector& mean,
                          Vector& variance) const
{
    if (m_posteriors.empty())
        throw InvalidInput("deep GP: predict needs data (setData) first");
    predictSparseGpLayer(m_posteriors[std::size_t(layer)], in, mean, variance);
}

std::vector<LayerMoments> DeepGp::predictLayers(const Matrix& Xs, bool includeNoise) const
{
    checkPoints(Xs, "prediction inputs");
    const int L = m_settings.layers;
    GaussianColumns in;
    in.mean = (Xs.rowwise() - m_xMean.transpose()).array().rowwise() / m_xSd.transpose().array();
    in.variance = Matrix::Zero(Xs.rows(), m_inputDim);
    std::vector<LayerMoments> out;
    for (int l = 0; l < L; ++l) {
        LayerMoments m;
        predictLayer(l, in, m.mean, m.variance);
        const double noise = m_posteriors[std::size_t(l)].params.noiseVariance;
        if (l + 1 < L) {
            m.variance.array() += noise; // h_l = f_l + ε_l feeds the next layer
            in.mean = m.mean;
            in.variance = m.variance;
        } else {
            if (includeNoise)
                m.variance.array() += noise;
            m.mean = (m_yMean + m_ySd * m.mean.array()).matrix();
            m.variance *= m_ySd * m_ySd;
        }
        out.push_back(std::move(m));
    }
    return out;
}

Prediction DeepGp::predict(const Matrix& Xs, bool includeNoise) const
{
    std::vector<LayerMoments> layers = predictLayers(Xs, includeNoise);
    Prediction p;
    p.mean = std::move(layers.back().mean);
    p.variance = std::move(layers.back().variance);
    return p;
}

PredictionGradient DeepGp::predictGradient(const Matrix& Xs) const
{
    checkPoints(Xs, "prediction inputs");
    PredictionGradient g;
    g.meanGradient.resize(Xs.rows(), m_inputDim);
    g.varianceGradient.resize(Xs.rows(), m_inputDim);
    for (Index k = 0; k < m_inputDim; ++k) {
        const double h = 1e-5 * m_xSd(k);
        Matrix plus = Xs, minus = Xs;
        plus.col(k).array() += h;
        minus.col(k).array() -= h;
        const Prediction a = predict(plus), b = predict(minus);
        g.meanGradient.col(k) = (a.mean - b.mean) / (2.0 * h);
        g.varianceGradient.col(k) = (a.variance - b.variance) / (2.0 * h);
    }
    return g;
}

DeepGpSamples DeepGp::sample(const Matrix& Xs, int count, std::uint64_t seed,
                             bool includeNoise) const
{
    checkPoints(Xs, "sample inputs");
    if (count < 1)
        throw InvalidInput("deep GP: the number of samples must be positive");
    const int L = m_settings.layers;
    const Index n = Xs.rows();
    Rng rng(seed);
    DeepGpSamples out;

    // Layer 1 has known inputs: one Gaussian per point, count draws each.
    GaussianColumns in;
    in.mean = (Xs.rowwise() - m_xMean.transpose()).array().rowwise() / m_xSd.transpose().array();
    in.variance = Matrix::Zero(n, m_inputDim);
    Vector mean, variance;
    predictLayer(0, in, mean, variance);
    // Later layers: every (point, draw) pair is one known input; stored column-major as n×count.
    Matrix current(n, count);
    for (int l = 0;; ++l) {
        const double noise = m_posteriors[std::size_t(l)].params.noiseVariance;
        const bool top = l == L - 1;
        const Matrix meanMat = Eigen::Map<const Matrix>(mean.data(), n, mean.size() / n);
        const Matrix varMat = Eigen::Map<const Matrix>(variance.data(), n, variance.size() / n);
        const double addNoise = top && !includeNoise ? 0.0 : noise;
        for (int s = 0; s < count; ++s)
            for (Index i = 0; i < n; ++i) {
                const Index c = meanMat.cols() == 1 ? 0 : s;
                current(i, s) = meanMat(i, c) + std::sqrt(varMat(i, c) + addNoise) * rng.normal();
            }
        if (top) {
            out.layers.push_back(m_yMean + m_ySd * current.array());
            out.outputMean = (m_yMean + m_ySd * meanMat.array()).matrix();
            out.outputVariance = (m_ySd * m_ySd) * (varMat.array() + addNoise).matrix();
            break;
        }
        out.layers.push_back(current);
        GaussianColumns next;
        next.mean = Eigen::Map<const Vector>(current.data(), n * count);
        next.variance = Matrix::Zero(n * count, 1);
        predictLayer(l + 1, next, mean, variance);
    }
    return out;
}

GaussianMixture DeepGp::predictiveMixture(const RowVector& x, int nodes, bool includeNoise) const
{
    if (nodes < 1 || nodes > 200)
        throw InvalidInput("deep GP: the number of quadrature nodes must be in 1…200");
    const Matrix xs = x;
    // Moments of the last layer's input, h_{L−1}: the layers below, moment matched.
    const std::vector<LayerMoments> layers = predictLayers(xs, includeNoise);
    const LayerMoments& input = layers[layers.size() - 2];
    Vector z, w;
    gaussHermite(nodes, z, w);
    GaussianColumns in;
    in.mean = (input.mean(0) + std::sqrt(input.variance(0)) * z.array()).matrix();
    in.variance = Matrix::Zero(nodes, 1);
    const int top = m_settings.layers - 1;
    GaussianMixture mix;
    predictLayer(top, in, mix.means, mix.variances);
    if (includeNoise)
        mix.variances.array() += m_posteriors[std::size_t(top)].params.noiseVariance;
    mix.means = (m_yMean + m_ySd * mix.means.array()).matrix();
    mix.variances *= m_ySd * m_ySd;
    mix.weights = w;
    return mix;
}

Prediction DeepGp::predictMonteCarlo(const Matrix& Xs, int count, std::uint64_t seed,
                                     bool includeNoise) const
{
    const DeepGpSamples s = sample(Xs, count, seed, includeNoise);
    // Law of total variance over the sampled hidden inputs: lower MC error than the spread of
    // the drawn y alone, same expectation.
    Prediction p;
    p.mean = s.outputMean.rowwise().mean();
    const Vector second =
        (s.outputVariance.array() + s.outputMean.array().square()).rowwise().mean();
    p.variance = (second.array() - p.mean.array().square()).cwiseMax(0.0);
    return p;
}

DeepGpLayerView DeepGp::layerView(int layer, const Matrix& grid) const
{
    const int L = m_settings.layers;
    if (layer < 0 || layer >= L)
        throw InvalidInput("deep GP: no layer " + std::to_string(layer));
    const Index Q = layer == 0 ? m_inputDim : 1;
    requireColumns(grid, Q, "layer grid");
    requireFinite(grid, "layer grid");
    const Index N = m_xs.rows();
    const bool top = layer == L - 1;
    const Unpacked u = unpack(m_params);

    DeepGpLayerView view;
    view.inputs = grid;
    GaussianColumns in;
    in.mean = layer == 0 ? Matrix((grid.rowwise() - m_xMean.transpose()).array().rowwise() /
                                  m_xSd.transpose().array())
                         : grid;
    in.variance = Matrix::Zero(grid.rows(), Q);
    predictLayer(layer, in, view.mean, view.variance);
    view.noiseVariance = u.layers[std::size_t(layer)].noiseVariance;
    if (layer == 0) {
        view.dataInputs = m_X;
        view.dataInputVariance = Vector::Zero(N);
    } else {
        view.dataInputs = u.hidden[std::size_t(layer - 1)].mean;
        view.dataInputVariance = u.hidden[std::size_t(layer - 1)].variance.col(0);
    }
    if (top) {
        view.mean = (m_yMean + m_ySd * view.mean.array()).matrix();
        view.variance *= m_ySd * m_ySd;
        view.noiseVariance *= m_ySd * m_ySd;
        view.dataOutputs = m_y;
        view.dataOutputVariance = Vector::Zero(N);
    } else {
        view.dataOutputs = u.hidden[std::size_t(layer)].mean.col(0);
        view.dataOutputVariance = u.hidden[std::size_t(layer)].variance.col(0);
    }
    return view;
}

DeepGpPinball DeepGp::pinball(const Matrix& Xs) const
{
    const std::vector<LayerMoments> layers = predictLayers(Xs, true);
    DeepGpPinball p;
    p.mean.push_back(Xs.col(0));
    p.sd.push_back(Vector::Zero(Xs.rows()));
    for (const LayerMoments& m : layers) {
        p.mean.push_back(m.mean);
        p.sd.push_back(m.variance.cwiseSqrt());
    }
    return p;
}

} // namespace emu
