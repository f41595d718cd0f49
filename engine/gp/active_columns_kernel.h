#pragma once
// A kernel that looks at some input columns only (GPy's "active dimensions").
//
//   k(x, x') = k_inner(x_S, x'_S),   S = (s_1, …, s_m) ⊂ {0, …, d−1}
//
// where x_S keeps the columns in S, in that order. The hyperparameters are the inner kernel's
// (same names, same bounds); a lengthscale of inner column j is reported as measuring outer
// column s_j, so fitting draws its starts on that column's range. Gradients:
//
//   ∂k/∂log θ = ∂k_inner/∂log θ evaluated on the selected columns
//   ∂k/∂x_c   = ∂k_inner/∂(x_S)_j if c = s_j, and 0 for a column outside S
//
// Products and sums of such kernels build kernels that treat groups of columns differently,
// e.g. the NARGP kernel k_ρ(x, x')·k_f(f, f') + k_δ(x, x') on inputs (x, f) (engine/mf).

#include "engine/gp/kernel.h"

#include <memory>
#include <vector>

namespace emu {

/// The inner kernel applied to a subset of the input columns.
class ActiveColumnsKernel : public Kernel
{
public:
    /// Uses columns `columns` (distinct, each in [0, inputDim)) of inputs with inputDim columns;
    /// the inner kernel must take columns.size() inputs. Throws InvalidInput otherwise.
    ActiveColumnsKernel(std::unique_ptr<Kernel> inner, std::vector<Index> columns, Index inputDim);
    ActiveColumnsKernel(const ActiveColumnsKernel& other);

    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return m_inner->id(); }
    std::string describe() const override;

    /// The kernel on the selected columns.
    const Kernel& inner() const { return *m_inner; }
    /// The selected columns, in the order the inner kernel sees them.
    const std::vector<Index>& columns() const { return m_columns; }

    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override { return m_inner->logParams(); }

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;
    Matrix diagonalGradient(const Matrix& X) const override;

protected:
    void assignLogParams(const Vector& logParams) override { m_inner->setLogParams(logParams); }

private:
    /// The selected columns of X (after checking X's width).
    Matrix select(const Matrix& X, const char* what) const;
    /// Spreads an n×m matrix of inner-column values into n×d (zero outside S).
    Matrix scatter(const Matrix& inner) const;

    std::unique_ptr<Kernel> m_inner;
    std::vector<Index> m_columns;
};

} // namespace emu
