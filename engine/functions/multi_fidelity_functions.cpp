#include "engine/functions/multi_fidelity_functions.h"

#include "engine/functions/hartmann_function.h"

#include <cmath>
#include <numbers>

namespace emu::mf {

namespace {

constexpr double pi = std::numbers::pi;

} // namespace

Vector nonlinearSinLow(const Matrix& X)
{
    return (8.0 * pi * X.col(0).array()).sin().matrix();
}

Vector nonlinearSinHigh(const Matrix& X)
{
    const Eigen::ArrayXd low = nonlinearSinLow(X).array();
    return ((X.col(0).array() - std::numbers::sqrt2) * low.square()).matrix();
}

Vector currinHigh(const Matrix& X)
{
    Vector y(X.rows());
    for (Index i = 0; i < X.rows(); ++i) {
        const double x1 = X(i, 0), x2 = X(i, 1);
        const double factor = x2 == 0.0 ? 1.0 : 1.0 - std::exp(-1.0 / (2.0 * x2));
        const double num = ((2300.0 * x1 + 1900.0) * x1 + 2092.0) * x1 + 60.0;
        const double den = ((100.0 * x1 + 500.0) * x1 + 4.0) * x1 + 20.0;
        y(i) = factor * num / den;
    }
    return y;
}

Vector currinLow(const Matrix& X)
{
    constexpr double h = 0.05;
    Vector y = Vector::Zero(X.rows());
    for (double s1 : {h, -h}) {
        for (bool up : {true, false}) {
            Matrix shifted = X;
            shifted.col(0).array() += s1;
            if (up)
                shifted.col(1).array() += h;
            else
                shifted.col(1) = (shifted.col(1).array() - h).cwiseMax(0.0).matrix();
            y += 0.25 * currinHigh(shifted);
        }
    }
    return y;
}

Vector parkHigh(const Matrix& X)
{
    const auto x1 = X.col(0).array(), x2 = X.col(1).array(), x3 = X.col(2).array(),
               x4 = X.col(3).array();
    const Eigen::ArrayXd first = 0.5 * ((x1.square() + (x2 + x3.square()) * x4).sqrt() - x1);
    return (first + (x1 + 3.0 * x4) * (1.0 + x3.sin()).exp()).matrix();
}

Vector parkLow(const Matrix& X)
{
    const auto x1 = X.col(0).array(), x2 = X.col(1).array(), x3 = X.col(2).array();
    return ((1.0 + x1.sin() / 10.0) * parkHigh(X).array() - 2.0 * x1 + x2.square() + x3.square() +
            0.5)
        .matrix();
}

namespace {

/// T_u (H_u − H_l) / (ln(r/r_w) [c + 2 L T_u/(ln(r/r_w) r_w² K_w) + T_u/T_l]).
Eigen::ArrayXd boreholeCore(const Matrix& X, double c)
{
    const auto rw = X.col(0).array(), r = X.col(1).array(), tu = X.col(2).array(),
               hu = X.col(3).array(), tl = X.col(4).array(), hl = X.col(5).array(),
               l = X.col(6).array(), kw = X.col(7).array();
    const Eigen::ArrayXd logRatio = (r / rw).log();
    return tu * (hu - hl) /
           (logRatio * (c + 2.0 * l * tu / (logRatio * rw.square() * kw) + tu / tl));
}

} // namespace

Vector boreholeHigh(const Matrix& X)
{
    return (2.0 * pi * boreholeCore(X, 1.0)).matrix();
}

Vector boreholeLow(const Matrix& X)
{
    return (5.0 * boreholeCore(X, 1.5)).matrix();
}

Vector braninHigh(const Matrix& X)
{
    const auto x1 = X.col(0).array(), x2 = X.col(1).array();
    const double b = 5.1 / (4.0 * pi * pi), c = 5.0 / pi, t = 1.0 / (8.0 * pi);
    return ((x2 - b * x1.square() + c * x1 - 6.0).square() + 10.0 * (1.0 - t) * x1.cos() + 10.0)
        .matrix();
}

Vector braninMedium(const Matrix& X)
{
    const auto x1 = X.col(0).array(), x2 = X.col(1).array();
    const Matrix shifted = X.array() - 2.0;
    return (10.0 * braninHigh(shifted).array().sqrt() + 2.0 * (x1 - 0.5) - 3.0 * (3.0 * x2 - 1.0) -
            1.0)
        .matrix();
}

Vector braninLow(const Matrix& X)
{
    const Matrix scaled = 1.2 * (X.array() + 2.0);
    return (braninMedium(scaled).array() - 3.0 * X.col(1).array() + 1.0).matrix();
}

Vector hartmann3Level(const Matrix& X, int level)
{
    constexpr std::array<double, 4> alpha = {1.0, 1.2, 3.0, 3.2};
    constexpr std::array<double, 4> delta = {0.01, -0.01, -0.1, 0.1};
    std::array<double, 4> weights{};
    for (std::size_t i = 0; i < 4; ++i)
        weights[i] = alpha[i] + (2 - level) * delta[i]; // (3 − m) δ with m = level + 1
    return hartmann3WithWeights(X, weights);
}

namespace {

double logistic(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

double formulaOne(double theta, int level)
{
    switch (level) {
    case 0:
        return 80.3 + 0.0035 * theta * theta - 3.0 * (1.0 - std::exp(-theta / 6.0));
    case 1:
        return 0.85 * (80.0 + 0.0035 * theta * theta - 3.2 * (1.0 - std::exp(-theta / 6.5)) +
                       1.2 * logistic(theta - 21.5)) +
               12.0 + 0.015 * theta;
    default:
        return 80.0 + 0.0035 * theta * theta - 3.2 * (1.0 - std::exp(-theta / 7.0)) +
               1.2 * logistic(theta - 23.0) + 0.12 * std::sin(theta / 1.7);
    }
}

} // namespace

Vector formulaOneLevel(const Matrix& X, int level)
{
    Vector y(X.rows());
    for (Index i = 0; i < X.rows(); ++i)
        y(i) = formulaOne(X(i, 0), level);
    return y;
}

} // namespace emu::mf
