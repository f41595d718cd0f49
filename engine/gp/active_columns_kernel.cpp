#include "engine/gp/active_columns_kernel.h"

#include "engine/core/errors.h"

#include <algorithm>

namespace emu {

ActiveColumnsKernel::ActiveColumnsKernel(std::unique_ptr<Kernel> inner, std::vector<Index> columns,
                                         Index inputDim)
    : Kernel(inputDim), m_inner(std::move(inner)), m_columns(std::move(columns))
{
    if (!m_inner)
        throw InvalidInput("an active-columns kernel needs an inner kernel");
    if (Index(m_columns.size()) != m_inner->inputDim())
        throw InvalidInput("the inner kernel '" + m_inner->describe() + "' takes " +
                           std::to_string(m_inner->inputDim()) + " inputs but " +
                           std::to_string(m_columns.size()) + " columns were selected");
    std::vector<Index> sorted = m_columns;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        throw InvalidInput("an active-columns kernel selects a column twice");
    for (Index c : m_columns)
        if (c < 0 || c >= inputDim)
            throw InvalidInput("active column " + std::to_string(c) + " is outside the " +
                               std::to_string(inputDim) + " input columns");
}

ActiveColumnsKernel::ActiveColumnsKernel(const ActiveColumnsKernel& other)
    : Kernel(other), m_inner(other.m_inner->clone()), m_columns(other.m_columns)
{
}

std::unique_ptr<Kernel> ActiveColumnsKernel::clone() const
{
    return std::make_unique<ActiveColumnsKernel>(*this);
}

std::string ActiveColumnsKernel::describe() const
{
    std::string cols;
    for (std::size_t j = 0; j < m_columns.size(); ++j)
        cols.append(j ? ",x" : "x").append(std::to_string(m_columns[j] + 1));
    return m_inner->describe() + "[" + cols + "]";
}

std::vector<ParamInfo> ActiveColumnsKernel::paramInfo() const
{
    std::vector<ParamInfo> info = m_inner->paramInfo();
    for (ParamInfo& p : info) {
        if (p.inputIndex >= 0)
            p.inputIndex = m_columns[std::size_t(p.inputIndex)];
        else if (p.scale == ParamScale::Length && m_columns.size() == 1)
            p.inputIndex = m_columns.front();
    }
    return info;
}

Matrix ActiveColumnsKernel::select(const Matrix& X, const char* what) const
{
    checkInput(X, what);
    Matrix S(X.rows(), Index(m_columns.size()));
    for (std::size_t j = 0; j < m_columns.size(); ++j)
        S.col(Index(j)) = X.col(m_columns[j]);
    return S;
}

Matrix ActiveColumnsKernel::scatter(const Matrix& inner) const
{
    Matrix G = Matrix::Zero(inner.rows(), inputDim());
    for (std::size_t j = 0; j < m_columns.size(); ++j)
        G.col(m_columns[j]) = inner.col(Index(j));
    return G;
}

Matrix ActiveColumnsKernel::compute(const Matrix& X) const
{
    return m_inner->compute(select(X, "X"));
}

Matrix ActiveColumnsKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    return m_inner->compute(select(X1, "X1"), select(X2, "X2"));
}

Vector ActiveColumnsKernel::diagonal(const Matrix& X) const
{
    return m_inner->diagonal(select(X, "X"));
}

std::vector<Matrix> ActiveColumnsKernel::parameterGradients(const Matrix& X) const
{
    return m_inner->parameterGradients(select(X, "X"));
}

std::vector<Matrix> ActiveColumnsKernel::parameterGradients(const Matrix& X1,
                                                            const Matrix& X2) const
{
    return m_inner->parameterGradients(select(X1, "X1"), select(X2, "X2"));
}

Vector ActiveColumnsKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    return m_inner->contractedGradient(select(X, "X"), W);
}

Matrix ActiveColumnsKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    if (x.size() != inputDim())
        throw InvalidInput("inputGradient: x has " + std::to_string(x.size()) +
                           " entries, expected " + std::to_string(inputDim()));
    const Matrix xs = select(Matrix(x), "x");
    return scatter(m_inner->inputGradient(xs.row(0), select(X, "X")));
}

Matrix ActiveColumnsKernel::diagonalGradient(const Matrix& X) const
{
    return scatter(m_inner->diagonalGradient(select(X, "X")));
}

} // namespace emu
