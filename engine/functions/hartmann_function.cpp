#include "engine/functions/hartmann_function.h"

#include "engine/core/errors.h"

namespace emu {

namespace {

ParameterSpace unitBox(Index dimension)
{
    if (dimension != 3 && dimension != 6)
        throw InvalidInput("the Hartmann function exists in 3 or 6 dimensions, not " +
                           std::to_string(dimension));
    return ParameterSpace::box(Vector::Zero(dimension), Vector::Ones(dimension));
}

constexpr std::array<double, 4> kAlpha = {1.0, 1.2, 3.0, 3.2};

/// −Σ_i alpha_i exp(−Σ_j A_ij (x_j − P_ij)²) at the rows of X.
Vector wellSum(const Matrix& X, const Matrix& A, const Matrix& P, const std::array<double, 4>& alpha)
{
    Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(X.rows());
    for (Index i = 0; i < 4; ++i) {
        // Row-wise weighted squared distance of every point to well i.
        const Eigen::ArrayXd r2 =
            ((X.rowwise() - P.row(i)).array().square().rowwise() * A.row(i).array()).rowwise().sum();
        sum += alpha[std::size_t(i)] * (-r2).exp();
    }
    return (-sum).matrix();
}

} // namespace

HartmannFunction::HartmannFunction(Index dimension) : TestFunction(unitBox(dimension))
{
    if (dimension == 3) {
        m_A.resize(4, 3);
        m_A << 3.0, 10, 30, //
            0.1, 10, 35,    //
            3.0, 10, 30,    //
            0.1, 10, 35;
        m_P.resize(4, 3);
        m_P << 3689, 1170, 2673, //
            4699, 4387, 7470,    //
            1091, 8732, 5547,    //
            381, 5743, 8828;
    } else {
        m_A.resize(4, 6);
        m_A << 10, 3, 17, 3.5, 1.7, 8, //
            0.05, 10, 17, 0.1, 8, 14,  //
            3, 3.5, 1.7, 10, 17, 8,    //
            17, 8, 0.05, 10, 0.1, 14;
        m_P.resize(4, 6);
        m_P << 1312, 1696, 5569, 124, 8283, 5886, //
            2329, 4135, 8307, 3736, 1004, 9991,   //
            2348, 1451, 3522, 2883, 3047, 6650,   //
            4047, 8828, 8732, 5743, 1091, 381;
    }
    m_P *= 1e-4;
}

std::string HartmannFunction::id() const
{
    return dimension() == 3 ? "hartmann3" : "hartmann6";
}

std::string HartmannFunction::displayName() const
{
    return dimension() == 3 ? "Hartmann 3-D" : "Hartmann 6-D";
}

double HartmannFunction::minimumValue() const
{
    // Polished with Nelder–Mead from the published minimisers, for these exact constants.
    return dimension() == 3 ? -3.862779787332663 : -3.322368011415515;
}

Matrix HartmannFunction::minimisers() const
{
    Matrix x(1, dimension());
    if (dimension() == 3)
        x << 0.11458886966009477, 0.5556488958833097, 0.8525469850791096;
    else
        x << 0.20168951198803065, 0.1500106909541139, 0.4768739723232889, 0.275332431141901,
            0.31165161773104394, 0.6573005355006937;
    return x;
}

Vector HartmannFunction::compute(const Matrix& X) const
{
    return wellSum(X, m_A, m_P, kAlpha);
}

Vector hartmann3WithWeights(const Matrix& X, const std::array<double, 4>& alpha)
{
    static const HartmannFunction standard(3);
    return wellSum(X, standard.wellWidths(), standard.wellCentres(), alpha);
}

} // namespace emu
