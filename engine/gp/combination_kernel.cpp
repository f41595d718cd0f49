#include "engine/gp/combination_kernel.h"

#include "engine/core/errors.h"

#include <map>

namespace emu {

namespace {

Index commonInputDim(const std::vector<std::unique_ptr<Kernel>>& parts)
{
    if (parts.empty())
        throw InvalidInput("a sum or product kernel needs at least one part");
    for (const auto& p : parts)
        if (!p)
            throw InvalidInput("a sum or product kernel was given an empty part");
    const Index d = parts.front()->inputDim();
    for (const auto& p : parts)
        if (p->inputDim() != d)
            throw InvalidInput("the parts of a sum or product kernel must have the same input "
                               "dimension, got " + std::to_string(d) + " and " +
                               std::to_string(p->inputDim()));
    return d;
}

std::vector<std::unique_ptr<Kernel>> pair(std::unique_ptr<Kernel> a, std::unique_ptr<Kernel> b)
{
    std::vector<std::unique_ptr<Kernel>> parts;
    parts.push_back(std::move(a));
    parts.push_back(std::move(b));
    return parts;
}

} // namespace

CombinationKernel::CombinationKernel(std::vector<std::unique_ptr<Kernel>> parts)
    : Kernel(commonInputDim(parts)), m_parts(std::move(parts))
{
}

CombinationKernel::CombinationKernel(const CombinationKernel& other) : Kernel(other)
{
    for (const auto& p : other.m_parts)
        m_parts.push_back(p->clone());
}

std::string CombinationKernel::describe() const
{
    std::string text;
    for (std::size_t i = 0; i < m_parts.size(); ++i) {
        const bool nested = dynamic_cast<const CombinationKernel*>(m_parts[i].get()) != nullptr;
        if (i > 0)
            text += separator();
        // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
        if (nested)
            text.append("(").append(m_parts[i]->describe()).append(")");
        else
            text.append(m_parts[i]->describe());
    }
    return text;
}

std::vector<ParamInfo> CombinationKernel::paramInfo() const
{
    std::map<std::string, int> idCount;
    for (const auto& p : m_parts)
        ++idCount[p->id()];
    std::map<std::string, int> seen;
    std::vector<ParamInfo> info;
    for (const auto& p : m_parts) {
        const std::string id = p->id();
        std::string prefix = id;
        if (idCount[id] > 1)
            prefix.append("#").append(std::to_string(++seen[id]));
        for (ParamInfo q : p->paramInfo()) {
            q.name = prefix + "." + q.name;
            info.push_back(std::move(q));
        }
    }
    return info;
}

Vector CombinationKernel::logParams() const
{
    Vector v(paramCount());
    Index offset = 0;
    for (const auto& p : m_parts) {
        const Vector q = p->logParams();
        v.segment(offset, q.size()) = q;
        offset += q.size();
    }
    return v;
}

void CombinationKernel::assignLogParams(const Vector& logParams)
{
    Index offset = 0;
    for (auto& p : m_parts) {
        const Index count = p->paramCount();
        p->setLogParams(logParams.segment(offset, count));
        offset += count;
    }
}

// --- sum ---------------------------------------------------------------------------------------

SumKernel::SumKernel(std::vector<std::unique_ptr<Kernel>> parts)
    : CombinationKernel(std::move(parts))
{
}

SumKernel::SumKernel(std::unique_ptr<Kernel> a, std::unique_ptr<Kernel> b)
    : CombinationKernel(pair(std::move(a), std::move(b)))
{
}

std::unique_ptr<Kernel> SumKernel::clone() const
{
    return std::make_unique<SumKernel>(*this);
}

Matrix SumKernel::compute(const Matrix& X) const
{
    Matrix K = m_parts.front()->compute(X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        K += m_parts[c]->compute(X);
    return K;
}

Matrix SumKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    Matrix K = m_parts.front()->compute(X1, X2);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        K += m_parts[c]->compute(X1, X2);
    return K;
}

Vector SumKernel::diagonal(const Matrix& X) const
{
    Vector v = m_parts.front()->diagonal(X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        v += m_parts[c]->diagonal(X);
    return v;
}

std::vector<Matrix> SumKernel::parameterGradients(const Matrix& X) const
{
    std::vector<Matrix> grads;
    for (const auto& p : m_parts)
        for (Matrix& g : p->parameterGradients(X))
            grads.push_back(std::move(g));
    return grads;
}

std::vector<Matrix> SumKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    std::vector<Matrix> grads;
    for (const auto& p : m_parts)
        for (Matrix& g : p->parameterGradients(X1, X2))
            grads.push_back(std::move(g));
    return grads;
}

Vector SumKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    Vector g(paramCount());
    Index offset = 0;
    for (const auto& p : m_parts) {
        const Vector q = p->contractedGradient(X, W);
        g.segment(offset, q.size()) = q;
        offset += q.size();
    }
    return g;
}

Matrix SumKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    Matrix G = m_parts.front()->inputGradient(x, X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        G += m_parts[c]->inputGradient(x, X);
    return G;
}

Matrix SumKernel::diagonalGradient(const Matrix& X) const
{
    Matrix G = m_parts.front()->diagonalGradient(X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        G += m_parts[c]->diagonalGradient(X);
    return G;
}

// --- product -----------------------------------------------------------------------------------

ProductKernel::ProductKernel(std::vector<std::unique_ptr<Kernel>> parts)
    : CombinationKernel(std::move(parts))
{
}

ProductKernel::ProductKernel(std::unique_ptr<Kernel> a, std::unique_ptr<Kernel> b)
    : CombinationKernel(pair(std::move(a), std::move(b)))
{
}

std::unique_ptr<Kernel> ProductKernel::clone() const
{
    return std::make_unique<ProductKernel>(*this);
}

std::vector<Matrix> ProductKernel::productsOfOthers(const std::vector<Matrix>& values)
{
    // Prefix and suffix products: no division, so zeros in one part are harmless.
    const std::size_t count = values.size();
    std::vector<Matrix> others(count);
    Matrix running = Matrix::Ones(values[0].rows(), values[0].cols());
    for (std::size_t c = 0; c < count; ++c) {
        others[c] = running;
        running.array() *= values[c].array();
    }
    running.setOnes();
    for (std::size_t c = count; c-- > 0;) {
        others[c].array() *= running.array();
        running.array() *= values[c].array();
    }
    return others;
}

Matrix ProductKernel::compute(const Matrix& X) const
{
    Matrix K = m_parts.front()->compute(X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        K.array() *= m_parts[c]->compute(X).array();
    return K;
}

Matrix ProductKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    Matrix K = m_parts.front()->compute(X1, X2);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        K.array() *= m_parts[c]->compute(X1, X2).array();
    return K;
}

Vector ProductKernel::diagonal(const Matrix& X) const
{
    Vector v = m_parts.front()->diagonal(X);
    for (std::size_t c = 1; c < m_parts.size(); ++c)
        v.array() *= m_parts[c]->diagonal(X).array();
    return v;
}

std::vector<Matrix> ProductKernel::gradients(
    const std::vector<Matrix>& values, const std::vector<std::vector<Matrix>>& partGrads) const
{
    const std::vector<Matrix> others = productsOfOthers(values);
    std::vector<Matrix> grads;
    for (std::size_t c = 0; c < m_parts.size(); ++c)
        for (const Matrix& g : partGrads[c])
            grads.push_back(g.cwiseProduct(others[c]));
    return grads;
}

std::vector<Matrix> ProductKernel::parameterGradients(const Matrix& X) const
{
    std::vector<Matrix> values;
    std::vector<std::vector<Matrix>> partGrads;
    for (const auto& p : m_parts) {
        values.push_back(p->compute(X));
        partGrads.push_back(p->parameterGradients(X));
    }
    return gradients(values, partGrads);
}

std::vector<Matrix> ProductKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    std::vector<Matrix> values;
    std::vector<std::vector<Matrix>> partGrads;
    for (const auto& p : m_parts) {
        values.push_back(p->compute(X1, X2));
        partGrads.push_back(p->parameterGradients(X1, X2));
    }
    return gradients(values, partGrads);
}

Vector ProductKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    std::vector<Matrix> values;
    for (const auto& p : m_parts)
        values.push_back(p->compute(X));
    const std::vector<Matrix> others = productsOfOthers(values);
    Vector g(paramCount());
    Index offset = 0;
    for (std::size_t c = 0; c < m_parts.size(); ++c) {
        const Vector q = m_parts[c]->contractedGradient(X, W.cwiseProduct(others[c]));
        g.segment(offset, q.size()) = q;
        offset += q.size();
    }
    return g;
}

Matrix ProductKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    std::vector<Matrix> values;
    for (const auto& p : m_parts)
        values.push_back(p->compute(Matrix(x), X).transpose()); // n×1
    const std::vector<Matrix> others = productsOfOthers(values);
    Matrix G = Matrix::Zero(X.rows(), X.cols());
    for (std::size_t c = 0; c < m_parts.size(); ++c)
        G += others[c].col(0).asDiagonal() * m_parts[c]->inputGradient(x, X);
    return G;
}

Matrix ProductKernel::diagonalGradient(const Matrix& X) const
{
    std::vector<Matrix> values;
    for (const auto& p : m_parts)
        values.push_back(p->diagonal(X));
    const std::vector<Matrix> others = productsOfOthers(values);
    Matrix G = Matrix::Zero(X.rows(), X.cols());
    for (std::size_t c = 0; c < m_parts.size(); ++c)
        G += others[c].col(0).asDiagonal() * m_parts[c]->diagonalGradient(X);
    return G;
}

} // namespace emu
