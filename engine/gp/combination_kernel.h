#pragma once
// Sums and products of kernels, built at run time from any kernels (including other sums and
// products). Both are kernels again:
//
//   sum:      k = Σ_c k_c,   ∂k/∂θ_c = ∂k_c/∂θ_c
//   product:  k = Π_c k_c,   ∂k/∂θ_c = ∂k_c/∂θ_c · Π_{o≠c} k_o
//
// The hyperparameters are the parts' hyperparameters, concatenated in order; their names are
// prefixed with the part's id ("rbf.lengthscale"), plus "#i" when two parts share an id.
// For a product, the contracted gradient of part c is part c's own contracted gradient with
// the weights W ∘ Π_{o≠c} k_o(X, X), so no part ever materialises its gradient matrices.

#include "engine/gp/kernel.h"

namespace emu {

/// Common storage of Sum and Product: owned parts with a common input dimension.
class CombinationKernel : public Kernel
{
public:
    /// The number of parts.
    Index partCount() const { return Index(m_parts.size()); }
    /// Part i (0-based).
    const Kernel& part(Index i) const { return *m_parts[std::size_t(i)]; }

    std::string describe() const override;
    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override;

protected:
    /// Takes ownership; throws InvalidInput if empty, a part is null or dimensions differ.
    explicit CombinationKernel(std::vector<std::unique_ptr<Kernel>> parts);
    CombinationKernel(const CombinationKernel& other);

    void assignLogParams(const Vector& logParams) override;
    /// Operator between parts in describe(): " + " or " * ".
    virtual const char* separator() const = 0;

    std::vector<std::unique_ptr<Kernel>> m_parts;
};

/// k = k_1 + k_2 + …: e.g. a smooth trend plus a periodic component.
class SumKernel : public CombinationKernel
{
public:
    explicit SumKernel(std::vector<std::unique_ptr<Kernel>> parts);
    SumKernel(std::unique_ptr<Kernel> a, std::unique_ptr<Kernel> b);
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "sum"; }

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;
    Matrix diagonalGradient(const Matrix& X) const override;

protected:
    const char* separator() const override { return " + "; }
};

/// k = k_1 · k_2 · …: e.g. a locally periodic kernel (periodic × rbf).
class ProductKernel : public CombinationKernel
{
public:
    explicit ProductKernel(std::vector<std::unique_ptr<Kernel>> parts);
    ProductKernel(std::unique_ptr<Kernel> a, std::unique_ptr<Kernel> b);
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "product"; }

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;
    Matrix diagonalGradient(const Matrix& X) const override;

protected:
    const char* separator() const override { return " * "; }

private:
    /// Π_{o≠c} of the given per-part matrices, for every c.
    static std::vector<Matrix> productsOfOthers(const std::vector<Matrix>& values);
    std::vector<Matrix> gradients(const std::vector<Matrix>& values,
                                  const std::vector<std::vector<Matrix>>& partGrads) const;
};

} // namespace emu
