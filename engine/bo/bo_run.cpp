#include "engine/bo/bo_run.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"

namespace emu {

BoRun::BoRun(BayesianOptimizationLoop loop, Matrix design)
    : m_loop(std::move(loop)), m_design(std::move(design))
{
    requireColumns(m_design, m_loop.space().dimension(), "initial design");
    m_loop.space().requireInside(m_design, "initial design");
}

const Matrix& BoRun::propose(Progress& progress)
{
    if (!m_proposal)
        m_proposal = inDesign() ? Matrix(m_design.row(m_designDone)) : m_loop.suggest(progress);
    return *m_proposal;
}

void BoRun::endDesign()
{
    if (!inDesign())
        return;
    m_design.conservativeResize(m_designDone, Eigen::NoChange);
    m_proposal.reset();
}

void BoRun::requireNextDesignRows(const Matrix& X) const
{
    const Index remaining = designSize() - m_designDone;
    if (X.rows() == 0 || X.rows() > remaining || X.cols() != m_design.cols() ||
        X != m_design.middleRows(m_designDone, X.rows()))
        throw InvalidInput("the initial design is not done: the values told must be those of its "
                           "next " + std::to_string(remaining) + " points, in order");
}

void BoRun::tell(const Matrix& X, const Vector& y)
{
    if (inDesign()) {
        requireNextDesignRows(X);
        m_loop.observe(X, y);
        m_designDone += X.rows();
    } else {
        m_loop.observe(X, y); // completes the loop's pending suggestion, if any
    }
    m_proposal.reset();
}

void BoRun::evaluate(const Matrix& X, const ObjectiveFunction& objective)
{
    if (!objective)
        throw InvalidInput("evaluate: no objective function");
    if (!inDesign() && m_loop.hasPendingSuggestion()) {
        m_proposal.reset(); // the loop forgets its suggestion if the objective throws
        m_loop.evaluatePending(X, objective);
        return;
    }
    if (inDesign())
        requireNextDesignRows(X);
    const Vector y = objective(X);
    if (y.size() != X.rows())
        throw InvalidInput("the objective returned " + std::to_string(y.size()) + " values for " +
                           std::to_string(X.rows()) + " points");
    tell(X, y);
}

} // namespace emu
