#include "engine/mf/generalized_least_squares.h"

#include "engine/gp/cholesky.h"

#include <Eigen/QR>

#include <cmath>
#include <numbers>
#include <utility>

namespace emu {

GlsFactor glsFactor(Matrix K, const Matrix& H, const Vector& y, const std::string& what)
{
    GlsFactor f;
    JitteredCholesky chol = choleskyWithJitter(std::move(K), what);
    f.L = std::move(chol.L);
    f.jitter = chol.jitter;
    const auto L = std::as_const(f.L).triangularView<Eigen::Lower>();
    Vector r = y;
    L.solveInPlace(r); // q
    if (H.cols() > 0) {
        Matrix Q = H;
        L.solveInPlace(Q);
        f.beta = Q.colPivHouseholderQr().solve(r);
        r.noalias() -= Q * f.beta;
    } else {
        f.beta.resize(0);
    }
    const double n = double(y.size());
    f.logLikelihood = -0.5 * r.squaredNorm() - f.L.diagonal().array().log().sum() -
                      0.5 * n * std::log(2.0 * std::numbers::pi);
    L.transpose().solveInPlace(r);
    f.alpha = std::move(r);
    return f;
}

} // namespace emu
